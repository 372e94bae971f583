#pragma once

#include <client/network/apiclient.h>
#include <shared/grouprequests.h>
#include <shared/protocol.h>
#include <shared/wiretypes.h>

namespace chat::client {

//! The REST endpoints of protocol version 2's conversations over an ApiClient: the list,
//! one conversation, groups and their members, mute, who read a message, the directory,
//! and message search.
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

    //! What GET /search is asked (protocol §5.23).
    struct MessageQuery
    {
        QString text; //!< What the user typed (the server splits it into words).
        qint64 conversationId = 0; //!< 0: every conversation the user may read.
        qint64 senderId = 0; //!< 0: anyone's messages.
        int offset = 0; //!< The previous page's nextOffset.
        int limit = protocol::limits::DefaultSearchPage;
    };
    //! GET /search?q=&conversationId=&senderId=&offset=&limit=: hits best first.
    void searchMessages(const MessageQuery &query, Callback<SearchPage> done);

private:
    ApiClient &m_api;
};

} // namespace chat::client
