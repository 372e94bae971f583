// Read receipts, delivered marks, unread counts, typing indicators, presence and the
// privacy settings, end to end: an in-process server on a free port, real REST and
// WebSocket clients, two users and two instances of one.
#include <server/chatserver.h>
#include <server/hub/localhub.h>
#include <support/restclient.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <support/wsclient.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

QList<QJsonObject> framesWith(
    const WsClient &client, const QString &type, const QString &key, qint64 value)
{
    QList<QJsonObject> matching;
    for (const QJsonObject &frame : client.frames(type)) {
        if (frame.value(key).toInteger() == value)
            matching.append(frame);
    }
    return matching;
}

QList<qint64> upToOf(const QList<QJsonObject> &frames)
{
    QList<qint64> positions;
    for (const QJsonObject &frame : frames)
        positions.append(frame.value(u"upTo"_s).toInteger());
    return positions;
}

//! A round trip on one socket: every frame the server sent it before answering this ping
//! has arrived once the pong has. Lets a test check that something was NOT sent.

} // namespace

class tst_Awareness : public QObject
{
    Q_OBJECT

private:
    test::ServerFixture m_fixture;
    Session m_alice;
    Session m_bob;
    Session m_carol;
    qint64 m_conversation = 0;

    //! A server with alice, bob and carol signed up, and alice and bob's conversation open.
    void startWithUsers(const test::TestServer::Tweak &tweak = {})
    {
        QVERIFY2(m_fixture.startWithUsers(m_alice, m_bob, m_carol, tweak),
            qPrintable(m_fixture.error()));
        m_conversation = m_fixture.rest().openConversation(m_alice.token, u"bob"_s);
        QVERIFY(m_conversation > 0);
    }

    std::unique_ptr<WsClient> connectAs(const Session &session)
    {
        auto client = std::make_unique<WsClient>();
        if (!client->connectAndAuthenticate(m_fixture.webSocketUrl(), session.token))
            return {};
        return client;
    }

    //! alice and bob, each on a socket of their own; both null when either did not connect.
    std::pair<std::unique_ptr<WsClient>, std::unique_ptr<WsClient>> connectAliceAndBob()
    {
        auto alice = connectAs(m_alice);
        auto bob = connectAs(m_bob);
        if (!alice || !bob)
            return {};
        return { std::move(alice), std::move(bob) };
    }

    qint64 send(const Session &from, const QString &body)
    {
        static int counter = 0;
        const HttpReply reply = m_fixture.rest().sendMessage(
            from.token, m_conversation, u"aw-%1"_s.arg(++counter), body);
        return reply.status == 201 ? reply.json[u"message"_s][u"id"_s].toInteger() : 0;
    }

    //! The contact entry for `other` in `viewer`'s contact list.
    QJsonObject contactOf(const Session &viewer, const Session &other)
    {
        const HttpReply reply = m_fixture.rest().get(u"/contacts"_s, viewer.token);
        if (reply.status != 200)
            return {};
        for (const QJsonValue &contact : reply.json[u"contacts"_s].toArray()) {
            if (contact[u"user"_s][u"id"_s].toInteger() == other.user.id)
                return contact.toObject();
        }
        return {};
    }

    HttpReply putSettings(const Session &session, const QJsonObject &body)
    {
        return m_fixture.rest().request("PUT", u"/settings"_s,
            QJsonDocument(body).toJson(QJsonDocument::Compact), session.token);
    }

    HttpReply postRead(const Session &session, qint64 conversationId, const QJsonValue &upTo)
    {
        return m_fixture.rest().post(u"/conversations/%1/read"_s.arg(conversationId),
            QJsonObject { { u"upTo"_s, upTo } }, session.token);
    }

    static void sendRead(WsClient &client, qint64 conversationId, qint64 upTo,
        const QString &type = u"read"_s, const QString &id = {})
    {
        QJsonObject frame { { u"type"_s, type }, { u"conversationId"_s, conversationId },
            { u"upTo"_s, upTo } };
        if (!id.isEmpty())
            frame.insert(u"id"_s, id);
        client.sendJson(frame);
    }

    static void sendTyping(WsClient &client, qint64 conversationId)
    {
        client.sendJson({ { u"type"_s, u"typing"_s }, { u"conversationId"_s, conversationId } });
    }

private Q_SLOTS:
    void init() { startWithUsers(); }
    void cleanup() { m_fixture.stop(); }

    // Read positions --------------------------------------------------------------

