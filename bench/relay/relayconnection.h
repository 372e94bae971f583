#pragma once

#include <shared/frames.h>

#include <QObject>

#include <memory>

class QWebSocket;

namespace chat::bench {

class RelayServer;

//! One WebSocket of the relay, as chatd's ClientConnection handles it in what bench_load
//! uses: the frame size caps, the token on the upgrade request (or an `auth` frame),
//! `ready`, every text frame decoded by frames::decodeClientFrame, `send` and `ping`
//! answered, a peer that lets 4 MiB pile up unread cut off. Deletes itself on disconnect.
class RelayConnection : public QObject
{
public:
    RelayConnection(std::unique_ptr<QWebSocket> socket, RelayServer &server);
    ~RelayConnection() override;

    [[nodiscard]] const User &user() const { return m_user; }
    void send(const frames::ServerFrame &frame);
    //! Sends a frame encoded once for all its recipients.
    void deliver(const QString &encodedFrame);

private:
    void onText(const QString &text);
    void authenticate(const QString &token, std::optional<qint64> after);

    std::unique_ptr<QWebSocket> m_socket;
    RelayServer &m_server;
    User m_user;
    bool m_authenticated = false;
};

} // namespace chat::bench
