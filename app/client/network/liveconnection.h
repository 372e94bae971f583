#pragma once

#include <client/network/heartbeat.h>
#include <client/network/reconnectbackoff.h>
#include <client/network/suspenddetector.h>
#include <shared/frames.h>

#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include <chrono>

namespace chat::client {

class TlsTrust;

//! The WebSocket half of the protocol: keeps one authenticated socket open to the server
//! and turns frames into signals. It resumes where it left off: it remembers the resume
//! cursor (the highest message id the socket delivered) and asks the server to replay
//! what came after it on every reconnect. It reconnects with backoff when the socket
//! drops, at once when the network comes back or the machine wakes up, and drops a
//! socket that went silent (heartbeat), since that one would never report itself.
class LiveConnection : public QObject
{
    Q_OBJECT
public:
    enum class State { Offline, Connecting, Online };
    Q_ENUM(State)

    explicit LiveConnection(QObject *parent = nullptr);
    ~LiveConnection() override;

    //! Connects with `token` and stays connected until stop() or a rejected token.
    void start(const QUrl &serverUrl, const QString &token);
    void stop();
    //! Who decides about a wss server's certificate the system does not trust (see
    //! ApiClient::setTlsTrust()). `trust` must outlive this connection.
    void setTlsTrust(TlsTrust *trust) { m_trust = trust; }
    [[nodiscard]] State state() const { return m_state; }
    //! Queues a frame; false (nothing sent) unless Online.
    bool send(const frames::ClientFrame &frame);

    //! The resume cursor: the newest message id received; 0 when none (the server then
    //! replays nothing).
    [[nodiscard]] qint64 resumeCursor() const { return m_cursor; }
    //! Where to resume from on the next connect (a cursor saved by an earlier run).
    void setResumeCursor(qint64 cursor);

    //! Heartbeat: a ping every `interval` while online; a socket from which nothing at
    //! all arrived for `timeout` (connecting included) is dropped and reopened.
    void setHeartbeat(std::chrono::milliseconds interval, std::chrono::milliseconds timeout);
    //! How long a connection must last before the backoff starts again from its base.
    void setStableAfter(std::chrono::milliseconds duration) { m_stable.setInterval(duration); }
    //! Drops the current attempt or socket and connects again without waiting (network
    //! back, machine awake). Nothing happens unless started.
    void reconnectNow();

Q_SIGNALS:
    void stateChanged(chat::client::LiveConnection::State state);
    //! Authenticated and live. `caughtUp` is true when the server replayed everything
    //! since our cursor (what was missed came as messageEvent before this); false when
    //! it could not (resync) or we had no cursor: then the client must refetch.
    void ready(const chat::User &user, bool caughtUp);
    void messageEvent(const chat::Message &message);
    void acked(const QString &requestId, const chat::Message &message, bool duplicate);
    //! The server stored the edit, deletion or reaction that request `requestId` sent.
    void actionAcked(const QString &requestId, const chat::MessageUpdate &update, bool duplicate);
    //! A message was edited, deleted or reacted to (by anyone, live or replayed).
    void updateEvent(const chat::MessageUpdate &update);
    void errorReceived(const QString &requestId, const chat::Error &error);
    //! The server refused the token (unknown, expired or logged out): no more retries.
    void rejected(const chat::Error &error);
    void resumeCursorChanged(qint64 cursor);
    //! Our own read position in a conversation moved (on this instance or another).
    void readPositionEvent(const chat::frames::ReadPosition &position);
    //! The other member's delivered or read position moved.
    void receiptEvent(const chat::frames::Receipt &receipt);
    //! Another member is typing.
    void typingEvent(const chat::frames::TypingEvent &typing);
    //! A user came online or went offline.
    void presenceEvent(const chat::frames::PresenceEvent &presence);
    //! One of the user's conversations appeared or changed.
    void conversationEvent(const chat::ConversationEntry &entry);

private:
    void connectNow();
    void setState(State state);
    void onTextMessage(const QString &text);
    void onDisconnected();
    void onSilent();
    void scheduleRetry();
    void advanceResumeCursor(qint64 id);
    [[nodiscard]] QUrl webSocketUrl() const;
    void watchNetwork();

    QWebSocket m_socket;
    TlsTrust *m_trust = nullptr;
    QTimer m_retryTimer;
    //! Started on ready; when it fires the connection counts as stable.
    QTimer m_stable;
    Heartbeat m_heartbeat;
    SuspendDetector m_suspend;
    ReconnectBackoff m_backoff;
    QUrl m_serverUrl;
    QString m_token;
    Error m_lastAuthError;
    State m_state = State::Offline;
    qint64 m_cursor = 0;
    //! The cursor the current socket was opened with (0: none, no replay asked for).
    qint64 m_resumedFrom = 0;
    quint64 m_pingCounter = 0;
    bool m_wanted = false;
};

} // namespace chat::client
