// The store's cache of prepared statements (server/store/statementcache.h): a statement is
// prepared once and reused with new values; one still being read when the same SQL runs
// again is not disturbed; a schema change under a kept statement (as a migration makes)
// is read correctly, and clear() drops what would not be; the number kept is bounded; and the real
// store, sending and paging, stops preparing once it has run each of its statements.
#include <server/store/statementcache.h>
#include <server/store/store.h>
#include <support/resultcheck.h>
#include <support/storefixture.h>

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using chat::server::StatementCache;

namespace {

//! A SQLite database file of the test's own, with a table t(x) holding 1..10.
class ScratchDatabase
{
public:
    ScratchDatabase()
    {
        m_connection = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        m_connection.setDatabaseName(m_directory.filePath(u"scratch.sqlite3"_s));
        m_open = m_directory.isValid() && m_connection.open();
        QSqlQuery create(m_connection);
        m_open = m_open && create.exec(u"CREATE TABLE t (x INTEGER)"_s);
        for (int x = 1; m_open && x <= 10; ++x) {
            QSqlQuery insert(m_connection);
            m_open = insert.exec(u"INSERT INTO t (x) VALUES (%1)"_s.arg(x));
        }
    }
    ~ScratchDatabase()
    {
        m_connection.close();
        m_connection = {};
        QSqlDatabase::removeDatabase(m_name);
    }
    Q_DISABLE_COPY(ScratchDatabase)

    [[nodiscard]] bool isOpen() const { return m_open; }
    [[nodiscard]] const QSqlDatabase &connection() const { return m_connection; }
    bool exec(const QString &sql)
    {
        QSqlQuery query(m_connection);
        return query.exec(sql);
    }

private:
    QTemporaryDir m_directory;
    QString m_name = u"scratch-%1"_s.arg(quintptr(this));
    QSqlDatabase m_connection;
    bool m_open = false;
};

//! Every row's first column, as integers.
QList<qint64> column(QSqlQuery &rows)
{
    QList<qint64> values;
    while (rows.next())
        values.append(rows.value(0).toLongLong());
    return values;
}

} // namespace

class tst_StatementCache : public StoreTest
{
    Q_OBJECT

private Q_SLOTS:
    void reusesAPreparedStatementWithNewValues();
    void aStatementBeingReadIsNotReused();
    void keptStatementsFollowSchemaChanges();
    void keepsABoundedNumber();
    void failuresLeaveTheStatementUsable();
    void theStoreStopsPreparing();
};

void tst_StatementCache::reusesAPreparedStatementWithNewValues()
{
    ScratchDatabase database;
    QVERIFY(database.isOpen());
    StatementCache cache;
    const QString sql = u"SELECT x FROM t WHERE x > ? AND x < ? ORDER BY x"_s;
    {
        auto rows = cache.run(database.connection(), sql, { 2, 6 });
        VERIFY_OK(rows);
        QCOMPARE(column(rows.value()), (QList<qint64> { 3, 4, 5 }));
    }
    QCOMPARE(cache.keptCount(), 1);
    {
        // The same statement, with the values replaced (not appended to the old ones).
        auto rows = cache.run(database.connection(), sql, { 7, 10 });
        VERIFY_OK(rows);
        QCOMPARE(column(rows.value()), (QList<qint64> { 8, 9 }));
        QCOMPARE(cache.keptCount(), 0); // lent out
    }
    QCOMPARE(cache.preparedCount(), 1);
    QCOMPARE(cache.keptCount(), 1);

    // A write through a kept statement: lastInsertId() is this run's.
    const QString insert = u"INSERT INTO t (x) VALUES (?)"_s;
    qint64 firstId = 0;
    {
        auto inserted = cache.run(database.connection(), insert, { 100 });
        VERIFY_OK(inserted);
        firstId = inserted.value().lastInsertId().toLongLong();
    }
    auto inserted = cache.run(database.connection(), insert, { 101 });
    VERIFY_OK(inserted);
    QCOMPARE(inserted.value().lastInsertId().toLongLong(), firstId + 1);
    QCOMPARE(cache.preparedCount(), 2);
}

void tst_StatementCache::aStatementBeingReadIsNotReused()
{
    ScratchDatabase database;
    QVERIFY(database.isOpen());
    StatementCache cache;
    const QString sql = u"SELECT x FROM t WHERE x <= ? ORDER BY x"_s;
    auto outer = cache.run(database.connection(), sql, { 3 });
    VERIFY_OK(outer);
    QList<qint64> pairs;
    while (outer.value().next()) {
        const qint64 x = outer.value().value(0).toLongLong();
        // The same SQL while the outer rows are still being read: its own statement.
        auto inner = cache.run(database.connection(), sql, { x });
        VERIFY_OK(inner);
        for (const qint64 y : column(inner.value()))
            pairs.append(x * 10 + y);
    }
    QCOMPARE(pairs, (QList<qint64> { 11, 21, 22, 31, 32, 33 }));
    QCOMPARE(cache.preparedCount(), 2);
    QCOMPARE(cache.keptCount(), 1); // the inner one, back after each use
    outer = cache.run(database.connection(), u"SELECT count(*) FROM t"_s, {});
    VERIFY_OK(outer);
    QCOMPARE(cache.keptCount(), 2); // the outer one came back when replaced
    QVERIFY(outer.value().next());
    QCOMPARE(outer.value().value(0).toInt(), 10);
}

