// The PostgreSQL connection of the scale-out store (server/store/postgres/): the URLs
// chatd's --db takes (parts decoded, libpq parameters checked by name and value, the
// password never shown), and a connection to a throwaway cluster that is made durable
// and UTC whatever the server's defaults, migrates once and only forward (nodes starting
// together migrate once, a failed step leaves nothing, a newer schema is refused), and
// says clearly when no server answers.
#include <server/store/postgres/connectionurl.h>
#include <server/store/postgres/postgresdatabase.h>
#include <support/resultcheck.h>
#include <support/throwawaypostgres.h>

#include <QSqlQuery>
#include <QTest>

#include <array>
#include <thread>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using chat::server::postgres::ConnectionUrl;
using chat::server::postgres::Database;
using chat::server::postgres::Migrations;

namespace {

const Migrations TwoSteps {
    { u"CREATE TABLE users (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name TEXT)"_s },
    { u"ALTER TABLE users ADD COLUMN seen_at BIGINT"_s,
        u"INSERT INTO users (name) VALUES ('step two ran')"_s },
};

QString scalar(const QSqlDatabase &connection, const QString &sql)
{
    QSqlQuery query(connection);
    if (!query.exec(sql) || !query.next())
        return u"(no value)"_s;
    return query.value(0).toString();
}

} // namespace

class TestPostgresDatabase : public QObject
{
    Q_OBJECT

    ThrowawayPostgres m_postgres;
    int m_databases = 0;

