// A statement run through SQLite's own API on a Qt connection (shared/sqlite/
// sqlitestatement.h): what is bound is what is stored (integers, texts of every kind, the
// empty text apart from NULL), changes() and lastInsertRowId() tell a skipped insert from
// a new row, an error is reported with SQLite's reason and leaves the statement usable,
// misuse is refused, and a finalized statement lets the connection close cleanly.
#include <shared/sqlite/sqlitedatabase.h>
#include <shared/sqlite/sqlitestatement.h>
#include <support/resultcheck.h>

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using chat::sqlite::Database;
using chat::sqlite::Statement;

namespace {

const sqlite::Migrations Schema { { u"CREATE TABLE t (id INTEGER PRIMARY KEY, "
                                    u"n INTEGER, label TEXT, note TEXT NOT NULL, "
                                    u"UNIQUE (label))"_s } };
const QString Insert = u"INSERT INTO t (n, label, note) VALUES (?, ?, ?) "
                       u"ON CONFLICT (label) DO NOTHING"_s;

struct Row
{
    QVariant n;
    QVariant label;
    QVariant note;
};

Row rowAt(const Database &database, qint64 id)
{
    QSqlQuery query(database.connection());
    if (!query.exec(u"SELECT n, label, note FROM t WHERE id = %1"_s.arg(id)) || !query.next())
        return {};
    return { query.value(0), query.value(1), query.value(2) };
}

} // namespace

class TestSqliteStatement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_directory.isValid());
        m_database = std::make_unique<Database>(u"statement-test"_s);
        VERIFY_OK(m_database->open(m_directory.filePath(u"t.sqlite3"_s), Schema));
    }
    void cleanup()
    {
        m_database.reset();
        QFile::remove(m_directory.filePath(u"t.sqlite3"_s));
    }

    void storesWhatIsBound_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("ascii") << u"hello"_s;
        QTest::newRow("empty") << u""_s;
        QTest::newRow("accents and emoji") << u"crème brûlée 🍮 ✓"_s;
        QTest::newRow("embedded NUL") << QString(u"a\0b"_s);
        QTest::newRow("long") << QString(100000, u'x');
    }
    void storesWhatIsBound()
    {
        QFETCH(QString, text);
        Statement insert;
        VERIFY_OK(insert.prepare(m_database->connection(), Insert));
        insert.bind(1, std::numeric_limits<qint64>::min());
        insert.bindNull(2);
        insert.bind(3, text);
        VERIFY_OK(insert.execute());
        QCOMPARE(insert.changes(), 1);
        const Row row = rowAt(*m_database, insert.lastInsertRowId());
        QCOMPARE(row.n.toLongLong(), std::numeric_limits<qint64>::min());
        QVERIFY(row.label.isNull());
        QVERIFY(!row.note.isNull()); // the empty text is not NULL
        QCOMPARE(row.note.toString(), text);
    }

    void changesTellASkippedInsert()
    {
        Statement insert;
        VERIFY_OK(insert.prepare(m_database->connection(), Insert));
        qint64 firstId = 0;
        for (int attempt = 0; attempt < 3; ++attempt) {
            insert.bind(1, qint64(attempt));
            insert.bind(2, u"same"_s);
            insert.bind(3, u"note %1"_s.arg(attempt));
            VERIFY_OK(insert.execute());
            QCOMPARE(insert.changes(), attempt == 0 ? 1 : 0);
            if (attempt == 0)
                firstId = insert.lastInsertRowId();
        }
        QVERIFY(firstId > 0);
        QCOMPARE(rowAt(*m_database, firstId).note.toString(), u"note 0"_s);
        // Reused with new values, many times: each row is its own.
        for (int i = 0; i < 500; ++i) {
            insert.bind(1, qint64(i));
            insert.bind(2, u"label %1"_s.arg(i));
            insert.bind(3, u"note %1"_s.arg(i));
            VERIFY_OK(insert.execute());
            QCOMPARE(insert.changes(), 1);
            const Row row = rowAt(*m_database, insert.lastInsertRowId());
            QCOMPARE(row.n.toLongLong(), i);
            QCOMPARE(row.label.toString(), u"label %1"_s.arg(i));
        }
    }

    void errorsCarrySqlitesReasonAndLeaveTheStatementUsable()
    {
        Statement insert;
        VERIFY_OK(insert.prepare(m_database->connection(), Insert));
        insert.bind(1, qint64(1));
        insert.bind(2, u"a"_s);
        insert.bindNull(3); // note is NOT NULL
        const Status failed = insert.execute();
        QVERIFY(!failed);
        QVERIFY2(
            failed.error().message.contains(u"NOT NULL"_s), qPrintable(failed.error().message));
        // The bindings were cleared with the failure: nothing carries over.
        insert.bind(1, qint64(2));
        insert.bind(2, u"b"_s);
        insert.bind(3, u"fine"_s);
        VERIFY_OK(insert.execute());
        QCOMPARE(insert.changes(), 1);
        QSqlQuery count(m_database->connection());
        QVERIFY(count.exec(u"SELECT count(*) FROM t"_s) && count.next());
        QCOMPARE(count.value(0).toInt(), 1);
    }

    void misuseIsRefused()
    {
        Statement unprepared;
        QVERIFY(!unprepared.isPrepared());
        QVERIFY(!unprepared.execute());
        QCOMPARE(unprepared.changes(), 0);

        Statement invalid;
        const Status bad
            = invalid.prepare(m_database->connection(), u"INSERT INTO nowhere VALUES (?)"_s);
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.contains(u"nowhere"_s), qPrintable(bad.error().message));
        QVERIFY(!invalid.isPrepared());

        QVERIFY(!Statement().prepare(QSqlDatabase(), Insert)); // no connection at all
    }

    void aFinalizedStatementLetsTheConnectionClose()
    {
        {
            Statement insert;
            VERIFY_OK(insert.prepare(m_database->connection(), Insert));
            insert.bind(1, qint64(1));
            insert.bind(2, u"x"_s);
            insert.bind(3, u"y"_s);
            VERIFY_OK(insert.execute());
        }
        Statement kept;
        VERIFY_OK(kept.prepare(m_database->connection(), Insert));
        kept.finalize();
        QVERIFY(!kept.isPrepared());
        const QString wal = m_directory.filePath(u"t.sqlite3-wal"_s);
        QVERIFY(QFile::exists(wal));
        m_database->close();
        QVERIFY(!m_database->isOpen());
        // SQLite removes the WAL when the last connection closes, and refuses to close one
        // with a statement still alive (Qt says nothing then): the file would stay.
        QVERIFY(!QFile::exists(wal));
    }

private:
    QTemporaryDir m_directory;
    std::unique_ptr<Database> m_database;
};

QTEST_GUILESS_MAIN(TestSqliteStatement)
#include "tst_sqlitestatement.moc"
