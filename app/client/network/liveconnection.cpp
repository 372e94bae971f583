#include "liveconnection.h"

#include <client/clientlogging.h>
#include <client/network/tlstrust.h>
#include <shared/protocol.h>

#include <QNetworkInformation>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace chat::client {

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

LiveConnection::LiveConnection(QObject *parent)
    : QObject(parent)
{
    m_socket.setMaxAllowedIncomingFrameSize(protocol::limits::MaxFrameBytes * 4);
    m_socket.setMaxAllowedIncomingMessageSize(protocol::limits::MaxFrameBytes * 4);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &LiveConnection::onTextMessage);
    connect(&m_socket, &QWebSocket::pong, &m_heartbeat, &Heartbeat::activity);
    connect(&m_socket, &QWebSocket::disconnected, this, &LiveConnection::onDisconnected);
    // A refused or failed connection attempt errs without ever being connected, so it
    // may not report disconnected(): retry from here too.
    connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
        if (m_socket.state() == QAbstractSocket::UnconnectedState)
            scheduleRetry();
    });
    connect(&m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        QSslCertificate presented = m_socket.sslConfiguration().peerCertificate();
        if (presented.isNull())
            presented = TlsTrust::certificateOf(errors);
        if (m_trust
            && m_trust->acceptDespiteErrors(TlsTrust::hostPort(m_serverUrl), errors, presented))
            m_socket.ignoreSslErrors();
    });
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &LiveConnection::connectNow);

    // Back off again from the base only once a connection has held for a while: a server
    // that accepts and then drops every socket must not be hammered at the base rate.
    m_stable.setSingleShot(true);
    m_stable.setInterval(10s);
    connect(&m_stable, &QTimer::timeout, this, [this] { m_backoff.reset(); });

    connect(&m_heartbeat, &Heartbeat::pingDue, this,
        [this] { send(frames::Ping { u"hb-%1"_s.arg(++m_pingCounter) }); });
    connect(&m_heartbeat, &Heartbeat::silent, this, &LiveConnection::onSilent);

    connect(&m_suspend, &SuspendDetector::resumed, this, [this](std::chrono::milliseconds gap) {
        qCInfo(lcNet) << "the clock jumped by" << gap.count() << "ms (woke up?): reconnecting";
        reconnectNow();
    });
    watchNetwork();
}

LiveConnection::~LiveConnection()
{
    // ~QWebSocket emits disconnected(); by then our other members are gone, so stop
    // listening before the socket (declared first, destroyed last) goes.
    m_socket.disconnect(this);
    m_wanted = false;
}

void LiveConnection::watchNetwork()
{
    // Optional: without a backend (no NetworkManager, a container) backoff and the
    // heartbeat still get us back, only later.
    static const bool loaded = QNetworkInformation::loadDefaultBackend();
    if (!loaded || !QNetworkInformation::instance())
        return;
    connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
        [this](QNetworkInformation::Reachability reachability) {
            if (reachability == QNetworkInformation::Reachability::Online
                && m_state != State::Online) {
                qCInfo(lcNet) << "the network is back: reconnecting";
                reconnectNow();
            }
        });
}

QUrl LiveConnection::webSocketUrl() const
{
    QUrl url = m_serverUrl;
    url.setScheme(m_serverUrl.scheme() == u"https" ? u"wss"_s : u"ws"_s);
    url.setPath(QString::fromLatin1(protocol::WebSocketPath));
    if (m_cursor > 0) {
        // Resume: the server replays every message after this before `ready`.
        QUrlQuery query;
        query.addQueryItem(u"after"_s, QString::number(m_cursor));
        url.setQuery(query);
    } else {
        url.setQuery(QString());
    }
    return url;
}

void LiveConnection::setResumeCursor(qint64 cursor)
{
    if (m_cursor == cursor)
        return;
    m_cursor = cursor;
    Q_EMIT resumeCursorChanged(cursor);
}

void LiveConnection::advanceResumeCursor(qint64 id)
{
    // The stream arrives in id order; max() only guards against a server that breaks it.
    if (id > m_cursor)
        setResumeCursor(id);
}

void LiveConnection::setHeartbeat(
    std::chrono::milliseconds interval, std::chrono::milliseconds timeout)
{
    m_heartbeat.setInterval(interval);
    m_heartbeat.setTimeout(timeout);
}

