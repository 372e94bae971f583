#pragma once

#include <shared/result.h>

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <vector>

namespace chat::server {

//! The prepared statements of one database connection, kept by their SQL text and reused.
//! Preparing (parsing and planning) each statement anew for every call was over a quarter
//! of chatd's CPU under load. A statement is lent for one use (Lease) and comes back,
//! reset, when the lease ends; a second use of the same SQL while the first is still being
//! read (a query inside a loop over another's rows) gets a statement of its own, and both
//! are kept.
//!
//! SQLite re-prepares a kept statement by itself when the schema changes under it
//! (sqlite3_prepare_v2, which Qt's driver uses), but Qt's driver keeps the number of
//! result columns it saw at prepare: a statement whose columns change (`SELECT *` after
//! a column was added) must not be reused. So statements name their columns, and the
//! owner calls clear() after changing the schema (Store does around its migrations).
//!
//! Statements on SQLite are forward-only: rows are read once, in order, and Qt's driver
//! keeps no copy of the rows already read (previous() and seek() backwards do not work on a
//! lease). On PostgreSQL a statement's whole result arrives at once (StatementCache::run
//! says why). Both drivers keep their statements prepared on the server side of the
//! connection (SQLite's, or a PostgreSQL PREPARE), so reuse saves the planning on both.
//!
//! One connection, one thread: like the QSqlDatabase it serves. clear() before the
//! connection closes; leases must end before the cache does.
class StatementCache
{
public:
    //! Distinct statements kept at most; past it a statement is used once and dropped.
    //! The server has about 150 (a list of ids is bound as one value, StoreDialect::inIdList).
    static constexpr qsizetype MaxKept = 512;

    //! A prepared, executed statement, lent for as long as this object lives: read its
    //! rows as from any QSqlQuery. Move-only; it goes back to the cache when destroyed.
    class Lease : public QSqlQuery
    {
    public:
        Lease(Lease &&other) noexcept;
        Lease(const Lease &) = delete;
        Lease &operator=(const Lease &) = delete;
        //! Gives back the statement held so far, then takes `other`'s.
        Lease &operator=(Lease &&other) noexcept;
        ~Lease();

    private:
        friend class StatementCache;
        Lease(QSqlQuery &&query, StatementCache *cache, const QString &sql);

        StatementCache *m_cache;
        QString m_sql;
    };

    StatementCache() = default;
    StatementCache(const StatementCache &) = delete;
    StatementCache &operator=(const StatementCache &) = delete;

    //! Runs `sql` with `values` bound in order, on a kept statement when one is free.
    [[nodiscard]] Result<Lease> run(
        const QSqlDatabase &connection, const QString &sql, const QVariantList &values);

    //! Drops every kept statement (before the connection closes).
    void clear();

    //! Statements kept now, free to lend.
    [[nodiscard]] qsizetype keptCount() const { return m_kept; }
    //! Statements prepared since the cache was made: a reused one is not counted again.
    [[nodiscard]] qint64 preparedCount() const { return m_prepared; }

private:
    void giveBack(const QString &sql, QSqlQuery &&query);

    QHash<QString, std::vector<QSqlQuery>> m_free;
    qsizetype m_kept = 0;
    qint64 m_prepared = 0;
};

} // namespace chat::server
