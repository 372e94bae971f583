// The servers the scale-out tests start for themselves (tests/support/throwawaypostgres.h,
// throwawayredis.h): a PostgreSQL cluster answers Qt's QPSQL driver (positional "?"
// placeholders included, as the store writes them), keeps what was committed across a
// stop and a start on the same port, refuses connections while stopped, and gives each
// test function a database of its own; a Redis server answers its protocol, starts empty
// after a restart, and refuses connections while stopped. Both run as an unprivileged
// account when the suite runs as root, and leave nothing.
#include <support/throwawaypostgres.h>
#include <support/throwawayredis.h>
#include <support/timeouts.h>

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat::test;

namespace {

//! Sends one Redis command (inline form) and returns the reply's first line, or an
//! empty string when there is no server or no reply.
QByteArray redisCommand(quint16 port, const QByteArray &command)
{
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, port);
    if (!socket.waitForConnected(Timeout))
        return {};
    socket.write(command + "\r\n");
    QByteArray reply;
    while (!reply.contains("\r\n") && socket.waitForReadyRead(Timeout))
        reply += socket.readAll();
    return reply.left(reply.indexOf("\r\n"));
}

//! The real user id a process runs as (/proc/PID/status), or -1.
qint64 realUserOf(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("Uid:"))
            return line.mid(4).simplified().split(' ').value(0).toLongLong();
    }
    return -1;
}

//! The one value `sql` selects on `connection`, as text.
QString scalar(const QSqlDatabase &connection, const QString &sql)
{
    QSqlQuery query(connection);
    if (!query.exec(sql) || !query.next())
        return u"error: "_s + query.lastError().text();
    return query.value(0).toString();
}

} // namespace

class TestThrowawayServers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void postgresKeepsCommittedDataAcrossARestart()
    {
        {
            ThrowawayPostgres postgres;
            QVERIFY2(postgres.start(), qPrintable(postgres.error()));
            // PostgreSQL refuses root: run as root, the suite runs it as another account.
            QVERIFY(realUserOf(postgres.pid()) != 0);
            QVERIFY(postgres.port() != 0);
            QVERIFY(postgres.url().startsWith(u"postgresql://chat@127.0.0.1:"_s));
            QVERIFY2(postgres.createDatabase(u"first"_s), qPrintable(postgres.error()));
            {
                QSqlDatabase connection = postgres.connect(u"pg-a"_s, u"first"_s);
                QVERIFY2(connection.isOpen(), qPrintable(connection.lastError().text()));
                QSqlQuery query(connection);
                QVERIFY2(query.exec(u"CREATE TABLE t (x BIGINT PRIMARY KEY, label TEXT)"_s),
                    qPrintable(query.lastError().text()));
                QVERIFY(query.exec(u"INSERT INTO t VALUES (1, 'crème 🍮')"_s));
                // The store's statements bind by position with "?": QPSQL numbers them.
                QVERIFY(query.prepare(u"INSERT INTO t VALUES (?, ?) ON CONFLICT (x) DO NOTHING"_s));
                query.addBindValue(qint64(2));
                query.addBindValue(u"two"_s);
                QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
                QVERIFY(query.prepare(u"SELECT label FROM t WHERE x = ?"_s));
                query.addBindValue(qint64(2));
                QVERIFY(query.exec() && query.next());
                QCOMPARE(query.value(0).toString(), u"two"_s);
                QCOMPARE(scalar(connection, u"SELECT current_user"_s), u"chat"_s);
                connection.close();
            }
            QSqlDatabase::removeDatabase(u"pg-a"_s);

            const quint16 port = postgres.port();
            QVERIFY(postgres.stop());
            QVERIFY(!postgres.isRunning());
            {
                QSqlDatabase refused = postgres.connect(u"pg-b"_s, u"first"_s);
                QVERIFY(!refused.isOpen());
            }
            QSqlDatabase::removeDatabase(u"pg-b"_s);

            QVERIFY2(postgres.start(), qPrintable(postgres.error()));
            QCOMPARE(postgres.port(), port);
            {
                QSqlDatabase again = postgres.connect(u"pg-c"_s, u"first"_s);
                QVERIFY2(again.isOpen(), qPrintable(again.lastError().text()));
                QCOMPARE(scalar(again, u"SELECT label FROM t WHERE x = 1"_s), u"crème 🍮"_s);
                again.close();
            }
            QSqlDatabase::removeDatabase(u"pg-c"_s);
            // A second database is separate from the first.
            QVERIFY2(postgres.createDatabase(u"second"_s), qPrintable(postgres.error()));
            {
                QSqlDatabase second = postgres.connect(u"pg-d"_s, u"second"_s);
                QVERIFY(second.isOpen());
                QVERIFY(scalar(second, u"SELECT count(*) FROM t"_s).startsWith(u"error"_s));
                second.close();
            }
            QSqlDatabase::removeDatabase(u"pg-d"_s);
        }
    }

    void redisAnswersAndStartsEmptyAfterARestart()
    {
        ThrowawayRedis redis;
        QVERIFY2(redis.start(), qPrintable(redis.error()));
        QCOMPARE(redisCommand(redis.port(), "PING"), QByteArray("+PONG"));
        QCOMPARE(redisCommand(redis.port(), "SET greeting hello"), QByteArray("+OK"));
        QCOMPARE(redisCommand(redis.port(), "GET greeting"), QByteArray("$5"));
        QVERIFY(redis.stop());
        QVERIFY(!redis.isRunning());
        QVERIFY(redisCommand(redis.port(), "PING").isEmpty());
        QVERIFY2(redis.start(), qPrintable(redis.error()));
        QCOMPARE(redisCommand(redis.port(), "GET greeting"), QByteArray("$-1")); // nothing kept
    }

    void nothingIsLeftRunning()
    {
        qint64 postgresPid = 0;
        qint64 redisPid = 0;
        {
            ThrowawayPostgres postgres;
            ThrowawayRedis redis;
            QVERIFY2(postgres.start(), qPrintable(postgres.error()));
            QVERIFY2(redis.start(), qPrintable(redis.error()));
            postgresPid = postgres.pid();
            redisPid = redis.pid();
            QVERIFY(postgresPid > 0 && redisPid > 0);
        }
        // Gone with their owners (the postmaster takes its helper processes with it).
        QVERIFY(!QDir(u"/proc/%1"_s.arg(postgresPid)).exists());
        QVERIFY(!QDir(u"/proc/%1"_s.arg(redisPid)).exists());
    }
};

QTEST_GUILESS_MAIN(TestThrowawayServers)
#include "tst_throwawayservers.moc"
