#include "heartbeat.h"

namespace chat::client {

using namespace std::chrono_literals;

Heartbeat::Heartbeat(QObject *parent)
    : QObject(parent)
{
    m_ping.setInterval(10s);
    m_silence.setInterval(25s);
    m_silence.setSingleShot(true);
    connect(&m_ping, &QTimer::timeout, this, &Heartbeat::pingDue);
    connect(&m_silence, &QTimer::timeout, this, [this] {
        m_ping.stop();
        Q_EMIT silent();
    });
}

void Heartbeat::setInterval(std::chrono::milliseconds interval)
{
    m_ping.setInterval(interval);
}

void Heartbeat::setTimeout(std::chrono::milliseconds timeout)
{
    m_silence.setInterval(timeout);
}

void Heartbeat::start(bool pinging)
{
    m_silence.start();
    if (pinging)
        m_ping.start();
    else
        m_ping.stop();
}

void Heartbeat::stop()
{
    m_ping.stop();
    m_silence.stop();
}

void Heartbeat::activity()
{
    if (m_silence.isActive())
        m_silence.start();
}

} // namespace chat::client
