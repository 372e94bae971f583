// Store: groups and membership over time (schema version 3). Every change of a group is
// one transaction that also adds the timeline entry saying so, so the change and its
// announcement are never apart. Kept apart from store.cpp (accounts, messages) and
// storeawareness.cpp (positions, settings); the list and directory reads are in
// storelists.cpp.
#include "store.h"

#include <server/store/storerows.h>

#include <QJsonDocument>
#include <QUuid>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::storerows;

namespace {

MemberRole roleOf(const QVariant &value)
{
    return json::roleFromName(value.toString()).value_or(MemberRole::Member);
}

//! The English sentence a version 1 client shows for an event.
QString describe(const SystemEvent &event, const QString &actor, const QStringList &users)
{
    const QString names = users.size() <= 1
        ? users.value(0)
        : users.mid(0, users.size() - 1).join(u", "_s) + u" and "_s + users.last();
    switch (event.type) {
    case SystemEvent::Type::GroupCreated:
        return u"%1 created the group \u201c%2\u201d"_s.arg(actor, event.title);
    case SystemEvent::Type::MembersAdded:
        return u"%1 added %2"_s.arg(actor, names);
    case SystemEvent::Type::MemberRemoved:
        return u"%1 removed %2"_s.arg(actor, names);
    case SystemEvent::Type::MemberLeft:
        return u"%1 left"_s.arg(actor);
    case SystemEvent::Type::Renamed:
        return u"%1 renamed the group to \u201c%2\u201d"_s.arg(actor, event.title);
    case SystemEvent::Type::RoleChanged:
        return u"%1 made %2 %3"_s.arg(actor, names,
            event.role == MemberRole::Owner       ? u"the owner"_s
                : event.role == MemberRole::Admin ? u"an admin"_s
                                                  : u"a member"_s);
    }
    return {};
}

} // namespace

Result<std::optional<Store::Membership>> Store::membership(
    qint64 conversationId, qint64 userId) const
{
    auto query = run(u"SELECT role, left_at_id, first_visible_id, muted FROM conversation_members "
                     u"WHERE conversation_id = ? AND user_id = ?"_s,
        { conversationId, userId });
    if (!query)
        return query.error();
    QSqlQuery &row = query.value();
    if (!row.next())
        return std::optional<Membership>();
    Membership membership;
    membership.role = roleOf(row.value(0));
    membership.active = row.value(1).isNull();
    membership.visible.from = row.value(2).toLongLong();
    if (!membership.active)
        membership.visible.to = row.value(1).toLongLong();
    membership.muted = row.value(3).toBool();
    return std::optional<Membership>(membership);
}

Result<std::optional<Conversation>> Store::conversation(qint64 conversationId) const
{
    auto head = run(u"SELECT kind, coalesce(title, ''), topic FROM conversations WHERE id = ?"_s,
        { conversationId });
    if (!head)
        return head.error();
    if (!head.value().next())
        return std::optional<Conversation>();
    Conversation conversation;
    conversation.id = conversationId;
    conversation.kind = json::conversationKindFromName(head.value().value(0).toString())
                            .value_or(ConversationKind::Direct);
    conversation.title = head.value().value(1).toString();
    conversation.topic = head.value().value(2).toString();
    auto members = run(u"SELECT u.id, u.username, cm.role FROM conversation_members cm "
                       u"JOIN users u ON u.id = cm.user_id "
                       u"WHERE cm.conversation_id = ? AND cm.left_at_id IS NULL "
                       u"ORDER BY CASE cm.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, "
                       u"cm.first_visible_id, u.id"_s,
        { conversationId });
    if (!members)
        return members.error();
    while (members.value().next()) {
        conversation.members.append(Member {
            User { members.value().value(0).toLongLong(), members.value().value(1).toString() },
            roleOf(members.value().value(2)) });
    }
    return std::optional<Conversation>(conversation);
}

