#include "tcplistener.h"

#include <server/http/handshakefilter.h>
#include <server/http/httpconnectionguard.h>
#include <server/logging.h>

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
    // What QTcpServer::incomingConnection() does, with the options and the guard set up in
    // between. It also keeps the CORS headers out of the 101 of a WebSocket upgrade (see there).
    auto *socket = new http::HandshakeFilter<QTcpSocket>(this);
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
        socket->write(httpRefusalResponse(refusal));
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
        return;
    }

    auto *guard = new HttpConnectionGuard(socket, m_limits, std::move(ticket),
        [this](HttpRefusal refusal, const QHostAddress &from) { refused(refusal, from); });

    // Counted through a QPointer, not the socket's destroyed() signal: QHttpServer
    // disconnects every signal of a socket it upgrades to a WebSocket. Swept here too
    // (when the list has doubled: amortised constant time), so that a server nobody
    // scrapes keeps no trace of closed connections.
    if (m_accepted.size() >= 2 * m_sweptSize + 64)
        sweep();
    m_accepted.append(socket);
    addPendingConnection(socket);
    guard->attachAfterServer();
}

void TcpListener::refused(HttpRefusal refusal, const QHostAddress &peer)
{
    m_log.note(refusal, peer);
    if (m_observer)
        m_observer(refusal);
}

qsizetype TcpListener::openConnections()
{
    sweep();
    return m_accepted.size();
}

void TcpListener::sweep()
{
    m_accepted.removeIf([](const QPointer<QTcpSocket> &socket) { return socket.isNull(); });
    m_sweptSize = m_accepted.size();
}

} // namespace chat::server
