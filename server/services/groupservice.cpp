#include "groupservice.h"

#include <shared/grouprules.h>

#include <server/hub/hub.h>
#include <server/services/chatservice.h>
#include <server/services/conversationservice.h>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {

Error forbidden(const QString &what)
{
    return Error { ErrorCode::Forbidden, what };
}

QList<qint64> idsOf(const Conversation &conversation)
{
    QList<qint64> ids;
    for (const Member &member : conversation.members)
        ids.append(member.user.id);
    return ids;
}

std::optional<MemberRole> roleIn(const Conversation &conversation, qint64 userId)
{
    for (const Member &member : conversation.members) {
        if (member.user.id == userId)
            return member.role;
    }
    return std::nullopt;
}

} // namespace

GroupService::GroupService(Store &store, Hub &hub, ChatService &chat,
    ConversationService &conversations, const Options &options)
    : m_store(store)
    , m_hub(hub)
    , m_chat(chat)
    , m_conversations(conversations)
    , m_options(options)
{ }

Result<Conversation> GroupService::groupFor(
    const User &user, qint64 conversationId, Permission permission) const
{
    auto conversation = m_store.conversation(conversationId);
    if (!conversation)
        return conversation.error();
    const auto mine = conversation.value() ? roleIn(*conversation.value(), user.id) : std::nullopt;
    // Outsiders and former members learn nothing, not even that it exists.
    if (!mine) {
        return Error { ErrorCode::NotFound, u"no conversation %1"_s.arg(conversationId),
            u"conversationId"_s };
    }
    if (conversation.value()->kind != ConversationKind::Group)
        return forbidden(u"a direct conversation has its two members, and no title"_s);
    switch (permission) {
    case Permission::Member:
        break;
    case Permission::EditGroup:
        if (!rules::canEditGroup(*mine))
            return forbidden(u"only admins and the owner may do this"_s);
        break;
    case Permission::RemoveOthers:
        // Which others: rules::canRemove, once the target's role is known.
        if (!rules::canRemove(*mine, MemberRole::Member))
            return forbidden(u"only admins and the owner may do this"_s);
        break;
    case Permission::ChangeRoles:
        if (!rules::canChangeRoles(*mine))
            return forbidden(u"only the owner may do this"_s);
        break;
    }
    return *conversation.value();
}

Result<QList<qint64>> GroupService::unknownUsers(const QList<qint64> &userIds) const
{
    auto users = m_store.usersByIds(userIds);
    if (!users)
        return users.error();
    QList<qint64> unknown = userIds;
    for (const User &user : users.value())
        unknown.removeAll(user.id);
    return unknown;
}

Result<GroupService::Created> GroupService::create(
    const User &user, const json::CreateGroupRequest &request)
{
    QList<qint64> others = request.memberIds;
    others.removeAll(user.id);
    auto unknown = unknownUsers(others);
    if (!unknown)
        return unknown.error();
    if (!unknown->isEmpty()) {
        return Error { ErrorCode::InvalidField, u"no user %1"_s.arg(unknown->constFirst()),
            u"memberIds"_s };
    }
    if (others.size() + 1 > m_options.memberLimit) {
        return Error { ErrorCode::LimitExceeded,
            u"a group has at most %1 members"_s.arg(m_options.memberLimit), u"memberIds"_s };
    }
    auto change
        = m_store.createGroup(user.id, request.clientId, request.title, request.topic, others);
    if (!change)
        return change.error();
    auto conversation = change->created
        ? announce(change.value(), {})
        : m_conversations.conversation(user, change->conversationId);
    if (!conversation)
        return conversation.error();
    return Created { conversation.value(), change->created };
}

Result<Conversation> GroupService::update(
    const User &user, qint64 conversationId, const json::UpdateGroupRequest &request)
{
    auto group = groupFor(user, conversationId, Permission::EditGroup);
    if (!group)
        return group;
    if (request.title.value_or(group->title) == group->title
        && request.topic.value_or(group->topic) == group->topic)
        return group; // nothing changes: nothing to announce
    m_chat.flush();
    auto change = m_store.renameGroup(conversationId, user.id, request.title, request.topic);
    if (!change)
        return change.error();
    return announce(change.value(), idsOf(group.value()));
}

