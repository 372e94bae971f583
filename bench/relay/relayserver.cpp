#include "relayserver.h"

#include "relayconnection.h"

#include <server/http/tcplistener.h>
#include <server/http/websocketapi.h>
#include <shared/conversationcodec.h>
#include <shared/protocol.h>
#include <shared/validation.h>

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace chat::bench {

namespace {

using Method = QHttpServerRequest::Method;
using StatusCode = QHttpServerResponse::StatusCode;

const QString Api = QString::fromLatin1(protocol::ApiPrefix);
constexpr int Unlimited = 1'000'000;

QHttpServerResponse errorResponse(const Error &error, StatusCode status)
{
    QHttpServerResponse response(QJsonObject { { u"error"_s, error.toJson() } }, status);
    response.setHeader("Cache-Control", "no-store");
    return response;
}

QHttpServerResponse answer(const QJsonObject &body, StatusCode status = StatusCode::Ok)
{
    QHttpServerResponse response(body, status);
    response.setHeader("Cache-Control", "no-store");
    return response;
}

//! 256 random bits in base64url, as chatd's tokens.
QString newToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 8);
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

RelayServer::RelayServer()
    : m_caps(server::SocketCaps::Limits { .perUser = Unlimited, .perAddress = Unlimited })
{ }

RelayServer::~RelayServer()
{
    // The connections reach back into the maps, which go before QObject deletes children.
    qDeleteAll(findChildren<RelayConnection *>());
}

Result<quint16> RelayServer::listen(const QHostAddress &address, quint16 port)
{
    server::HttpLimits limits;
    limits.maxConnectionsPerAddress = Unlimited;
    auto listener = std::make_unique<server::TcpListener>(limits);
    listener->setListenBacklogSize(limits.listenBacklog);
    if (!listener->listen(address, port))
        return Error { ErrorCode::Internal, u"cannot listen: %1"_s.arg(listener->errorString()) };
    m_http = std::make_unique<QHttpServer>();
    registerRoutes();
    m_webSocketApi = std::make_unique<server::WebSocketApi>(
        *m_http, server::http::OriginPolicy(), m_caps, m_metrics);
    m_webSocketApi->registerRoutes();
    connect(
        m_http.get(), &QHttpServer::newWebSocketConnection, this, &RelayServer::acceptWebSockets);
    m_listener = listener.release();
    m_listener->setParent(m_http.get());
    m_http->bind(m_listener);
    return m_listener->serverPort();
}

void RelayServer::registerRoutes()
{
    // Anyone may register and log in: no password is checked or hashed.
    m_http->route(Api + u"/register"_s, Method::Post, [this](const QHttpServerRequest &request) {
        auto body = parseJsonObject(request.body(), protocol::limits::MaxRequestBytes);
        auto credentials = body
            ? json::decodeCredentials(body.value(), json::CredentialsUse::Register)
            : Result<json::Credentials>(body.error());
        if (!credentials)
            return errorResponse(credentials.error(), StatusCode::BadRequest);
        const User user = userNamed(credentials->username);
        return answer({ { u"user"_s, json::encode(user) } }, StatusCode::Created);
    });
    m_http->route(Api + u"/login"_s, Method::Post, [this](const QHttpServerRequest &request) {
        auto body = parseJsonObject(request.body(), protocol::limits::MaxRequestBytes);
        auto credentials = body ? json::decodeCredentials(body.value(), json::CredentialsUse::Login)
                                : Result<json::Credentials>(body.error());
        if (!credentials)
            return errorResponse(credentials.error(), StatusCode::BadRequest);
        const Session session { newToken(), userNamed(credentials->username),
            QDateTime::currentDateTimeUtc().addDays(30) };
        m_usersByToken.insert(session.token, session.user);
        return answer(json::encode(session));
    });
    m_http->route(
        Api + u"/conversations"_s, Method::Post, [this](const QHttpServerRequest &request) {
            const QByteArray header = request.value("authorization");
            const auto caller = header.startsWith("Bearer ")
                ? userOfToken(QString::fromLatin1(header.mid(7).trimmed()))
                : std::nullopt;
            if (!caller) {
                return errorResponse(
                    Error { ErrorCode::Unauthenticated, u"unknown or revoked token"_s },
                    StatusCode::Unauthorized);
            }
            auto body = parseJsonObject(request.body(), protocol::limits::MaxRequestBytes);
            auto open = body ? json::decodeOpenConversation(body.value())
                             : Result<json::OpenConversationRequest>(body.error());
            if (!open)
                return errorResponse(open.error(), StatusCode::BadRequest);
            bool created = false;
            const Conversation conversation
                = directBetween(*caller, userNamed(open->username), &created);
            return answer({ { u"conversation"_s, json::encode(conversation) } },
                created ? StatusCode::Created : StatusCode::Ok);
        });
}

void RelayServer::acceptWebSockets()
{
    while (m_http->hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_http->nextPendingWebSocketConnection();
        if (!socket)
            break;
        auto *connection = new RelayConnection(std::move(socket), *this);
        connection->setParent(this);
    }
}

User RelayServer::userNamed(const QString &username)
{
    const QString key = username.toLower();
    auto found = m_usersByName.constFind(key);
    if (found != m_usersByName.cend())
        return *found;
    const User user { ++m_lastUserId, username };
    m_usersByName.insert(key, user);
    return user;
}

std::optional<User> RelayServer::userOfToken(const QString &token) const
{
    auto found = m_usersByToken.constFind(token);
    return found == m_usersByToken.cend() ? std::nullopt : std::optional<User>(*found);
}

Conversation RelayServer::directBetween(const User &a, const User &b, bool *created)
{
    const auto key = std::minmax(a.id, b.id);
    auto found = m_directs.constFind(key);
    *created = found == m_directs.cend();
    if (!*created)
        return *found;
    const Conversation conversation { .id = ++m_lastConversationId,
        .members = { Member { a.id < b.id ? a : b }, Member { a.id < b.id ? b : a } } };
    m_directs.insert(key, conversation);
    m_members.insert(conversation.id, { a.id, b.id });
    return conversation;
}

void RelayServer::attach(RelayConnection *connection)
{
    m_online.insert(connection->user().id, connection);
}

void RelayServer::detach(RelayConnection *connection)
{
    m_online.remove(connection->user().id, connection);
}

void RelayServer::relay(
    RelayConnection &sender, const QString &requestId, const json::SendRequest &request)
{
    // What chatd checks before storing: membership, then the body.
    const auto members = m_members.constFind(request.conversationId);
    if (members == m_members.cend() || !members->contains(sender.user().id)) {
        sender.send(frames::ErrorFrame { requestId,
            Error { ErrorCode::NotFound, u"no conversation %1"_s.arg(request.conversationId),
                u"conversationId"_s } });
        return;
    }
    if (auto error = checkMessageBody(request.body)) {
        sender.send(frames::ErrorFrame { requestId, *error });
        return;
    }
    const Message message { .id = ++m_lastMessageId,
        .conversationId = request.conversationId,
        .senderId = sender.user().id,
        .senderName = sender.user().username,
        .clientId = request.clientId,
        .body = request.body,
        .createdAt = QDateTime::currentDateTimeUtc() };
    sender.send(frames::Ack { requestId, message, false });
    // As chatd's hub: encoded once, the same text to every other member's sockets.
    const QString event = frames::encode(frames::ServerFrame { frames::MessageEvent { message } });
    for (qint64 member : *members) {
        if (member == sender.user().id)
            continue;
        const QList<RelayConnection *> sockets = m_online.values(member);
        for (RelayConnection *socket : sockets)
            socket->deliver(event);
    }
}

} // namespace chat::bench
