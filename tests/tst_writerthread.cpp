// The group commit on its writer thread: a batch in flight and the sends queued behind it
// are answered in order by flush() and by stop(), and REST sends share batches with each
// other, answered only once their batch is on disk, while the event loop keeps serving.
#include <server/chatserver.h>
#include <server/metrics/servermetrics.h>
#include <server/services/resumeservice.h>
#include <server/store/messagewriter.h>
#include <server/store/store.h>
#include <support/restclient.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

//! A second connection that takes the database's write lock and holds it: the writer's
//! next batch waits for it (within SQLite's busy timeout) on the writer's thread.
class WriteLock
{
public:
    explicit WriteLock(const QString &path)
    {
        QSqlDatabase connection = QSqlDatabase::addDatabase(u"QSQLITE"_s, Name);
        connection.setDatabaseName(path);
        m_held = connection.open() && QSqlQuery(connection).exec(u"BEGIN IMMEDIATE"_s);
    }
    ~WriteLock()
    {
        release();
        QSqlDatabase::removeDatabase(Name);
    }
    [[nodiscard]] bool isHeld() const { return m_held; }
    void release()
    {
        if (m_held)
            QSqlQuery(QSqlDatabase::database(Name)).exec(u"ROLLBACK"_s);
        m_held = false;
        QSqlDatabase::database(Name).close();
    }

private:
    static inline const QString Name = u"tst_writerthread_lock"_s;
    bool m_held = false;
};

struct Answered
{
    QString clientId;
    qint64 messageId = 0;
};

} // namespace

class TestWriterThread : public QObject
{
    Q_OBJECT

    struct Database
    {
        QTemporaryDir directory;
        QString path = directory.filePath(u"writer.sqlite3"_s);
        server::Store store;
        qint64 alice = 0;
        qint64 conversation = 0;
    };

    static bool prepare(Database &database)
    {
        if (!database.store.open(database.path))
            return false;
        const auto alice = database.store.createUser(u"alice"_s, "x");
        const auto bob = database.store.createUser(u"bob"_s, "x");
        if (!alice || !bob)
            return false;
        const auto opened = database.store.openDirectConversation(alice->id, bob->id);
        database.alice = alice->id;
        database.conversation = opened ? opened->conversation.id : 0;
        return opened.ok();
    }

private Q_SLOTS:
    void flushAnswersTheBatchInFlightThenTheQueueInOrder()
    {
        Database database;
        QVERIFY(prepare(database));
        server::ServerMetrics metrics;
        server::MessageWriter writer(metrics, [&] { return database.store.highestMessageId(); });
        QVERIFY(writer.start([&](server::Store &own) { return own.open(database.path); }).ok());
        QSignalSpy batches(&writer, &server::MessageWriter::batchCommitted);
        QSignalSpy taken(&writer, &server::MessageWriter::batchTaken);
        QCOMPARE(writer.announcedUpTo(), std::nullopt); // nothing in flight

        QList<Answered> answered;
        auto enqueue = [&](const QString &clientId) {
            writer.enqueue(database.alice, { database.conversation, clientId, clientId },
                [&answered, clientId](Result<server::Store::StoredMessage> stored) {
                    answered.append({ clientId, stored ? stored->message.id : -1 });
                });
        };
        {
            WriteLock lock(database.path);
            QVERIFY(lock.isHeld());
            enqueue(u"first"_s);
            // Handed to the writer thread on the next turn, where it waits for the lock.
            QVERIFY(taken.wait());
            QCOMPARE(writer.queued(), 0);
            enqueue(u"second"_s);
            enqueue(u"third"_s);
            QCOMPARE(writer.queued(), 2); // queued behind the batch in flight
            QVERIFY(answered.isEmpty());
            // What was committed when it left (nothing yet) is all a replay may show.
            QCOMPARE(writer.announcedUpTo(), std::optional<qint64>(0));
        }
        writer.flush();
        QCOMPARE(writer.announcedUpTo(), std::nullopt);

        // Everything answered before flush() returned, in arrival order, each stored.
        QCOMPARE(answered.size(), 3);
        QCOMPARE(answered[0].clientId, u"first"_s);
        QCOMPARE(answered[1].clientId, u"second"_s);
        QCOMPARE(answered[2].clientId, u"third"_s);
        QVERIFY(answered[0].messageId > 0);
        QVERIFY(answered[1].messageId > answered[0].messageId);
        QVERIFY(answered[2].messageId > answered[1].messageId);
        // Two batches: the one in flight, then the two that queued behind it.
        QCOMPARE(batches.count(), 2);
        QCOMPARE(batches[0].first().value<qsizetype>(), 1);
        QCOMPARE(batches[1].first().value<qsizetype>(), 2);
        QCOMPARE(metrics.messagesStored.value(), quint64(3));
        // The writer's commits are visible to the other connection once answered.
        QCOMPARE(database.store.history(database.conversation, {}, 10)->messages.size(), 3);
        // The notice the writer posted for the first batch finds it answered: nothing twice.
        QTest::qWait(0);
        QCOMPARE(answered.size(), 3);
    }

