#pragma once

#include <QList>
#include <QPointer>
#include <QTcpServer>

namespace chat::server {

//! The QTcpServer under QHttpServer (ChatServer::start() listens on it, then bind()s it):
//! the one place that sees every accepted socket before QHttpServer does. QHttpServer 6.4
//! takes a socket the moment it is added to the pending queue (it listens to
//! pendingConnectionAvailable), so a newConnection handler would come too late; options
//! that must hold from the first byte are set here, in incomingConnection().
//!
//! Today that is TCP_NODELAY (LowDelayOption). Without it Nagle's algorithm holds a small
//! write back while an earlier segment on that socket is unacknowledged, and the peer may
//! be delaying its ACK (up to 40 ms on Linux): bench_groupfanout saw such 40 ms stalls.
//! The server writes whole responses and frames, so sending each at once costs nothing.
//!
//! It also counts the connections open (for /metrics): each accepted socket until it is
//! deleted, whether it serves HTTP or was upgraded to a WebSocket (which keeps it).
class TlsHandshake;

class TcpListener : public QTcpServer
{
    Q_OBJECT
public:
    explicit TcpListener(QObject *parent = nullptr);

    //! Accepted connections whose socket still exists (a walk of them: for scrapes).
    [[nodiscard]] qsizetype openConnections();
    //! Serve TLS: each accepted socket is a QSslSocket that `tls` (a child of ours from
    //! now) hands to the pending queue once its handshake is done.
    void setTlsHandshake(TlsHandshake *tls);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    //! Drops the deleted sockets from m_accepted.
    void sweep();

    //! The sockets accepted; a deleted one is null until the next sweep().
    QList<QPointer<QTcpSocket>> m_accepted;
    qsizetype m_sweptSize = 0;
    TlsHandshake *m_tls = nullptr;
};

} // namespace chat::server
