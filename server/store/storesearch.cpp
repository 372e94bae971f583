// Store: full-text search over the texts of messages (schema 4's message_search index).
#include "store.h"

#include <server/store/storerows.h>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::storerows;

Result<QList<Store::FoundMessage>> Store::searchMessages(qint64 viewerId, const QString &match,
    std::optional<qint64> conversationId, std::optional<qint64> senderId, int offset,
    int limit) const
{
    // The membership join is the authorization: only conversations the viewer is or was
    // in, and only the part of each timeline their membership saw (VisibleToMember).
    const auto matches = [&](const QString &moreJoins) {
        QString from = u"FROM message_search JOIN messages m ON m.id = message_search.rowid "_s
            + moreJoins
            + u"JOIN conversation_members cm ON cm.conversation_id = m.conversation_id "
              u"AND cm.user_id = ? WHERE message_search MATCH ? AND "_s
            + VisibleToMember;
        if (conversationId)
            from += u" AND m.conversation_id = ?"_s;
        if (senderId)
            from += u" AND m.sender_id = ?"_s;
        return from;
    };
    QVariantList filters { viewerId, match };
    if (conversationId)
        filters.append(*conversationId);
    if (senderId)
        filters.append(*senderId);
    // bm25 must score every match before the first row comes out: for a common word, a
    // third of a large history, which would stall the event loop for most of a second.
    // So the ranking covers the RankingWindow most recent matches the viewer may read
    // (found by walking the index newest first, which scores nothing), through a rowid
    // range that FTS5 seeks to. Fewer matches than that: all of them.
    const QString windowStart
        = u"(SELECT coalesce(min(id), 0) FROM (SELECT message_search.rowid AS id "_s + matches({})
        + u" ORDER BY message_search.rowid DESC LIMIT ?))"_s;
    const QString sql = u"SELECT "_s + MessageColumns
        + u", snippet(message_search, 0, ?, ?, '\u2026', 12) "_s
        + matches(u"JOIN users u ON u.id = m.sender_id "_s) + u" AND message_search.rowid >= "_s
        + windowStart + u" ORDER BY bm25(message_search), m.id DESC LIMIT ? OFFSET ?"_s;
    QVariantList values { QString(SnippetMatchStart), QString(SnippetMatchEnd) };
    values += filters; // the ranked matches
    values += filters; // the window's
    values += QVariantList { RankingWindow, limit, offset };
    auto query = run(sql, values);
    if (!query)
        return query.error();
    QList<FoundMessage> found;
    while (query.value().next())
        found.append(FoundMessage {
            readMessage(query.value()), query.value().value(MessageColumnCount).toString() });
    return found;
}

} // namespace chat::server
