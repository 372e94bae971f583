#pragma once

#include <server/services/authservice.h>

class QHttpServer;

namespace chat::server {

class MessageActionService;

//! The REST routes that change a message (protocol §5.24–§5.26): PATCH and DELETE
//! /conversations/{id}/messages/{messageId}, POST .../reactions. Wiring only, as in
//! HttpApi: authenticate, decode, ask MessageActionService.
class MessageActionApi
{
public:
    MessageActionApi(QHttpServer &server, AuthService &auth, MessageActionService &actions);
    //! Registers the routes; call before HttpApi::registerRoutes(), as GroupApi's.
    void registerRoutes();

private:
    QHttpServer &m_server;
    AuthService &m_auth;
    MessageActionService &m_actions;
};

} // namespace chat::server
