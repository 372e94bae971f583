// The client's durable outbox: LocalStore (one SQLite file per server+user), Outbox
// writing through to it, OutboxSender's sending discipline, and the suspend detector.
// No network: the sender is driven with a fake send function.

#include <client/network/suspenddetector.h>
#include <client/outgoing/outbox.h>
#include <client/outgoing/outboxsender.h>
#include <client/storage/localstore.h>

#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using chat::client::DeliveryState;
using chat::client::LocalStore;
using chat::client::Outbox;
using chat::client::OutboxSender;
using chat::client::OutgoingMessage;
using chat::client::SuspendDetector;

namespace {

OutgoingMessage outgoing(const QString &clientId, qint64 conversationId, const QString &body)
{
    // Whole milliseconds: that is what the store keeps.
    const QDateTime writtenAt
        = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    return { clientId, conversationId, body, writtenAt, DeliveryState::Pending, {} };
}

QStringList clientIdsOf(const QList<OutgoingMessage> &messages)
{
    QStringList ids;
    for (const OutgoingMessage &message : messages)
        ids.append(message.clientId);
    return ids;
}

} // namespace

class TestOutbox : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString storePath(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void pathsAreSafeAndSeparatePerServerAndUser()
    {
        const QString profile = m_dir.filePath(u"profile"_s);
        const QString alice
            = LocalStore::pathFor(profile, QUrl(u"http://127.0.0.1:8420"_s), u"alice"_s);
        QCOMPARE(alice, profile + u"/127.0.0.1_8420/alice.sqlite3"_s);
        // Usernames are case-insensitive on the server: one account, one file.
        QCOMPARE(LocalStore::pathFor(profile, QUrl(u"http://127.0.0.1:8420"_s), u"Alice"_s), alice);
        QVERIFY(
            LocalStore::pathFor(profile, QUrl(u"http://127.0.0.1:8421"_s), u"alice"_s) != alice);
        QVERIFY(LocalStore::pathFor(profile, QUrl(u"http://127.0.0.1:8420"_s), u"bob"_s) != alice);
        QCOMPARE(LocalStore::pathFor(profile, QUrl(u"http://example.org"_s), u"bob"_s),
            profile + u"/example.org_80/bob.sqlite3"_s);
        QCOMPARE(LocalStore::pathFor(profile, QUrl(u"http://[::1]:9000"_s), u"bob"_s),
            profile + u"/__1_9000/bob.sqlite3"_s);
        // Nothing a name holds leads out of the profile directory.
        for (const QString &evil : { u"../../etc"_s, u".."_s, u"a/b"_s, u""_s, u"ü"_s }) {
            const QString path = LocalStore::pathFor(profile, QUrl(u"http://127.0.0.1:1"_s), evil);
            QVERIFY2(
                QFileInfo(path).absolutePath() == profile + u"/127.0.0.1_1"_s, qPrintable(path));
            QVERIFY(!QFileInfo(path).fileName().startsWith(u'.'));
        }
    }

    void freshStoreHasSchemaAndSettings()
    {
        LocalStore store;
        const QString path = storePath(u"deep/er/fresh.sqlite3"_s);
        auto opened = store.open(path);
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().message));
        QVERIFY(QFileInfo::exists(path));
        QCOMPARE(store.schemaVersion(), 1);
        QCOMPARE(store.position().value(), qint64(0));
        QCOMPARE(store.outgoing().value().size(), 0);

        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check-fresh"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"PRAGMA journal_mode"_s) && query.next());
        QCOMPARE(query.value(0).toString(), u"wal"_s);
        query.finish();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"check-fresh"_s);
    }

    void refusesNewerSchema()
    {
        const QString path = storePath(u"newer.sqlite3"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"make-newer"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(u"PRAGMA user_version = 99"_s));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"make-newer"_s);
        LocalStore store;
        QVERIFY(!store.open(path).ok());
        QVERIFY(!store.isOpen());
    }

    void outboxSurvivesReopenWithOrderAndStates()
    {
        const QString path = storePath(u"reopen.sqlite3"_s);
        QList<OutgoingMessage> written;
        {
            LocalStore store;
            QVERIFY(store.open(path).ok());
            Outbox outbox;
            QVERIFY(outbox.attach(&store).ok());
            for (int i = 0; i < 20; ++i) {
                written.append(outgoing(u"c%1"_s.arg(i), i % 3 + 1, u"body %1 ✓"_s.arg(i)));
                QVERIFY(outbox.add(written.last()).ok());
            }
            // The same client id twice is one entry.
            QVERIFY(outbox.add(written.first()).ok());
            QCOMPARE(outbox.size(), 20);
            outbox.setState(u"c4"_s, DeliveryState::Failed, u"refused: too long"_s);
            QVERIFY(outbox.remove(u"c7"_s));
            QVERIFY(!outbox.remove(u"c7"_s));
            QCOMPARE(outbox.waitingCount(), 18);
            QVERIFY(store.setPosition(4242).ok());
        }
        written.removeAt(7);

        LocalStore store;
        QVERIFY(store.open(path).ok());
        QCOMPARE(store.position().value(), qint64(4242));
        Outbox outbox;
        QVERIFY(outbox.attach(&store).ok());
        QCOMPARE(outbox.size(), 19);
        // Exactly what was written, in the order it was written.
        QCOMPARE(clientIdsOf(store.outgoing().value()), clientIdsOf(written));
        for (const OutgoingMessage &message : written) {
            const OutgoingMessage *reloaded = outbox.find(message.clientId);
            QVERIFY(reloaded);
            QCOMPARE(reloaded->conversationId, message.conversationId);
            QCOMPARE(reloaded->body, message.body);
            QCOMPARE(reloaded->writtenAt, message.writtenAt);
        }
        QCOMPARE(outbox.find(u"c4"_s)->state, DeliveryState::Failed);
        QCOMPARE(outbox.find(u"c4"_s)->error, u"refused: too long"_s);
        QCOMPARE(outbox.find(u"c5"_s)->state, DeliveryState::Pending);
        QCOMPARE(outbox.waitingCount(), 18);
        QCOMPARE(outbox.nextPending(2)->clientId, u"c1"_s);
        // c4 (conversation 2) is Failed: the next of conversation 2 after c1 is c10.
        QVERIFY(outbox.remove(u"c1"_s));
        QCOMPARE(outbox.nextPending(2)->clientId, u"c10"_s);

        // Back to Pending (a retry) is saved too.
        outbox.setState(u"c4"_s, DeliveryState::Pending);
        LocalStore again;
        QVERIFY(again.open(path).ok());
        Outbox reread;
        QVERIFY(reread.attach(&again).ok());
        QCOMPARE(reread.find(u"c4"_s)->state, DeliveryState::Pending);
        QCOMPARE(reread.find(u"c4"_s)->error, QString());
        QVERIFY(!reread.find(u"c1"_s));
    }

    void twoAccountsDoNotShare()
    {
        const QString profile = m_dir.filePath(u"shared-profile"_s);
        const QUrl server(u"http://127.0.0.1:5000"_s);
        LocalStore alice;
        LocalStore bob;
        LocalStore aliceElsewhere;
        QVERIFY(alice.open(LocalStore::pathFor(profile, server, u"alice"_s)).ok());
        QVERIFY(bob.open(LocalStore::pathFor(profile, server, u"bob"_s)).ok());
        QVERIFY(
            aliceElsewhere
                .open(LocalStore::pathFor(profile, QUrl(u"http://127.0.0.1:5001"_s), u"alice"_s))
                .ok());
        QVERIFY(alice.addOutgoing(outgoing(u"a1"_s, 1, u"from alice"_s)).ok());
        QVERIFY(alice.setPosition(10).ok());
        QVERIFY(bob.addOutgoing(outgoing(u"b1"_s, 1, u"from bob"_s)).ok());
        QCOMPARE(clientIdsOf(alice.outgoing().value()), QStringList { u"a1"_s });
        QCOMPARE(clientIdsOf(bob.outgoing().value()), QStringList { u"b1"_s });
        QCOMPARE(aliceElsewhere.outgoing().value().size(), 0);
        QCOMPARE(bob.position().value(), qint64(0));
        QCOMPARE(aliceElsewhere.position().value(), qint64(0));
    }

    void detachedOutboxWorksInMemory()
    {
        Outbox outbox;
        QVERIFY(outbox.add(outgoing(u"m1"_s, 1, u"x"_s)).ok());
        QCOMPARE(outbox.size(), 1);
        QVERIFY(outbox.attach(nullptr).ok());
        QCOMPARE(outbox.size(), 0);
    }

    void senderKeepsOneInFlightPerConversationInOrder()
    {
        Outbox outbox;
        QStringList sent;
        OutboxSender sender(outbox,
            [&sent](const chat::json::SendRequest &request) { sent.append(request.clientId); });
        for (const auto &[id, conversation] : QList<std::pair<QString, qint64>> {
                 { u"a1"_s, 1 }, { u"b1"_s, 2 }, { u"a2"_s, 1 }, { u"a3"_s, 1 }, { u"b2"_s, 2 } }) {
            QVERIFY(outbox.add(outgoing(id, conversation, id)).ok());
        }
        sender.setOnline(true);
        QCOMPARE(sent, (QStringList { u"a1"_s, u"b1"_s }));
        sender.pump(); // nothing new while both are in flight
        QCOMPARE(sent.size(), 2);

        // Acknowledged: the next of that conversation goes, and only that.
        outbox.remove(u"a1"_s);
        sender.acknowledged(u"a1"_s);
        QCOMPARE(sent.last(), u"a2"_s);
        QCOMPARE(sent.size(), 3);

        // Refused: Failed, and it does not hold up the next.
        outbox.setState(u"a2"_s, DeliveryState::Failed, u"no"_s);
        sender.refused(u"a2"_s);
        QCOMPARE(sent.last(), u"a3"_s);

        // Undelivered while offline: waits, and goes again (same message) once online.
        sender.setOnline(false);
        sender.undelivered(u"a3"_s);
        sender.pump();
        QCOMPARE(sent.size(), 4);
        QVERIFY(!sender.isInFlight(u"a3"_s));
        sender.setOnline(true);
        QCOMPARE(sent.last(), u"a3"_s);
        QCOMPARE(sent.size(), 5);
        QVERIFY(sender.isInFlight(u"a3"_s));
        QVERIFY(sender.isInFlight(u"b1"_s));

        // A retried Failed message goes once its conversation is free, before newer ones.
        QVERIFY(outbox.add(outgoing(u"a4"_s, 1, u"a4"_s)).ok());
        outbox.setState(u"a2"_s, DeliveryState::Pending);
        sender.pump();
        QCOMPARE(sent.size(), 5);
        outbox.remove(u"a3"_s);
        sender.acknowledged(u"a3"_s);
        QCOMPARE(sent.last(), u"a2"_s);
        outbox.remove(u"a2"_s);
        sender.acknowledged(u"a2"_s);
        QCOMPARE(sent.last(), u"a4"_s);
    }

    void senderRetriesAfterAPause()
    {
        Outbox outbox;
        QStringList sent;
        OutboxSender sender(outbox,
            [&sent](const chat::json::SendRequest &request) { sent.append(request.clientId); });
        sender.setRetryPause(50ms);
        QVERIFY(outbox.add(outgoing(u"r1"_s, 1, u"r1"_s)).ok());
        sender.setOnline(true);
        QCOMPARE(sent.size(), 1);
        sender.deferred(u"r1"_s);
        QVERIFY(!sender.isInFlight(u"r1"_s));
        QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 2, 20000);
        QCOMPARE(sent.last(), u"r1"_s);
        // Undelivered while online (a failed REST call): no reconnect would wake it.
        sender.undelivered(u"r1"_s);
        QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 3, 20000);
    }

    void suspendDetectorSeesAClockJump()
    {
        qint64 now = 1'000'000;
        SuspendDetector detector;
        detector.setInterval(1h); // ticks only when the test asks
        detector.setTolerance(10s);
        detector.setClock([&now] { return now; });
        QSignalSpy resumed(&detector, &SuspendDetector::resumed);
        detector.start();
        now += 3'600'000 + 2'000; // on time, give or take
        detector.check();
        QCOMPARE(resumed.size(), 0);
        now += 3'600'000 + 60'000; // a minute late: the machine slept
        detector.check();
        QCOMPARE(resumed.size(), 1);
        QCOMPARE(resumed.at(0).at(0).value<std::chrono::milliseconds>(), 60s);
        now -= 86'400'000; // the clock set back a day is no wake-up
        detector.check();
        QCOMPARE(resumed.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
