#pragma once

#include <server/http/httplimits.h>
#include <server/metrics/metricsaccess.h>
#include <server/services/authservice.h>
#include <server/services/awarenessservice.h>
#include <server/services/chatservice.h>
#include <server/services/conversationservice.h>
#include <server/services/groupservice.h>
#include <server/services/messageactionservice.h>
#include <server/store/postgres/connectionurl.h>
#include <shared/protocol.h>
#include <shared/result.h>

#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>

class QHttpServer;

namespace chat::server {

class AccountApi;
class ClientConnection;
class GroupApi;
class HealthApi;
class HealthService;
class SearchApi;
class SearchService;
class MessageActionApi;
class MetricsApi;
class OutputBudget;
class SocketCaps;
class WebSocketApi;
class HttpApi;
class LocalHub;
class Presence;
class ResumeService;
class ServerMetrics;
class TcpListener;
class Store;

//! HTTPS and WSS on the server's one port: on when a certificate is given.
struct TlsSettings
{
    QString certificatePath; //!< PEM: the server's certificate, then any intermediates.
    QString keyPath; //!< PEM: its private key, unencrypted.
    //! A peer that has not finished the TLS handshake after this long is closed.
    std::chrono::milliseconds handshakeTimeout = std::chrono::seconds(10);

    [[nodiscard]] bool enabled() const { return !certificatePath.isEmpty() || !keyPath.isEmpty(); }
};

//! Everything a server instance can be told. The defaults are the documented ones.
struct ServerConfig
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; //!< 0 picks a free port (see ChatServer::port()).
    QString databasePath; //!< The SQLite file; unused when `postgres` names a database.
    //! A PostgreSQL database (shared by several chatd nodes) instead of the file.
    std::optional<postgres::ConnectionUrl> postgres;
    AuthService::Options auth;
    ChatService::Options chat;
    MessageActionService::Options actions;
    AwarenessService::Options awareness;
    std::chrono::milliseconds authTimeout = std::chrono::seconds(10);
    qint64 maxQueuedBytes = 4 * 1024 * 1024; //!< Per socket, before a non-reader is cut off.
    //! All of one user's sockets together; past it the one holding most is cut off.
    qint64 maxQueuedBytesPerUser = 16 * 1024 * 1024;
    //! Authenticated WebSockets one user may have open at once (4004 past it).
    int maxSocketsPerUser = 32;
    //! WebSockets one remote address may have open at once (429 before the upgrade).
    int maxSocketsPerAddress = 64;
    //! Origins (scheme://host[:port], or "*") whose pages may open a WebSocket, besides
    //! requests without an Origin and the server's own address (http::OriginPolicy).
    QStringList allowedOrigins;
    //! Largest WebSocket message a peer may send: the protocol's limit unless set lower.
    qsizetype maxFrameBytes = protocol::limits::MaxFrameBytes;
    //! Most messages replayed to a reconnecting socket; further behind, it must resync.
    int maxReplayMessages = protocol::limits::MaxReplayMessages;
    std::chrono::milliseconds heartbeatInterval = std::chrono::seconds(10);
    //! Presence changes within this much of each other are announced once (coalescing).
    std::chrono::milliseconds presenceDelay = std::chrono::milliseconds(200);
    //! Members one group may have.
    int memberLimit = protocol::limits::DefaultMemberLimit;
    //! A socket silent this long (no frame, no pong) is dropped as dead.
    std::chrono::milliseconds idleTimeout = std::chrono::seconds(30);
    //! Who may read GET /metrics: by default this machine only.
    MetricsAccess metrics = MetricsAccess::Local;
    //! The guarded HTTP layer's caps and timeouts (header bytes, pending output,
    //! request and idle timeouts, connections per address and in total).
    HttpLimits http;
    TlsSettings tls;

    //! Opens `store` on the configured database: the PostgreSQL one, or else the file
    //! (made, with its directory, if missing).
    [[nodiscard]] Status openStore(Store &store) const;
    //! The database, for messages: the file's path, or the URL without its password.
    [[nodiscard]] QString databaseName() const;
};

//! A whole chat server on one port: the store, the services, the REST routes and the
//! WebSocket endpoint. Used by the chatd daemon and embedded in the desktop app.
class ChatServer : public QObject
{
    Q_OBJECT
public:
    explicit ChatServer(ServerConfig config, QObject *parent = nullptr);
    ~ChatServer() override;

    //! Opens the database and starts listening; returns the port. Fails with a message
    //! an operator can act on (port in use, database unreadable, a certificate and key
    //! that do not match, ...).
    [[nodiscard]] Result<quint16> start();
    //! Graceful stop: stops accepting, sends every socket "going away" and waits (up to
    //! `grace`) for the peers to close, then stops and emits stopped().
    void shutdown(std::chrono::milliseconds grace = std::chrono::seconds(3));
    //! Immediate stop: closes sockets and the database now.
    void stop();

    [[nodiscard]] bool isRunning() const { return m_http != nullptr; }
    [[nodiscard]] quint16 port() const { return m_port; }
    //! http://address:port (https:// with TLS), for clients in the same process (tests,
    //! the embedded server).
    [[nodiscard]] QUrl url() const;
    [[nodiscard]] const ServerConfig &config() const { return m_config; }
    [[nodiscard]] Store &store() { return *m_store; }
    //! The in-process hub (tests count a user's sockets on it).
    [[nodiscard]] LocalHub &hub() { return *m_hub; }
    [[nodiscard]] ChatService &chatService() { return *m_chat; }
    [[nodiscard]] AuthService &authService() { return *m_auth; }
    //! What this server counts (tests read its counters).
    [[nodiscard]] ServerMetrics &metrics() { return *m_metrics; }

Q_SIGNALS:
    void stopped();

private:
    void acceptWebSockets();
    void stopListening();
    void finishShutdown();
    void closeConnections(int closeCode, const QString &reason);

    ServerConfig m_config;
    //! Made first and dropped last: every part below counts into it.
    std::unique_ptr<ServerMetrics> m_metrics;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<LocalHub> m_hub;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<MessageWriter> m_writer;
    std::unique_ptr<ChatService> m_chat;
    std::unique_ptr<ResumeService> m_resume;
    std::unique_ptr<Presence> m_presence;
    std::unique_ptr<AwarenessService> m_awareness;
    std::unique_ptr<ConversationService> m_conversations;
    std::unique_ptr<GroupService> m_groups;
    std::unique_ptr<QHttpServer> m_http;
    TcpListener *m_listener = nullptr; //!< m_http's (its child), once listening.
    std::unique_ptr<GroupApi> m_groupApi;
    std::unique_ptr<SearchService> m_search;
    std::unique_ptr<MessageActionService> m_actions;
    std::unique_ptr<MessageActionApi> m_actionApi;
    std::unique_ptr<SearchApi> m_searchApi;
    std::unique_ptr<HealthService> m_health;
    std::unique_ptr<HealthApi> m_healthApi;
    std::unique_ptr<MetricsApi> m_metricsApi;
    std::unique_ptr<AccountApi> m_accountApi;
    std::unique_ptr<HttpApi> m_api;
    std::unique_ptr<SocketCaps> m_caps;
    std::unique_ptr<OutputBudget> m_budget;
    std::unique_ptr<WebSocketApi> m_webSocketApi;
    quint16 m_port = 0;
    bool m_shuttingDown = false;
    //! Every socket, authenticated or not, until it is destroyed.
    QSet<ClientConnection *> m_connections;
};

} // namespace chat::server
