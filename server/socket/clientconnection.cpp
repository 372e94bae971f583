#include "clientconnection.h"

#include <server/hub/hub.h>
#include <server/logging.h>
#include <server/logthrottle.h>
#include <server/metrics/servermetrics.h>
#include <server/services/awarenessservice.h>
#include <server/services/chatservice.h>
#include <server/services/messageactionservice.h>
#include <server/services/resumeservice.h>
#include <server/socket/outputbudget.h>
#include <server/socket/socketcaps.h>
#include <shared/plaindecimal.h>
#include <shared/protocol.h>

#include <QPointer>
#include <QSslSocket>
#include <QUrlQuery>
#include <QWebSocket>

namespace chat::server {

using namespace Qt::StringLiterals;
namespace limits = protocol::limits;

ClientConnection::ClientConnection(std::unique_ptr<QWebSocket> socket, AuthService &auth,
    ChatService &chat, MessageActionService &actions, AwarenessService &awareness,
    ResumeService &resume, Hub &hub, ServerMetrics &metrics, const Options &options,
    SharedLimits shared, QObject *parent)
    : QObject(parent)
    , m_socket(std::move(socket))
    , m_tls(options.tls)
    , m_auth(auth)
    , m_chat(chat)
    , m_actions(actions)
    , m_awareness(awareness)
    , m_resume(resume)
    , m_hub(hub)
    , m_metrics(metrics)
    , m_options(options)
    , m_shared(shared)
{
    // Qt's defaults allow ~2 GiB messages: bound them before reading anything.
    m_socket->setMaxAllowedIncomingFrameSize(m_options.maxFrameBytes);
    m_socket->setMaxAllowedIncomingMessageSize(m_options.maxFrameBytes);

    connect(
        m_socket.get(), &QWebSocket::textMessageReceived, this, &ClientConnection::onTextMessage);
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this,
        &ClientConnection::onBinaryMessage);
    connect(m_socket.get(), &QWebSocket::disconnected, this, [this] {
        qCDebug(lcSocket) << "socket of" << m_principal.user.username << "disconnected";
        detachUser();
        deleteLater();
    });

    // Anything from the peer (a frame, a pong) proves it alive; silence past the idle
    // timeout means a dead link (sleep, NAT drop) that TCP alone would notice much later.
    m_sinceHeard.start();
    connect(m_socket.get(), &QWebSocket::pong, this, [this] { m_sinceHeard.restart(); });
    connect(&m_heartbeat, &QTimer::timeout, this, &ClientConnection::checkHeartbeat);
    m_heartbeat.start(m_options.heartbeatInterval);

    const QString token = tokenFromUpgradeRequest();
    if (!token.isEmpty())
        authenticateWith(token, cursorFromUpgradeRequest());
    // Only a socket still waiting for its auth frame needs a deadline. Not started for one
    // that came with its token: stopping a timer searches Qt's list of every timer of the
    // thread, two per socket here, which a storm of thousands of sockets felt.
    m_authDeadline.setSingleShot(true);
    connect(&m_authDeadline, &QTimer::timeout, this, [this] {
        close(protocol::closecodes::AuthenticationFailed, u"authentication timed out"_s);
    });
    if (!m_authenticated && !m_closing)
        m_authDeadline.start(m_options.authTimeout);
}

void ClientConnection::checkHeartbeat()
{
    if (m_closing)
        return;
    if (m_sinceHeard.elapsed() > m_options.idleTimeout.count()) {
        qCInfo(lcSocket) << "dropping" << m_principal.user.username << "after"
                         << m_sinceHeard.elapsed() << "ms of silence";
        m_closing = true;
        m_socket->abort();
        return;
    }
    m_socket->ping();
    // Sessions also end outside this process (`chatd user disable` works on the database
    // file), where no hub can tell this socket: it looks for itself, once a heartbeat.
    if (m_authenticated) {
        auto state = m_auth.sessionState(m_principal);
        if (state && state.value() == AuthService::SessionState::Ended) {
            qCInfo(lcSocket) << "closing a socket of" << m_principal.user.username
                             << ": its session ended";
            close(protocol::closecodes::SessionRevoked, u"the session ended"_s);
        } else if (state && state.value() == AuthService::SessionState::Expired) {
            qCInfo(lcSocket) << "closing a socket of" << m_principal.user.username
                             << ": its session expired";
            close(protocol::closecodes::SessionExpired, u"the session expired; log in again"_s);
        }
    }
}

