#pragma once

#include <server/metrics/servermetrics.h>
#include <server/socket/socketcaps.h>
#include <shared/jsoncodec.h>
#include <shared/result.h>

#include <QHash>
#include <QHostAddress>
#include <QMultiHash>
#include <QObject>

#include <memory>

class QHttpServer;

namespace chat::server {
class TcpListener;
class WebSocketApi;
} // namespace chat::server

namespace chat::bench {

class RelayConnection;

//! The ceiling reference: what chatd does for a message minus the store. The same socket
//! edge (chatd's TcpListener, with its connection guard and TCP_NODELAY, under QHttpServer,
//! and chatd's WebSocket upgrade route), the same codec (frames and JSON of shared/), and
//! only what bench_load uses: register and login take anyone and hand out a token, opening
//! a direct conversation gives an id, a socket authenticates with its token and gets
//! `ready`, and a `send` is checked (frame, membership, body), numbered from a counter
//! and answered with an `ack` and a `message` to the other member, both encoded once.
//! Nothing is stored, so nothing waits for a disk.
class RelayServer : public QObject
{
public:
    RelayServer();
    ~RelayServer() override;

    [[nodiscard]] Result<quint16> listen(const QHostAddress &address, quint16 port);

    // For RelayConnection.
    [[nodiscard]] std::optional<User> userOfToken(const QString &token) const;
    void attach(RelayConnection *connection);
    void detach(RelayConnection *connection);
    //! Stores nothing: numbers the message, acks it to `sender` and sends it to the others.
    void relay(RelayConnection &sender, const QString &requestId, const json::SendRequest &request);

private:
    void registerRoutes();
    void acceptWebSockets();
    //! The user of this name, made on first use (ids from a counter).
    User userNamed(const QString &username);
    //! The direct conversation of two users, made on first use.
    Conversation directBetween(const User &a, const User &b, bool *created);

    std::unique_ptr<QHttpServer> m_http;
    server::TcpListener *m_listener = nullptr; // owned by m_http
    server::ServerMetrics m_metrics;
    server::SocketCaps m_caps;
    std::unique_ptr<server::WebSocketApi> m_webSocketApi;

    QHash<QString, User> m_usersByName; //!< By lower-case name.
    QHash<QString, User> m_usersByToken;
    QHash<std::pair<qint64, qint64>, Conversation> m_directs; //!< By (lower id, higher id).
    QHash<qint64, QList<qint64>> m_members; //!< Member ids by conversation.
    QMultiHash<qint64, RelayConnection *> m_online; //!< Authenticated sockets by user.
    qint64 m_lastUserId = 0;
    qint64 m_lastConversationId = 0;
    qint64 m_lastMessageId = 0;
};

} // namespace chat::bench
