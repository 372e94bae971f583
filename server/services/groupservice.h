#pragma once

#include <server/hub/peer.h>
#include <server/store/store.h>
#include <shared/grouprequests.h>
#include <shared/result.h>
#include <shared/wiretypes.h>

namespace chat::server {

class ChatService;
class ConversationService;
class Hub;

//! Changes of groups, the same for REST and frames: create, rename, add and remove
//! members, leave, change roles. Each is authorized (a non-member learns nothing: 404; a
//! member without the role gets 403), stored with its timeline entry in one transaction,
//! and then announced: the entry goes to every current member (and, for a removal, to
//! the removed member as the last thing they get of the group), and every member whose
//! view changed gets the conversation's new list entry.
class GroupService
{
public:
    struct Options
    {
        int memberLimit; //!< Members one group may have.
    };

    GroupService(Store &store, Hub &hub, ChatService &chat, ConversationService &conversations,
        const Options &options);

    //! The new group (or, for a retried client id, the one created then) and whether it
    //! is new.
    struct Created
    {
        Conversation conversation;
        bool created = true;
    };
    [[nodiscard]] Result<Created> create(const User &user, const json::CreateGroupRequest &request);
    [[nodiscard]] Result<Conversation> update(
        const User &user, qint64 conversationId, const json::UpdateGroupRequest &request);
    [[nodiscard]] Result<Conversation> addMembers(
        const User &user, qint64 conversationId, const QList<qint64> &userIds);
    //! Removes a member, or leaves when `userId` is the user.
    [[nodiscard]] Result<Conversation> removeMember(
        const User &user, qint64 conversationId, qint64 userId);
    [[nodiscard]] Result<Conversation> setRole(
        const User &user, qint64 conversationId, qint64 userId, MemberRole role);

private:
    //! What the caller means to do, checked against shared/grouprules.h (the rules the
    //! client uses to offer only what will be allowed).
    enum class Permission {
        Member, //!< Anything any current member may do (leave).
        EditGroup, //!< Rename, change the topic, add members.
        RemoveOthers, //!< Remove someone (which roles: rules::canRemove).
        ChangeRoles, //!< Make admins, members, or a new owner.
    };
    //! The conversation, if it is a group the user is a current member of with the
    //! permission; NotFound for outsiders and former members, Forbidden otherwise.
    [[nodiscard]] Result<Conversation> groupFor(
        const User &user, qint64 conversationId, Permission permission) const;
    //! The ids of `userIds` that are not registered users (empty if all are).
    [[nodiscard]] Result<QList<qint64>> unknownUsers(const QList<qint64> &userIds) const;
    //! Sends the change's entry to the current members and `alsoTo`, and the new list
    //! entry to everyone affected; answers with the conversation as it is now.
    [[nodiscard]] Result<Conversation> announce(const Store::GroupChange &change,
        const QList<qint64> &before, const QList<qint64> &alsoTo = {});

    Store &m_store;
    Hub &m_hub;
    ChatService &m_chat;
    ConversationService &m_conversations;
    Options m_options;
};

} // namespace chat::server
