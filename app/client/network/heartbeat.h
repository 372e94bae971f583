#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>

namespace chat::client {

//! Notices a dead link within seconds: asks for a ping every `interval` while running,
//! and reports silence when nothing at all (frame, pong) arrived for `timeout`. A socket
//! to a peer that vanished (laptop sleep, NAT timeout, a pulled cable) otherwise looks
//! open until TCP gives up, many minutes later.
class Heartbeat : public QObject
{
    Q_OBJECT
public:
    explicit Heartbeat(QObject *parent = nullptr);

    void setInterval(std::chrono::milliseconds interval);
    void setTimeout(std::chrono::milliseconds timeout);
    [[nodiscard]] std::chrono::milliseconds interval() const { return m_ping.intervalAsDuration(); }
    [[nodiscard]] std::chrono::milliseconds timeout() const
    {
        return m_silence.intervalAsDuration();
    }

    //! Starts watching for silence (from now); pings only once `pinging` is set.
    void start(bool pinging);
    void stop();
    //! Something arrived: the link is alive.
    void activity();

Q_SIGNALS:
    //! Time to send a ping (anything the peer must answer).
    void pingDue();
    //! Nothing arrived for timeout(): the link is dead.
    void silent();

private:
    QTimer m_ping;
    QTimer m_silence;
};

} // namespace chat::client
