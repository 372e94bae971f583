#include "tcplistener.h"

#include <server/http/handshakefilter.h>
#include <server/http/httpconnectionguard.h>
#include <server/logging.h>
#include <server/tls/tlshandshake.h>

#include <QSslSocket>
#include <QTcpSocket>

#include <unistd.h>

namespace chat::server {

namespace {

int totalCap(const HttpLimits &limits)
{
    return limits.maxConnections > 0
        ? limits.maxConnections
        : ConnectionLimiter::derivedTotal(ConnectionLimiter::openFileLimit());
}

} // namespace

TcpListener::TcpListener(HttpLimits limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_limiter(limits.maxConnectionsPerAddress, totalCap(limits))
{ }

void TcpListener::incomingConnection(qintptr socketDescriptor)
{
    // What QTcpServer::incomingConnection() does, with the options, the TLS handshake and
    // the guard set up in between. The socket also keeps the CORS headers out of the 101
    // of a WebSocket upgrade (HandshakeFilter).
    QTcpSocket *socket = nullptr;
    if (m_tls) {
        auto *tlsSocket = new http::HandshakeFilter<QSslSocket>(this);
        m_tls->configure(tlsSocket);
        socket = tlsSocket;
    } else {
        socket = new http::HandshakeFilter<QTcpSocket>(this);
    }
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcHttp) << "cannot take an accepted connection:" << socket->errorString();
        delete socket;
        ::close(int(socketDescriptor)); // Not the socket's: it failed to adopt it.
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);

    const QHostAddress peer = socket->peerAddress();
    ConnectionLimiter::Ticket ticket;
    const auto verdict = m_limiter.tryAccept(peer, ticket);
    if (verdict != ConnectionLimiter::Verdict::Accepted) {
        // Closed at once, never shown to QHttpServer: a 503 first, as a courtesy (what
        // the peer sent is not read).
        const HttpRefusal refusal = verdict == ConnectionLimiter::Verdict::TooManyFromAddress
            ? HttpRefusal::TooManyFromAddress
            : HttpRefusal::TooManyInTotal;
        refused(refusal, peer);
        // A plain HTTP client gets a 503 as a courtesy; a TLS client could not read one
        // before its handshake, so it is just closed.
        if (!m_tls)
            socket->write(httpRefusalResponse(refusal));
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
        return;
    }

    // Counted through a QPointer, not the socket's destroyed() signal: QHttpServer
    // disconnects every signal of a socket it upgrades to a WebSocket. Swept here too
    // (when the list has doubled: amortised constant time), so that a server nobody
    // scrapes keeps no trace of closed connections.
    if (m_accepted.size() >= 2 * m_sweptSize + 64)
        sweep();
    m_accepted.append(socket);
    if (m_tls) {
        m_tlsByPeer.insert({ peer, socket->peerPort() }, static_cast<QSslSocket *>(socket));
        // The guard starts once the connection is encrypted: it must see HTTP bytes only
        // (its request timeout then counts from the end of the handshake, which has a
        // timeout of its own). The ticket waits with the socket: a failed handshake
        // deletes the socket and this callback with it, and so frees its place.
        auto held = std::make_shared<ConnectionLimiter::Ticket>(std::move(ticket));
        m_tls->start(static_cast<QSslSocket *>(socket),
            [this, held](QSslSocket *encrypted) { serve(encrypted, std::move(*held)); });
        return;
    }
    serve(socket, std::move(ticket));
}

void TcpListener::serve(QTcpSocket *socket, ConnectionLimiter::Ticket ticket)
{
    // The guard reads each readyRead before QHttpServer (connected first) and after it
    // (attachAfterServer), which is what lets it hand QHttpServer one request at a time.
    auto *guard = new HttpConnectionGuard(socket, m_limits, std::move(ticket),
        [this](HttpRefusal refusal, const QHostAddress &from) { refused(refusal, from); });
    addPendingConnection(socket);
    guard->attachAfterServer();
}

void TcpListener::refused(HttpRefusal refusal, const QHostAddress &peer)
{
    m_log.note(refusal, peer);
    if (m_observer)
        m_observer(refusal);
}

void TcpListener::setTlsHandshake(TlsHandshake *tls)
{
    tls->setParent(this);
    m_tls = tls;
}

qsizetype TcpListener::openConnections()
{
    sweep();
    return m_accepted.size();
}

QSslSocket *TcpListener::tlsSocketOf(const QHostAddress &peer, quint16 port) const
{
    return m_tlsByPeer.value({ peer, port });
}

void TcpListener::sweep()
{
    m_accepted.removeIf([](const QPointer<QTcpSocket> &socket) { return socket.isNull(); });
    m_tlsByPeer.removeIf([](const auto &entry) { return entry.value().isNull(); });
    m_sweptSize = m_accepted.size();
}

} // namespace chat::server
