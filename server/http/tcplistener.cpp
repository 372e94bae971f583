#include "tcplistener.h"

#include <server/logging.h>
#include <server/tls/tlshandshake.h>

#include <QSslSocket>
#include <QTcpSocket>

#include <unistd.h>

namespace chat::server {

TcpListener::TcpListener(QObject *parent)
    : QTcpServer(parent)
{ }

void TcpListener::incomingConnection(qintptr socketDescriptor)
{
    // What QTcpServer::incomingConnection() does, with the options set in between.
    QTcpSocket *socket = m_tls ? m_tls->newSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcHttp) << "cannot take an accepted connection:" << socket->errorString();
        delete socket;
        ::close(int(socketDescriptor)); // Not the socket's: it failed to adopt it.
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Counted through a QPointer, not the socket's destroyed() signal: QHttpServer
    // disconnects every signal of a socket it upgrades to a WebSocket. Swept here too
    // (when the list has doubled: amortised constant time), so that a server nobody
    // scrapes keeps no trace of closed connections.
    if (m_accepted.size() >= 2 * m_sweptSize + 64)
        sweep();
    m_accepted.append(socket);
    if (m_tls) {
        m_tls->start(static_cast<QSslSocket *>(socket),
            [this](QSslSocket *encrypted) { addPendingConnection(encrypted); });
        return;
    }
    addPendingConnection(socket);
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

void TcpListener::sweep()
{
    m_accepted.removeIf([](const QPointer<QTcpSocket> &socket) { return socket.isNull(); });
    m_sweptSize = m_accepted.size();
}

} // namespace chat::server