void tst_StatementCache::keptStatementsFollowSchemaChanges()
{
    ScratchDatabase database;
    QVERIFY(database.isOpen());
    StatementCache cache;
    // Named columns, as every statement of the store names them: what it returns keeps
    // its shape whatever a migration does to the table.
    const QString sql = u"SELECT x, x * 2 FROM t WHERE x = ?"_s;
    const auto rowOf = [&](int x) -> QList<qint64> {
        auto rows = cache.run(database.connection(), sql, { x });
        if (!rows || !rows.value().next())
            return {};
        return { rows.value().value(0).toLongLong(), rows.value().value(1).toLongLong() };
    };
    QCOMPARE(rowOf(4), (QList<qint64> { 4, 8 }));
    // What migrations do: a new column, then the table rebuilt with its columns moved.
    QVERIFY(database.exec(u"ALTER TABLE t ADD COLUMN y INTEGER NOT NULL DEFAULT 7"_s));
    QCOMPARE(rowOf(4), (QList<qint64> { 4, 8 }));
    QVERIFY(database.exec(u"CREATE TABLE t2 (y INTEGER, z TEXT, x INTEGER)"_s));
    QVERIFY(database.exec(u"INSERT INTO t2 (y, z, x) SELECT y, 'z', x * 100 FROM t"_s));
    QVERIFY(database.exec(u"DROP TABLE t"_s));
    QVERIFY(database.exec(u"ALTER TABLE t2 RENAME TO t"_s));
    QCOMPARE(rowOf(400), (QList<qint64> { 400, 800 }));
    QCOMPARE(rowOf(4), QList<qint64> {});
    QCOMPARE(cache.preparedCount(), 1); // SQLite re-prepared the kept statement itself

    // A statement whose columns do change (SELECT *) must not outlive the change: Qt's
    // driver sizes its row at prepare. clear() after changing the schema, as Store::open
    // does around its migrations, prepares it anew.
    const QString all = u"SELECT * FROM t WHERE x = ?"_s;
    {
        auto rows = cache.run(database.connection(), all, { 400 });
        VERIFY_OK(rows);
        QCOMPARE(rows.value().record().count(), 3);
    }
    QVERIFY(database.exec(u"ALTER TABLE t ADD COLUMN w INTEGER NOT NULL DEFAULT 5"_s));
    cache.clear();
    auto rows = cache.run(database.connection(), all, { 400 });
    VERIFY_OK(rows);
    QVERIFY(rows.value().next());
    QCOMPARE(rows.value().record().count(), 4);
    QCOMPARE(rows.value().value(3).toInt(), 5);
    QCOMPARE(cache.preparedCount(), 3);
}

void tst_StatementCache::keepsABoundedNumber()
{
    ScratchDatabase database;
    QVERIFY(database.isOpen());
    StatementCache cache;
    const qsizetype statements = StatementCache::MaxKept + 20;
    for (qsizetype i = 0; i < statements; ++i) {
        auto rows = cache.run(database.connection(), u"SELECT count(*) + %1 FROM t"_s.arg(i), {});
        VERIFY_OK(rows);
        QVERIFY(rows.value().next());
        QCOMPARE(rows.value().value(0).toLongLong(), 10 + i);
    }
    QCOMPARE(cache.keptCount(), StatementCache::MaxKept);
    cache.clear();
    QCOMPARE(cache.keptCount(), 0);
}

void tst_StatementCache::failuresLeaveTheStatementUsable()
{
    ScratchDatabase database;
    QVERIFY(database.isOpen());
    QVERIFY(database.exec(u"CREATE UNIQUE INDEX t_x ON t (x)"_s));
    StatementCache cache;
    const QString insert = u"INSERT INTO t (x) VALUES (?)"_s;
    QVERIFY(!cache.run(database.connection(), insert, { 5 })); // a duplicate
    QVERIFY(cache.run(database.connection(), insert, { 50 })); // the same statement, fine
    QCOMPARE(cache.preparedCount(), 1);
    QVERIFY(!cache.run(database.connection(), u"SELECT nothing FROM nowhere"_s, {}));
    QCOMPARE(cache.keptCount(), 1); // a statement that did not prepare is not kept
}

void tst_StatementCache::theStoreStopsPreparing()
{
    const auto pair = m_fixture.addPair();
    VERIFY_OK(pair);
    server::Store &store = m_fixture.store();
    const auto round = [&](int i) {
        const auto sent = store.insertMessage(
            pair->conversationId, pair->alice.id, u"c-%1"_s.arg(i), u"message %1"_s.arg(i));
        const auto page = store.history(pair->conversationId, std::nullopt, 20);
        return sent.ok() && page.ok() && page->messages.first().body == u"message %1"_s.arg(i);
    };
    // Until the page is full, each page size has its own "IN (?, ...)" statement.
    for (int i = 0; i < 25; ++i)
        QVERIFY(round(i));
    const qint64 prepared = store.statements().preparedCount();
    for (int i = 25; i < 75; ++i)
        QVERIFY(round(i));
    QCOMPARE(store.statements().preparedCount(), prepared);
}

QTEST_GUILESS_MAIN(tst_StatementCache)
#include "tst_statementcache.moc"