std::optional<qint64> ClientConnection::cursorFromUpgradeRequest() const
{
    const QUrlQuery query(m_socket->requestUrl());
    if (!query.hasQueryItem(u"after"_s))
        return std::nullopt;
    // A malformed cursor (anything but plain decimal digits, PROTOCOL.md §6.8) is treated
    // as unknown, and so is one past 64 bits: the client is told to resync.
    const auto after = parsePlainDecimal(query.queryItemValue(u"after"_s, QUrl::FullyDecoded));
    return after ? after->value : std::numeric_limits<qint64>::max();
}

ClientConnection::~ClientConnection()
{
    // The socket outlives our other members (it is declared first) and emits
    // disconnected() as it goes: nothing of ours may run then.
    m_socket->disconnect(this);
    detachUser();
}

void ClientConnection::attachUser()
{
    m_authenticated = true;
    m_shared.caps.addUser(m_principal.user.id);
    m_shared.budget.add(m_principal.user.id, this);
    m_hub.attach(this);
}

void ClientConnection::detachUser()
{
    if (!m_authenticated)
        return;
    m_authenticated = false;
    m_hub.detach(this);
    m_shared.caps.removeUser(m_principal.user.id);
    m_shared.budget.remove(m_principal.user.id, this);
}

qint64 ClientConnection::queuedBytes() const
{
    // Over TLS, QWebSocket's count stops at what OpenSSL took; the encrypted rest waits
    // in the TLS socket.
    return m_socket->bytesToWrite() + (m_tls ? m_tls->encryptedBytesToWrite() : 0);
}

qint64 ClientConnection::unreadAfterFlush()
{
    // A burst written in one turn of the event loop (a batch's acks, a fan-out) waits in
    // Qt's buffer only until the loop hands it to the kernel, however fast the peer
    // reads. Handed over now, what is left is what the peer has not read.
    m_socket->flush();
    return queuedBytes();
}

void ClientConnection::cutOff(ServerMetrics::SocketLimit limit, qint64 queued)
{
    if (m_closing)
        return;
    m_metrics.countSocketLimit(limit);
    // Many sockets can fall behind at once (a stalled network): one line per interval.
    static LogThrottle throttle;
    if (int suppressed = 0; throttle.allow(suppressed)) {
        qCWarning(lcSocket).nospace()
            << "disconnecting a socket of " << m_principal.user.username
            << " that stopped reading: " << queued << " bytes queued, over the "
            << (limit == ServerMetrics::SocketLimit::QueuedBytes ? "socket's" : "user's")
            << " bound (" << suppressed << " more like it not logged)";
    }
    m_closing = true;
    m_socket->abort();
}

QString ClientConnection::tokenFromUpgradeRequest() const
{
    // A header of the Bearer scheme wins, even with an empty token (the socket then waits
    // for an auth frame): PROTOCOL.md §6.2. The HTTP layer trims the value, so
    // "Bearer " arrives as "Bearer".
    const QByteArray header = m_socket->request().rawHeader("Authorization");
    if (header == "Bearer" || header.startsWith("Bearer "))
        return QString::fromLatin1(header.mid(6).trimmed());
    return QUrlQuery(m_socket->requestUrl()).queryItemValue(u"access_token"_s);
}

void ClientConnection::send(const frames::ServerFrame &frame)
{
    deliver(frames::encode(frame));
}

