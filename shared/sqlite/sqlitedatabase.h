#pragma once

#include <shared/result.h>

#include <QSqlDatabase>
#include <QStringList>

namespace chat::sqlite {

//! A connection name no other connection of this process has, of any driver: Qt's
//! connection names are process-wide, and several databases (a server and clients in one
//! test, two windows' stores, a PostgreSQL store) must never share one.
[[nodiscard]] QString uniqueConnectionName(const QString &purpose);

//! Schema migrations: entry i takes the schema from version i to version i + 1.
//! Append new steps; never edit one that has shipped.
using Migrations = QList<QStringList>;

//! One QSQLITE connection, owned: WAL (readers never block the writer), synchronous=FULL
//! (a commit is on disk, power loss included, before anyone is told), foreign keys on,
//! a busy timeout, and the schema brought up to date by `migrations`, each step in its
//! own transaction and recorded in PRAGMA user_version. A database written by a newer
//! build (a higher version) is refused rather than guessed at.
//! A connection belongs to the thread that opened it.
class Database
{
public:
    //! `purpose` names the connection (unique per process with a counter).
    explicit Database(const QString &purpose);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    [[nodiscard]] Status open(const QString &path, const Migrations &migrations);
    //! Folds the WAL back into the main file and closes; safe to call twice.
    void close();
    [[nodiscard]] bool isOpen() const { return m_connection.isOpen(); }
    //! PRAGMA user_version, or -1 when it cannot be read.
    [[nodiscard]] int schemaVersion() const;

    [[nodiscard]] QSqlDatabase &connection() { return m_connection; }
    [[nodiscard]] const QSqlDatabase &connection() const { return m_connection; }

private:
    [[nodiscard]] Status configure();
    [[nodiscard]] Status migrate(const Migrations &migrations);

    QString m_name;
    QSqlDatabase m_connection;
};

} // namespace chat::sqlite
