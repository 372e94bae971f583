#include "tcplistener.h"

#include <server/logging.h>

#include <QTcpSocket>

#include <unistd.h>

namespace chat::server {

TcpListener::TcpListener(QObject *parent)
    : QTcpServer(parent)
{ }

void TcpListener::incomingConnection(qintptr socketDescriptor)
{
    // What QTcpServer::incomingConnection() does, with the options set in between.
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcHttp) << "cannot take an accepted connection:" << socket->errorString();
        delete socket;
        ::close(int(socketDescriptor)); // Not the socket's: it failed to adopt it.
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    ++m_openConnections;
    connect(socket, &QObject::destroyed, this, [this] { --m_openConnections; });
    addPendingConnection(socket);
}

} // namespace chat::server
