// chatd as an administrator runs it as a service, through the real binary: started with
// a config file (and refusing a bad one before it creates anything), GET /healthz while
// the database takes writes and while it cannot, and `chatd backup` as a second process
// while chatd serves, the backup then served by a chatd of its own; GET /metrics of the
// real binary, and `--metrics off` removing it. Every chatd is a
// child process on a free port with files in a temporary directory (ChatdRunner).
#include <shared/jsoncodec.h>
#include <support/chatdprocess.h>
#include <support/metricsscrape.h>
#include <support/restclient.h>
#include <support/timeouts.h>
#include <support/wsclient.h>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class TestChatdService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void servesWithTheConfigFile();
    void refusesABadConfigFile_data();
    void refusesABadConfigFile();
    void healthzWhenTheDatabaseTakesWrites();
    void healthzWhenTheDatabaseIsLocked();
    void metricsOfTheDaemon();
    void backupWhileServingHasEveryAcknowledgedMessage();
    void backupNeverOverwrites();
    void backupNeedsADatabase();

private:
    QString path(const QString &name) const { return m_runner->path(name); }
    QString writeFile(const QString &name, const QByteArray &contents) const;
    //! Sends SIGTERM and waits for a clean exit.
    static void stop(ChatdProcess &daemon);

    std::unique_ptr<ChatdRunner> m_runner;
};

void TestChatdService::init()
{
    m_runner = std::make_unique<ChatdRunner>(QStringLiteral(CHATD_PATH));
    QVERIFY(m_runner->isValid());
}

void TestChatdService::cleanup()
{
    m_runner.reset();
}

QString TestChatdService::writeFile(const QString &name, const QByteArray &contents) const
{
    QFile file(path(name));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(file.fileName()));
    file.write(contents);
    return file.fileName();
}

void TestChatdService::stop(ChatdProcess &daemon)
{
    QVERIFY(daemon.sendSignal(SIGTERM));
    QVERIFY2(daemon.waitForExit(Timeout), qPrintable(daemon.transcript()));
    QCOMPARE(daemon.exitStatus(), QProcess::NormalExit);
    QCOMPARE(daemon.exitCode(), 0);
}

void TestChatdService::servesWithTheConfigFile()
{
    // The file names a port someone else has: the flag --port 0 overrides it.
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress(QHostAddress::LocalHost), 0));
    const QString config = writeFile(u"chatd.conf"_s,
        u"[server]\n"
        u"listen = 127.0.0.1\n"
        u"port = %1\n"
        u"; relative to this file\n"
        u"database = data/chat.sqlite3\n"
        u"[limits]\n"
        u"max-body-bytes = 100\n"
        u"[log]\n"
        u"rules = chat.server.http.debug=true\n"_s.arg(occupant.serverPort())
            .toUtf8());
    ChatdProcess *daemon = m_runner->start({ u"--config"_s, config, u"--port"_s, u"0"_s });
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    QVERIFY(daemon->port() != occupant.serverPort());
    QVERIFY(QFile::exists(path(u"data/chat.sqlite3"_s)));

    RestClient rest(daemon->url());
    const Pair pair = rest.signUpPair();
    QVERIFY(pair.conversationId > 0);
    // The server's own body limit, lower than the protocol's: 100 bytes pass, 101 do not.
    QCOMPARE(rest.sendMessage(pair.alice.token, pair.conversationId, u"c-100"_s, QString(100, u'a'))
                 .status,
        201);
    const HttpReply tooLong
        = rest.sendMessage(pair.alice.token, pair.conversationId, u"c-101"_s, QString(101, u'a'));
    QCOMPARE(tooLong.status, 400);
    QCOMPARE(tooLong.errorCode(), u"invalid_field"_s);
    QCOMPARE(tooLong.json.value(u"error"_s).toObject().value(u"field"_s).toString(), u"body"_s);
    QVERIFY2(tooLong.body.contains("at most 100 bytes"), tooLong.body.constData());
    // The log rules of the file: each request is logged at debug level.
    QCOMPARE(rest.get(u"/info"_s).status, 200);
    QTRY_VERIFY2_WITH_TIMEOUT(daemon->standardError().contains(u"\"/api/v1/info\" -> 200"_s),
        qPrintable(daemon->transcript()), Timeout);
    stop(*daemon);
}