    void readMovesForwardOnEveryInstanceAndSendsReceipt()
    {
        auto alice1 = connectAs(m_alice);
        auto alice2 = connectAs(m_alice);
        auto bob = connectAs(m_bob);
        QVERIFY(alice1 && alice2 && bob);
        const qint64 m1 = send(m_bob, u"one"_s);
        const qint64 m2 = send(m_bob, u"two"_s);
        const qint64 m3 = send(m_bob, u"three"_s);
        QVERIFY(m1 && m2 && m3);
        QCOMPARE(contactOf(m_alice, m_bob)[u"unread"_s].toInteger(), 3);

        // Read on one instance: every instance learns it, bob gets a receipt.
        sendRead(*alice1, m_conversation, m2);
        QVERIFY(alice1->waitForFrames(u"readPosition"_s, 1, Timeout));
        QVERIFY(alice2->waitForFrames(u"readPosition"_s, 1, Timeout));
        QVERIFY(bob->waitForFrames(u"receipt"_s, 1, Timeout));
        const QJsonObject position = alice2->frames(u"readPosition"_s).constFirst();
        QCOMPARE(position,
            (QJsonObject { { u"type"_s, u"readPosition"_s },
                { u"conversationId"_s, m_conversation }, { u"upTo"_s, m2 } }));
        QCOMPARE(bob->frames(u"receipt"_s).constFirst(),
            (QJsonObject { { u"type"_s, u"receipt"_s }, { u"conversationId"_s, m_conversation },
                { u"userId"_s, m_alice.user.id }, { u"kind"_s, u"read"_s }, { u"upTo"_s, m2 } }));
        QJsonObject contact = contactOf(m_alice, m_bob);
        QCOMPARE(contact[u"unread"_s].toInteger(), 1);
        QCOMPARE(contact[u"readUpTo"_s].toInteger(), m2);
        QCOMPARE(contactOf(m_bob, m_alice)[u"theirReadUpTo"_s].toInteger(), m2);

        // Backwards: nothing moves; only the asking instance is told where it really is.
        sendRead(*alice2, m_conversation, m1);
        QVERIFY(alice2->waitForFrames(u"readPosition"_s, 2, Timeout));
        QCOMPARE(upToOf(alice2->frames(u"readPosition"_s)), (QList<qint64> { m2, m2 }));
        QCOMPARE(postRead(m_alice, m_conversation, m1).status, 204);
        QCOMPARE(contactOf(m_alice, m_bob)[u"readUpTo"_s].toInteger(), m2);

        // Forward again, from the other instance: both instances, in order, no step back.
        sendRead(*alice2, m_conversation, m3);
        QVERIFY(alice1->waitForFrames(u"readPosition"_s, 2, Timeout));
        QVERIFY(bob->waitForFrames(u"receipt"_s, 2, Timeout));
        QVERIFY(alice1->roundTrip());
        QVERIFY(bob->roundTrip());
        QCOMPARE(upToOf(alice1->frames(u"readPosition"_s)), (QList<qint64> { m2, m3 }));
        QCOMPARE(upToOf(bob->frames(u"receipt"_s)), (QList<qint64> { m2, m3 }));
        QVERIFY(bob->frames(u"readPosition"_s).isEmpty());
        contact = contactOf(m_alice, m_bob);
        QCOMPARE(contact[u"unread"_s].toInteger(), 0);
        QCOMPARE(contact[u"readUpTo"_s].toInteger(), m3);
    }

