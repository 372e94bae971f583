#pragma once

#include <support/serviceprocess.h>

#include <QSqlDatabase>
#include <QString>
#include <QTemporaryDir>

namespace chat::test {

//! A PostgreSQL cluster of the test's own: initdb in a temporary directory, the server on
//! 127.0.0.1 and a free port, the superuser `chat` trusted without a password. Stopped
//! (and its files removed) when dropped; stop() and start() again keep its data, as a
//! database restarted under a running chatd would. Needs Debian's postgresql package
//! (the binaries in /usr/lib/postgresql/<version>/bin). Run as root, it runs as nobody.
class ThrowawayPostgres
{
public:
    ThrowawayPostgres();
    ~ThrowawayPostgres();
    ThrowawayPostgres(const ThrowawayPostgres &) = delete;
    ThrowawayPostgres &operator=(const ThrowawayPostgres &) = delete;

    //! Makes the cluster (the first time) and starts the server; false with error() set
    //! when it cannot.
    bool start();
    //! A fast shutdown (SIGINT: open sessions are ended, what was committed stays).
    bool stop();
    [[nodiscard]] bool isRunning() const { return m_server.isRunning(); }
    [[nodiscard]] qint64 pid() const { return m_server.pid(); }
    [[nodiscard]] QString error() const { return m_error; }

    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] static QString user() { return QStringLiteral("chat"); }
    //! postgresql://chat@127.0.0.1:PORT/`database`, the form chatd's --db takes.
    [[nodiscard]] QString url(const QString &database = QStringLiteral("postgres")) const;
    //! A new QPSQL connection named `name` to `database`, opened (check isOpen()).
    [[nodiscard]] QSqlDatabase connect(
        const QString &name, const QString &database = QStringLiteral("postgres")) const;
    //! CREATE DATABASE `name` (a fresh one per test function, in one cluster).
    bool createDatabase(const QString &name);

    //! The directory of initdb, pg_ctl and postgres of the newest version installed.
    static QString binaryDirectory();

private:
    bool initialize();

    QTemporaryDir m_directory;
    ServiceProcess m_server;
    quint16 m_port = 0;
    bool m_initialized = false;
    QString m_error;
};

} // namespace chat::test
