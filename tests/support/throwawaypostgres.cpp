#include "throwawaypostgres.h"

#include <QCollator>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <signal.h>

namespace chat::test {

using namespace Qt::StringLiterals;

ThrowawayPostgres::ThrowawayPostgres()
    // Under /tmp, not $TMPDIR: when run as root the server runs as nobody, who must be
    // able to reach the directory.
    : m_directory(u"/tmp/chat-postgres-XXXXXX"_s)
{ }

ThrowawayPostgres::~ThrowawayPostgres()
{
    stop();
}

QString ThrowawayPostgres::binaryDirectory()
{
    QStringList versions
        = QDir(u"/usr/lib/postgresql"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCollator numeric;
    numeric.setNumericMode(true);
    std::sort(versions.begin(), versions.end(), numeric);
    for (auto version = versions.crbegin(); version != versions.crend(); ++version) {
        const QString bin = u"/usr/lib/postgresql/%1/bin"_s.arg(*version);
        if (QFileInfo(bin + u"/postgres"_s).isExecutable())
            return bin;
    }
    return {};
}

bool ThrowawayPostgres::initialize()
{
    if (m_initialized)
        return true;
    if (!m_directory.isValid()) {
        m_error = u"no temporary directory: "_s + m_directory.errorString();
        return false;
    }
    if (binaryDirectory().isEmpty()) {
        m_error = u"PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres)"_s;
        return false;
    }
    if (!ServiceProcess::makeOwnedByServer(m_directory.path())) {
        m_error = u"cannot give the directory to the server's account"_s;
        return false;
    }
    ServiceProcess initdb;
    // No fsync at initdb: a test's cluster need not survive a power cut.
    if (!initdb.run(binaryDirectory() + u"/initdb"_s,
            { u"-D"_s, m_directory.filePath(u"data"_s), u"-U"_s, user(), u"-A"_s, u"trust"_s,
                u"-E"_s, u"UTF8"_s, u"--no-locale"_s, u"--no-sync"_s })) {
        m_error = u"initdb failed: "_s + initdb.output();
        return false;
    }
    m_initialized = true;
    return true;
}

bool ThrowawayPostgres::start()
{
    if (isRunning())
        return true;
    if (!initialize())
        return false;
    // fsync off: the tests stop the server cleanly or kill chatd, never the machine.
    // Autovacuum off: nothing writes behind a test's back (a test may count transactions).
    // The Unix socket goes in the test's directory, not /var/run/postgresql.
    const auto arguments = [this](quint16 port) {
        return QStringList { u"-D"_s, m_directory.filePath(u"data"_s), u"-p"_s,
            QString::number(port), u"-k"_s, m_directory.path(), u"-c"_s,
            u"listen_addresses=127.0.0.1"_s, u"-c"_s, u"fsync=off"_s, u"-c"_s,
            u"max_connections=200"_s, u"-c"_s, u"autovacuum=off"_s };
    };
    if (!m_server.startOnFreePort(binaryDirectory() + u"/postgres"_s, arguments,
            u"database system is ready to accept connections"_s, m_port)) {
        m_error = u"the server did not start: "_s + m_server.output();
        return false;
    }
    return true;
}

bool ThrowawayPostgres::stop()
{
    return m_server.stop(SIGINT);
}

QString ThrowawayPostgres::url(const QString &database) const
{
    return u"postgresql://%1@127.0.0.1:%2/%3"_s.arg(user()).arg(m_port).arg(database);
}

QSqlDatabase ThrowawayPostgres::connect(const QString &name, const QString &database) const
{
    QSqlDatabase connection = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
    connection.setHostName(u"127.0.0.1"_s);
    connection.setPort(m_port);
    connection.setUserName(user());
    connection.setDatabaseName(database);
    connection.open();
    return connection;
}

bool ThrowawayPostgres::createDatabase(const QString &name)
{
    const QString connectionName = u"throwaway-postgres-admin-%1"_s.arg(quintptr(this));
    bool created = false;
    {
        QSqlDatabase admin = connect(connectionName);
        QSqlQuery query(admin);
        // A name of the test's own making; identifiers cannot be bound.
        created = admin.isOpen() && query.exec(u"CREATE DATABASE \"%1\""_s.arg(name));
        if (!created)
            m_error = u"CREATE DATABASE failed: "_s
                + (admin.isOpen() ? query.lastError().text() : admin.lastError().text());
        admin.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
    return created;
}

} // namespace chat::test