Result<Conversation> GroupService::addMembers(
    const User &user, qint64 conversationId, const QList<qint64> &userIds)
{
    auto group = groupFor(user, conversationId, Permission::EditGroup);
    if (!group)
        return group;
    auto unknown = unknownUsers(userIds);
    if (!unknown)
        return unknown.error();
    if (!unknown->isEmpty()) {
        return Error { ErrorCode::InvalidField, u"no user %1"_s.arg(unknown->constFirst()),
            u"userIds"_s };
    }
    const QList<qint64> before = idsOf(group.value());
    QList<qint64> added;
    for (const qint64 id : userIds) {
        if (!before.contains(id))
            added.append(id);
    }
    if (added.isEmpty())
        return group; // all of them are members already
    if (before.size() + added.size() > m_options.memberLimit) {
        return Error { ErrorCode::LimitExceeded,
            u"a group has at most %1 members"_s.arg(m_options.memberLimit), u"userIds"_s };
    }
    m_chat.flush();
    auto change = m_store.addMembers(conversationId, user.id, added);
    if (!change)
        return change.error();
    return announce(change.value(), before);
}

Result<Conversation> GroupService::removeMember(
    const User &user, qint64 conversationId, qint64 userId)
{
    const bool leaving = userId == user.id;
    auto group
        = groupFor(user, conversationId, leaving ? Permission::Member : Permission::RemoveOthers);
    if (!group)
        return group;
    const auto target = roleIn(group.value(), userId);
    if (!target) {
        return Error { ErrorCode::NotFound, u"user %1 is not a member"_s.arg(userId), u"userId"_s };
    }
    if (!leaving && !rules::canRemove(*roleIn(group.value(), user.id), *target))
        return forbidden(u"only the owner removes admins"_s);
    std::optional<qint64> heir;
    if (leaving && *target == MemberRole::Owner) {
        auto next = m_store.heirOf(conversationId, user.id);
        if (!next)
            return next.error();
        heir = next.value();
    }
    // Sends the member made before the change are stored (and fanned out) first.
    m_chat.flush();
    auto change = m_store.endMembership(conversationId, user.id, userId, heir);
    if (!change)
        return change.error();
    return announce(change.value(), idsOf(group.value()), { userId });
}

Result<Conversation> GroupService::setRole(
    const User &user, qint64 conversationId, qint64 userId, MemberRole role)
{
    auto group = groupFor(user, conversationId, Permission::ChangeRoles);
    if (!group)
        return group;
    const auto target = roleIn(group.value(), userId);
    if (!target) {
        return Error { ErrorCode::NotFound, u"user %1 is not a member"_s.arg(userId), u"userId"_s };
    }
    if (userId == user.id)
        return forbidden(u"hand the group over to someone else instead"_s);
    if (*target == role)
        return group;
    m_chat.flush();
    auto change = m_store.setRole(conversationId, user.id, userId, role);
    if (!change)
        return change.error();
    return announce(change.value(), idsOf(group.value()));
}

Result<Conversation> GroupService::announce(
    const Store::GroupChange &change, const QList<qint64> &before, const QList<qint64> &alsoTo)
{
    auto conversation = m_store.conversation(change.conversationId);
    if (!conversation)
        return conversation.error();
    if (!conversation.value())
        return Error { ErrorCode::Internal, u"a changed group vanished"_s };
    const QList<qint64> now = idsOf(*conversation.value());
    // The entry to the members (every instance, the actor's too) and to whoever it was
    // the last thing for; then each affected member's list entry.
    m_hub.publish(change.event, now + alsoTo, NoPeer);
    QList<qint64> affected = now;
    for (const qint64 id : before + alsoTo) {
        if (!affected.contains(id))
            affected.append(id);
    }
    m_conversations.announce(change.conversationId, affected);
    return *conversation.value();
}

} // namespace chat::server
