#pragma once

#include <server/services/authservice.h>
#include <shared/frames.h>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

class QWebSocket;

namespace chat::server {

class AwarenessService;
class ChatService;
class Hub;
class Store;

//! One WebSocket: authenticates it (token on the upgrade request or in the first frame,
//! within a deadline), then turns frames into service calls and answers, and bounds what
//! the socket may queue. Deletes itself when the socket disconnects.
class ClientConnection : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        std::chrono::milliseconds authTimeout;
        qint64 maxQueuedBytes; //!< A peer that lets more pile up unread is disconnected.
        std::chrono::milliseconds heartbeatInterval; //!< How often to ping the peer.
        std::chrono::milliseconds idleTimeout; //!< Silence after which the peer is dead.
        int maxReplayMessages; //!< Further behind than this, a client must resync.
    };

    ClientConnection(std::unique_ptr<QWebSocket> socket, Store &store, AuthService &auth,
        ChatService &chat, AwarenessService &awareness, Hub &hub, const Options &options,
        QObject *parent = nullptr);
    ~ClientConnection() override;

    [[nodiscard]] bool isAuthenticated() const { return m_authenticated; }
    [[nodiscard]] const Principal &principal() const { return m_principal; }

    void send(const frames::ServerFrame &frame);
    //! Queues an already encoded frame (fan-out encodes once for all recipients).
    void sendText(const QString &text);
    void close(int closeCode, const QString &reason);
    //! The session was revoked (logout): close with SessionRevoked.
    void revoke();

Q_SIGNALS:
    void authenticated();

private:
    void onTextMessage(const QString &text);
    void onBinaryMessage();
    void authenticateWith(const QString &token, std::optional<qint64> after);
    //! Sends what the client missed after `after` (or tells it to resync), then `ready`.
    void replayAndGoLive(std::optional<qint64> after);
    void checkHeartbeat();
    void handle(const frames::ClientFrame &frame);
    //! Read, delivered and typing frames; false when `frame` is none of them.
    bool handleAwareness(const frames::ClientFrame &frame);
    void sendError(const QString &requestId, const Error &error);
    [[nodiscard]] QString tokenFromUpgradeRequest() const;
    [[nodiscard]] std::optional<qint64> positionFromUpgradeRequest() const;

    std::unique_ptr<QWebSocket> m_socket;
    Store &m_store;
    AuthService &m_auth;
    ChatService &m_chat;
    AwarenessService &m_awareness;
    Hub &m_hub;
    Options m_options;
    QTimer m_authDeadline;
    QTimer m_heartbeat;
    QElapsedTimer m_sinceHeard;
    Principal m_principal;
    bool m_authenticated = false;
    bool m_closing = false;
};

} // namespace chat::server
