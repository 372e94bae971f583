#pragma once

#include "frames.h"
#include "reconnectbackoff.h"

#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

namespace chat::client {

//! The WebSocket half of the protocol: keeps one authenticated socket open to the server,
//! reconnecting with backoff when it drops, and turns frames into signals.
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
    [[nodiscard]] State state() const { return m_state; }
    //! Queues a frame; false (nothing sent) unless Online.
    bool send(const frames::ClientFrame &frame);

Q_SIGNALS:
    void stateChanged(chat::client::LiveConnection::State state);
    //! Authenticated: the server confirmed the user. Emitted after every (re)connect.
    void ready(const chat::User &user);
    void messageEvent(const chat::Message &message);
    void acked(const QString &requestId, const chat::Message &message, bool duplicate);
    void errorReceived(const QString &requestId, const chat::Error &error);
    //! The server refused the token (unknown, expired or logged out): no more retries.
    void rejected(const chat::Error &error);

private:
    void connectNow();
    void setState(State state);
    void onTextMessage(const QString &text);
    void onDisconnected();
    void scheduleRetry();
    [[nodiscard]] QUrl webSocketUrl() const;

    QWebSocket m_socket;
    QTimer m_retryTimer;
    ReconnectBackoff m_backoff;
    QUrl m_serverUrl;
    QString m_token;
    Error m_lastAuthError;
    State m_state = State::Offline;
    bool m_wanted = false;
};

} // namespace chat::client
