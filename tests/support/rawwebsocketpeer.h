#pragma once

#include <QList>
#include <QTcpSocket>
#include <QUrl>

namespace chat::test {

//! A misbehaving WebSocket peer for tests: it performs the upgrade handshake by hand and
//! then does nothing at all. It never answers pings (a dead link), and with a tiny read
//! buffer it stops reading (a slow consumer), which plain QWebSocket cannot be made to do.
class RawWebSocketPeer : public QObject
{
    Q_OBJECT
public:
    explicit RawWebSocketPeer(QObject *parent = nullptr);

    //! Connects and upgrades, authenticating with `token` in the Authorization header;
    //! true once the server answered 101. With `stopReading`, the socket reads nothing
    //! more after that, so the server's data piles up on its side.
    bool upgrade(const QUrl &webSocketUrl, const QString &token, bool stopReading);
    //! The same with further header lines ("Origin: ..."), and no Authorization header
    //! when `token` is null. The whole answer stays in handshakeResponse().
    bool upgrade(const QUrl &webSocketUrl, const QString &token, bool stopReading,
        const QList<QByteArray> &headerLines);
    //! The server's answer to the upgrade request: status line and headers.
    [[nodiscard]] QByteArray handshakeResponse() const { return m_response; }

    struct Frame
    {
        int opcode = -1; //!< 1 text, 2 binary, 8 close, 9 ping, 10 pong; -1: none came.
        QByteArray payload;
    };
    //! Sends one unfragmented frame, masked as a client must.
    void sendFrame(int opcode, const QByteArray &payload);
    //! Waits for the next frame from the server (an unmasked one, up to 64 KiB).
    Frame readFrame(int timeoutMs = 10000);
    //! Waits until the server drops the connection (reading again, to notice it).
    bool waitForDrop(int timeoutMs = 20000);
    [[nodiscard]] bool isConnected() const;

private:
    QTcpSocket m_socket;
    QByteArray m_response;
    QByteArray m_unread; //!< Bytes read past the handshake, not yet taken as frames.
    bool m_dropped = false;
};

} // namespace chat::test
