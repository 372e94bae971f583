#pragma once

#include <server/http/deferredresponder.h>

class QHttpServer;
class QHttpServerRequest;

namespace chat::server {

class AuthService;
class Hub;
class ServerMetrics;

//! The account routes: POST /register, /login and /logout, and the caller's sessions
//! (GET /sessions, DELETE /sessions/{id}, DELETE /sessions/others). Registration and
//! login answer once their password hash is done on the HashPool: they use QHttpServer's
//! responder form and keep the responder in a DeferredResponder, so the event loop serves
//! others meanwhile and a client that hung up is not written to.
class AccountApi
{
public:
    AccountApi(QHttpServer &server, AuthService &auth, Hub &hub, ServerMetrics &metrics);

    void registerRoutes();

private:
    void addSignInRoutes();
    void addSessionRoutes();
    [[nodiscard]] std::shared_ptr<DeferredResponder> defer(QHttpServerResponder &&responder);

    QHttpServer &m_server;
    AuthService &m_auth;
    Hub &m_hub;
    ServerMetrics &m_metrics;
};

} // namespace chat::server
