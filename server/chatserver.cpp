#include "chatserver.h"

#include <server/http/accountapi.h>
#include <server/http/groupapi.h>
#include <server/http/healthapi.h>
#include <server/http/httpapi.h>
#include <server/http/messageactionapi.h>
#include <server/http/metricsapi.h>
#include <server/http/pathids.h>
#include <server/http/searchapi.h>
#include <server/http/tcplistener.h>
#include <server/http/websocketapi.h>
#include <server/hub/localhub.h>
#include <server/logging.h>
#include <server/metrics/servermetrics.h>
#include <server/services/healthservice.h>
#include <server/services/presence.h>
#include <server/services/resumeservice.h>
#include <server/services/searchservice.h>
#include <server/socket/clientconnection.h>
#include <server/socket/outputbudget.h>
#include <server/socket/socketcaps.h>
#include <server/store/store.h>
#include <server/tls/tlscredentials.h>
#include <server/tls/tlshandshake.h>

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHttpServer>
#include <QTimer>
#include <QWebSocket>

namespace chat::server {

using namespace Qt::StringLiterals;

Status ServerConfig::openStore(Store &store) const
{
    if (postgres)
        return store.open(*postgres);
    const QString directory = QFileInfo(databasePath).absolutePath();
    if (!QDir().mkpath(directory))
        return Error { ErrorCode::Internal, u"cannot create the directory '%1'"_s.arg(directory) };
    return store.open(databasePath);
}

QString ServerConfig::databaseName() const
{
    return postgres ? postgres->displayString() : databasePath;
}

ChatServer::ChatServer(ServerConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{ }

ChatServer::~ChatServer()
{
    stop();
}

QUrl ChatServer::url() const
{
    QUrl url;
    url.setScheme(m_config.tls.enabled() ? u"https"_s : u"http"_s);
    const QHostAddress address
        = m_config.address == QHostAddress::Any || m_config.address == QHostAddress::AnyIPv4
        ? QHostAddress(QHostAddress::LocalHost)
        : m_config.address;
    url.setHost(address.toString());
    url.setPort(m_port);
    return url;
}

Result<quint16> ChatServer::start()
{
    if (isRunning())
        return m_port;

    // The certificate before anything else: a chatd told to speak TLS never serves plain
    // HTTP instead, and a wrong file is said before a port or database is touched.
    std::optional<TlsCredentials> tls;
    if (m_config.tls.enabled()) {
        auto credentials = TlsCredentials::load(m_config.tls.certificatePath, m_config.tls.keyPath);
        if (!credentials)
            return credentials.error();
        tls = std::move(credentials.value());
    }

    // The port first: a chatd that cannot serve must leave no trace, so a taken port may
    // not create (or migrate) the database. Listening on our own QTcpServer keeps its
    // error string ("address in use"), which QHttpServer::listen() would reduce to a port
    // of 0, and sets TCP_NODELAY on each accepted socket before QHttpServer takes it (see
    // TcpListener). Connections that arrive before bind() wait in the listen backlog.
    auto tcp = std::make_unique<TcpListener>(m_config.http);
    tcp->setListenBacklogSize(m_config.http.listenBacklog);
    if (!tcp->listen(m_config.address, m_config.port)) {
        return Error { ErrorCode::Internal,
            u"cannot listen on %1 port %2: %3"_s.arg(m_config.address.toString())
                .arg(m_config.port)
                .arg(tcp->errorString()) };
    }

    m_store = std::make_unique<Store>();
    if (auto status = m_config.openStore(*m_store); !status) {
        m_store.reset();
        return status.error();
    }

    m_metrics = std::make_unique<ServerMetrics>();
    // The group commit's own connection, on its own thread (see MessageWriter).
    m_writer = std::make_unique<MessageWriter>(
        *m_metrics, [store = m_store.get()] { return store->highestMessageId(); });
    if (auto status
        = m_writer->start([config = m_config](Store &store) { return config.openStore(store); });
        !status) {
        m_writer.reset();
        m_metrics.reset();
        m_store->close();
        m_store.reset();
        return status.error();
    }
    m_hub = std::make_unique<LocalHub>();
    m_auth = std::make_unique<AuthService>(*m_store, *m_metrics, m_config.auth);
    m_chat = std::make_unique<ChatService>(*m_store, *m_writer, *m_hub, *m_metrics, m_config.chat);
    m_resume = std::make_unique<ResumeService>(*m_store,
        ResumeService::Options { .maxReplayMessages = m_config.maxReplayMessages },
        [writer = m_writer.get()] { return writer->announcedUpTo(); });
    m_presence = std::make_unique<Presence>(*m_store, *m_hub, m_config.presenceDelay);
    m_awareness
        = std::make_unique<AwarenessService>(*m_store, *m_hub, *m_presence, m_config.awareness);
    m_chat->setStoredObserver([awareness = m_awareness.get()](
                                  const Message &message) { awareness->messageStored(message); });
    m_conversations = std::make_unique<ConversationService>(*m_store, *m_hub);
    m_groups = std::make_unique<GroupService>(*m_store, *m_hub, *m_chat, *m_conversations,
        GroupService::Options { .memberLimit = m_config.memberLimit });
    m_http = std::make_unique<QHttpServer>();
    // Before any route: a route reads the converters when it is made.
    http::usePlainDecimalPathIds(*m_http->router());
    m_groupApi = std::make_unique<GroupApi>(*m_http, *m_auth, *m_conversations, *m_groups);
    m_groupApi->registerRoutes();
    m_search = std::make_unique<SearchService>(*m_store);
    m_searchApi = std::make_unique<SearchApi>(*m_http, *m_auth, *m_search);
    m_searchApi->registerRoutes();
    m_actions = std::make_unique<MessageActionService>(*m_store, *m_chat, m_config.actions);
    m_actionApi = std::make_unique<MessageActionApi>(*m_http, *m_auth, *m_actions);
    m_actionApi->registerRoutes();
    m_health = std::make_unique<HealthService>(*m_store);
    m_healthApi = std::make_unique<HealthApi>(*m_http, *m_health);
    m_healthApi->registerRoutes();
    m_metricsApi = std::make_unique<MetricsApi>(*m_http, m_metrics->registry(), m_config.metrics);
    m_metricsApi->registerRoutes();
    m_accountApi = std::make_unique<AccountApi>(*m_http, *m_auth, *m_hub, *m_metrics);
    m_accountApi->registerRoutes();
    m_api = std::make_unique<HttpApi>(
        *m_http, *m_auth, *m_chat, *m_awareness, *m_conversations, *m_metrics);
    m_api->registerRoutes();
    m_caps = std::make_unique<SocketCaps>(SocketCaps::Limits {
        .perUser = m_config.maxSocketsPerUser, .perAddress = m_config.maxSocketsPerAddress });
    m_budget = std::make_unique<OutputBudget>(m_config.maxQueuedBytesPerUser);
    m_webSocketApi = std::make_unique<WebSocketApi>(
        *m_http, http::OriginPolicy(m_config.allowedOrigins), *m_caps, *m_metrics);
    m_webSocketApi->registerRoutes();
    m_api->setMissingRouteAnswer([api = m_webSocketApi.get()](const QHttpServerRequest &request) {
        return api->refusal(request);
    });
    connect(
        m_http.get(), &QHttpServer::newWebSocketConnection, this, &ChatServer::acceptWebSockets);

    // The listener lives as long as the QHttpServer it serves.
    TcpListener *listener = tcp.release();
    m_listener = listener;
    m_metrics->setSources({
        .webSocketConnections = [this] { return double(m_connections.size()); },
        .tcpConnections = [listener] { return double(listener->openConnections()); },
        .usersOnline = [this] { return double(m_hub->onlineUsers().size()); },
    });
    listener->setRefusalObserver([metrics = m_metrics.get()](HttpRefusal refusal) {
        metrics->countRefused(refusal);
        // Bad input answered before any route, counted as the routes count theirs.
        if (refusal == HttpRefusal::BodyTooLarge)
            metrics->countRejected(ServerMetrics::Transport::Http, ErrorCode::PayloadTooLarge);
        else if (refusal == HttpRefusal::Malformed)
            metrics->countRejected(ServerMetrics::Transport::Http, ErrorCode::BadRequest);
    });
    qCInfo(lcServer) << "connection caps:" << listener->limiter().maxPerAddress() << "per address,"
                     << listener->limiter().maxInTotal() << "in total";
    if (tls) {
        listener->setTlsHandshake(
            new TlsHandshake(tls->serverConfiguration(), m_config.tls.handshakeTimeout,
                { &m_metrics->tlsHandshakesTimedOut, &m_metrics->tlsHandshakesFailed }, listener));
    }
    listener->setParent(m_http.get());
    m_http->bind(listener);
    m_port = listener->serverPort();
    qCInfo(lcServer).noquote() << "listening on" << url().toString() << "with database"
                               << m_config.databaseName();
    if (tls) {
        // What users compare when their client asks whether to trust a self-signed server.
        qCInfo(lcTls).noquote() << "certificate" << tls->certificate().subjectDisplayName()
                                << "SHA-256 fingerprint"
                                << certificateFingerprint(tls->certificate()) << "valid until"
                                << tls->certificate().expiryDate().toString(Qt::ISODate);
        if (tls->certificate().expiryDate() < QDateTime::currentDateTimeUtc())
            qCWarning(lcTls) << "the certificate has expired: clients will refuse it";
    }
    return m_port;
}

void ChatServer::acceptWebSockets()
{
    while (m_http && m_http->hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_http->nextPendingWebSocketConnection();
        if (!socket)
            break;
        // Checked against the cap before the upgrade (WebSocketApi); counted from here.
        const QHostAddress address = socket->peerAddress();
        QSslSocket *tls
            = m_listener ? m_listener->tlsSocketOf(address, socket->peerPort()) : nullptr;
        m_caps->addAddress(address);
        auto *connection = new ClientConnection(std::move(socket), *m_auth, *m_chat, *m_actions,
            *m_awareness, *m_resume, *m_hub, *m_metrics,
            ClientConnection::Options {
                .authTimeout = m_config.authTimeout,
                .maxQueuedBytes = m_config.maxQueuedBytes,
                .maxFrameBytes = m_config.maxFrameBytes,
                .heartbeatInterval = m_config.heartbeatInterval,
                .idleTimeout = m_config.idleTimeout,
                .tls = tls,
            },
            ClientConnection::SharedLimits { .caps = *m_caps, .budget = *m_budget }, this);
        m_connections.insert(connection);
        connect(connection, &QObject::destroyed, this, [this, connection, address] {
            m_connections.remove(connection);
            if (m_caps)
                m_caps->removeAddress(address);
            if (m_shuttingDown && m_connections.isEmpty())
                QTimer::singleShot(0, this, &ChatServer::finishShutdown);
        });
    }
}

void ChatServer::closeConnections(int closeCode, const QString &reason)
{
    const QSet<ClientConnection *> connections = m_connections;
    for (ClientConnection *connection : connections)
        connection->close(closeCode, reason);
}

void ChatServer::stopListening()
{
    if (!m_http)
        return;
    for (QTcpServer *server : m_http->servers())
        server->close();
}

void ChatServer::shutdown(std::chrono::milliseconds grace)
{
    if (!isRunning() || m_shuttingDown)
        return;
    m_shuttingDown = true;
    qCInfo(lcServer) << "shutting down:" << m_connections.size() << "sockets to close";
    stopListening();
    // Sends already received are committed and acknowledged before the sockets close.
    m_chat->flush();
    closeConnections(QWebSocketProtocol::CloseCodeGoingAway, u"server shutting down"_s);
    // Connections delete themselves once their peer has closed (see acceptWebSockets);
    // a peer that does not answer gets `grace` to do so.
    if (m_connections.isEmpty())
        QTimer::singleShot(0, this, &ChatServer::finishShutdown);
    else
        QTimer::singleShot(grace, this, &ChatServer::finishShutdown);
}

void ChatServer::finishShutdown()
{
    if (!m_shuttingDown)
        return;
    m_shuttingDown = false;
    stop();
    Q_EMIT stopped();
}

void ChatServer::stop()
{
    if (!m_store)
        return;
    stopListening();
    m_chat->flush();
    closeConnections(QWebSocketProtocol::CloseCodeGoingAway, u"server shutting down"_s);
    // Connections point into the services: they go first.
    qDeleteAll(QSet<ClientConnection *>(m_connections));
    m_connections.clear();
    m_metrics->setSources({}); // they read the parts dropped below
    m_webSocketApi.reset();
    m_budget.reset();
    m_caps.reset();
    m_api.reset();
    m_accountApi.reset();
    m_groupApi.reset();
    m_actionApi.reset();
    m_actions.reset();
    m_healthApi.reset();
    m_metricsApi.reset();
    m_health.reset();
    m_searchApi.reset();
    m_search.reset();
    m_http.reset();
    m_groups.reset();
    m_conversations.reset();
    m_chat->setStoredObserver({}); // it points at the awareness service
    m_awareness.reset();
    m_presence.reset();
    m_resume.reset();
    // Stores what is still queued while the services its callbacks use are here.
    m_writer->stop();
    m_chat.reset();
    m_writer.reset();
    // Writes the sessions' uses still in memory (SessionTouches): before the store closes.
    m_auth.reset();
    m_hub.reset();
    m_store->close();
    m_store.reset();
    m_metrics.reset();
    if (m_port)
        qCInfo(lcServer) << "stopped";
    m_port = 0;
}

} // namespace chat::server