void LiveConnection::start(const QUrl &serverUrl, const QString &token)
{
    m_serverUrl = serverUrl;
    m_token = token;
    m_wanted = true;
    m_backoff.reset();
    m_suspend.start();
    m_socket.abort();
    connectNow();
}

void LiveConnection::stop()
{
    m_wanted = false;
    m_retryTimer.stop();
    m_stable.stop();
    m_heartbeat.stop();
    m_suspend.stop();
    m_socket.close();
    setState(State::Offline);
}

void LiveConnection::reconnectNow()
{
    if (!m_wanted)
        return;
    m_retryTimer.stop();
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.abort(); // its disconnected() is ignored: see onDisconnected
    m_retryTimer.stop();
    connectNow();
}

void LiveConnection::connectNow()
{
    if (!m_wanted)
        return;
    setState(State::Connecting);
    m_resumedFrom = m_cursor;
    QNetworkRequest request(webSocketUrl());
    request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
    qCDebug(lcNet) << "connecting to" << request.url();
    // The silence watch covers the handshake too: an attempt into a dead link never
    // fails by itself.
    m_heartbeat.start(false);
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
    if (state != State::Online)
        m_stable.stop();
    if (state == State::Offline)
        m_heartbeat.stop();
    Q_EMIT stateChanged(state);
}

void LiveConnection::onTextMessage(const QString &text)
{
    m_heartbeat.activity();
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
                // The server's word on where we are now: after a replay the newest id we
                // got, after a resync (or without a cursor) the user's newest id, which
                // may even be lower than ours if the server's database was replaced.
                const bool caughtUp = m_resumedFrom > 0 && !value.resync;
                if (value.resync)
                    qCInfo(lcNet) << "the server cannot replay from" << m_resumedFrom
                                  << "; refetching";
                setResumeCursor(value.cursor);
                m_stable.start();
                m_heartbeat.start(true);
                setState(State::Online);
                Q_EMIT ready(value.user, caughtUp);
            } else if constexpr (std::is_same_v<T, frames::MessageEvent>) {
                advanceResumeCursor(value.message.id);
                Q_EMIT messageEvent(value.message);
            } else if constexpr (std::is_same_v<T, frames::Ack>) {
                advanceResumeCursor(value.message.id);
                Q_EMIT acked(value.requestId, value.message, value.duplicate);
            } else if constexpr (std::is_same_v<T, frames::ActionAck>) {
                // A change has a position like a message: resuming past it skips its replay.
                advanceResumeCursor(value.update.position);
                Q_EMIT actionAcked(value.requestId, value.update, value.duplicate);
            } else if constexpr (std::is_same_v<T, frames::UpdateEvent>) {
                advanceResumeCursor(value.update.position);
                Q_EMIT updateEvent(value.update);
            } else if constexpr (std::is_same_v<T, frames::ErrorFrame>) {
                if (m_state != State::Online)
                    m_lastAuthError = value.error;
                else
                    Q_EMIT errorReceived(value.requestId, value.error);
            } else if constexpr (std::is_same_v<T, frames::ReadPosition>) {
                Q_EMIT readPositionEvent(value);
            } else if constexpr (std::is_same_v<T, frames::Receipt>) {
                Q_EMIT receiptEvent(value);
            } else if constexpr (std::is_same_v<T, frames::TypingEvent>) {
                Q_EMIT typingEvent(value);
            } else if constexpr (std::is_same_v<T, frames::PresenceEvent>) {
                Q_EMIT presenceEvent(value);
            } else if constexpr (std::is_same_v<T, frames::ConversationUpdate>) {
                Q_EMIT conversationEvent(value.conversation);
            }
        },
        frame.value());
}

void LiveConnection::onDisconnected()
{
    // A socket we aborted to open a new one reports its end late: by then the new
    // attempt is under way and this is no news.
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        return;
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

void LiveConnection::onSilent()
{
    qCInfo(lcNet) << "nothing heard for" << m_heartbeat.timeout().count()
                  << "ms: dropping the link";
    m_socket.abort();
    scheduleRetry();
}

void LiveConnection::scheduleRetry()
{
    if (!m_wanted) {
        setState(State::Offline);
        return;
    }
    m_heartbeat.stop();
    if (m_retryTimer.isActive())
        return;
    setState(State::Connecting);
    const auto delay = m_backoff.next();
    qCInfo(lcNet) << "reconnecting in" << delay.count() << "ms";
    m_retryTimer.start(delay);
}

} // namespace chat::client
