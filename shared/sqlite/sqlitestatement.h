#pragma once

#include <shared/result.h>

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace chat::sqlite {

//! One statement prepared with SQLite's own API on a QSQLITE connection's handle, for the
//! few statements run so often that Qt Sql's way of binding shows in a profile: each
//! QSqlQuery::bindValue builds and hashes a placeholder name, and each value goes through
//! a QVariant. Inserting a message ran 9 of them, an eighth of the store's writer thread.
//! Everything else goes through Qt Sql.
//!
//! Qt's SQLite driver and this class must use the same SQLite library: Debian's Qt links
//! the system libsqlite3, as does this project (pkg-config sqlite3).
//!
//! A statement returns no rows here (INSERT, UPDATE, DELETE): execute() steps it to the
//! end and resets it, so it never holds a read snapshot or a lock between uses. It
//! belongs to its connection's thread, and must be finalized before the connection
//! closes (finalize(), or destroy it): SQLite does not close a connection with a
//! statement still alive.
class Statement
{
public:
    Statement() = default;
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    //! Prepares `sql` (parameters written "?") on an open QSQLITE connection, finalizing
    //! any statement held before.
    [[nodiscard]] Status prepare(const QSqlDatabase &connection, const QString &sql);
    [[nodiscard]] bool isPrepared() const { return m_statement != nullptr; }
    void finalize();

    //! Binds the parameter at `position` (from 1, as in SQLite) until the next execute().
    void bind(int position, qint64 value);
    void bind(int position, const QString &text);
    void bindNull(int position);

    //! Runs the statement with the values bound, then resets it and clears its bindings.
    [[nodiscard]] Status execute();
    //! Rows changed by the last execute() (sqlite3_changes).
    [[nodiscard]] qint64 changes() const;
    //! The rowid of the last row inserted on this connection.
    [[nodiscard]] qint64 lastInsertRowId() const;

private:
    sqlite3 *m_connection = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    //! Texts bound, as UTF-8, kept until execute() (SQLite reads them there, not copied).
    std::vector<QByteArray> m_texts;
};

} // namespace chat::sqlite
