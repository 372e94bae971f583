#pragma once

#include <server/store/postgres/connectionurl.h>
#include <shared/result.h>

#include <QSqlDatabase>
#include <QStringList>

namespace chat::server::postgres {

//! Schema migrations: entry i takes the schema from version i to version i + 1, as for
//! SQLite (sqlite::Migrations). Append new steps; never edit one that has shipped.
using Migrations = QList<QStringList>;

//! One QPSQL connection, owned, set up the way the store needs it: `synchronous_commit`
//! on whatever the server's default (a commit is on disk before anyone is told), times in
//! UTC, and the schema brought up to date by `migrations`. The version is kept in a
//! `schema_version` table. All pending steps run in one transaction (PostgreSQL's DDL is
//! transactional: a failed step leaves the schema as it was) under an advisory lock, so
//! that several chatd nodes starting at once migrate once: the others wait, then find the
//! schema current. A database written by a newer build is refused. PostgreSQL 13 or newer:
//! the schema needs the citext and unaccent extensions, which 13 lets a database's owner
//! create (they are "trusted"), not only a superuser.
//! A connection belongs to the thread that opened it.
class Database
{
public:
    //! `purpose` names the connection (unique per process with a counter).
    explicit Database(const QString &purpose);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    [[nodiscard]] Status open(const ConnectionUrl &url, const Migrations &migrations);
    void close();
    //! After a failed statement: whether the connection to the server is gone (the server
    //! stopped or restarted, the network dropped), rather than the statement refused.
    [[nodiscard]] bool connectionLost() const;
    //! Connects again to what open() connected to, set up the same way (the schema was
    //! checked at open()). ServiceUnavailable while the server cannot be reached.
    [[nodiscard]] Status reconnect();
    [[nodiscard]] bool isOpen() const { return m_connection.isOpen(); }
    //! The version recorded in schema_version; 0 before any step, -1 when unreadable.
    [[nodiscard]] int schemaVersion() const;

    [[nodiscard]] QSqlDatabase &connection() { return m_connection; }
    [[nodiscard]] const QSqlDatabase &connection() const { return m_connection; }

    //! The lowest server version supported (server_version_num).
    static constexpr int MinimumServerVersion = 130000;
    //! How long a connection attempt may take unless the URL says (connect_timeout).
    static constexpr int ConnectTimeoutSeconds = 3;
    //! The key of the advisory lock that migrations hold ("chat" in ASCII).
    static constexpr qint64 MigrationLock = 0x63686174;

private:
    [[nodiscard]] Status configure();
    [[nodiscard]] Status migrate(const Migrations &migrations);

    QString m_name;
    QString m_where; //!< The URL without password, for messages.
    QSqlDatabase m_connection;
};

} // namespace chat::server::postgres
