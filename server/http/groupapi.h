#pragma once

#include <server/services/authservice.h>
#include <shared/result.h>

class QHttpServer;
class QHttpServerRequest;

namespace chat::server {

class ConversationService;
class GroupService;

//! The REST routes of protocol version 2's conversations: one conversation's entry and
//! its renaming, its members (list, add, remove, roles), leaving, mute, who read a
//! message, creating a group, and the people directory. Wiring only, as in HttpApi.
class GroupApi
{
public:
    GroupApi(QHttpServer &server, AuthService &auth, ConversationService &conversations,
        GroupService &groups);

    //! Registers the routes; call before HttpApi::registerRoutes() (its catch-all 405s
    //! would otherwise answer for paths these share with it).
    void registerRoutes();

private:
    void addConversationRoutes();
    void addMemberRoutes();
    void addDirectoryRoutes();

    QHttpServer &m_server;
    AuthService &m_auth;
    ConversationService &m_conversations;
    GroupService &m_groups;
};

} // namespace chat::server
