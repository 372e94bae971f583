#pragma once

#include <server/http/connectionlimiter.h>
#include <server/http/httplimits.h>
#include <server/http/httprefusal.h>

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>

#include <functional>

class QSslSocket;

namespace chat::server {

//! The QTcpServer under QHttpServer (ChatServer::start() listens on it, then bind()s it):
//! the one place that sees every accepted socket before QHttpServer does. QHttpServer 6.4
//! takes a socket the moment it is added to the pending queue (it listens to
//! pendingConnectionAvailable), so a newConnection handler would come too late; what
//! must hold from the first byte is set up here, in incomingConnection():
//!
//! - the connection caps (ConnectionLimiter): a connection over them is answered 503 and
//!   closed at once, and never reaches QHttpServer;
//! - an HttpConnectionGuard on each socket it accepts (header and body caps, the request
//!   gate, timeouts; see there);
//! - TCP_NODELAY (LowDelayOption). Without it Nagle's algorithm holds a small write back
//!   while an earlier segment on that socket is unacknowledged, and the peer may be
//!   delaying its ACK (up to 40 ms on Linux): bench_groupfanout saw such 40 ms stalls.
//!   The server writes whole responses and frames, so sending each at once costs nothing.
//!
//! It also counts the connections open (for /metrics): each accepted socket until it is
//! deleted, whether it serves HTTP or was upgraded to a WebSocket (which keeps it).
class TlsHandshake;

class TcpListener : public QTcpServer
{
    Q_OBJECT
public:
    //! Told of each refusal (to count it); the listener logs it too.
    using RefusalObserver = std::function<void(HttpRefusal)>;

    explicit TcpListener(HttpLimits limits = {}, QObject *parent = nullptr);

    void setRefusalObserver(RefusalObserver observer) { m_observer = std::move(observer); }
    //! The caps in force (the total one derived from the open-file limit if not set).
    [[nodiscard]] const ConnectionLimiter &limiter() const { return m_limiter; }

    //! Accepted connections whose socket still exists (a walk of them: for scrapes).
    [[nodiscard]] qsizetype openConnections();
    //! The TLS socket of the accepted connection from `peer`:`port`, or null (not TLS, or
    //! gone). QWebSocket does not show the socket it was upgraded from; this does.
    [[nodiscard]] QSslSocket *tlsSocketOf(const QHostAddress &peer, quint16 port) const;
    //! Serve TLS: each accepted socket is a QSslSocket that `tls` (a child of ours from
    //! now) hands to the pending queue once its handshake is done.
    void setTlsHandshake(TlsHandshake *tls);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void refused(HttpRefusal refusal, const QHostAddress &peer);
    //! Puts the guard on a connection (encrypted already, if TLS) and gives it to
    //! QHttpServer.
    void serve(QTcpSocket *socket, ConnectionLimiter::Ticket ticket);
    //! Drops the deleted sockets from m_accepted.
    void sweep();

    HttpLimits m_limits;
    ConnectionLimiter m_limiter;
    RefusalObserver m_observer;
    RefusalLog m_log;
    //! The sockets accepted; a deleted one is null until the next sweep().
    QList<QPointer<QTcpSocket>> m_accepted;
    //! The TLS ones among them by their peer, swept with m_accepted.
    QHash<std::pair<QHostAddress, quint16>, QPointer<QSslSocket>> m_tlsByPeer;
    qsizetype m_sweptSize = 0;
    TlsHandshake *m_tls = nullptr;
};

} // namespace chat::server