    void stopStoresWhatIsQueuedAndRefusesAfter()
    {
        Database database;
        QVERIFY(prepare(database));
        server::ServerMetrics metrics;
        server::MessageWriter writer(metrics);
        QVERIFY(writer.start([&](server::Store &own) { return own.open(database.path); }).ok());
        int stored = 0;
        for (int i = 0; i < 5; ++i) {
            writer.enqueue(database.alice, { database.conversation, u"c%1"_s.arg(i), u"m"_s },
                [&stored](
                    Result<server::Store::StoredMessage> outcome) { stored += outcome.ok(); });
        }
        writer.stop();
        QCOMPARE(stored, 5);
        QCOMPARE(database.store.history(database.conversation, {}, 10)->messages.size(), 5);

        std::optional<Result<server::Store::StoredMessage>> late;
        writer.enqueue(database.alice, { database.conversation, u"late"_s, u"m"_s },
            [&late](Result<server::Store::StoredMessage> outcome) { late = std::move(outcome); });
        QVERIFY(late.has_value()); // answered at once, not left hanging
        QVERIFY(!late->ok());
        QCOMPARE(late->error().code, ErrorCode::Internal);
    }

    void replayStopsWhereThePublishedPartEnds()
    {
        Database database;
        QVERIFY(prepare(database));
        QList<qint64> ids;
        for (int i = 0; i < 5; ++i) {
            auto stored = database.store.insertMessage(
                database.conversation, database.alice, u"c%1"_s.arg(i), u"m"_s, std::nullopt);
            QVERIFY(stored.ok());
            ids.append(stored->message.id);
        }
        std::optional<qint64> bound = ids[2]; // the last two: committed, not yet published
        server::ResumeService resume(database.store,
            server::ResumeService::Options { .maxReplayMessages = 100 },
            [&bound] { return bound; });

        auto missed = resume.resume(database.alice, ids[0]);
        QVERIFY(missed.ok());
        QCOMPARE(missed->replay.size(), 2); // ids[1] and ids[2]; the rest come live
        QCOMPARE(std::get<Message>(missed->replay.last()).id, ids[2]);
        QCOMPARE(missed->cursor, ids[2]);
        QCOMPARE(resume.resume(database.alice, std::nullopt)->cursor, ids[2]);

        bound.reset(); // published: nothing held back
        missed = resume.resume(database.alice, ids[0]);
        QCOMPARE(missed->replay.size(), 4);
        QCOMPARE(missed->cursor, ids[4]);
    }

    void startFailsWhenTheWriterCannotOpen()
    {
        server::ServerMetrics metrics;
        server::MessageWriter writer(metrics);
        const auto started = writer.start([](server::Store &own) {
            return own.open(u"/proc/no-such-directory/writer.sqlite3"_s);
        });
        QVERIFY(!started.ok());
    }

    void restSendsShareTheGroupCommitAndAnswerAfterIt()
    {
        ServerFixture fixture;
        QVERIFY2(fixture.start(), qPrintable(fixture.error()));
        const Pair pair = fixture.rest().signUpPair();
        QVERIFY(pair.conversationId > 0);
        server::MessageWriter &writer = fixture.chatServer().chatService().writer();
        QSignalSpy batches(&writer, &server::MessageWriter::batchCommitted);
        QSignalSpy taken(&writer, &server::MessageWriter::batchTaken);

        constexpr int Sends = 6; // Qt's parallel connections to one host
        QNetworkAccessManager network;
        QList<QNetworkReply *> replies;
        auto post = [&](int i) {
            QNetworkRequest request(fixture.url().resolved(
                QUrl(u"/api/v1/conversations/%1/messages"_s.arg(pair.conversationId))));
            request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
            request.setRawHeader("Authorization", "Bearer " + pair.alice.token.toUtf8());
            replies.append(network.post(request,
                QJsonDocument(QJsonObject { { u"clientId"_s, u"rest-%1"_s.arg(i) },
                                  { u"body"_s, u"over REST %1"_s.arg(i) } })
                    .toJson(QJsonDocument::Compact)));
        };
        auto finished = [&replies] {
            return int(std::count_if(replies.cbegin(), replies.cend(),
                [](const QNetworkReply *reply) { return reply->isFinished(); }));
        };
        {
            WriteLock lock(fixture.server().databasePath());
            QVERIFY(lock.isHeld());
            post(0);
            // The first send's batch is in flight, waiting on the writer thread for the lock.
            QVERIFY(taken.wait(Timeout));
            for (int i = 1; i < Sends; ++i)
                post(i);
            QTRY_COMPARE_WITH_TIMEOUT(writer.queued(), Sends - 1, Timeout);
            // Nothing is answered before its commit, and the event loop still serves.
            QCOMPARE(finished(), 0);
            const HttpReply history = fixture.rest().get(
                u"/conversations/%1/messages"_s.arg(pair.conversationId), pair.bob.token);
            QCOMPARE(history.status, 200);
            QCOMPARE(finished(), 0);
        }
        QTRY_COMPARE_WITH_TIMEOUT(finished(), Sends, Timeout);

        // One batch for the first, one shared by the five that queued behind it.
        QCOMPARE(batches.count(), 2);
        QCOMPARE(batches[1].first().value<qsizetype>(), Sends - 1);
        QList<qint64> ids;
        for (QNetworkReply *reply : std::as_const(replies)) {
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
            const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
            ids.append(body[u"message"_s][u"id"_s].toInteger());
            reply->deleteLater();
        }
        // Stored in the order they arrived: each id above the one sent before it.
        for (int i = 1; i < Sends; ++i)
            QVERIFY(ids[i] > ids[0]);
        const HttpReply history = fixture.rest().get(
            u"/conversations/%1/messages"_s.arg(pair.conversationId), pair.bob.token);
        QCOMPARE(history.json[u"messages"_s].toArray().size(), Sends);
    }
};

QTEST_MAIN(TestWriterThread)
#include "tst_writerthread.moc"
