#include "httpconnectionguard.h"

#include <server/http/currentconnection.h>
#include <server/logging.h>

#include <QSslSocket>
#include <QTcpSocket>

#include <sys/socket.h>

namespace chat::server {

namespace {

//! The socket's own read buffer: what it may read ahead of the guard. Small, so that a
//! connection the guard stops reading holds little and its peer is held back by TCP.
constexpr qint64 SocketReadBufferBytes = 32 * 1024;

} // namespace

HttpConnectionGuard::HttpConnectionGuard(QTcpSocket *socket, const HttpLimits &limits,
    ConnectionLimiter::Ticket ticket, RefusalObserver observer)
    : QObject(socket)
    , m_socket(socket)
    , m_tls(qobject_cast<QSslSocket *>(socket))
    , m_limits(limits)
    , m_ticket(std::move(ticket))
    , m_observer(std::move(observer))
    , m_framing(limits.maxHeaderBytes, limits.maxBodyBytes)
{
    m_socket->setReadBufferSize(SocketReadBufferBytes);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnectionGuard::timedOut);
    connect(m_socket, &QIODevice::readyRead, this, &HttpConnectionGuard::beforeServerRead);
    connect(m_socket, &QIODevice::bytesWritten, this, &HttpConnectionGuard::bytesWritten);
    // A TLS socket says bytesWritten once OpenSSL took the plain bytes; what is still
    // unsent then is encrypted, and moves on with encryptedBytesWritten.
    if (m_tls) {
        connect(m_tls, &QSslSocket::encryptedBytesWritten, this, [this] { bytesWritten(0); });
    }
    // The first request must come whole within the request timeout of the connection.
    m_requestClock.start();
    rearm();
}

HttpConnectionGuard::~HttpConnectionGuard()
{
    if (CurrentConnection::socket() == m_socket)
        CurrentConnection::clear();
}

void HttpConnectionGuard::attachAfterServer()
{
    connect(m_socket, &QIODevice::readyRead, this, &HttpConnectionGuard::afterServerRead);
}

qint64 HttpConnectionGuard::outputSoFar() const
{
    return m_flushed + m_socket->bytesToWrite();
}

qint64 HttpConnectionGuard::unsent() const
{
    return m_socket->bytesToWrite() + (m_tls ? m_tls->encryptedBytesToWrite() : 0);
}

void HttpConnectionGuard::beforeServerRead()
{
    if (m_mode == Mode::Detached)
        return;
    // QHttpServer opens a read transaction on each readyRead and leaves it open when it
    // read nothing (all it is ever given is whole requests): end it, or the reads below
    // would stay in the buffer and ungetChar() would be refused.
    if (m_socket->isTransactionStarted())
        m_socket->rollbackTransaction();
    if (m_mode == Mode::Closing) {
        dropInput(); // Lingering: read and drop.
        return;
    }
    m_feedScheduled = false;
    drain();
    frame();
    if (mayFeed())
        feed();
    rearm();
}

void HttpConnectionGuard::afterServerRead()
{
    if (m_mode != Mode::Serving)
        return;
    CurrentConnection::clear();
    noteResponse();
    // Feeding may have made room: read on (the socket may have stopped reading when its
    // buffer was full, and would not say readyRead again).
    drain();
    frame();
    if (mayFeed())
        scheduleFeed();
    rearm();
}

void HttpConnectionGuard::bytesWritten(qint64 bytes)
{
    m_flushed += bytes;
    if (m_mode == Mode::Closing) {
        if (unsent() == 0)
            shutWriteSide();
        return;
    }
    if (m_mode != Mode::Serving)
        return;
    noteResponse();
    if (mayFeed())
        scheduleFeed();
    rearm();
}

void HttpConnectionGuard::noteResponse()
{
    // Written: the socket took output since the request was given (flushed or not).
    if (m_inFlight && outputSoFar() > m_outputAtFeed) {
        m_inFlight = false;
        m_servedOne = true;
    }
}

void HttpConnectionGuard::drain()
{
    const qint64 room = m_framing.maxRequestBytes() + 1 - m_held.size();
    if (room <= 0 || m_requestComplete || m_pendingRefusal || !m_socket->isOpen())
        return;
    // Asking for more than the buffer holds also re-enables the socket's read notifier.
    m_held.append(m_socket->read(room));
}

void HttpConnectionGuard::frame()
{
    if (m_requestComplete || m_pendingRefusal || m_framed >= m_held.size())
        return;
    const auto step = m_framing.feed(m_held.constData() + m_framed, m_held.size() - m_framed);
    m_framed += step.consumed;
    if (m_framing.started() && !m_requestClock.isValid())
        m_requestClock.start();
    using Status = HttpRequestFraming::Status;
    switch (step.status) {
    case Status::NeedMore:
        break;
    case Status::Complete:
        m_requestComplete = true;
        break;
    case Status::HeadersTooLarge:
        m_pendingRefusal = HttpRefusal::HeadersTooLarge;
        break;
    case Status::BodyTooLarge:
        m_pendingRefusal = HttpRefusal::BodyTooLarge;
        break;
    case Status::Malformed:
        m_pendingRefusal = HttpRefusal::Malformed;
        break;
    case Status::NotImplemented:
        m_pendingRefusal = HttpRefusal::NotImplemented;
        break;
    }
}