void ClientConnection::deliver(const QString &encodedFrame)
{
    if (m_closing)
        return;
    // QWebSocket queues without limit; a peer that stops reading must not grow our memory.
    // It is cut off and catches up from history when it reconnects.
    if (queuedBytes() > m_options.maxQueuedBytes && unreadAfterFlush() > m_options.maxQueuedBytes) {
        cutOff(ServerMetrics::SocketLimit::QueuedBytes, queuedBytes());
        return;
    }
    // The same for all of the user's sockets together: the one holding most goes, which
    // may be another than this one (then this frame is still sent).
    if (m_authenticated) {
        const qint64 incoming = encodedFrame.size(); // UTF-16 units: close enough to bytes
        ClientConnection *slowest = m_shared.budget.overBudget(userId(), incoming);
        if (slowest) {
            slowest->unreadAfterFlush();
            slowest = m_shared.budget.overBudget(userId(), incoming);
        }
        if (slowest) {
            slowest->cutOff(ServerMetrics::SocketLimit::QueuedBytesPerUser, slowest->queuedBytes());
            if (slowest == this)
                return;
        }
    }
    m_socket->sendTextMessage(encodedFrame);
}

void ClientConnection::close(int closeCode, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_authDeadline.stop();
    m_socket->close(QWebSocketProtocol::CloseCode(closeCode), reason);
}

void ClientConnection::revoke()
{
    close(protocol::closecodes::SessionRevoked, u"the session was logged out"_s);
}

void ClientConnection::onBinaryMessage()
{
    sendError(
        {}, Error { ErrorCode::BadRequest, u"frames are JSON text; binary is not accepted"_s });
}

void ClientConnection::onTextMessage(const QString &text)
{
    m_sinceHeard.restart();
    if (m_closing)
        return;
    QString requestId;
    auto frame = frames::decodeClientFrame(text, &requestId);
    if (!frame) {
        sendError(requestId, frame.error());
        return;
    }
    handle(frame.value());
}

void ClientConnection::authenticateWith(const QString &token, std::optional<qint64> after)
{
    auto principal = m_auth.authenticate(token);
    if (!principal) {
        // Tell the client why in a frame (the close reason is easily lost), then close.
        sendError({}, principal.error());
        close(protocol::closecodes::AuthenticationFailed, principal.error().message);
        return;
    }
    m_authDeadline.stop();
    if (!m_shared.caps.admitsUser(principal->user.id)) {
        refuseOverCap(principal->user);
        return;
    }
    m_principal = principal.value();
    // Attach before reading what was missed: both happen in this one turn of the event
    // loop, so every message is either in the replay or published to us afterwards.
    attachUser();
    qCDebug(lcSocket) << "socket authenticated as" << m_principal.user.username;
    replayAndGoLive(after);
    Q_EMIT authenticated();
}

void ClientConnection::replayAndGoLive(std::optional<qint64> after)
{
    auto resume = m_resume.resume(m_principal.user.id, after);
    if (!resume) {
        qCWarning(lcSocket) << "cannot resume" << m_principal.user.username << ":"
                            << resume.error().message;
        close(QWebSocketProtocol::CloseCodeBadOperation, u"server error"_s);
        return;
    }
    for (const Store::TimelineItem &item : std::as_const(resume->replay)) {
        if (const auto *message = std::get_if<Message>(&item))
            send(frames::MessageEvent { *message });
        else
            send(frames::UpdateEvent { std::get<MessageUpdate>(item) });
    }
    // The wire still calls the cursor `position` (frames::Ready).
    send(frames::Ready { .protocol = protocol::Version,
        .user = m_principal.user,
        .cursor = resume->cursor,
        .resync = resume->resync });
}