Result<Message> Store::insertEvent(qint64 conversationId, qint64 actorId, const SystemEvent &event)
{
    auto names = usersByIds(QList<qint64> { actorId } + event.userIds);
    if (!names)
        return names.error();
    QHash<qint64, QString> nameOf;
    for (const User &user : names.value())
        nameOf.insert(user.id, user.username);
    QStringList users;
    for (const qint64 id : event.userIds)
        users.append(nameOf.value(id));
    const QString body = describe(event, nameOf.value(actorId), users);
    // The server's own client id: unique per actor like any other, never one a client
    // could have picked for a message of its own (clients cannot use '!').
    const QString clientId = u"event!"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString encoded
        = QString::fromUtf8(QJsonDocument(json::encode(event)).toJson(QJsonDocument::Compact));
    auto insert = run(u"INSERT INTO messages (conversation_id, sender_id, client_id, body, "
                      u"created_at, event) VALUES (?, ?, ?, ?, ?, ?)"_s,
        { conversationId, actorId, clientId, body, nowMs(), encoded });
    if (!insert)
        return insert.error();
    auto stored = messageBySender(actorId, clientId);
    if (!stored)
        return stored.error();
    if (!stored.value())
        return Error { ErrorCode::Internal, u"a stored event vanished"_s };
    return *stored.value();
}

Result<Store::GroupChange> Store::createGroup(qint64 creatorId, const QString &clientId,
    const QString &title, const QString &topic, const QList<qint64> &memberIds)
{
    auto existing
        = integer(u"SELECT id FROM conversations WHERE created_by = ? AND client_id = ?"_s,
            { creatorId, clientId });
    if (!existing)
        return existing.error();
    if (existing.value() != 0) {
        // A retry: the group as it was created, announced by its first entry.
        auto oldest = integer(
            u"SELECT min(id) FROM messages WHERE conversation_id = ?"_s, { existing.value() });
        if (!oldest)
            return oldest.error();
        auto event = run(u"SELECT "_s + MessageColumns
                + u" FROM messages m JOIN users u ON u.id = m.sender_id WHERE m.id = ?"_s,
            { oldest.value() });
        if (!event)
            return event.error();
        if (!event.value().next())
            return Error { ErrorCode::Internal, u"a group without its first entry"_s };
        return GroupChange { existing.value(), readMessage(event.value()), false };
    }
    return inTransaction([&]() -> Result<GroupChange> {
        const qint64 now = nowMs();
        auto inserted = integer(u"INSERT INTO conversations (kind, title, topic, created_at, "
                                u"created_by, client_id) VALUES ('group', ?, ?, ?, ?, ?) "
                                u"RETURNING id"_s,
            { title, topic.isNull() ? u""_s : topic, now, creatorId, clientId });
        if (!inserted)
            return inserted.error();
        const qint64 conversationId = inserted.value();
        m_members.forget(conversationId);
        QList<qint64> everyone { creatorId };
        for (const qint64 id : memberIds) {
            if (!everyone.contains(id))
                everyone.append(id);
        }
        for (const qint64 id : std::as_const(everyone)) {
            auto member = run(u"INSERT INTO conversation_members (conversation_id, user_id, "
                              u"joined_at, role) VALUES (?, ?, ?, ?)"_s,
                { conversationId, id, now,
                    json::roleName(id == creatorId ? MemberRole::Owner : MemberRole::Member) });
            if (!member)
                return member.error();
        }
        everyone.removeFirst();
        auto event = insertEvent(conversationId, creatorId,
            SystemEvent { .type = SystemEvent::Type::GroupCreated,
                .userIds = everyone,
                .title = title,
                .topic = topic,
                .role = MemberRole::Member });
        if (!event)
            return event.error();
        return GroupChange { conversationId, event.value(), true };
    });
}

Result<Store::GroupChange> Store::addMembers(
    qint64 conversationId, qint64 actorId, const QList<qint64> &userIds)
{
    return inTransaction([&]() -> Result<GroupChange> {
        auto event = insertEvent(conversationId, actorId,
            SystemEvent { .type = SystemEvent::Type::MembersAdded, .userIds = userIds });
        if (!event)
            return event.error();
        m_members.forget(conversationId);
        for (const qint64 id : userIds) {
            // A former member comes back with a fresh window: from this entry on.
            auto member = run(u"INSERT INTO conversation_members (conversation_id, user_id, "
                              u"joined_at, role, first_visible_id) VALUES (?, ?, ?, 'member', ?) "
                              u"ON CONFLICT (conversation_id, user_id) DO UPDATE SET "
                              u"role = 'member', first_visible_id = excluded.first_visible_id, "
                              u"left_at_id = NULL, joined_at = excluded.joined_at"_s,
                { conversationId, id, nowMs(), event->id });
            if (!member)
                return member.error();
        }
        return GroupChange { conversationId, event.value(), true };
    });
}