bool HttpConnectionGuard::mayFeed() const
{
    return m_mode == Mode::Serving && !m_inFlight && (m_requestComplete || m_pendingRefusal)
        && unsent() <= m_limits.maxPendingOutputBytes;
}

void HttpConnectionGuard::scheduleFeed()
{
    if (m_feedScheduled)
        return;
    m_feedScheduled = true;
    QMetaObject::invokeMethod(m_socket, &QIODevice::readyRead, Qt::QueuedConnection);
}

void HttpConnectionGuard::feed()
{
    if (m_pendingRefusal) {
        refuse(*m_pendingRefusal);
        return;
    }
    // An upgrade takes all that follows it too: those bytes are the WebSocket's.
    const bool upgrade = m_framing.isWebSocketUpgrade();
    QByteArray request;
    if (upgrade) {
        request = std::exchange(m_held, {});
    } else {
        request = m_held.left(m_framed);
        m_held.remove(0, m_framed);
    }
    m_framed = 0;
    m_requestComplete = false;
    m_framing.reset();
    m_requestClock.invalidate();
    for (qsizetype i = request.size() - 1; i >= 0; --i)
        m_socket->ungetChar(request.at(i));
    m_inFlight = true;
    m_outputAtFeed = outputSoFar();
    CurrentConnection::set(m_socket);
    if (upgrade)
        detach();
    // The rest of m_held (a pipelined request) is framed once this one is answered.
}

void HttpConnectionGuard::detach()
{
    // QHttpServer hands the socket to QWebSocketServer (and disconnects every signal of
    // it, ours too) or answers and closes it: the WebSocket layer has its own limits.
    m_mode = Mode::Detached;
    m_timer.stop();
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->setReadBufferSize(0);
    m_held.clear();
    m_held.squeeze();
    // Cleared once QHttpServer is done (our after-slot will not run any more).
    QMetaObject::invokeMethod(
        this, [] { CurrentConnection::clear(); }, Qt::QueuedConnection);
}

void HttpConnectionGuard::refuse(HttpRefusal refusal)
{
    m_observer(refusal, m_socket->peerAddress());
    m_mode = Mode::Closing;
    m_held.clear();
    m_held.squeeze();
    m_socket->write(httpRefusalResponse(refusal));
    dropInput();
    m_timer.start(LingerMs);
}

void HttpConnectionGuard::dropInput()
{
    // More than the buffer holds, so that the socket reads on (its read notifier is
    // re-enabled once the buffer is drained).
    if (m_socket->isOpen())
        m_socket->skip(m_socket->bytesAvailable() + SocketReadBufferBytes);
}

void HttpConnectionGuard::shutWriteSide()
{
    // All of the answer is with the kernel: send FIN after it, keep reading (and
    // dropping) until the peer closes or the linger time is up.
    // TLS ends with close_notify first: a TLS client that sees the connection end
    // without it may drop what it had decrypted but not yet handed on (QSslSocket does).
    if (m_tls) {
        m_tls->disconnectFromHost();
        return;
    }
    if (m_socket->socketDescriptor() != -1)
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
}

void HttpConnectionGuard::closeQuietly(HttpRefusal refusal)
{
    m_observer(refusal, m_socket->peerAddress());
    m_mode = Mode::Closing;
    m_timer.stop();
    m_socket->abort();
}

void HttpConnectionGuard::timedOut()
{
    if (m_mode == Mode::Closing) {
        m_socket->abort();
        return;
    }
    if (m_mode != Mode::Serving || m_inFlight)
        return;
    if (unsent() > 0) {
        closeQuietly(HttpRefusal::IdleTimeout); // Not reading its output.
        return;
    }
    if (m_framing.started() || m_pendingRefusal || m_requestComplete) {
        refuse(HttpRefusal::RequestTimeout);
        return;
    }
    closeQuietly(m_servedOne ? HttpRefusal::IdleTimeout : HttpRefusal::RequestTimeout);
}

void HttpConnectionGuard::rearm()
{
    using namespace std::chrono;
    if (m_mode != Mode::Serving)
        return;
    if (m_inFlight) {
        // Our own answer is due: no deadline for the peer meanwhile.
        m_timer.stop();
        return;
    }
    if (unsent() > 0) {
        // Output waits: the peer must read some within the idle time (restarted on each
        // bytesWritten, which calls here).
        m_timer.start(m_limits.idleTimeout);
        return;
    }
    if (m_requestClock.isValid()) {
        const auto left = m_limits.requestTimeout - milliseconds(m_requestClock.elapsed());
        m_timer.start(std::max(left, milliseconds(0)));
        return;
    }
    m_timer.start(m_limits.idleTimeout);
}

} // namespace chat::server
