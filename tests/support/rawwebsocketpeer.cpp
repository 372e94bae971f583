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
    return upgrade(webSocketUrl, token, stopReading, {});
}

bool RawWebSocketPeer::upgrade(const QUrl &webSocketUrl, const QString &token, bool stopReading,
    const QList<QByteArray> &headerLines)
{
    // A small kernel receive window makes the server's side fill up quickly.
    m_socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    m_socket.connectToHost(webSocketUrl.host(), quint16(webSocketUrl.port()));
    if (!m_socket.waitForConnected(10000))
        return false;
    QByteArray key(16, Qt::Uninitialized);
    for (char &c : key)
        c = char(QRandomGenerator::global()->bounded(256));
    QByteArray request = "GET " + webSocketUrl.path(QUrl::FullyEncoded).toLatin1()
        + (webSocketUrl.hasQuery() ? "?" + webSocketUrl.query(QUrl::FullyEncoded).toLatin1()
                                   : QByteArray())
        + " HTTP/1.1\r\n" + "Host: " + webSocketUrl.authority().toLatin1() + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n" + "Sec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: " + key.toBase64() + "\r\n";
    if (!token.isNull())
        request += "Authorization: Bearer " + token.toLatin1() + "\r\n";
    for (const QByteArray &line : headerLines)
        request += line + "\r\n";
    m_socket.write(request + "\r\n");
    m_response.clear();
    const bool answered = QTest::qWaitFor(
        [&] {
            // Read only the handshake's header: what follows stays unread.
            while (!m_response.endsWith("\r\n\r\n") && m_socket.bytesAvailable() > 0)
                m_response += m_socket.read(1);
            return m_response.endsWith("\r\n\r\n") || m_dropped;
        },
        10000);
    if (stopReading) {
        // Qt would otherwise keep draining the kernel into its own buffer.
        m_socket.setReadBufferSize(1);
    }
    return answered && m_response.startsWith("HTTP/1.1 101");
}

void RawWebSocketPeer::sendFrame(int opcode, const QByteArray &payload)
{
    QByteArray frame;
    frame += char(0x80 | opcode); // FIN
    if (payload.size() < 126) {
        frame += char(0x80 | payload.size());
    } else {
        frame += char(0x80 | 126);
        frame += char(payload.size() >> 8);
        frame += char(payload.size() & 0xff);
    }
    QByteArray mask(4, Qt::Uninitialized);
    for (char &c : mask)
        c = char(QRandomGenerator::global()->bounded(256));
    frame += mask;
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame += char(payload.at(i) ^ mask.at(i % 4));
    m_socket.write(frame);
}

RawWebSocketPeer::Frame RawWebSocketPeer::readFrame(int timeoutMs)
{
    Frame frame;
    const auto complete = [&] {
        m_unread += m_socket.readAll();
        if (m_unread.size() < 2)
            return false;
        qsizetype length = quint8(m_unread.at(1)) & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (m_unread.size() < 4)
                return false;
            length = (qsizetype(quint8(m_unread.at(2))) << 8) | quint8(m_unread.at(3));
            header = 4;
        }
        if (m_unread.size() < header + length)
            return false;
        frame.opcode = quint8(m_unread.at(0)) & 0x0f;
        frame.payload = m_unread.mid(header, length);
        m_unread.remove(0, header + length);
        return true;
    };
    if (!QTest::qWaitFor(complete, timeoutMs))
        return {};
    return frame;
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