    void readOverRest()
    {
        auto [alice, bob] = connectAliceAndBob();
        QVERIFY(alice && bob);
        const qint64 m1 = send(m_bob, u"one"_s);
        const qint64 m2 = send(m_alice, u"two"_s);

        const HttpReply read = postRead(m_alice, m_conversation, m1);
        QCOMPARE(read.status, 204);
        QVERIFY(read.body.isEmpty());
        QVERIFY(alice->waitForFrames(u"readPosition"_s, 1, Timeout));
        QCOMPARE(alice->frames(u"readPosition"_s).constFirst()[u"upTo"_s].toInteger(), m1);
        QVERIFY(bob->waitForFrames(u"receipt"_s, 1, Timeout));

        // Past the newest message, zero, a string, no body: invalid; outsiders: not found.
        HttpReply bad = postRead(m_alice, m_conversation, m2 + 1);
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.errorCode(), u"invalid_field"_s);
        QCOMPARE(bad.json[u"error"_s][u"field"_s].toString(), u"upTo"_s);
        bad = postRead(m_alice, m_conversation, 0);
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json[u"error"_s][u"field"_s].toString(), u"upTo"_s);
        bad = postRead(m_alice, m_conversation, u"1"_s);
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json[u"error"_s][u"field"_s].toString(), u"upTo"_s);
        bad = m_fixture.rest().request(
            "POST", u"/conversations/%1/read"_s.arg(m_conversation), "{", m_alice.token);
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.errorCode(), u"malformed_json"_s);
        QCOMPARE(postRead(m_carol, m_conversation, m1).status, 404);
        QCOMPARE(postRead(m_carol, m_conversation, m1).errorCode(), u"not_found"_s);
        QCOMPARE(postRead(m_alice, 999999, 1).status, 404);
        QCOMPARE(postRead(Session {}, m_conversation, m1).status, 401);
        const HttpReply get
            = m_fixture.rest().get(u"/conversations/%1/read"_s.arg(m_conversation), m_alice.token);
        QCOMPARE(get.status, 405);
        QCOMPARE(get.header("Allow"), "POST"_ba);
        QCOMPARE(contactOf(m_alice, m_bob)[u"readUpTo"_s].toInteger(), m1);
    }

    // Delivered marks --------------------------------------------------------------

    void deliveredReceipts()
    {
        auto [alice, bob] = connectAliceAndBob();
        QVERIFY(alice && bob);
        const qint64 m1 = send(m_alice, u"one"_s);
        const qint64 m2 = send(m_alice, u"two"_s);
        const qint64 m3 = send(m_alice, u"three"_s);
        QVERIFY(bob->waitForFrames(u"message"_s, 3, Timeout));

        sendRead(*bob, m_conversation, m2, u"delivered"_s);
        QVERIFY(alice->waitForFrames(u"receipt"_s, 1, Timeout));
        QCOMPARE(alice->frames(u"receipt"_s).constFirst(),
            (QJsonObject { { u"type"_s, u"receipt"_s }, { u"conversationId"_s, m_conversation },
                { u"userId"_s, m_bob.user.id }, { u"kind"_s, u"delivered"_s },
                { u"upTo"_s, m2 } }));
        // Backwards changes nothing; forward is told again.
        sendRead(*bob, m_conversation, m1, u"delivered"_s);
        sendRead(*bob, m_conversation, m3, u"delivered"_s);
        QVERIFY(alice->waitForFrames(u"receipt"_s, 2, Timeout));
        QVERIFY(bob->roundTrip());
        QVERIFY(alice->roundTrip());
        QCOMPARE(upToOf(alice->frames(u"receipt"_s)), (QList<qint64> { m2, m3 }));
        // Delivered is no read position, and tells bob's own instances nothing.
        QVERIFY(bob->frames(u"readPosition"_s).isEmpty());
        QVERIFY(bob->frames(u"receipt"_s).isEmpty());

        QJsonObject contact = contactOf(m_alice, m_bob);
        QCOMPARE(contact[u"theirDeliveredUpTo"_s].toInteger(), m3);
        QCOMPARE(contact[u"theirReadUpTo"_s].toInteger(), 0);
        QCOMPARE(contactOf(m_bob, m_alice)[u"unread"_s].toInteger(), 3);

        // Reading implies delivery.
        sendRead(*bob, m_conversation, m3);
        QVERIFY(alice->waitForFrames(u"receipt"_s, 3, Timeout));
        QCOMPARE(alice->frames(u"receipt"_s).constLast()[u"kind"_s].toString(), u"read"_s);
        contact = contactOf(m_alice, m_bob);
        QCOMPARE(contact[u"theirReadUpTo"_s].toInteger(), m3);
        QCOMPARE(contact[u"theirDeliveredUpTo"_s].toInteger(), m3);
    }

    // Unread counts -------------------------------------------------------------------

    void unreadCountsCountOnlyTheOtherSide()
    {
        auto alice1 = connectAs(m_alice);
        QVERIFY(alice1);
        QVERIFY(send(m_alice, u"a1"_s));
        QVERIFY(send(m_bob, u"b1"_s));
        QVERIFY(send(m_alice, u"a2"_s));
        QVERIFY(send(m_bob, u"b2"_s));
        const qint64 last = send(m_bob, u"b3"_s);

        QJsonObject aliceView = contactOf(m_alice, m_bob);
        QCOMPARE(aliceView[u"unread"_s].toInteger(), 3);
        QCOMPARE(aliceView[u"readUpTo"_s].toInteger(), 0);
        QCOMPARE(contactOf(m_bob, m_alice)[u"unread"_s].toInteger(), 2);
        // No conversation, nothing unread.
        const QJsonObject carol = contactOf(m_alice, m_carol);
        QCOMPARE(carol[u"unread"_s].toInteger(), 0);
        QVERIFY(carol[u"conversationId"_s].isNull());
        QCOMPARE(carol[u"readUpTo"_s].toInteger(), 0);

        sendRead(*alice1, m_conversation, last);
        QVERIFY(alice1->waitForFrames(u"readPosition"_s, 1, Timeout));
        QCOMPARE(contactOf(m_alice, m_bob)[u"unread"_s].toInteger(), 0);
        QCOMPARE(contactOf(m_bob, m_alice)[u"unread"_s].toInteger(), 2);
        // Own messages, from any instance, never count.
        auto alice2 = connectAs(m_alice);
        QVERIFY(alice2);
        alice2->sendMessage(u"s1"_s, m_conversation, u"aw-own"_s, u"mine"_s);
        QVERIFY(alice2->waitForFrames(u"ack"_s, 1, Timeout));
        QVERIFY(send(m_alice, u"a3"_s));
        aliceView = contactOf(m_alice, m_bob);
        QCOMPARE(aliceView[u"unread"_s].toInteger(), 0);
        QCOMPARE(aliceView[u"readUpTo"_s].toInteger(), last);
        QCOMPARE(contactOf(m_bob, m_alice)[u"unread"_s].toInteger(), 4);
    }

    // Typing -------------------------------------------------------------------------

    void typingFansOutThrottledAndNeverStored()
    {
        auto alice = connectAs(m_alice);
        auto alice2 = connectAs(m_alice);
        auto bob = connectAs(m_bob);
        QVERIFY(alice && alice2 && bob);
        for (int i = 0; i < 5; ++i)
            sendTyping(*alice, m_conversation);
        QVERIFY(bob->waitForFrames(u"typing"_s, 1, Timeout));
        QVERIFY(alice->roundTrip());
        QVERIFY(bob->roundTrip());
        QVERIFY(alice2->roundTrip());
        // Five within a second: one went through, the rest were dropped, silently.
        QCOMPARE(bob->frames(u"typing"_s),
            (QList<QJsonObject> {
                { { u"type"_s, u"typing"_s }, { u"conversationId"_s, m_conversation },
                    { u"userId"_s, m_alice.user.id }, { u"expiresInMs"_s, 5000 } } }));
        QVERIFY(alice->frames(u"error"_s).isEmpty());
        QVERIFY(alice->frames(u"typing"_s).isEmpty());
        QVERIFY(alice2->frames(u"typing"_s).isEmpty());
        // The throttle is per user and conversation: bob's typing goes through.
        sendTyping(*bob, m_conversation);
        QVERIFY(alice->waitForFrames(u"typing"_s, 1, Timeout));
        QVERIFY(alice2->waitForFrames(u"typing"_s, 1, Timeout));
        QCOMPARE(alice->frames(u"typing"_s).constFirst()[u"userId"_s].toInteger(), m_bob.user.id);

        // Never stored: no message came of it.
        const HttpReply history = m_fixture.rest().get(
            u"/conversations/%1/messages"_s.arg(m_conversation), m_bob.token);
        QCOMPARE(history.status, 200);
        QVERIFY(history.json[u"messages"_s].toArray().isEmpty());
        QVERIFY(contactOf(m_bob, m_alice)[u"lastMessage"_s].isNull());
    }

    void aStoredMessageLetsTheNextTypingThrough()
    {
        // Receivers stop showing "typing" when the typer's message arrives; typing again
        // right after sending must show again, throttle or not (1 s by default).
        auto alice = connectAs(m_alice);
        auto bob = connectAs(m_bob);
        QVERIFY(alice && bob);
        sendTyping(*alice, m_conversation);
        QVERIFY(bob->waitForFrames(u"typing"_s, 1, Timeout));
        alice->sendMessage(u"s1"_s, m_conversation, u"aw-typed"_s, u"sent"_s);
        QVERIFY(alice->waitForFrames(u"ack"_s, 1, Timeout));
        sendTyping(*alice, m_conversation);
        QVERIFY(bob->waitForFrames(u"typing"_s, 2, Timeout));
        // And the throttle holds again from there.
        sendTyping(*alice, m_conversation);
        QVERIFY(alice->roundTrip());
        QVERIFY(bob->roundTrip());
        QCOMPARE(bob->frames(u"typing"_s).size(), 2);
    }

    void typingThrottleLetsSpacedEventsThrough()
    {
        // With no minimum interval every event passes: the throttle is what drops them.
        startWithUsers([](server::ServerConfig &config) { config.awareness.typingInterval = {}; });
        if (QTest::currentTestFailed())
            return;
        auto [alice, bob] = connectAliceAndBob();
        QVERIFY(alice && bob);
        for (int i = 0; i < 3; ++i)
            sendTyping(*alice, m_conversation);
        QVERIFY(bob->waitForFrames(u"typing"_s, 3, Timeout));
    }

    // Presence -----------------------------------------------------------------------

    void presenceOnlineAndOffline()
    {
        auto bob = connectAs(m_bob);
        QVERIFY(bob);
        QJsonObject view = contactOf(m_bob, m_alice);
        QCOMPARE(view[u"online"_s].toBool(), false);
        QVERIFY(view[u"lastSeenAt"_s].isNull()); // never seen

        auto alice1 = connectAs(m_alice);
        QVERIFY(alice1);
        QTRY_COMPARE_WITH_TIMEOUT(
            framesWith(*bob, u"presence"_s, u"userId"_s, m_alice.user.id).size(), 1, Timeout);
        QCOMPARE(framesWith(*bob, u"presence"_s, u"userId"_s, m_alice.user.id).constFirst(),
            (QJsonObject { { u"type"_s, u"presence"_s }, { u"userId"_s, m_alice.user.id },
                { u"online"_s, true }, { u"lastSeenAt"_s, QJsonValue() } }));
        view = contactOf(m_bob, m_alice);
        QCOMPARE(view[u"online"_s].toBool(), true);
        QVERIFY(view[u"lastSeenAt"_s].isNull());
        // Bob was online first: alice sees him so.
        QCOMPARE(contactOf(m_alice, m_bob)[u"online"_s].toBool(), true);

        // A second instance and closing one of two change nothing.
        auto alice2 = connectAs(m_alice);
        QVERIFY(alice2);
        alice1->socket().close();
        QTRY_COMPARE_WITH_TIMEOUT(
            m_fixture.chatServer().hub().connectionCount(m_alice.user.id), qsizetype(1), Timeout);
        QVERIFY(bob->roundTrip());
        QCOMPARE(framesWith(*bob, u"presence"_s, u"userId"_s, m_alice.user.id).size(), 1);

        const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
        alice2->socket().close();
        QTRY_COMPARE_WITH_TIMEOUT(
            framesWith(*bob, u"presence"_s, u"userId"_s, m_alice.user.id).size(), 2, Timeout);
        const QJsonObject offline
            = framesWith(*bob, u"presence"_s, u"userId"_s, m_alice.user.id).constLast();
        QCOMPARE(offline[u"online"_s].toBool(), false);
        const QDateTime seen
            = QDateTime::fromString(offline[u"lastSeenAt"_s].toString(), Qt::ISODateWithMs);
        QVERIFY2(seen.isValid(), qPrintable(offline[u"lastSeenAt"_s].toString()));
        QVERIFY(seen >= before);
        QVERIFY(seen <= QDateTime::currentDateTimeUtc());
        view = contactOf(m_bob, m_alice);
        QCOMPARE(view[u"online"_s].toBool(), false);
        QCOMPARE(view[u"lastSeenAt"_s].toString(), offline[u"lastSeenAt"_s].toString());

        // Last seen is stored: it survives a restart.
        QVERIFY2(m_fixture.restart(), qPrintable(m_fixture.error()));
        QCOMPARE(contactOf(m_bob, m_alice)[u"lastSeenAt"_s].toString(),
            offline[u"lastSeenAt"_s].toString());
    }

    // Privacy ------------------------------------------------------------------------

    void receiptsOffStopsSendingAndReceiving()
    {
        auto [alice, bob] = connectAliceAndBob();
        QVERIFY(alice && bob);
        const qint64 fromBob = send(m_bob, u"hi alice"_s);
        const qint64 fromAlice = send(m_alice, u"hi bob"_s);
        QCOMPARE(putSettings(m_bob, { { u"shareReceipts"_s, false } }).status, 200);

        // Alice reads: her own instances still learn it; bob, who shares none, sees none.
        sendRead(*alice, m_conversation, fromAlice);
        QVERIFY(alice->waitForFrames(u"readPosition"_s, 1, Timeout));
        // Bob reads and says delivered: alice gets nothing either.
        sendRead(*bob, m_conversation, fromAlice, u"delivered"_s);
        sendRead(*bob, m_conversation, fromAlice);
        QVERIFY(bob->waitForFrames(u"readPosition"_s, 1, Timeout));
        QVERIFY(bob->roundTrip());
        QVERIFY(alice->roundTrip());
        QVERIFY(bob->frames(u"receipt"_s).isEmpty());
        QVERIFY(alice->frames(u"receipt"_s).isEmpty());
        QCOMPARE(contactOf(m_alice, m_bob)[u"theirReadUpTo"_s].toInteger(), 0);
        QCOMPARE(contactOf(m_alice, m_bob)[u"theirDeliveredUpTo"_s].toInteger(), 0);
        QCOMPARE(contactOf(m_bob, m_alice)[u"theirReadUpTo"_s].toInteger(), 0);
        // Their own positions and counts are theirs to see.
        QCOMPARE(contactOf(m_bob, m_alice)[u"readUpTo"_s].toInteger(), fromAlice);
        QCOMPARE(contactOf(m_bob, m_alice)[u"unread"_s].toInteger(), 0);
        QCOMPARE(contactOf(m_alice, m_bob)[u"readUpTo"_s].toInteger(), fromAlice);
        QCOMPARE(contactOf(m_alice, m_bob)[u"unread"_s].toInteger(), 0); // read past fromBob

        // Alice turning hers off alone hides them too, whatever bob does.
        QCOMPARE(putSettings(m_bob, { { u"shareReceipts"_s, true } }).status, 200);
        QCOMPARE(contactOf(m_alice, m_bob)[u"theirReadUpTo"_s].toInteger(), fromAlice);
        QCOMPARE(putSettings(m_alice, { { u"shareReceipts"_s, false } }).status, 200);
        QCOMPARE(contactOf(m_alice, m_bob)[u"theirReadUpTo"_s].toInteger(), 0);
        const qint64 fromBob2 = send(m_bob, u"more"_s);
        QVERIFY(fromBob2 > fromBob);
        sendRead(*alice, m_conversation, fromBob2);
        QVERIFY(alice->waitForFrames(u"readPosition"_s, 2, Timeout));
        QVERIFY(bob->roundTrip());
        QVERIFY(bob->frames(u"receipt"_s).isEmpty());

        // Both on again: receipts flow.
        QCOMPARE(putSettings(m_alice, { { u"shareReceipts"_s, true } }).status, 200);
        const qint64 later = send(m_alice, u"again"_s);
        sendRead(*bob, m_conversation, later);
        QVERIFY(alice->waitForFrames(u"receipt"_s, 1, Timeout));
        QCOMPARE(alice->frames(u"receipt"_s).constFirst()[u"upTo"_s].toInteger(), later);
    }

    void typingOffStopsSendingAndReceiving()
    {
        auto [alice, bob] = connectAliceAndBob();
        QVERIFY(alice && bob);
        QCOMPARE(putSettings(m_alice, { { u"shareTyping"_s, false } }).status, 200);
        sendTyping(*alice, m_conversation);
        sendTyping(*bob, m_conversation);
        QVERIFY(alice->roundTrip());
        QVERIFY(bob->roundTrip());
        QVERIFY(alice->roundTrip());
        QVERIFY(bob->frames(u"typing"_s).isEmpty());
        QVERIFY(alice->frames(u"typing"_s).isEmpty());
        QVERIFY(alice->frames(u"error"_s).isEmpty());

        // Carol, who shares, still talks to bob... once she has a conversation with him.
        const qint64 carolBob = m_fixture.rest().openConversation(m_carol.token, u"bob"_s);
        auto carol = connectAs(m_carol);
        QVERIFY(carol);
        sendTyping(*carol, carolBob);
        QVERIFY(bob->waitForFrames(u"typing"_s, 1, Timeout));
        QCOMPARE(bob->frames(u"typing"_s).constFirst()[u"userId"_s].toInteger(), m_carol.user.id);
    }

    void presenceOffStopsSendingAndReceiving()
    {
        auto bob = connectAs(m_bob);
        auto alice = connectAs(m_alice);
        QVERIFY(bob && alice);
        QTRY_COMPARE_WITH_TIMEOUT(
            framesWith(*bob, u"presence"_s, u"userId"_s, m_alice.user.id).size(), 1, Timeout);
        // What alice saw while she shared (bob coming online); nothing more from now on.
        QVERIFY(alice->roundTrip());
        const qsizetype aliceSaw = alice->frames(u"presence"_s).size();

        // Alice hides: bob sees her offline and never seen, at once.
        const HttpReply hidden = putSettings(m_alice, { { u"sharePresence"_s, false } });
        QCOMPARE(hidden.status, 200);
        QCOMPARE(hidden.json[u"sharePresence"_s].toBool(), false);
        QTRY_COMPARE_WITH_TIMEOUT(
            framesWith(*bob, u"presence"_s, u"userId"_s, m_alice.user.id).size(), 2, Timeout);
        QCOMPARE(framesWith(*bob, u"presence"_s, u"userId"_s, m_alice.user.id).constLast(),
            (QJsonObject { { u"type"_s, u"presence"_s }, { u"userId"_s, m_alice.user.id },
                { u"online"_s, false }, { u"lastSeenAt"_s, QJsonValue() } }));
        QCOMPARE(contactOf(m_bob, m_alice)[u"online"_s].toBool(), false);
        // ...and she sees no one: bob is online, but not to her.
        QCOMPARE(contactOf(m_alice, m_bob)[u"online"_s].toBool(), false);

        // Carol comes online: bob (who shares a conversation with her) is told, alice is
        // not.
        QVERIFY(m_fixture.rest().openConversation(m_bob.token, u"carol"_s) > 0);
        auto carol = connectAs(m_carol);
        QVERIFY(carol);
        QTRY_COMPARE_WITH_TIMEOUT(
            framesWith(*bob, u"presence"_s, u"userId"_s, m_carol.user.id).size(), 1, Timeout);
        QVERIFY(alice->roundTrip());
        QCOMPARE(alice->frames(u"presence"_s).size(), aliceSaw);

        // Alice leaves: nobody is told, and no last seen shows.
        alice->socket().close();
        QTRY_COMPARE_WITH_TIMEOUT(
            m_fixture.chatServer().hub().connectionCount(m_alice.user.id), qsizetype(0), Timeout);
        QVERIFY(bob->roundTrip());
        QVERIFY(carol->roundTrip());
        QCOMPARE(framesWith(*bob, u"presence"_s, u"userId"_s, m_alice.user.id).size(), 2);
        QVERIFY(framesWith(*carol, u"presence"_s, u"userId"_s, m_alice.user.id).isEmpty());
        QVERIFY(contactOf(m_bob, m_alice)[u"lastSeenAt"_s].isNull());

        // Sharing again (while offline): bob sees when she was last seen.
        QCOMPARE(putSettings(m_alice, { { u"sharePresence"_s, true } }).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(
            framesWith(*bob, u"presence"_s, u"userId"_s, m_alice.user.id).size(), 3, Timeout);
        const QJsonObject back
            = framesWith(*bob, u"presence"_s, u"userId"_s, m_alice.user.id).constLast();
        QCOMPARE(back[u"online"_s].toBool(), false);
        QVERIFY(back[u"lastSeenAt"_s].isString());
        QCOMPARE(contactOf(m_bob, m_alice)[u"lastSeenAt"_s], back[u"lastSeenAt"_s]);

        // Bob hides: he no longer sees alice's last seen either.
        QCOMPARE(putSettings(m_bob, { { u"sharePresence"_s, false } }).status, 200);
        QVERIFY(contactOf(m_bob, m_alice)[u"lastSeenAt"_s].isNull());
    }

    // Settings -----------------------------------------------------------------------

    void settingsEndpoint()
    {
        const QJsonObject defaults { { u"shareTyping"_s, true }, { u"shareReceipts"_s, true },
            { u"sharePresence"_s, true }, { u"findable"_s, true } };
        HttpReply reply = m_fixture.rest().get(u"/settings"_s, m_alice.token);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json, defaults);

        reply = putSettings(m_alice, { { u"shareTyping"_s, false } });
        QCOMPARE(reply.status, 200);
        QJsonObject expected = defaults;
        expected.insert(u"shareTyping"_s, false);
        QCOMPARE(reply.json, expected);
        reply = putSettings(
            m_alice, { { u"shareReceipts"_s, false }, { u"sharePresence"_s, false } });
        QCOMPARE(reply.status, 200);
        expected = { { u"shareTyping"_s, false }, { u"shareReceipts"_s, false },
            { u"sharePresence"_s, false }, { u"findable"_s, true } };
        QCOMPARE(reply.json, expected);
        QCOMPARE(m_fixture.rest().get(u"/settings"_s, m_alice.token).json, expected);
        // Per user: bob keeps the defaults.
        QCOMPARE(m_fixture.rest().get(u"/settings"_s, m_bob.token).json, defaults);
    }

    void settingsRejectBadInput_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        QTest::addRow("empty object") << "{}"_ba << 400 << u"invalid_field"_s << QString();
        QTest::addRow("unknown name")
            << "{\"shareTypin\":false}"_ba << 400 << u"invalid_field"_s << u"shareTypin"_s;
        QTest::addRow("string value")
            << "{\"shareTyping\":\"no\"}"_ba << 400 << u"invalid_field"_s << u"shareTyping"_s;
        QTest::addRow("number value")
            << "{\"sharePresence\":0}"_ba << 400 << u"invalid_field"_s << u"sharePresence"_s;
        QTest::addRow("null value")
            << "{\"shareReceipts\":null}"_ba << 400 << u"invalid_field"_s << u"shareReceipts"_s;
        QTest::addRow("not json") << "{"_ba << 400 << u"malformed_json"_s << QString();
        QTest::addRow("array") << "[]"_ba << 400 << u"malformed_json"_s << QString();
    }
    void settingsRejectBadInput()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, field);
        const HttpReply reply
            = m_fixture.rest().request("PUT", u"/settings"_s, body, m_alice.token);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.errorCode(), code);
        QCOMPARE(reply.json[u"error"_s][u"field"_s].toString(), field);
        // Nothing changed.
        QCOMPARE(
            m_fixture.rest().get(u"/settings"_s, m_alice.token).json[u"shareTyping"_s].toBool(),
            true);
    }

    void settingsNeedAuthAndMethods()
    {
        QCOMPARE(m_fixture.rest().get(u"/settings"_s).status, 401);
        QCOMPARE(
            m_fixture.rest().request("PUT", u"/settings"_s, "{\"shareTyping\":false}").status, 401);
        const HttpReply post = m_fixture.rest().post(u"/settings"_s, {}, m_alice.token);
        QCOMPARE(post.status, 405);
        QCOMPARE(post.header("Allow"), "GET, PUT"_ba);
    }

    // Outsiders and bad frames ------------------------------------------------------

    void nonMembersGetNotFound()
    {
        const qint64 message = send(m_alice, u"private"_s);
        auto carol = connectAs(m_carol);
        auto bob = connectAs(m_bob);
        QVERIFY(carol && bob);
        sendRead(*carol, m_conversation, message, u"read"_s, u"r1"_s);
        sendRead(*carol, m_conversation, message, u"delivered"_s, u"d1"_s);
        carol->sendJson({ { u"type"_s, u"typing"_s }, { u"id"_s, u"t1"_s },
            { u"conversationId"_s, m_conversation } });
        sendRead(*carol, 999999, 1, u"read"_s, u"r2"_s);
        QVERIFY(carol->waitForFrames(u"error"_s, 4, Timeout));
        const QStringList ids { u"r1"_s, u"d1"_s, u"t1"_s, u"r2"_s };
        for (int i = 0; i < 4; ++i) {
            const QJsonObject error = carol->frames(u"error"_s).at(i);
            QCOMPARE(error[u"id"_s].toString(), ids.at(i));
            QCOMPARE(error[u"error"_s][u"code"_s].toString(), u"not_found"_s);
        }
        QVERIFY(bob->roundTrip());
        QVERIFY(bob->frames(u"receipt"_s).isEmpty());
        QVERIFY(bob->frames(u"typing"_s).isEmpty());
        QCOMPARE(contactOf(m_alice, m_bob)[u"theirReadUpTo"_s].toInteger(), 0);
    }

    void badFramesGetErrorsWithRequestId_data()
    {
        QTest::addColumn<QJsonObject>("frame");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        QTest::addRow("read with upTo as a string") << QJsonObject { { u"type"_s, u"read"_s },
            { u"id"_s, u"b1"_s }, { u"conversationId"_s, 1 }, { u"upTo"_s, u"5"_s } }
                                                    << u"invalid_field"_s << u"upTo"_s;
        QTest::addRow("read without conversationId")
            << QJsonObject { { u"type"_s, u"read"_s }, { u"id"_s, u"b2"_s }, { u"upTo"_s, 5 } }
            << u"invalid_field"_s << u"conversationId"_s;
        QTest::addRow("delivered with upTo 0") << QJsonObject { { u"type"_s, u"delivered"_s },
            { u"id"_s, u"b3"_s }, { u"conversationId"_s, 1 }, { u"upTo"_s, 0 } }
                                               << u"invalid_field"_s << u"upTo"_s;
        QTest::addRow("typing with a fractional conversationId") << QJsonObject {
            { u"type"_s, u"typing"_s }, { u"id"_s, u"b4"_s }, { u"conversationId"_s, 1.5 }
        } << u"invalid_field"_s << u"conversationId"_s;
        QTest::addRow("read past the newest message") << QJsonObject { { u"type"_s, u"read"_s },
            { u"id"_s, u"b5"_s }, { u"conversationId"_s, -1 }, { u"upTo"_s, 1000 } }
                                                      << u"invalid_field"_s << u"upTo"_s;
        QTest::addRow("delivered past the newest message")
            << QJsonObject { { u"type"_s, u"delivered"_s }, { u"id"_s, u"b6"_s },
                   { u"conversationId"_s, -1 }, { u"upTo"_s, 1000 } }
            << u"invalid_field"_s << u"upTo"_s;
    }
    void badFramesGetErrorsWithRequestId()
    {
        QFETCH(QJsonObject, frame);
        QFETCH(QString, code);
        QFETCH(QString, field);
        QVERIFY(send(m_bob, u"one"_s));
        // -1 stands for the pair's real conversation, known only once the server runs.
        if (frame[u"conversationId"_s].toInteger() == -1)
            frame.insert(u"conversationId"_s, m_conversation);
        auto alice = connectAs(m_alice);
        QVERIFY(alice);
        alice->sendJson(frame);
        QVERIFY(alice->waitForFrames(u"error"_s, 1, Timeout));
        const QJsonObject error = alice->frames(u"error"_s).constFirst();
        QCOMPARE(error[u"id"_s].toString(), frame[u"id"_s].toString());
        QCOMPARE(error[u"error"_s][u"code"_s].toString(), code);
        QCOMPARE(error[u"error"_s][u"field"_s].toString(), field);
        // The socket keeps serving.
        QVERIFY(alice->roundTrip());
        QVERIFY(alice->isConnected());
    }
};

QTEST_GUILESS_MAIN(tst_Awareness)
#include "tst_awareness.moc"
