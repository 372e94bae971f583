#include "rawwebsocketpeer.h"

#include <QRandomGenerator>
#include <QTest>

namespace chat::test {

RawWebSocketPeer::RawWebSocketPeer(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_dropped = true; });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] { m_dropped = true; });
}

bool RawWebSocketPeer::upgrade(const QUrl &webSocketUrl, const QString &token, bool stopReading)
{
    // A small kernel receive window makes the server's side fill up quickly.
    m_socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    m_socket.connectToHost(webSocketUrl.host(), quint16(webSocketUrl.port()));
    if (!m_socket.waitForConnected(10000))
        return false;
    QByteArray key(16, Qt::Uninitialized);
    for (char &c : key)
        c = char(QRandomGenerator::global()->bounded(256));
    m_socket.write("GET " + webSocketUrl.path().toLatin1() + " HTTP/1.1\r\n"
        + "Host: " + webSocketUrl.authority().toLatin1() + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n" + "Sec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: " + key.toBase64() + "\r\n" + "Authorization: Bearer "
        + token.toLatin1() + "\r\n\r\n");
    QByteArray response;
    const bool upgraded = QTest::qWaitFor(
        [&] {
            // Read only the handshake's header: what follows stays unread.
            while (!response.endsWith("\r\n\r\n") && m_socket.bytesAvailable() > 0)
                response += m_socket.read(1);
            return response.endsWith("\r\n\r\n") || m_dropped;
        },
        10000);
    if (stopReading) {
        // Qt would otherwise keep draining the kernel into its own buffer.
        m_socket.setReadBufferSize(1);
    }
    return upgraded && response.startsWith("HTTP/1.1 101");
}

bool RawWebSocketPeer::waitForDrop(int timeoutMs)
{
    // A socket that does not read never sees the server's reset either: read (and
    // discard) again until the end of the stream shows.
    m_socket.setReadBufferSize(0);
    return QTest::qWaitFor(
        [this] {
            m_socket.readAll();
            return m_dropped;
        },
        timeoutMs);
}

bool RawWebSocketPeer::isConnected() const
{
    return !m_dropped && m_socket.state() == QAbstractSocket::ConnectedState;
}

} // namespace chat::test
