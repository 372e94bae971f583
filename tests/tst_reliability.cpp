// Reliable delivery on the server side: group commit with acks after the commit,
// replay from a position with no gap or duplicate at the seam, resync answers, dead
// peers found by the heartbeat, slow consumers cut off, retries stored once.
#include <server/chatserver.h>
#include <server/metrics/servermetrics.h>
#include <server/store/messagewriter.h>
#include <server/store/store.h>
#include <shared/protocol.h>
#include <support/rawwebsocketpeer.h>
#include <support/restclient.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <support/wsclient.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

QUrl withPosition(QUrl url, qint64 after)
{
    url.setQuery(QUrlQuery { { u"after"_s, QString::number(after) } });
    return url;
}

QList<qint64> idsOf(const QList<QJsonObject> &frames)
{
    QList<qint64> ids;
    for (const QJsonObject &frame : frames)
        ids << frame[u"message"_s][u"id"_s].toInteger();
    return ids;
}
} // namespace

class TestReliability : public QObject
{
    Q_OBJECT

private:
    test::ServerFixture m_fixture;

    void sendFromAlice(const Pair &pair, int count, const QString &prefix)
    {
        for (int i = 0; i < count; ++i) {
            QCOMPARE(m_fixture.rest()
                         .sendMessage(pair.alice.token, pair.conversationId,
                             u"%1-%2"_s.arg(prefix).arg(i), u"%1 %2"_s.arg(prefix).arg(i))
                         .status,
                201);
        }
    }

private Q_SLOTS:
    void init() { QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error())); }
    void cleanup() { m_fixture.stop(); }

    void writerCommitsQueuedSendsTogether()
    {
        QTemporaryDir directory;
        server::Store store;
        const QString path = directory.filePath(u"writer.sqlite3"_s);
        QVERIFY(store.open(path).ok());
        const User alice = store.createUser(u"alice"_s, "x").value();
        const User bob = store.createUser(u"bob"_s, "x").value();
        const qint64 conversation = store.openDirectConversation(alice.id, bob.id)->conversation.id;

        server::ServerMetrics metrics;
        server::MessageWriter writer(metrics);
        // The writer's own connection, as the server gives it (on the writer's thread).
        QVERIFY(writer.start([&](server::Store &own) { return own.open(path); }).ok());
        QSignalSpy batches(&writer, &server::MessageWriter::batchCommitted);
        QList<Result<server::Store::StoredMessage>> outcomes;
        int storedWhenFirstAcked = -1;
        for (int i = 0; i < 20; ++i) {
            // The last one repeats the first client id: a retry inside the same batch.
            const QString clientId = u"c%1"_s.arg(i == 19 ? 0 : i);
            writer.enqueue(alice.id, { conversation, clientId, u"m%1"_s.arg(i) },
                [&](Result<server::Store::StoredMessage> outcome) {
                    if (storedWhenFirstAcked < 0)
                        storedWhenFirstAcked
                            = int(store.history(conversation, {}, 100)->messages.size());
                    outcomes.append(outcome);
                });
        }
        QVERIFY(outcomes.isEmpty()); // nothing is acknowledged before its commit
        QCOMPARE(writer.queued(), 20);
        QVERIFY(batches.wait()); // the flush runs on the next turn of the event loop

        QCOMPARE(batches.count(), 1);
        QCOMPARE(batches.first().first().value<qsizetype>(), 20);
        QCOMPARE(storedWhenFirstAcked, 19); // the whole batch was durable before any ack
        QCOMPARE(outcomes.size(), 20);
        for (int i = 1; i < 19; ++i)
            QVERIFY(outcomes[i]->message.id > outcomes[i - 1]->message.id);
        QCOMPARE(outcomes[19]->created, false);
        QCOMPARE(outcomes[19]->message.id, outcomes[0]->message.id);
        // One commit of 20 sends, of which the retry stored nothing.
        QCOMPARE(metrics.commitBatchMessages.count(), quint64(1));
        QCOMPARE(metrics.commitBatchMessages.sum(), 20.0);
        QCOMPARE(metrics.commitSeconds.count(), quint64(1));
        QCOMPARE(metrics.messagesStored.value(), quint64(19));
        QCOMPARE(metrics.commitFailures.value(), quint64(0));
    }

    void webSocketSendsAreAckedInOrder()
    {
        Pair pair;
        WsClient alice;
        WsClient bob;
        QVERIFY2(m_fixture.connectPair(pair, alice, bob), qPrintable(m_fixture.error()));
        for (int i = 0; i < 50; ++i)
            alice.sendMessage(
                u"r%1"_s.arg(i), pair.conversationId, u"c%1"_s.arg(i), u"burst %1"_s.arg(i));
        QVERIFY(alice.waitForFrames(u"ack"_s, 50, Timeout));
        QVERIFY(bob.waitForFrames(u"message"_s, 50, Timeout));
        const QList<QJsonObject> acks = alice.frames(u"ack"_s);
        for (int i = 0; i < 50; ++i) {
            QCOMPARE(acks[i][u"id"_s].toString(), u"r%1"_s.arg(i));
            if (i > 0)
                QVERIFY(acks[i][u"message"_s][u"id"_s].toInteger()
                    > acks[i - 1][u"message"_s][u"id"_s].toInteger());
        }
        QCOMPARE(idsOf(bob.frames(u"message"_s)), idsOf(acks));
    }

    void reconnectingSocketGetsWhatItMissed()
    {
        const Pair pair = m_fixture.rest().signUpPair();
        auto bob = std::make_unique<WsClient>();
        QVERIFY(bob->connectAndAuthenticate(m_fixture.webSocketUrl(), pair.bob.token));
        const qint64 position = bob->frames(u"ready"_s).first()[u"position"_s].toInteger();
        QCOMPARE(position, 0);
        bob.reset(); // offline while 100 messages arrive

        sendFromAlice(pair, 100, u"missed"_s);
        bob = std::make_unique<WsClient>();
        QVERIFY(bob->connectAndAuthenticate(
            withPosition(m_fixture.webSocketUrl(), position), pair.bob.token));
        // Replay first, then ready: everything before ready was missed, after it is live.
        const QList<QJsonObject> replayed = bob->frames(u"message"_s);
        QCOMPARE(replayed.size(), 100);
        QCOMPARE(bob->allFrames().at(100)[u"type"_s].toString(), u"ready"_s);
        const QJsonObject ready = bob->frames(u"ready"_s).first();
        QCOMPARE(ready[u"resync"_s].toBool(), false);
        QCOMPARE(
            ready[u"position"_s].toInteger(), replayed.last()[u"message"_s][u"id"_s].toInteger());
        for (int i = 0; i < 100; ++i)
            QCOMPARE(replayed[i][u"message"_s][u"body"_s].toString(), u"missed %1"_s.arg(i));

        sendFromAlice(pair, 1, u"live"_s);
        QVERIFY(bob->waitForFrames(u"message"_s, 101));
        bob->sendJson({ { u"type"_s, u"ping"_s }, { u"id"_s, u"p"_s } });
        QVERIFY(bob->waitForFrames(u"pong"_s, 1));
        const QList<qint64> ids = idsOf(bob->frames(u"message"_s));
        QCOMPARE(ids.size(), 101);
        for (int i = 1; i < ids.size(); ++i)
            QVERIFY2(ids[i] > ids[i - 1], "no duplicate and no reordering at the seam");
    }

    void positionCanComeInTheAuthFrame()
    {
        const Pair pair = m_fixture.rest().signUpPair();
        sendFromAlice(pair, 3, u"early"_s);
        const HttpReply history = m_fixture.rest().get(
            u"/conversations/%1/messages"_s.arg(pair.conversationId), pair.bob.token);
        const qint64 secondId = history.json[u"messages"_s].toArray().at(1)[u"id"_s].toInteger();

        WsClient bob;
        QVERIFY(bob.connectOnly(m_fixture.webSocketUrl()));
        bob.sendJson(
            { { u"type"_s, u"auth"_s }, { u"token"_s, pair.bob.token }, { u"after"_s, secondId } });
        QVERIFY(bob.waitForFrames(u"ready"_s, 1));
        QCOMPARE(bob.frames(u"message"_s).size(), 1); // only the one after the position
        QCOMPARE(
            bob.frames(u"message"_s).first()[u"message"_s][u"body"_s].toString(), u"early 2"_s);
    }

    void unknownPositionAsksForAResync()
    {
        const Pair pair = m_fixture.rest().signUpPair();
        sendFromAlice(pair, 2, u"m"_s);
        WsClient bob;
        QVERIFY(bob.connectAndAuthenticate(
            withPosition(m_fixture.webSocketUrl(), 1'000'000), pair.bob.token));
        const QJsonObject ready = bob.frames(u"ready"_s).first();
        QCOMPARE(ready[u"resync"_s].toBool(), true);
        QCOMPARE(bob.frames(u"message"_s).size(), 0);
        // The position to continue from is the server's, not the bogus one.
        const HttpReply history = m_fixture.rest().get(
            u"/conversations/%1/messages"_s.arg(pair.conversationId), pair.bob.token);
        QCOMPARE(ready[u"position"_s].toInteger(),
            history.json[u"messages"_s].toArray().first()[u"id"_s].toInteger());
    }

    void tooFarBehindAsksForAResync_data()
    {
        QTest::addColumn<int>("missed");
        QTest::addColumn<bool>("resync");
        QTest::addRow("at the limit") << 5 << false;
        QTest::addRow("past the limit") << 6 << true;
    }
    void tooFarBehindAsksForAResync()
    {
        QFETCH(int, missed);
        QFETCH(bool, resync);
        const auto tweak = [](server::ServerConfig &config) {
            config.maxReplayMessages = 5;
        };
        QVERIFY2(m_fixture.start(tweak), qPrintable(m_fixture.error()));
        const Pair pair = m_fixture.rest().signUpPair();
        sendFromAlice(pair, missed, u"m"_s);
        WsClient bob;
        QVERIFY(
            bob.connectAndAuthenticate(withPosition(m_fixture.webSocketUrl(), 0), pair.bob.token));
        QCOMPARE(bob.frames(u"ready"_s).first()[u"resync"_s].toBool(), resync);
        QCOMPARE(bob.frames(u"message"_s).size(), resync ? 0 : missed);
    }

    void silentPeerIsDropped()
    {
        const auto tweak = [](server::ServerConfig &config) {
            config.heartbeatInterval = std::chrono::milliseconds(50);
            config.idleTimeout = std::chrono::milliseconds(400);
        };
        QVERIFY2(m_fixture.start(tweak), qPrintable(m_fixture.error()));
        const Pair pair = m_fixture.rest().signUpPair();
        WsClient healthy; // QWebSocket answers pings by itself
        QVERIFY(healthy.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.bob.token));
        test::RawWebSocketPeer silent;
        QVERIFY(silent.upgrade(m_fixture.webSocketUrl(), pair.bob.token, false));
        QVERIFY(silent.waitForDrop());
        QVERIFY(healthy.isConnected());
        healthy.sendJson({ { u"type"_s, u"ping"_s }, { u"id"_s, u"p"_s } });
        QVERIFY(healthy.waitForFrames(u"pong"_s, 1));
    }

    void slowConsumerIsCutOffAndOthersKeepReceiving()
    {
        const auto tweak = [](server::ServerConfig &config) {
            config.maxQueuedBytes = 64 * 1024;
        };
        QVERIFY2(m_fixture.start(tweak), qPrintable(m_fixture.error()));
        const Pair pair = m_fixture.rest().signUpPair();
        WsClient reader;
        QVERIFY(reader.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.bob.token));
        test::RawWebSocketPeer stalled;
        QVERIFY(stalled.upgrade(m_fixture.webSocketUrl(), pair.bob.token, true));

        // Far more than the kernel buffers hold, so the server's queue must grow.
        WsClient alice;
        QVERIFY(alice.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.alice.token));
        constexpr int Count = 500;
        QVERIFY(alice.sendBigMessages(pair.conversationId, Count));
        QVERIFY2(stalled.waitForDrop(), "a socket that never reads must be disconnected");
        QVERIFY(reader.waitForFrames(u"message"_s, Count, 60000));
        QVERIFY(reader.isConnected());
    }

    void retryAfterALostAckStoresOnce()
    {
        const Pair pair = m_fixture.rest().signUpPair();
        auto alice = std::make_unique<WsClient>();
        QVERIFY(alice->connectAndAuthenticate(m_fixture.webSocketUrl(), pair.alice.token));
        alice->sendMessage(u"r1"_s, pair.conversationId, u"only-once"_s, u"hello"_s);
        alice->socket().flush();
        alice->socket().abort(); // the reply, if any, is lost with the socket

        alice = std::make_unique<WsClient>();
        QVERIFY(alice->connectAndAuthenticate(m_fixture.webSocketUrl(), pair.alice.token));
        alice->sendMessage(u"r2"_s, pair.conversationId, u"only-once"_s, u"hello"_s);
        QVERIFY(alice->waitForFrames(u"ack"_s, 1));
        const HttpReply history = m_fixture.rest().get(
            u"/conversations/%1/messages"_s.arg(pair.conversationId), pair.bob.token);
        const QJsonArray messages = history.json[u"messages"_s].toArray();
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.first()[u"clientId"_s].toString(), u"only-once"_s);
    }
};

QTEST_GUILESS_MAIN(TestReliability)
#include "tst_reliability.moc"
