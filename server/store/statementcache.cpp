#include "statementcache.h"

#include <server/store/storerows.h>

#include <QSqlError>

namespace chat::server {

using namespace Qt::StringLiterals;
using storerows::databaseError;

StatementCache::Lease::Lease(QSqlQuery &&query, StatementCache *cache, const QString &sql)
    : QSqlQuery(std::move(query))
    , m_cache(cache)
    , m_sql(sql)
{ }

StatementCache::Lease::Lease(Lease &&other) noexcept
    : QSqlQuery(std::move(other))
    , m_cache(std::exchange(other.m_cache, nullptr))
    , m_sql(std::move(other.m_sql))
{ }

StatementCache::Lease &StatementCache::Lease::operator=(Lease &&other) noexcept
{
    if (this != &other) {
        if (m_cache)
            m_cache->giveBack(m_sql, std::move(*this));
        QSqlQuery::operator=(std::move(other));
        m_cache = std::exchange(other.m_cache, nullptr);
        m_sql = std::move(other.m_sql);
    }
    return *this;
}

StatementCache::Lease::~Lease()
{
    if (m_cache)
        m_cache->giveBack(m_sql, std::move(*this));
}

namespace {

Result<StatementCache::Lease> execute(StatementCache::Lease &&lease, const QVariantList &values)
{
    // By position, so that a reused statement's earlier values are replaced, not added to.
    for (qsizetype i = 0; i < values.size(); ++i)
        lease.bindValue(int(i), values.at(i));
    if (!lease.exec())
        return databaseError(u"running a statement"_s, lease.lastError());
    return std::move(lease);
}

} // namespace

Result<StatementCache::Lease> StatementCache::run(
    const QSqlDatabase &connection, const QString &sql, const QVariantList &values)
{
    if (auto found = m_free.find(sql); found != m_free.end() && !found->empty()) {
        Lease lease(std::move(found->back()), this, sql);
        found->pop_back();
        --m_kept;
        return execute(std::move(lease), values);
    }
    QSqlQuery query(connection);
    // Rows are read once, in order: Qt's SQLite driver then keeps no copy of the rows read.
    // Not on PostgreSQL, where Qt's forward-only mode is libpq's single-row mode: the rows
    // stay on the connection until read, and the store often runs a second statement
    // while a first one's lease is alive (a query per row read). There the whole result
    // comes at exec(), as libpq's default.
    query.setForwardOnly(connection.driverName() != u"QPSQL"_s);
    ++m_prepared;
    if (!query.prepare(sql))
        return databaseError(u"preparing a statement"_s, query.lastError());
    return execute(Lease(std::move(query), this, sql), values);
}

void StatementCache::giveBack(const QString &sql, QSqlQuery &&query)
{
    // Reset now, not at the next use: an unfinished statement would keep its read
    // snapshot (and its locks) open meanwhile.
    query.finish();
    if (m_kept >= MaxKept)
        return;
    m_free[sql].push_back(std::move(query));
    ++m_kept;
}

void StatementCache::clear()
{
    m_free.clear();
    m_kept = 0;
}

} // namespace chat::server
