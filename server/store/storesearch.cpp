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
    QString sql = u"SELECT "_s + MessageColumns
        + u", snippet(message_search, 0, ?, ?, '\u2026', 12) "
          u"FROM message_search "
          u"JOIN messages m ON m.id = message_search.rowid "
          u"JOIN users u ON u.id = m.sender_id "
          u"JOIN conversation_members cm ON cm.conversation_id = m.conversation_id "
          u"AND cm.user_id = ? "
          u"WHERE message_search MATCH ? AND "_s
        + VisibleToMember;
    QVariantList values { QString(SnippetMatchStart), QString(SnippetMatchEnd), viewerId, match };
    if (conversationId) {
        sql += u" AND m.conversation_id = ?"_s;
        values.append(*conversationId);
    }
    if (senderId) {
        sql += u" AND m.sender_id = ?"_s;
        values.append(*senderId);
    }
    sql += u" ORDER BY bm25(message_search), m.id DESC LIMIT ? OFFSET ?"_s;
    values.append(limit);
    values.append(offset);
    auto query = run(sql, values);
    if (!query)
        return query.error();
    QList<FoundMessage> found;
    while (query.value().next())
        found.append(
            FoundMessage { readMessage(query.value()), query.value().value(8).toString() });
    return found;
}

} // namespace chat::server
