// Store: the reads behind lists (schema version 3): a user's conversations, a group's
// members, who shares a conversation with whom, and the people directory. Raw values:
// the services apply the privacy rule.
#include "store.h"

#include <server/store/storerows.h>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::storerows;

namespace {

std::optional<QDateTime> timeOrNull(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<QDateTime>(fromMs(value.toLongLong()));
}

//! The unread count of the member cm (a conversation_members row; rp its read position):
//! the texts of others in their visible range past their read position, that is with ids
//! in (from, to] where from = max(read position, first_visible_id - 1) and to = left_at_id
//! (no end while a member). Counted as all the texts in that range minus the member's own,
//! each a difference of ordinals (schema step 8): four index seeks, however many texts
//! are unread. An empty range (to < from, a position past the leaving) makes the
//! difference minus the others' texts in (to, from], never above 0: greatest(0, ...) is 0.
QString unreadOfMember()
{
    const QString from = u"greatest(coalesce(rp.last_read_id, 0), cm.first_visible_id - 1)"_s;
    const QString to = u"coalesce(cm.left_at_id, 9223372036854775807)"_s;
    const QString conversation = u"c.id"_s;
    const QString member = u"cm.user_id"_s;
    return u"greatest(0, (%1 - %2) - (%3 - %4))"_s.arg(textsUpTo(conversation, to),
        textsUpTo(conversation, from), textsOfSenderUpTo(conversation, member, to),
        textsOfSenderUpTo(conversation, member, from));
}

} // namespace

Result<QList<ConversationEntry>> Store::conversationEntries(
    qint64 userId, std::optional<qint64> onlyConversation) const
{
    // In the list, a direct conversation someone else opened shows once it has a message:
    // opening a conversation is no news to the other person until something is said.
    // Asked for by id, a member always gets it.
    auto query = run(u"SELECT c.id, c.kind, coalesce(c.title, ''), c.topic, cm.role, "
                     u"  cm.left_at_id IS NULL, cm.muted, coalesce(rp.last_read_id, 0), "
                     u"  (SELECT count(*) FROM conversation_members x "
                     u"   WHERE x.conversation_id = c.id AND x.left_at_id IS NULL), "
                     u"  "_s
            + unreadOfMember()
            + u", "
              u"  (SELECT max(m.id) FROM messages m WHERE m.conversation_id = c.id "
              u"   AND m.action IS NULL AND "_s
            + VisibleToMember
            + u") AS last_id, "
              u"  peer.id, peer.username, peer.last_seen_at, "
              u"  coalesce(peer_read.last_read_id, 0), "
              u"  coalesce(peer_delivered.last_delivered_id, 0), cm.first_visible_id "
              u"FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id "
              u"LEFT JOIN read_positions rp ON rp.user_id = cm.user_id "
              u"  AND rp.conversation_id = c.id "
              u"LEFT JOIN conversation_members other ON c.kind = 'direct' "
              u"  AND other.conversation_id = c.id AND other.user_id != cm.user_id "
              u"LEFT JOIN users peer ON peer.id = other.user_id "
              u"LEFT JOIN read_positions peer_read ON peer_read.user_id = peer.id "
              u"  AND peer_read.conversation_id = c.id "
              u"LEFT JOIN delivered_positions peer_delivered ON peer_delivered.user_id = peer.id "
              u"  AND peer_delivered.conversation_id = c.id "
              u"WHERE cm.user_id = ? AND (CAST(? AS BIGINT) = 0 OR c.id = ?) "
              u"  AND (CAST(? AS BIGINT) != 0 OR c.kind = 'group' "
              u"    OR c.created_by IS NOT DISTINCT FROM ? OR EXISTS "
              u"    (SELECT 1 FROM messages m WHERE m.conversation_id = c.id)) "
              u"ORDER BY last_id DESC NULLS LAST, c.id DESC"_s,
        { userId, onlyConversation.value_or(0), onlyConversation.value_or(0),
            onlyConversation.value_or(0), userId });
    if (!query)
        return query.error();
    QList<ConversationEntry> entries;
    QList<qint64> lastIds;
    QList<qint64> visibleFrom;
    QSqlQuery &rows = query.value();
    while (rows.next()) {
        ConversationEntry entry;
        entry.id = rows.value(0).toLongLong();
        entry.kind = json::conversationKindFromName(rows.value(1).toString())
                         .value_or(ConversationKind::Direct);
        entry.title = rows.value(2).toString();
        entry.topic = rows.value(3).toString();
        entry.role = json::roleFromName(rows.value(4).toString()).value_or(MemberRole::Member);
        entry.active = rows.value(5).toBool();
        entry.muted = rows.value(6).toBool();
        entry.readUpTo = rows.value(7).toLongLong();
        entry.memberCount = rows.value(8).toInt();
        entry.unread = rows.value(9).toLongLong();
        lastIds.append(rows.value(10).isNull() ? 0 : rows.value(10).toLongLong());
        visibleFrom.append(rows.value(16).toLongLong());
        if (!rows.value(11).isNull()) {
            entry.peer = User { rows.value(11).toLongLong(), rows.value(12).toString() };
            entry.peerLastSeenAt = timeOrNull(rows.value(13));
            entry.peerReadUpTo = rows.value(14).toLongLong();
            entry.peerDeliveredUpTo = rows.value(15).toLongLong();
        }
        entries.append(entry);
    }
    // The last entries, in one query.
    QList<qint64> wanted;
    for (const qint64 id : std::as_const(lastIds)) {
        if (id != 0)
            wanted.append(id);
    }
    if (wanted.isEmpty())
        return entries;
    auto last = run(u"SELECT "_s + MessageColumns
            + u" FROM messages m JOIN users u ON u.id = m.sender_id WHERE m.id "_s
            + m_dialect->inIdList,
        { idList(wanted) });
    if (!last)
        return last.error();
    QHash<qint64, Message> byId;
    while (last.value().next()) {
        const Message message = readMessage(last.value());
        byId.insert(message.id, message);
    }
    // What a quoted message shows depends on each membership's range.
    QList<Message> newest;
    QList<qint64> newestVisibleFrom;
    QList<qsizetype> entrySlots;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (!byId.contains(lastIds.at(i)))
            continue;
        newest.append(byId.value(lastIds.at(i)));
        newestVisibleFrom.append(visibleFrom.at(i));
        entrySlots.append(i);
    }
    if (auto completed = completeEach(newest, newestVisibleFrom); !completed)
        return completed.error();
    for (qsizetype i = 0; i < entrySlots.size(); ++i)
        entries[entrySlots.at(i)].lastMessage = newest.at(i);
    return entries;
}

