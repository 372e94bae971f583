#include "postgresdatabase.h"

#include <server/logging.h>
#include <shared/sqlite/sqlitedatabase.h>

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <libpq-fe.h>

namespace chat::server::postgres {

using namespace Qt::StringLiterals;

Database::Database(const QString &purpose)
    : m_name(sqlite::uniqueConnectionName(u"postgres-"_s + purpose))
{ }

Database::~Database()
{
    close();
}

Status Database::open(const ConnectionUrl &url, const Migrations &migrations)
{
    close();
    m_where = url.displayString();
    m_connection = QSqlDatabase::addDatabase(u"QPSQL"_s, m_name);
    if (!m_connection.isValid()) {
        close();
        return Error { ErrorCode::Internal,
            u"Qt's PostgreSQL driver (QPSQL) is not installed (Debian: libqt6sql6-psql)"_s };
    }
    m_connection.setHostName(url.host);
    m_connection.setPort(url.port);
    m_connection.setUserName(url.user);
    m_connection.setPassword(url.password);
    m_connection.setDatabaseName(url.database);
    // libpq waits for a connection without end by default: a node whose database host
    // vanished would hang at every reconnection (Store reconnects on the thread that uses
    // the store). A URL may say otherwise.
    QString options = url.connectOptions;
    if (!options.contains(u"connect_timeout="_s))
        options += (options.isEmpty() ? u""_s : u";"_s)
            + u"connect_timeout=%1"_s.arg(ConnectTimeoutSeconds);
    m_connection.setConnectOptions(options);
    if (!m_connection.open()) {
        const QString reason = m_connection.lastError().text().trimmed();
        close();
        return Error { ErrorCode::Internal, u"cannot connect to %1: %2"_s.arg(m_where, reason) };
    }
    if (auto status = configure(); !status) {
        close();
        return Error { ErrorCode::Internal,
            u"cannot use %1: %2"_s.arg(m_where, status.error().message) };
    }
    if (auto status = migrate(migrations); !status) {
        close();
        return status;
    }
    return Done {};
}

bool Database::connectionLost() const
{
    if (!m_connection.isOpen())
        return true;
    // Qt's documented way to reach the driver's own handle (QSqlDriver::handle()). Qt's
    // driver reports a lost connection as any failed statement; libpq knows.
    const QVariant handle = m_connection.driver() ? m_connection.driver()->handle() : QVariant();
    if (qstrcmp(handle.typeName(), "PGconn*") != 0)
        return false;
    return PQstatus(*static_cast<PGconn *const *>(handle.constData())) == CONNECTION_BAD;
}

Status Database::reconnect()
{
    if (!QSqlDatabase::contains(m_name))
        return Error { ErrorCode::Internal, u"the database was never opened"_s };
    m_connection.close();
    if (!m_connection.open()) {
        return Error { ErrorCode::ServiceUnavailable,
            u"cannot connect to %1: %2"_s.arg(m_where, m_connection.lastError().text().trimmed()) };
    }
    if (auto status = configure(); !status) {
        m_connection.close();
        return Error { ErrorCode::ServiceUnavailable,
            u"cannot use %1: %2"_s.arg(m_where, status.error().message) };
    }
    return Done {};
}

void Database::close()
{
    if (!QSqlDatabase::contains(m_name))
        return;
    m_connection.close();
    m_connection = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

Status Database::configure()
{
    QSqlQuery query(m_connection);
    if (!query.exec(u"SHOW server_version_num"_s) || !query.next())
        return Error { ErrorCode::Internal, query.lastError().text() };
    if (const int version = query.value(0).toInt(); version < MinimumServerVersion) {
        return Error { ErrorCode::Internal,
            u"PostgreSQL %1 is too old (13 or newer is needed)"_s.arg(version / 10000) };
    }
    // Whatever the server's or the role's defaults: an ack waits for a durable commit.
    // Notices ("already exists, skipping") are no one's business: libpq would print them
    // on chatd's standard error, outside its log. Warnings and errors still come.
    for (const QString &setting : { u"SET synchronous_commit = on"_s, u"SET TIME ZONE 'UTC'"_s,
             u"SET client_min_messages = warning"_s }) {
        if (!query.exec(setting))
            return Error { ErrorCode::Internal, query.lastError().text() };
    }
    return Done {};
}

int Database::schemaVersion() const
{
    QSqlQuery query(m_connection);
    if (!query.exec(u"SELECT to_regclass('schema_version') IS NOT NULL"_s) || !query.next())
        return -1;
    if (!query.value(0).toBool())
        return 0;
    if (!query.exec(u"SELECT coalesce(max(version), 0) FROM schema_version"_s) || !query.next())
        return -1;
    return query.value(0).toInt();
}

Status Database::migrate(const Migrations &migrations)
{
    const auto fail = [this](const QString &what, const QString &reason) -> Status {
        m_connection.rollback();
        return Error { ErrorCode::Internal, u"%1 (%2): %3"_s.arg(what, m_where, reason) };
    };
    if (!m_connection.transaction())
        return fail(u"cannot begin the migrations"_s, m_connection.lastError().text());
    QSqlQuery query(m_connection);
    // Held to the end of this transaction: a second node starting now waits here, then
    // reads the version this one wrote.
    if (!query.exec(u"SELECT pg_advisory_xact_lock(%1)"_s.arg(MigrationLock))
        || !query.exec(u"CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)"_s))
        return fail(u"cannot prepare the migrations"_s, query.lastError().text());
    const int current = schemaVersion();
    if (current < 0)
        return fail(u"cannot read the schema version"_s, m_connection.lastError().text());
    if (current > migrations.size()) {
        return fail(u"cannot use the database"_s,
            u"its schema version %1 is newer than this build supports (%2)"_s.arg(current).arg(
                migrations.size()));
    }
    for (int version = current; version < migrations.size(); ++version) {
        for (const QString &statement : migrations.at(version)) {
            if (!query.exec(statement))
                return fail(u"migration %1 failed"_s.arg(version + 1), query.lastError().text());
        }
    }
    if (current < migrations.size()) {
        if (!query.exec(u"DELETE FROM schema_version"_s)
            || !query.exec(
                u"INSERT INTO schema_version (version) VALUES (%1)"_s.arg(migrations.size())))
            return fail(u"cannot record the schema version"_s, query.lastError().text());
    }
    if (!m_connection.commit())
        return fail(u"cannot commit the migrations"_s, m_connection.lastError().text());
    for (int version = current; version < migrations.size(); ++version)
        qCInfo(lcStore).noquote() << "migrated" << m_where << "to schema version" << version + 1;
    return Done {};
}

} // namespace chat::server::postgres
