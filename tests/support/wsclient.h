#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QUrl>
#include <QWebSocket>

namespace chat::test {

//! A raw WebSocket peer for tests: records every frame it receives (as JSON objects)
//! and the close code, and offers waits that run the event loop until a condition holds.
class WsClient : public QObject
{
    Q_OBJECT
public:
    enum class TokenIn { Header, Query, FirstFrame };
    explicit WsClient(QObject *parent = nullptr);
    //! Accept `certificate` (a test server's self-signed one) for wss.
    void trustCertificate(const QSslCertificate &certificate);

    //! Connects and authenticates; true once the `ready` frame arrived.
    bool connectAndAuthenticate(
        const QUrl &url, const QString &token, TokenIn where = TokenIn::Header);
    //! Connects without authenticating; true once the socket is open.
    bool connectOnly(const QUrl &url);

    void sendJson(const QJsonObject &frame);
    void sendText(const QString &text);
    //! Sends a `send` frame.
    void sendMessage(const QString &requestId, qint64 conversationId, const QString &clientId,
        const QString &body);

    //! Sends `count` messages of 16,000 characters each ("big-0", "big-1", ...), far more
    //! than kernel buffers hold, and waits for their acks: a reader that does not keep up
    //! makes the server's queue for it grow.
    bool sendBigMessages(qint64 conversationId, int count, int timeoutMs = 60000);
    //! Waits until at least `count` frames of `type` arrived.
    bool waitForFrames(const QString &type, int count, int timeoutMs = 10000);
    //! The frames of `type` received so far, oldest first.
    [[nodiscard]] QList<QJsonObject> frames(const QString &type) const;
    [[nodiscard]] const QList<QJsonObject> &allFrames() const { return m_frames; }
    //! Sends a ping and waits for its pong: every frame the server sent before it has
    //! arrived by then (one socket keeps order), so "nothing else came" can be asserted.
    bool roundTrip(int timeoutMs = 10000);
    //! Waits until the server closed the socket.
    bool waitForDisconnected(int timeoutMs = 15000);

    [[nodiscard]] QWebSocket &socket() { return m_socket; }
    [[nodiscard]] int closeCode() const { return m_closeCode; }
    [[nodiscard]] bool isConnected() const { return m_connected; }

private:
    QWebSocket m_socket;
    QList<QJsonObject> m_frames;
    int m_closeCode = -1;
    bool m_connected = false;
};

} // namespace chat::test
