#include "liveconnection.h"

#include "clientlogging.h"
#include "protocol.h"

#include <QNetworkRequest>

namespace chat::client {

using namespace Qt::StringLiterals;

LiveConnection::LiveConnection(QObject *parent)
    : QObject(parent)
{
    m_socket.setMaxAllowedIncomingFrameSize(protocol::limits::MaxFrameBytes * 4);
    m_socket.setMaxAllowedIncomingMessageSize(protocol::limits::MaxFrameBytes * 4);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &LiveConnection::onTextMessage);
    connect(&m_socket, &QWebSocket::disconnected, this, &LiveConnection::onDisconnected);
    // A refused or failed connection attempt errs without ever being connected, so it
    // may not report disconnected(): retry from here too.
    connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
        if (m_socket.state() == QAbstractSocket::UnconnectedState)
            scheduleRetry();
    });
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &LiveConnection::connectNow);
}

LiveConnection::~LiveConnection()
{
    // ~QWebSocket emits disconnected(); by then our other members are gone, so stop
    // listening before the socket (declared first, destroyed last) goes.
    m_socket.disconnect(this);
    m_wanted = false;
}

QUrl LiveConnection::webSocketUrl() const
{
    QUrl url = m_serverUrl;
    url.setScheme(m_serverUrl.scheme() == u"https" ? u"wss"_s : u"ws"_s);
    url.setPath(QString::fromLatin1(protocol::WebSocketPath));
    return url;
}

void LiveConnection::start(const QUrl &serverUrl, const QString &token)
{
    m_serverUrl = serverUrl;
    m_token = token;
    m_wanted = true;
    m_backoff.reset();
    m_socket.abort();
    connectNow();
}

void LiveConnection::stop()
{
    m_wanted = false;
    m_retryTimer.stop();
    m_socket.close();
    setState(State::Offline);
}

void LiveConnection::connectNow()
{
    if (!m_wanted)
        return;
    setState(State::Connecting);
    QNetworkRequest request(webSocketUrl());
    request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
    qCDebug(lcNet) << "connecting to" << request.url();
    m_socket.open(request);
}

bool LiveConnection::send(const frames::ClientFrame &frame)
{
    if (m_state != State::Online)
        return false;
    m_socket.sendTextMessage(frames::encode(frame));
    return true;
}

void LiveConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void LiveConnection::onTextMessage(const QString &text)
{
    auto frame = frames::decodeServerFrame(text);
    if (!frame) {
        // A newer server may speak frames we do not know; never let that break the link.
        qCWarning(lcNet) << "ignoring a frame:" << frame.error().message;
        return;
    }
    std::visit(
        [this](const auto &value) {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, frames::Ready>) {
                m_backoff.reset();
                setState(State::Online);
                Q_EMIT ready(value.user);
            } else if constexpr (std::is_same_v<T, frames::MessageEvent>) {
                Q_EMIT messageEvent(value.message);
            } else if constexpr (std::is_same_v<T, frames::Ack>) {
                Q_EMIT acked(value.requestId, value.message, value.duplicate);
            } else if constexpr (std::is_same_v<T, frames::ErrorFrame>) {
                if (m_state != State::Online)
                    m_lastAuthError = value.error;
                else
                    Q_EMIT errorReceived(value.requestId, value.error);
            }
        },
        frame.value());
}

void LiveConnection::onDisconnected()
{
    const int code = m_socket.closeCode();
    qCInfo(lcNet) << "socket closed:" << code << m_socket.closeReason();
    if (code == protocol::closecodes::AuthenticationFailed
        || code == protocol::closecodes::SessionRevoked) {
        m_wanted = false;
        setState(State::Offline);
        Error error = m_lastAuthError;
        if (error.message.isEmpty())
            error = Error { ErrorCode::Unauthenticated, m_socket.closeReason() };
        Q_EMIT rejected(error);
        return;
    }
    scheduleRetry();
}

void LiveConnection::scheduleRetry()
{
    if (!m_wanted) {
        setState(State::Offline);
        return;
    }
    if (m_retryTimer.isActive())
        return;
    setState(State::Connecting);
    const auto delay = m_backoff.next();
    qCInfo(lcNet) << "reconnecting in" << delay.count() << "ms";
    m_retryTimer.start(delay);
}

} // namespace chat::client