Result<Store::GroupChange> Store::endMembership(
    qint64 conversationId, qint64 actorId, qint64 userId, std::optional<qint64> heir)
{
    return inTransaction([&]() -> Result<GroupChange> {
        const bool left = actorId == userId;
        SystemEvent change { .type
            = left ? SystemEvent::Type::MemberLeft : SystemEvent::Type::MemberRemoved };
        if (!left)
            change.userIds = { userId };
        auto event = insertEvent(conversationId, actorId, change);
        if (!event)
            return event.error();
        m_members.forget(conversationId);
        auto ended = run(u"UPDATE conversation_members SET left_at_id = ?, role = 'member' "
                         u"WHERE conversation_id = ? AND user_id = ?"_s,
            { event->id, conversationId, userId });
        if (!ended)
            return ended.error();
        if (heir) {
            auto promoted = run(u"UPDATE conversation_members SET role = 'owner' "
                                u"WHERE conversation_id = ? AND user_id = ?"_s,
                { conversationId, *heir });
            if (!promoted)
                return promoted.error();
        }
        return GroupChange { conversationId, event.value(), true };
    });
}

Result<Store::GroupChange> Store::renameGroup(qint64 conversationId, qint64 actorId,
    const std::optional<QString> &title, const std::optional<QString> &topic)
{
    return inTransaction([&]() -> Result<GroupChange> {
        auto current = conversation(conversationId);
        if (!current)
            return current.error();
        if (!current.value())
            return Error { ErrorCode::NotFound, u"no conversation %1"_s.arg(conversationId) };
        const QString newTitle = title.value_or(current.value()->title);
        const QString newTopic = topic.value_or(current.value()->topic);
        auto updated = run(u"UPDATE conversations SET title = ?, topic = ? WHERE id = ?"_s,
            { newTitle, newTopic, conversationId });
        if (!updated)
            return updated.error();
        auto event = insertEvent(conversationId, actorId,
            SystemEvent { .type = SystemEvent::Type::Renamed,
                .userIds = {},
                .title = newTitle,
                .topic = newTopic,
                .role = MemberRole::Member });
        if (!event)
            return event.error();
        return GroupChange { conversationId, event.value(), true };
    });
}

Result<Store::GroupChange> Store::setRole(
    qint64 conversationId, qint64 actorId, qint64 userId, MemberRole role)
{
    return inTransaction([&]() -> Result<GroupChange> {
        if (role == MemberRole::Owner) {
            // One owner: handing it over makes the previous owner an admin.
            auto demoted = run(u"UPDATE conversation_members SET role = 'admin' "
                               u"WHERE conversation_id = ? AND role = 'owner'"_s,
                { conversationId });
            if (!demoted)
                return demoted.error();
        }
        auto updated = run(u"UPDATE conversation_members SET role = ? "
                           u"WHERE conversation_id = ? AND user_id = ?"_s,
            { json::roleName(role), conversationId, userId });
        if (!updated)
            return updated.error();
        auto event = insertEvent(conversationId, actorId,
            SystemEvent { .type = SystemEvent::Type::RoleChanged,
                .userIds = { userId },
                .title = {},
                .topic = {},
                .role = role });
        if (!event)
            return event.error();
        return GroupChange { conversationId, event.value(), true };
    });
}

Status Store::setMuted(qint64 conversationId, qint64 userId, bool muted)
{
    auto updated = run(u"UPDATE conversation_members SET muted = ? "
                       u"WHERE conversation_id = ? AND user_id = ?"_s,
        { int(muted), conversationId, userId });
    if (!updated)
        return updated.error();
    return Done {};
}

Result<std::optional<qint64>> Store::heirOf(qint64 conversationId, qint64 ownerId) const
{
    auto heir = integer(u"SELECT user_id FROM conversation_members "
                        u"WHERE conversation_id = ? AND user_id != ? AND left_at_id IS NULL "
                        u"ORDER BY role = 'admin' DESC, first_visible_id, joined_at, user_id "
                        u"LIMIT 1"_s,
        { conversationId, ownerId });
    if (!heir)
        return heir.error();
    return heir.value() ? std::optional<qint64>(heir.value()) : std::nullopt;
}

} // namespace chat::server
