#pragma once

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
    //! Waits until the server drops the connection (reading again, to notice it).
    bool waitForDrop(int timeoutMs = 20000);
    [[nodiscard]] bool isConnected() const;

private:
    QTcpSocket m_socket;
    bool m_dropped = false;
};

} // namespace chat::test
