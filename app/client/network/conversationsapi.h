#pragma once

#include <client/network/apiclient.h>
#include <shared/grouprequests.h>
#include <shared/wiretypes.h>

namespace chat::client {

//! The REST endpoints of protocol version 2's conversations over an ApiClient: the list,
//! one conversation, groups and their members, mute, who read a message, the directory.
//! A small value to make where needed; it keeps nothing but the ApiClient.
class ConversationsApi
{
public:
    template<typename T> using Callback = ApiClient::Callback<T>;

    //! `api` must outlive the calls' answers' use of it (callbacks follow ApiClient's rules).
    explicit ConversationsApi(ApiClient &api)
        : m_api(api)
    { }

    //! GET /conversations.
    void list(Callback<QList<ConversationEntry>> done);
    struct Details
    {
        Conversation conversation;
        ConversationEntry entry;
    };
    //! GET /conversations/{id}.
    void details(qint64 conversationId, Callback<Details> done);
    //! POST /groups; the group as created (or as created by an earlier try of `clientId`).
    void createGroup(const json::CreateGroupRequest &request, Callback<Conversation> done);
    //! PATCH /conversations/{id}.
    void updateGroup(qint64 conversationId, const json::UpdateGroupRequest &request,
        Callback<Conversation> done);
    //! GET /conversations/{id}/members.
    void members(qint64 conversationId, Callback<QList<MemberState>> done);
    //! POST /conversations/{id}/members.
    void addMembers(
        qint64 conversationId, const QList<qint64> &userIds, Callback<Conversation> done);
    //! DELETE /conversations/{id}/members/{userId} (the caller's own id: leaving).
    void removeMember(qint64 conversationId, qint64 userId, Callback<Conversation> done);
    //! PUT /conversations/{id}/members/{userId}.
    void setRole(
        qint64 conversationId, qint64 userId, MemberRole role, Callback<Conversation> done);
    //! POST /conversations/{id}/leave.
    void leave(qint64 conversationId, Callback<Done> done);
    //! PUT /conversations/{id}/settings.
    void setMuted(qint64 conversationId, bool muted, Callback<ConversationEntry> done);
    //! GET /users?q=&after=&limit=.
    void searchUsers(
        const QString &query, const QString &after, int limit, Callback<DirectoryPage> done);

private:
    ApiClient &m_api;
};

} // namespace chat::client
