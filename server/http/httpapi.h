#pragma once

#include <server/services/authservice.h>
#include <shared/result.h>

#include <QByteArray>
#include <QString>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;

namespace chat::server {

class AwarenessService;
class ChatService;
class Hub;

//! The REST routes under /api/v1 and the WebSocket upgrade route: wiring only. Each
//! handler parses its input, calls a service, and maps the outcome to a status code and
//! a JSON body; every error has the shape {"error":{"code","message"[,"field"]}}.
class HttpApi
{
public:
    HttpApi(QHttpServer &server, AuthService &auth, ChatService &chat, AwarenessService &awareness,
        Hub &hub);

    //! Registers every route; call once, before listening.
    void registerRoutes();

private:
    void addAccountRoutes();
    void addConversationRoutes();
    void addAwarenessRoutes();
    void addWebSocketRoute();
    //! Answers 405 with an Allow header for the other methods on `path`.
    template<typename... PathArgs>
    void rejectOtherMethods(const QString &path, const QByteArray &allowed);

    [[nodiscard]] Result<Principal> authenticate(const QHttpServerRequest &request);

    QHttpServer &m_server;
    AuthService &m_auth;
    ChatService &m_chat;
    AwarenessService &m_awareness;
    Hub &m_hub;
};

} // namespace chat::server