Result<QList<MemberState>> Store::memberStates(qint64 conversationId) const
{
    auto query = run(u"SELECT u.id, u.username, cm.role, u.last_seen_at, "
                     u"  coalesce(r.last_read_id, 0), coalesce(d.last_delivered_id, 0) "
                     u"FROM conversation_members cm JOIN users u ON u.id = cm.user_id "
                     u"LEFT JOIN read_positions r ON r.user_id = u.id "
                     u"  AND r.conversation_id = cm.conversation_id "
                     u"LEFT JOIN delivered_positions d ON d.user_id = u.id "
                     u"  AND d.conversation_id = cm.conversation_id "
                     u"WHERE cm.conversation_id = ? AND cm.left_at_id IS NULL "
                     u"ORDER BY CASE cm.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, "
                     u"u.username"_s
            + m_dialect->caseless,
        { conversationId });
    if (!query)
        return query.error();
    QList<MemberState> states;
    QSqlQuery &rows = query.value();
    while (rows.next()) {
        MemberState state;
        state.member = Member { User { rows.value(0).toLongLong(), rows.value(1).toString() },
            json::roleFromName(rows.value(2).toString()).value_or(MemberRole::Member) };
        state.lastSeenAt = timeOrNull(rows.value(3));
        state.readUpTo = rows.value(4).toLongLong();
        state.deliveredUpTo = rows.value(5).toLongLong();
        states.append(state);
    }
    return states;
}

Result<QList<qint64>> Store::coMembers(qint64 userId) const
{
    auto query = run(u"SELECT DISTINCT b.user_id FROM conversation_members a "
                     u"JOIN conversation_members b ON b.conversation_id = a.conversation_id "
                     u"WHERE a.user_id = ? AND a.left_at_id IS NULL AND b.left_at_id IS NULL "
                     u"AND b.user_id != ? ORDER BY b.user_id"_s,
        { userId, userId });
    if (!query)
        return query.error();
    QList<qint64> ids;
    while (query.value().next())
        ids.append(query.value().value(0).toLongLong());
    return ids;
}

Result<QList<User>> Store::searchUsers(
    qint64 viewerId, const QString &foldedPrefix, const QString &afterName, int limit) const
{
    // LIKE is case-insensitive for ASCII, which is all a username holds; '_' and '%' are
    // escaped so they match themselves.
    QString pattern = foldedPrefix;
    pattern.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    auto query = run(u"SELECT u.id, u.username FROM users u "
                     u"LEFT JOIN user_settings s ON s.user_id = u.id "
                     u"WHERE u.id != ? AND u.username LIKE ? ESCAPE '\\' "
                     u"AND u.username > ?"_s
            + m_dialect->caseless
            + u" "
              u"AND (coalesce(s.findable, 1) = 1 OR u.id IN "
              u"  (SELECT b.user_id FROM conversation_members a "
              u"   JOIN conversation_members b ON b.conversation_id = a.conversation_id "
              u"   WHERE a.user_id = ? AND a.left_at_id IS NULL "
              u"   AND b.left_at_id IS NULL)) "
              u"ORDER BY u.username"_s
            + m_dialect->caseless + u" LIMIT ?"_s,
        // A null QString binds as NULL, and nothing compares greater than NULL.
        { viewerId, QString(pattern + u'%'), afterName.isNull() ? u""_s : afterName, viewerId,
            limit });
    if (!query)
        return query.error();
    QList<User> users;
    while (query.value().next())
        users.append(
            User { query.value().value(0).toLongLong(), query.value().value(1).toString() });
    return users;
}

Result<QList<User>> Store::usersByIds(const QList<qint64> &ids) const
{
    if (ids.isEmpty())
        return QList<User>();
    auto query = run(
        u"SELECT id, username FROM users WHERE id "_s + m_dialect->inIdList + u" ORDER BY id"_s,
        { idList(ids) });
    if (!query)
        return query.error();
    QList<User> users;
    while (query.value().next())
        users.append(
            User { query.value().value(0).toLongLong(), query.value().value(1).toString() });
    return users;
}

} // namespace chat::server
