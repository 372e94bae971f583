#pragma once

#include <support/serviceprocess.h>

#include <QTemporaryDir>

namespace chat::test {

//! A Redis server of the test's own on 127.0.0.1 and a free port, nothing saved to disk
//! (no RDB snapshots, no append-only file): a restart starts empty, as a Redis that
//! lost its memory would. Stopped when dropped. Needs Debian's redis-server package.
class ThrowawayRedis
{
public:
    ThrowawayRedis();
    ~ThrowawayRedis();
    ThrowawayRedis(const ThrowawayRedis &) = delete;
    ThrowawayRedis &operator=(const ThrowawayRedis &) = delete;

    //! Starts the server (on the port it had, after a stop); false with error() set.
    bool start();
    bool stop();
    [[nodiscard]] bool isRunning() const { return m_server.isRunning(); }
    [[nodiscard]] qint64 pid() const { return m_server.pid(); }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] quint16 port() const { return m_port; }
    //! redis://127.0.0.1:PORT
    [[nodiscard]] QString url() const;

private:
    QTemporaryDir m_directory;
    ServiceProcess m_server;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace chat::test
