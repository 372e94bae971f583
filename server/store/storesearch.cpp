// Store: full-text search over the texts of messages: SQLite's FTS5 index message_search
// (schema steps 4 and 9), or PostgreSQL's search_words column and its GIN index (step 5).
#include "store.h"

#include <server/store/storerows.h>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::storerows;

namespace {

//! The SQL of a search that differs between the engines. Each part binds the same values
//! in the same places: the words (as the engine's query) where the text says "?".
struct SearchSql
{
    QString from; //!< FROM ... WHERE <matches the bound query>, alias m for messages
    QString id; //!< the matched message's id
    QString snippet; //!< binds the query (PostgreSQL) and the markers
    QString rank; //!< ORDER BY it: best first; binds the query on PostgreSQL
};

const SearchSql &searchSql(StoreEngine engine)
{
    static const SearchSql fts5 {
        u"FROM message_search JOIN messages m ON m.id = message_search.rowid "
        u"%1 WHERE message_search MATCH ?"_s,
        u"message_search.rowid"_s,
        u"snippet(message_search, 0, ?, ?, '\u2026', 12)"_s,
        u"bm25(message_search)"_s,
    };
    // ts_headline's options come bound as one text (postgresOptions()).
    static const SearchSql postgres {
        u"FROM messages m %1 WHERE m.search_words @@ to_tsquery('chat_search', ?)"_s,
        u"m.id"_s,
        u"ts_headline('chat_search', m.body, to_tsquery('chat_search', ?), ?)"_s,
        u"ts_rank(m.search_words, to_tsquery('chat_search', ?)) DESC"_s,
    };
    return engine == StoreEngine::PostgreSQL ? postgres : fts5;
}

//! The words as an FTS5 expression: each a quoted term, the last one also as a prefix.
QString fts5Query(const QStringList &words)
{
    QStringList terms;
    for (qsizetype i = 0; i < words.size(); ++i) {
        // Words hold no '"' (Store::searchMessages), so quoting makes each a plain term.
        QString term = u'"' + words.at(i) + u'"';
        if (i == words.size() - 1)
            term += u'*';
        terms.append(term);
    }
    return terms.join(u' ');
}

//! The words as a PostgreSQL tsquery: each a quoted lexeme, all required, the last one
//! also as a prefix.
QString postgresQuery(const QStringList &words)
{
    QStringList terms;
    for (qsizetype i = 0; i < words.size(); ++i) {
        // Words hold no quote or backslash (Store::searchMessages): quoting is enough.
        QString term = u'\'' + words.at(i) + u'\'';
        if (i == words.size() - 1)
            term += u":*"_s;
        terms.append(term);
    }
    return terms.join(u" & "_s);
}

//! ts_headline's options: about as much text as FTS5's snippet of 12 tokens, one fragment,
//! the matches between the store's markers.
QString postgresOptions()
{
    return u"StartSel=\"%1\", StopSel=\"%2\", MaxWords=12, MinWords=4, ShortWord=0, "
           u"MaxFragments=1, FragmentDelimiter=\"\u2026\""_s.arg(
               QString(Store::SnippetMatchStart), QString(Store::SnippetMatchEnd));
}

} // namespace

QString Store::matchExpression(const QStringList &words) const
{
    return engine() == StoreEngine::PostgreSQL ? postgresQuery(words) : fts5Query(words);
}

Result<QList<Store::FoundMessage>> Store::searchMessages(qint64 viewerId, const QStringList &words,
    std::optional<qint64> conversationId, std::optional<qint64> senderId, int offset,
    int limit) const
{
    for (const QString &word : words) {
        if (word.isEmpty() || word.contains(u'"') || word.contains(u'\'') || word.contains(u'\\'))
            return Error { ErrorCode::InvalidField, u"not a word: %1"_s.arg(word), u"q"_s };
    }
    if (words.isEmpty())
        return QList<FoundMessage>();
    const SearchSql &sql = searchSql(engine());
    const QString query = matchExpression(words);
    // The membership join is the authorization: only conversations the viewer is or was
    // in, and only the part of each timeline their membership saw (VisibleToMember).
    const auto matches = [&](const QString &moreJoins) {
        QString from = sql.from.arg(moreJoins
            + u"JOIN conversation_members cm ON cm.conversation_id = m.conversation_id "
              u"AND cm.user_id = ?"_s);
        from += u" AND "_s + VisibleToMember;
        if (conversationId)
            from += u" AND m.conversation_id = ?"_s;
        if (senderId)
            from += u" AND m.sender_id = ?"_s;
        return from;
    };
    QVariantList filters { viewerId, query };
    if (conversationId)
        filters.append(*conversationId);
    if (senderId)
        filters.append(*senderId);
    // Ranking must score every match before the first row comes out: for a common word, a
    // third of a large history, which would stall the event loop for most of a second.
    // So the ranking covers the RankingWindow most recent matches the viewer may read
    // (found newest first, which scores nothing; FTS5 walks its index that way), through
    // an id range the index seeks to. Fewer matches than that: all of them.
    const QString windowStart = u"(SELECT coalesce(min(id), 0) FROM (SELECT "_s + sql.id
        + u" AS id "_s + matches({}) + u" ORDER BY "_s + sql.id + u" DESC LIMIT ?) AS recent)"_s;
    const QString statement = u"SELECT "_s + MessageColumns + u", "_s + sql.snippet + u" "_s
        + matches(u"JOIN users u ON u.id = m.sender_id "_s) + u" AND "_s + sql.id + u" >= "_s
        + windowStart + u" ORDER BY "_s + sql.rank + u", m.id DESC LIMIT ? OFFSET ?"_s;
    QVariantList values;
    if (engine() == StoreEngine::PostgreSQL)
        values = { query, postgresOptions() };
    else
        values = { QString(SnippetMatchStart), QString(SnippetMatchEnd) };
    values += filters; // the ranked matches
    values += filters; // the window's
    values.append(RankingWindow);
    if (engine() == StoreEngine::PostgreSQL)
        values.append(query); // the rank's
    values += QVariantList { limit, offset };
    auto rows = run(statement, values);
    if (!rows)
        return rows.error();
    QList<FoundMessage> found;
    while (rows.value().next())
        found.append(FoundMessage {
            readMessage(rows.value()), rows.value().value(MessageColumnCount).toString() });
    return found;
}

} // namespace chat::server