void TestChatdService::refusesABadConfigFile_data()
{
    QTest::addColumn<QByteArray>("contents"); // empty: no file at all
    QTest::addColumn<QString>("reason");

    QTest::newRow("unknown key") << QByteArray("[limits]\nmax-members = 5\n")
                                 << u"[limits] max-members: unknown key"_s;
    QTest::newRow("bad value") << QByteArray("[websocket]\nidle-timeout = soon\n")
                               << u"[websocket] idle-timeout: 'soon' is not a whole number"_s;
    QTest::newRow("bad line") << QByteArray("[server]\nport: 9000\n")
                              << u"line 2: 'port: 9000' is not a key"_s;
    QTest::newRow("missing file") << QByteArray() << u"no such file"_s;
}

void TestChatdService::refusesABadConfigFile()
{
    QFETCH(QByteArray, contents);
    QFETCH(QString, reason);
    const QString config
        = contents.isEmpty() ? path(u"missing.conf"_s) : writeFile(u"chatd.conf"_s, contents);
    const QString database = path(u"data/chat.sqlite3"_s);
    ChatdProcess *daemon
        = m_runner->runToExit({ u"--config"_s, config, u"--db"_s, database, u"--port"_s, u"0"_s });
    QCOMPARE(daemon->exitStatus(), QProcess::NormalExit);
    QCOMPARE(daemon->exitCode(), 2);
    // One line that names the file and the key, and nothing else (no usage text).
    const QStringList lines = daemon->errorLines();
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.first().startsWith(u"chatd: %1: "_s.arg(config)), qPrintable(lines.first()));
    QVERIFY2(lines.first().contains(reason), qPrintable(lines.first()));
    QVERIFY(daemon->standardOutput().isEmpty());
    // Refused before anything was made.
    QVERIFY(!QFileInfo::exists(database));
    QVERIFY(!QFileInfo::exists(path(u"data"_s)));
}

void TestChatdService::healthzWhenTheDatabaseTakesWrites()
{
    ChatdProcess *daemon = m_runner->startServer();
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    RestClient rest(daemon->url());
    // Outside /api/v1, and no token needed.
    const HttpReply health = rest.requestAtRoot("GET", u"/healthz"_s);
    QCOMPARE(health.status, 200);
    QVERIFY2(health.header("Content-Type").startsWith("application/json"),
        health.header("Content-Type").constData());
    QCOMPARE(health.header("Cache-Control"), QByteArray("no-store"));
    QCOMPARE(health.json, QJsonObject({ { u"status"_s, u"ok"_s } }));
    // The probe wrote nothing that stays: it may be polled forever.
    QCOMPARE(rest.requestAtRoot("GET", u"/healthz"_s).status, 200);
    const HttpReply post = rest.requestAtRoot("POST", u"/healthz"_s);
    QCOMPARE(post.status, 405);
    QCOMPARE(post.header("Allow"), QByteArray("GET"));
    stop(*daemon);
}

