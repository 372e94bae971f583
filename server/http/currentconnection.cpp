#include "currentconnection.h"

namespace chat::server {

namespace {
thread_local QPointer<QTcpSocket> current;
} // namespace

QPointer<QTcpSocket> CurrentConnection::socket()
{
    return current;
}

void CurrentConnection::set(QTcpSocket *socket)
{
    current = socket;
}

void CurrentConnection::clear()
{
    current.clear();
}

} // namespace chat::server
