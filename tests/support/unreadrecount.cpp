#include "unreadrecount.h"

#include <QSqlError>
#include <QSqlQuery>

namespace chat::test {

using namespace Qt::StringLiterals;

UnreadRecount::UnreadRecount(QSqlDatabase database)
    : m_database(std::move(database))
{ }

Result<QHash<qint64, qint64>> UnreadRecount::conversations(qint64 userId) const
{
    // Store::conversationEntries' count before schema step 8, with VisibleToMember written out.
    return pairs(u"SELECT cm.conversation_id, "
                 u"  (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id "
                 u"   AND m.sender_id != cm.user_id AND m.event IS NULL AND m.action IS NULL "
                 u"   AND m.id > coalesce(rp.last_read_id, 0) AND m.id >= cm.first_visible_id "
                 u"   AND (cm.left_at_id IS NULL OR m.id <= cm.left_at_id)) "
                 u"FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id "
                 u"LEFT JOIN read_positions rp ON rp.user_id = cm.user_id "
                 u"  AND rp.conversation_id = c.id "
                 u"WHERE cm.user_id = ?"_s,
        userId, 1);
}

Result<QHash<qint64, qint64>> UnreadRecount::contacts(qint64 userId) const
{
    // Store::contactStates' count before schema step 8, with the direct conversation
    // found by its members (not its key, as the store does), in SQL both engines read.
    return pairs(u"SELECT other.id, CASE WHEN c.id IS NULL THEN 0 ELSE "
                 u"    (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id "
                 u"     AND m.sender_id = other.id AND m.action IS NULL "
                 u"     AND m.id > coalesce(mine.last_read_id, 0)) END "
                 u"FROM users other "
                 u"LEFT JOIN conversations c ON c.kind = 'direct' "
                 u"  AND EXISTS (SELECT 1 FROM conversation_members me "
                 u"    WHERE me.conversation_id = c.id AND me.user_id = ?) "
                 u"  AND EXISTS (SELECT 1 FROM conversation_members them "
                 u"    WHERE them.conversation_id = c.id AND them.user_id = other.id) "
                 u"LEFT JOIN read_positions mine "
                 u"  ON mine.user_id = ? AND mine.conversation_id = c.id "
                 u"WHERE other.id != ?"_s,
        userId, 3);
}

Result<QHash<qint64, qint64>> UnreadRecount::pairs(
    const QString &sql, qint64 userId, int userBindings) const
{
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return Error { ErrorCode::Internal, query.lastError().text() };
    for (int i = 0; i < userBindings; ++i)
        query.addBindValue(userId);
    if (!query.exec())
        return Error { ErrorCode::Internal, query.lastError().text() };
    QHash<qint64, qint64> counts;
    while (query.next())
        counts.insert(query.value(0).toLongLong(), query.value(1).toLongLong());
    return counts;
}

} // namespace chat::test