void TestChatdService::metricsOfTheDaemon()
{
    ChatdProcess *daemon = m_runner->startServer();
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    RestClient rest(daemon->url());
    const Pair pair = rest.signUpPair();
    QCOMPARE(rest.sendMessage(pair.alice.token, pair.conversationId, u"c1"_s, u"hi"_s).status, 201);

    const HttpReply reply = rest.requestAtRoot("GET", u"/metrics"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Type"), QByteArray("text/plain; version=0.0.4; charset=utf-8"));
    const MetricsScrape scrape = MetricsScrape::parse(reply.body);
    QVERIFY2(scrape.problems().isEmpty(), qPrintable(scrape.problems().join(u'\n')));
    QCOMPARE(scrape(u"chatd_messages_stored_total"_s), 1.0);
    QCOMPARE(scrape(u"chatd_sign_ins_total"_s, { { u"result"_s, u"ok"_s } }), 2.0);
    // The daemon's own process: its memory, and the version it says it is.
    QVERIFY(scrape(u"process_resident_memory_bytes"_s) > 1024 * 1024);
    ChatdProcess *version = m_runner->runToExit({ u"--version"_s });
    const QString said = version->standardOutput().trimmed().section(u' ', 1);
    QVERIFY(!said.isEmpty());
    bool found = false;
    for (const MetricsScrape::Sample &sample : scrape.samples()) {
        if (sample.name == u"chatd_build_info"_s)
            found = sample.labels.value(u"version"_s) == said;
    }
    QVERIFY2(found, qPrintable(QString::fromUtf8(reply.body)));
    stop(*daemon);

    ChatdProcess *closed = m_runner->startServer({}, { u"--metrics"_s, u"off"_s });
    QVERIFY2(closed->waitUntilListening(), qPrintable(closed->transcript()));
    RestClient other(closed->url());
    QCOMPARE(other.requestAtRoot("GET", u"/metrics"_s).status, 404);
    QCOMPARE(other.requestAtRoot("GET", u"/healthz"_s).status, 200);
    stop(*closed);
}

void TestChatdService::healthzWhenTheDatabaseIsLocked()
{
    const QString database = path(u"locked.sqlite3"_s);
    ChatdProcess *daemon = m_runner->startServer(database);
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    RestClient rest(daemon->url());
    QCOMPARE(rest.requestAtRoot("GET", u"/healthz"_s).status, 200);

    // Another process holds the write lock (as a stuck writer or a long manual
    // transaction would): chatd can store nothing, and says so once its busy timeout ends.
    {
        QSqlDatabase holder = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"holder"_s);
        holder.setDatabaseName(database);
        QVERIFY2(holder.open(), qPrintable(holder.lastError().text()));
        QSqlQuery lock(holder);
        QVERIFY2(lock.exec(u"BEGIN IMMEDIATE"_s), qPrintable(lock.lastError().text()));

        const HttpReply locked = rest.requestAtRoot("GET", u"/healthz"_s);
        QCOMPARE(locked.status, 503);
        QCOMPARE(locked.json.value(u"status"_s).toString(), u"unavailable"_s);
        QVERIFY2(locked.json.value(u"reason"_s).toString().contains(u"locked"_s),
            locked.body.constData());
        QTRY_VERIFY2_WITH_TIMEOUT(
            daemon->standardError().contains(u"health check: the database takes no writes: cannot "
                                             u"take the write lock: database is locked"_s),
            qPrintable(daemon->transcript()), Timeout);

        QVERIFY(lock.exec(u"ROLLBACK"_s));
        lock.finish();
        holder.close();
    }
    QSqlDatabase::removeDatabase(u"holder"_s);
    // Healthy again the moment the lock is gone: nothing is remembered.
    QCOMPARE(rest.requestAtRoot("GET", u"/healthz"_s).status, 200);
    stop(*daemon);
}