    //! A fresh database in the cluster, as a parsed URL.
    ConnectionUrl freshDatabase()
    {
        const QString name = u"db%1"_s.arg(++m_databases);
        if (!m_postgres.createDatabase(name))
            qWarning("%s", qPrintable(m_postgres.error()));
        return ConnectionUrl::parse(m_postgres.url(name)).value();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error())); }

    void parsesUrls_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("options");
        QTest::newRow("full") << u"postgresql://chat:s3cret@db.example.org:6543/chat"_s
                              << u"db.example.org"_s << 6543 << u"chat"_s << u"s3cret"_s
                              << u"chat"_s << QString();
        QTest::newRow("short scheme, default port")
            << u"postgres://chat@10.0.0.5/chat"_s << u"10.0.0.5"_s << 5432 << u"chat"_s << QString()
            << u"chat"_s << QString();
        QTest::newRow("percent-encoded")
            << u"postgresql://ch%40t:p%2Fw%3A%40@h/my%20db"_s << u"h"_s << 5432 << u"ch@t"_s
            << u"p/w:@"_s << u"my db"_s << QString();
        QTest::newRow("Unix socket") << u"postgresql:///chat"_s << QString() << 5432 << QString()
                                     << QString() << u"chat"_s << QString();
        QTest::newRow("parameters")
            << u"postgresql://u@h/d?sslmode=verify-full&connect_timeout=5&application_name=chatd-1"_s
            << u"h"_s << 5432 << u"u"_s << QString() << u"d"_s
            << u"sslmode=verify-full;connect_timeout=5;application_name=chatd-1"_s;
    }
    void parsesUrls()
    {
        QFETCH(QString, text);
        QVERIFY(ConnectionUrl::looksLikeUrl(text));
        const auto url = ConnectionUrl::parse(text);
        VERIFY_OK(url);
        QTEST(url->host, "host");
        QTEST(url->port, "port");
        QTEST(url->user, "user");
        QTEST(url->password, "password");
        QTEST(url->database, "database");
        QTEST(url->connectOptions, "options");
        QVERIFY(!url->displayString().contains(u"s3cret"_s));
    }

    void refusesBadUrls_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("why");
        QTest::newRow("a file path") << u"/var/lib/chatd/chatd.sqlite3"_s << u"must start"_s;
        QTest::newRow("another scheme") << u"mysql://u@h/d"_s << u"must start"_s;
        QTest::newRow("no database") << u"postgresql://u@h:5432"_s << u"name the database"_s;
        QTest::newRow("empty database") << u"postgresql://u@h/"_s << u"name the database"_s;
        QTest::newRow("nested path") << u"postgresql://u@h/a/b"_s << u"no '/'"_s;
        QTest::newRow("bad port") << u"postgresql://u@h:99999/d"_s << u"invalid PostgreSQL URL"_s;
        QTest::newRow("unknown parameter")
            << u"postgresql://u@h/d?sslmod=require"_s << u"unknown parameter 'sslmod'"_s;
        QTest::newRow("bad sslmode") << u"postgresql://u@h/d?sslmode=maybe"_s << u"sslmode must"_s;
        QTest::newRow("bad timeout")
            << u"postgresql://u@h/d?connect_timeout=0"_s << u"connect_timeout must"_s;
        QTest::newRow("injected keyword")
            << u"postgresql://u@h/d?application_name=a%20sslmode=disable"_s << u"may hold only"_s;
        QTest::newRow("fragment") << u"postgresql://u@h/d#x"_s << u"'#'"_s;
    }
    void refusesBadUrls()
    {
        QFETCH(QString, text);
        QFETCH(QString, why);
        const auto url = ConnectionUrl::parse(text);
        QVERIFY(!url);
        QCOMPARE(url.error().code, ErrorCode::InvalidField);
        QCOMPARE(url.error().field, u"db"_s);
        QVERIFY2(url.error().message.contains(why), qPrintable(url.error().message));
    }

    void opensDurableAndInUtc()
    {
        // Whatever the defaults say (a role set to asynchronous commit, another zone).
        Database database(u"test"_s);
        const ConnectionUrl url = freshDatabase();
        {
            QSqlDatabase admin = m_postgres.connect(u"admin-settings"_s, url.database);
            QVERIFY(admin.isOpen());
            QSqlQuery query(admin);
            QVERIFY(
                query.exec(u"ALTER DATABASE %1 SET synchronous_commit = off"_s.arg(url.database)));
            QVERIFY(
                query.exec(u"ALTER DATABASE %1 SET timezone = 'Asia/Tokyo'"_s.arg(url.database)));
            admin.close();
        }
        QSqlDatabase::removeDatabase(u"admin-settings"_s);
        VERIFY_OK(database.open(url, TwoSteps));
        QCOMPARE(scalar(database.connection(), u"SHOW synchronous_commit"_s), u"on"_s);
        QCOMPARE(scalar(database.connection(), u"SHOW timezone"_s), u"UTC"_s);
    }

    void migratesOnceAndOnlyForward()
    {
        const ConnectionUrl url = freshDatabase();
        {
            Database database(u"test"_s);
            VERIFY_OK(database.open(url, { TwoSteps.first() }));
            QCOMPARE(database.schemaVersion(), 1);
        }
        {
            Database database(u"test"_s);
            VERIFY_OK(database.open(url, TwoSteps));
            QCOMPARE(database.schemaVersion(), 2);
            VERIFY_OK(database.open(url, TwoSteps)); // nothing left to do: step 2 not again
            QCOMPARE(scalar(database.connection(), u"SELECT count(*) FROM users"_s), u"1"_s);
        }
        {
            // An older build meets the newer schema.
            Database database(u"test"_s);
            const Status refused = database.open(url, { TwoSteps.first() });
            QVERIFY(!refused);
            QVERIFY2(refused.error().message.contains(u"newer than this build"_s),
                qPrintable(refused.error().message));
            QVERIFY(!database.isOpen());
        }
    }

    void nodesStartingTogetherMigrateOnce()
    {
        // Three chatd nodes on a fresh database at once: each opens on its own thread
        // (a connection belongs to its thread). A slow first step makes them overlap;
        // whatever the interleaving, the advisory lock lets one migrate and the others
        // find the schema current.
        const ConnectionUrl url = freshDatabase();
        Migrations slow = TwoSteps;
        slow.first().prepend(u"SELECT pg_sleep(0.3)"_s);
        std::array<QString, 3> outcomes;
        std::vector<std::thread> nodes;
        for (size_t node = 0; node < outcomes.size(); ++node) {
            nodes.emplace_back([&, node] {
                Database database(u"node%1"_s.arg(node));
                const Status opened = database.open(url, slow);
                outcomes.at(node) = opened ? u"ok"_s : opened.error().message;
            });
        }
        for (std::thread &node : nodes)
            node.join();
        for (const QString &outcome : outcomes)
            QCOMPARE(outcome, u"ok"_s);
        QSqlDatabase look = m_postgres.connect(u"look-nodes"_s, url.database);
        QVERIFY(look.isOpen());
        QCOMPARE(scalar(look, u"SELECT count(*) FROM users"_s), u"1"_s); // step 2 ran once
        QCOMPARE(scalar(look, u"SELECT count(*) FROM schema_version"_s), u"1"_s);
        look.close();
        look = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"look-nodes"_s);
    }

    void aFailedStepLeavesNothing()
    {
        const ConnectionUrl url = freshDatabase();
        Migrations broken = TwoSteps;
        broken.append({ u"CREATE TABLE third (x INT)"_s, u"THIS IS NOT SQL"_s });
        Database database(u"test"_s);
        const Status failed = database.open(url, broken);
        QVERIFY(!failed);
        QVERIFY2(failed.error().message.contains(u"migration 3 failed"_s),
            qPrintable(failed.error().message));
        // All pending steps were one transaction: not even steps 1 and 2 stayed.
        QSqlDatabase look = m_postgres.connect(u"look"_s, url.database);
        QVERIFY(look.isOpen());
        QCOMPARE(scalar(look, u"SELECT to_regclass('users') IS NULL"_s), u"true"_s);
        QCOMPARE(scalar(look, u"SELECT to_regclass('third') IS NULL"_s), u"true"_s);
        look.close();
        look = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"look"_s);
        VERIFY_OK(database.open(url, TwoSteps)); // and the good steps still apply
        QCOMPARE(database.schemaVersion(), 2);
    }

    void saysWhenNoServerAnswers()
    {
        auto url = ConnectionUrl::parse(
            u"postgresql://chat:hidden@127.0.0.1:%1/none?connect_timeout=5"_s.arg(
                ServiceProcess::freePort()));
        VERIFY_OK(url);
        Database database(u"test"_s);
        const Status refused = database.open(url.value(), TwoSteps);
        QVERIFY(!refused);
        QVERIFY2(
            refused.error().message.startsWith(u"cannot connect to postgresql://chat@127.0.0.1:"_s),
            qPrintable(refused.error().message));
        QVERIFY(!refused.error().message.contains(u"hidden"_s));
        QVERIFY(!database.isOpen());
    }
};

QTEST_GUILESS_MAIN(TestPostgresDatabase)
#include "tst_postgresdatabase.moc"