void ClientConnection::handle(const frames::ClientFrame &frame)
{
    if (const auto *auth = std::get_if<frames::Auth>(&frame)) {
        if (m_authenticated) {
            sendError(
                {}, Error { ErrorCode::BadRequest, u"the socket is already authenticated"_s });
            return;
        }
        authenticateWith(auth->token, auth->after);
        return;
    }
    if (!m_authenticated) {
        sendError(
            {}, Error { ErrorCode::Unauthenticated, u"authenticate first: send an auth frame"_s });
        close(protocol::closecodes::AuthenticationFailed, u"not authenticated"_s);
        return;
    }
    if (const auto *ping = std::get_if<frames::Ping>(&frame)) {
        send(frames::Pong { ping->requestId });
        return;
    }
    if (handleAwareness(frame) || handleAction(frame))
        return;
    if (const auto *sendFrame = std::get_if<frames::Send>(&frame)) {
        // Answered after the group commit; by then this connection may be gone.
        QPointer<ClientConnection> self(this);
        m_chat.send(m_principal.user, sendFrame->request, id(),
            [self, requestId = sendFrame->requestId](Result<Store::StoredMessage> outcome) {
                if (!self)
                    return;
                if (!outcome)
                    self->sendError(requestId, outcome.error());
                else
                    self->send(frames::Ack { requestId, outcome->message, !outcome->created });
            });
    }
}

bool ClientConnection::handleAwareness(const frames::ClientFrame &frame)
{
    // None of these is acknowledged: success shows as its effect; failure as an error.
    const User &user = m_principal.user;
    auto answer = [this](const QString &requestId, const Status &status) {
        if (!status)
            sendError(requestId, status.error());
        return true;
    };
    if (const auto *read = std::get_if<frames::Read>(&frame)) {
        return answer(
            read->requestId, m_awareness.markRead(user, read->conversationId, read->upTo, id()));
    }
    if (const auto *delivered = std::get_if<frames::Delivered>(&frame)) {
        return answer(delivered->requestId,
            m_awareness.markDelivered(user, delivered->conversationId, delivered->upTo));
    }
    if (const auto *typing = std::get_if<frames::Typing>(&frame))
        return answer(typing->requestId, m_awareness.typing(user, typing->conversationId));
    return false;
}

bool ClientConnection::handleAction(const frames::ClientFrame &frame)
{
    // Stored and committed before answering, like a REST change.
    const User &user = m_principal.user;
    auto answer = [this](const QString &requestId, const Result<Store::StoredUpdate> &stored) {
        if (!stored)
            sendError(requestId, stored.error());
        else
            send(frames::ActionAck { requestId, stored->update, !stored->created });
        return true;
    };
    if (const auto *edit = std::get_if<frames::Edit>(&frame))
        return answer(edit->requestId, m_actions.edit(user, edit->request, id()));
    if (const auto *deletion = std::get_if<frames::Delete>(&frame))
        return answer(deletion->requestId, m_actions.remove(user, deletion->request, id()));
    if (const auto *react = std::get_if<frames::React>(&frame))
        return answer(react->requestId, m_actions.react(user, react->request, id()));
    return false;
}

void ClientConnection::sendError(const QString &requestId, const Error &error)
{
    // Every refusal of a frame passes here; the metrics keep those for bad input.
    m_metrics.countRejected(ServerMetrics::Transport::WebSocket, error.code);
    send(frames::ErrorFrame { requestId, error });
}

void ClientConnection::refuseOverCap(const User &user)
{
    m_metrics.countSocketLimit(ServerMetrics::SocketLimit::SocketsPerUser);
    static LogThrottle throttle;
    if (int suppressed = 0; throttle.allow(suppressed)) {
        qCWarning(lcSocket).nospace()
            << "refused a socket of " << user.username << ": " << m_shared.caps.limits().perUser
            << " already open (" << suppressed << " more refusals not logged)";
    }
    const Error error { ErrorCode::LimitExceeded,
        u"too many sockets of this user are open (at most %1)"_s.arg(
            m_shared.caps.limits().perUser) };
    sendError({}, error);
    close(protocol::closecodes::TooManySockets, u"too many sockets"_s);
}

} // namespace chat::server
