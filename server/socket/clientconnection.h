#pragma once

#include <server/hub/peer.h>
#include <server/metrics/servermetrics.h>
#include <server/services/authservice.h>
#include <shared/frames.h>

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class QSslSocket;
class QWebSocket;

namespace chat::server {

class AwarenessService;
class ChatService;
class MessageActionService;
class Hub;
class OutputBudget;
class SocketCaps;
class ResumeService;
class ServerMetrics;

//! One WebSocket: authenticates it (token on the upgrade request or in the first frame,
//! within a deadline), then turns frames into service calls and answers, and bounds what
//! the socket may queue. Deletes itself when the socket disconnects. To the hub it is a
//! Peer once authenticated.
class ClientConnection : public QObject, public Peer
{
    Q_OBJECT
public:
    struct Options
    {
        std::chrono::milliseconds authTimeout;
        qint64 maxQueuedBytes; //!< A peer that lets more pile up unread is disconnected.
        qsizetype maxFrameBytes; //!< Largest message the peer may send (closed with 1009).
        std::chrono::milliseconds heartbeatInterval; //!< How often to ping the peer.
        std::chrono::milliseconds idleTimeout; //!< Silence after which the peer is dead.
        //! The TLS socket under the WebSocket, if any: over TLS, QWebSocket's own count of
        //! unread output stops at what OpenSSL took, and the encrypted rest waits there.
        QSslSocket *tls = nullptr;
    };

    //! The limits that several sockets share: how many a user may open, and how much
    //! unread output the user's sockets may hold together.
    struct SharedLimits
    {
        SocketCaps &caps;
        OutputBudget &budget;
    };

    ClientConnection(std::unique_ptr<QWebSocket> socket, AuthService &auth, ChatService &chat,
        MessageActionService &actions, AwarenessService &awareness, ResumeService &resume, Hub &hub,
        ServerMetrics &metrics, const Options &options, SharedLimits shared,
        QObject *parent = nullptr);
    ~ClientConnection() override;

    [[nodiscard]] bool isAuthenticated() const { return m_authenticated; }
    [[nodiscard]] const Principal &principal() const { return m_principal; }

    // Peer
    [[nodiscard]] qint64 userId() const override { return m_principal.user.id; }
    [[nodiscard]] QByteArray sessionId() const override { return m_principal.tokenHash; }
    void deliver(const QString &encodedFrame) override;
    //! Closes with SessionRevoked.
    void revoke() override;

    void send(const frames::ServerFrame &frame);
    void close(int closeCode, const QString &reason);
    //! Output queued in the server for this socket and not yet written to the network.
    [[nodiscard]] qint64 queuedBytes() const;

Q_SIGNALS:
    void authenticated();

private:
    void onTextMessage(const QString &text);
    void onBinaryMessage();
    void authenticateWith(const QString &token, std::optional<qint64> after);
    //! Sends what the client missed after its cursor (or tells it to resync), then `ready`.
    void replayAndGoLive(std::optional<qint64> after);
    void checkHeartbeat();
    void handle(const frames::ClientFrame &frame);
    //! Read, delivered and typing frames; false when `frame` is none of them.
    bool handleAwareness(const frames::ClientFrame &frame);
    //! Edit, delete and react frames; false when `frame` is none of them.
    bool handleAction(const frames::ClientFrame &frame);
    void sendError(const QString &requestId, const Error &error);
    //! Counts the user's socket in the hub and the shared limits (once authenticated).
    void attachUser();
    //! Gives back what attachUser() took; safe to call twice.
    void detachUser();
    //! Hands Qt's queued output to the kernel as far as it takes it; what stays queued.
    qint64 unreadAfterFlush();
    //! Drops the connection at once, without a close frame (which would wait behind the
    //! output the peer is not reading): for a peer over one of its output bounds.
    void cutOff(ServerMetrics::SocketLimit limit, qint64 queued);
    //! Refuses an authenticated socket of a user who has as many open as allowed.
    void refuseOverCap(const User &user);
    [[nodiscard]] QString tokenFromUpgradeRequest() const;
    [[nodiscard]] std::optional<qint64> cursorFromUpgradeRequest() const;

    std::unique_ptr<QWebSocket> m_socket;
    QPointer<QSslSocket> m_tls; //!< Options::tls.
    AuthService &m_auth;
    ChatService &m_chat;
    MessageActionService &m_actions;
    AwarenessService &m_awareness;
    ResumeService &m_resume;
    Hub &m_hub;
    ServerMetrics &m_metrics;
    Options m_options;
    SharedLimits m_shared;
    QTimer m_authDeadline;
    QTimer m_heartbeat;
    QElapsedTimer m_sinceHeard;
    Principal m_principal;
    bool m_authenticated = false;
    bool m_closing = false;
};

} // namespace chat::server
