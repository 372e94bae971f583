#pragma once

#include <server/services/authservice.h>
#include <shared/result.h>

#include <QByteArray>
#include <QHttpServerResponse>
#include <QString>

#include <functional>
#include <optional>

class QHttpServer;
class QHttpServerRequest;

namespace chat::server {

class AwarenessService;
class ChatService;
class ConversationService;
class ServerMetrics;

//! The REST routes under /api/v1 (but the account's: AccountApi; the WebSocket route is
//! WebSocketApi's): wiring only. Each
//! handler parses its input, calls a service, and maps the outcome to a status code and
//! a JSON body; every error has the shape {"error":{"code","message"[,"field"]}}.
class HttpApi
{
public:
    //! Counts into `metrics` the requests refused for bad input, on every route.
    HttpApi(QHttpServer &server, AuthService &auth, ChatService &chat, AwarenessService &awareness,
        ConversationService &conversations, ServerMetrics &metrics);

    //! Registers every route; call once, before listening.
    void registerRoutes();

    //! Asked first for a request that matches no route: an answer other than the 404
    //! (WebSocketApi's refused upgrades), or nullopt.
    using MissingRouteAnswer
        = std::function<std::optional<QHttpServerResponse>(const QHttpServerRequest &)>;
    void setMissingRouteAnswer(MissingRouteAnswer answer)
    {
        m_missingRouteAnswer = std::move(answer);
    }

private:
    void addAccountRoutes();
    void addConversationRoutes();
    void addAwarenessRoutes();

    [[nodiscard]] Result<Principal> authenticate(const QHttpServerRequest &request);

    QHttpServer &m_server;
    AuthService &m_auth;
    ChatService &m_chat;
    AwarenessService &m_awareness;
    ConversationService &m_conversations;
    ServerMetrics &m_metrics;
    MissingRouteAnswer m_missingRouteAnswer;
};

} // namespace chat::server