void TestChatdService::backupWhileServingHasEveryAcknowledgedMessage()
{
    const QString database = path(u"live.sqlite3"_s);
    ChatdProcess *daemon = m_runner->startServer(database);
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    RestClient rest(daemon->url());
    const Pair pair = rest.signUpPair();
    QVERIFY(pair.conversationId > 0);
    WsClient alice;
    QVERIFY(alice.connectAndAuthenticate(daemon->webSocketUrl(), pair.alice.token));

    // The first batch is acknowledged (on disk) before the backup starts; the second is
    // in flight while it runs, so the backup reads while chatd writes. Both within the
    // send burst (100), so that every send is acked, none refused.
    constexpr int Batch = 40;
    const auto sendBatch = [&](int first) {
        for (int i = first; i < first + Batch; ++i) {
            alice.sendMessage(
                u"r-%1"_s.arg(i), pair.conversationId, u"c-%1"_s.arg(i), u"message %1"_s.arg(i));
        }
    };
    sendBatch(0);
    QVERIFY(alice.waitForFrames(u"ack"_s, Batch, Timeout));
    QHash<qint64, QString> acknowledged; // id -> body
    const auto collectAcks = [&] {
        for (const QJsonObject &ack : alice.frames(u"ack"_s)) {
            auto message = json::decodeMessage(ack.value(u"message"_s).toObject());
            QVERIFY(message.ok());
            acknowledged.insert(message->id, message->body);
        }
    };
    collectAcks();
    QCOMPARE(acknowledged.size(), Batch);
    const QHash<qint64, QString> beforeBackup = acknowledged;

    sendBatch(Batch);
    const QString backup = path(u"backups/chat-backup.sqlite3"_s);
    QVERIFY(QDir().mkpath(path(u"backups"_s)));
    ChatdProcess *copier = m_runner->start({ u"backup"_s, backup, u"--db"_s, database });
    QVERIFY2(copier->waitForExit(Timeout), qPrintable(copier->transcript()));
    QCOMPARE(copier->exitCode(), 0);
    QVERIFY2(
        copier->standardOutput().startsWith(u"backed up '%1' to '%2' ("_s.arg(database, backup)),
        qPrintable(copier->transcript()));
    QVERIFY(daemon->isRunning());
    QVERIFY(alice.waitForFrames(u"ack"_s, 2 * Batch, Timeout));
    acknowledged.clear();
    collectAcks();
    QCOMPARE(acknowledged.size(), 2 * Batch);
    // chatd served on: a send after the backup is stored too.
    QCOMPARE(
        rest.sendMessage(pair.alice.token, pair.conversationId, u"c-after"_s, u"after"_s).status,
        201);

    // Restore: a chatd of its own on the backup serves it, alice's session included.
    ChatdProcess *restored = m_runner->startServer(backup);
    QVERIFY2(restored->waitUntilListening(), qPrintable(restored->transcript()));
    RestClient restoredRest(restored->url());
    const HttpReply history = restoredRest.get(
        u"/conversations/%1/messages?limit=200"_s.arg(pair.conversationId), pair.alice.token);
    QCOMPARE(history.status, 200);
    auto page = json::decodeHistoryPage(history.json);
    QVERIFY2(page.ok(), history.body.constData());
    QHash<qint64, QString> inBackup;
    for (const Message &message : std::as_const(page->messages))
        inBackup.insert(message.id, message.body);
    // Every message acknowledged before the backup is in it, as acknowledged...
    for (auto it = beforeBackup.cbegin(); it != beforeBackup.cend(); ++it)
        QCOMPARE(inBackup.value(it.key()), it.value());
    // ...and whatever else it has was acknowledged too (a consistent snapshot: no half
    // batch, nothing that was not acked, and not the message sent after it ended).
    for (auto it = inBackup.cbegin(); it != inBackup.cend(); ++it)
        QCOMPARE(acknowledged.value(it.key()), it.value());
    stop(*restored);
    stop(*daemon);
}

void TestChatdService::backupNeverOverwrites()
{
    const QString database = path(u"chat.sqlite3"_s);
    ChatdProcess *daemon = m_runner->startServer(database);
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    const QString existing = writeFile(u"yesterday.sqlite3"_s, "yesterday's backup\n");

    ChatdProcess *copier = m_runner->runToExit({ u"backup"_s, existing, u"--db"_s, database });
    QCOMPARE(copier->exitStatus(), QProcess::NormalExit);
    QCOMPARE(copier->exitCode(), 1);
    QCOMPARE(copier->standardError(),
        u"chatd: '%1' exists; a backup never overwrites a file\n"_s.arg(existing));
    QFile file(existing);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("yesterday's backup\n"));
    stop(*daemon);
}

void TestChatdService::backupNeedsADatabase()
{
    // A mistyped --db: no database is made there, and no backup of nothing.
    const QString database = path(u"typo.sqlite3"_s);
    const QString backup = path(u"backup.sqlite3"_s);
    ChatdProcess *copier = m_runner->runToExit({ u"backup"_s, backup, u"--db"_s, database });
    QCOMPARE(copier->exitCode(), 1);
    QCOMPARE(copier->standardError(), u"chatd: no database at '%1'\n"_s.arg(database));
    QVERIFY(!QFileInfo::exists(database));
    QVERIFY(!QFileInfo::exists(backup));

    // Nor a file that is not chatd's.
    const QString foreign = writeFile(u"foreign.sqlite3"_s, QByteArray());
    ChatdProcess *second = m_runner->runToExit({ u"backup"_s, backup, u"--db"_s, foreign });
    QCOMPARE(second->exitCode(), 1);
    QCOMPARE(second->standardError(), u"chatd: '%1' is not a chatd database\n"_s.arg(foreign));
    QVERIFY(!QFileInfo::exists(backup));
}

QTEST_GUILESS_MAIN(TestChatdService)
#include "tst_chatdservice.moc"
