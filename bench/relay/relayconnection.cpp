#include "relayconnection.h"

#include "relayserver.h"

#include <shared/protocol.h>

#include <QUrlQuery>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace chat::bench {

namespace {

// chatd's defaults (ServerConfig): the unread output a socket may hold.
constexpr qint64 MaxQueuedBytes = 4 * 1024 * 1024;

} // namespace

RelayConnection::RelayConnection(std::unique_ptr<QWebSocket> socket, RelayServer &server)
    : m_socket(std::move(socket))
    , m_server(server)
{
    m_socket->setMaxAllowedIncomingFrameSize(protocol::limits::MaxFrameBytes);
    m_socket->setMaxAllowedIncomingMessageSize(protocol::limits::MaxFrameBytes);
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &RelayConnection::onText);
    connect(m_socket.get(), &QWebSocket::disconnected, this, [this] {
        m_server.detach(this);
        deleteLater();
    });
    const QByteArray header = m_socket->request().rawHeader("Authorization");
    QString token = QUrlQuery(m_socket->requestUrl()).queryItemValue(u"access_token"_s);
    if (header == "Bearer" || header.startsWith("Bearer "))
        token = QString::fromLatin1(header.mid(6).trimmed());
    if (!token.isEmpty())
        authenticate(token, std::nullopt);
}

RelayConnection::~RelayConnection()
{
    m_socket->disconnect(this);
    m_server.detach(this);
}

void RelayConnection::send(const frames::ServerFrame &frame)
{
    deliver(frames::encode(frame));
}

void RelayConnection::deliver(const QString &encodedFrame)
{
    // As chatd: a peer that does not read is cut off rather than buffered without end.
    if (m_socket->bytesToWrite() > MaxQueuedBytes) {
        m_socket->abort();
        return;
    }
    m_socket->sendTextMessage(encodedFrame);
}

void RelayConnection::authenticate(const QString &token, std::optional<qint64>)
{
    const auto user = m_server.userOfToken(token);
    if (!user) {
        const Error error { ErrorCode::Unauthenticated, u"unknown or revoked token"_s };
        send(frames::ErrorFrame { {}, error });
        m_socket->close(QWebSocketProtocol::CloseCode(protocol::closecodes::AuthenticationFailed),
            error.message);
        return;
    }
    m_user = *user;
    m_authenticated = true;
    m_server.attach(this);
    // No store, so nothing to replay: every client is told it is up to date.
    send(frames::Ready { .protocol = protocol::Version, .user = m_user, .cursor = 0 });
}

void RelayConnection::onText(const QString &text)
{
    QString requestId;
    auto frame = frames::decodeClientFrame(text, &requestId);
    if (!frame) {
        send(frames::ErrorFrame { requestId, frame.error() });
        return;
    }
    if (const auto *auth = std::get_if<frames::Auth>(&frame.value())) {
        if (!m_authenticated)
            authenticate(auth->token, auth->after);
        return;
    }
    if (!m_authenticated) {
        send(frames::ErrorFrame { {},
            Error { ErrorCode::Unauthenticated, u"authenticate first: send an auth frame"_s } });
        m_socket->close(QWebSocketProtocol::CloseCode(protocol::closecodes::AuthenticationFailed),
            u"not authenticated"_s);
        return;
    }
    if (const auto *ping = std::get_if<frames::Ping>(&frame.value())) {
        send(frames::Pong { ping->requestId });
    } else if (const auto *message = std::get_if<frames::Send>(&frame.value())) {
        m_server.relay(*this, message->requestId, message->request);
    } else {
        send(frames::ErrorFrame { requestId,
            Error { ErrorCode::UnknownType, u"the relay answers only send and ping"_s } });
    }
}

} // namespace chat::bench
