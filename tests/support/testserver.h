#pragma once

#include <server/chatserver.h>

#include <QTemporaryDir>
#include <QUrl>

#include <functional>
#include <memory>

namespace chat::test {

//! A ChatServer on 127.0.0.1 and a free port, its database in a temporary directory
//! that disappears with the fixture; or, when the tests run on PostgreSQL
//! (testedEngine()), a new database of the process's cluster.
class TestServer
{
public:
    using Tweak = std::function<void(server::ServerConfig &)>;
    explicit TestServer(const Tweak &tweak = {});
    ~TestServer();

    //! False (with the reason in error()) when the server could not start.
    [[nodiscard]] bool isRunning() const { return m_server && m_server->isRunning(); }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] server::ChatServer &server() { return *m_server; }
    [[nodiscard]] QUrl url() const;
    [[nodiscard]] QUrl webSocketUrl() const;
    //! The SQLite file (the tests that read it run on SQLite only).
    [[nodiscard]] QString databasePath() const;
    //! A connection of its own (named `name`; open unless it failed) to the server's
    //! database, whichever the engine, to look behind the server's back. The caller
    //! closes it and removes `name` (QSqlDatabase::removeDatabase).
    [[nodiscard]] QSqlDatabase inspect(const QString &name) const;
    //! Stops the server and starts a new one on the same database and port.
    bool restart();

private:
    bool start();

    QTemporaryDir m_directory;
    server::ServerConfig m_config;
    std::unique_ptr<server::ChatServer> m_server;
    QString m_error;
};

} // namespace chat::test
