// A user's sessions over real sockets: listed without their tokens (the caller's marked
// current), revoked one by one or all but the caller's, with their WebSockets closed at
// once (4002); a session ends when left idle (token_expired) but an open socket keeps it
// in use; a socket whose session passes its lifetime is closed with 4003.
#include <server/chatserver.h>
#include <shared/protocol.h>
#include <shared/sessioncodec.h>
#include <support/rawhttpexchange.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <support/wsclient.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class TestSessions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { m_fixture.stop(); }

    void listsOnesOwnSessionsWithoutTokens()
    {
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        QVERIFY(!m_fixture.signUp({ u"bob"_s }).isEmpty());
        QVERIFY(!m_fixture.signUp({ u"alice"_s }).isEmpty()); // alice's first session
        const QString laptop = loginAs(u"alice"_s, "chat/1.0 (laptop)");
        const QString phone = loginAs(u"alice"_s, "chat/1.0 (phone)");
        QVERIFY(!laptop.isEmpty() && !phone.isEmpty());

        const HttpReply reply = m_fixture.rest().get(u"/sessions"_s, laptop);
        QCOMPARE(reply.status, 200);
        QVERIFY(!reply.body.contains(laptop.toLatin1()));
        QVERIFY(!reply.body.contains(phone.toLatin1()));
        const auto sessions = json::decodeSessionList(reply.json);
        QVERIFY2(sessions.ok(), qPrintable(sessions ? QString() : sessions.error().message));
        QCOMPARE(sessions->size(), 3); // bob's is not among them
        int current = 0;
        QStringList clients;
        for (const SessionInfo &session : sessions.value()) {
            current += session.current ? 1 : 0;
            clients << session.client;
            QCOMPARE(session.address, u"127.0.0.1"_s);
            QVERIFY(session.createdAt <= session.lastUsedAt);
            QVERIFY(session.lastUsedAt < session.expiresAt);
            if (session.current)
                QCOMPARE(session.client, u"chat/1.0 (laptop)"_s);
        }
        QCOMPARE(current, 1);
        QVERIFY(clients.contains(u"chat/1.0 (phone)"_s));
        QCOMPARE(m_fixture.rest().get(u"/sessions"_s).status, 401);
    }

    void revokingASessionClosesItsSocketsAtOnce()
    {
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        const QList<Session> bob = m_fixture.signUp({ u"bob"_s });
        QCOMPARE(bob.size(), 1);
        QVERIFY(!m_fixture.signUp({ u"alice"_s }).isEmpty());
        const QString laptop = loginAs(u"alice"_s, "laptop");
        const QString phone = loginAs(u"alice"_s, "phone");
        WsClient phoneSocket;
        QVERIFY(phoneSocket.connectAndAuthenticate(m_fixture.webSocketUrl(), phone));
        WsClient laptopSocket;
        QVERIFY(laptopSocket.connectAndAuthenticate(m_fixture.webSocketUrl(), laptop));

        const qint64 phoneId = sessionIdOf(laptop, u"phone"_s);
        QVERIFY(phoneId > 0);
        // Someone else's session is not found, and stays.
        const qint64 bobsId = sessionIdOf(bob[0].token, u""_s, true);
        QCOMPARE(m_fixture.rest()
                     .request("DELETE", u"/sessions/%1"_s.arg(bobsId), {}, laptop)
                     .errorCode(),
            u"not_found"_s);
        QCOMPARE(m_fixture.rest().get(u"/me"_s, bob[0].token).status, 200);

        QCOMPARE(
            m_fixture.rest().request("DELETE", u"/sessions/%1"_s.arg(phoneId), {}, laptop).status,
            204);
        // Closed by the revocation itself: well within a heartbeat (10 s).
        QVERIFY(phoneSocket.waitForDisconnected(3000));
        QCOMPARE(phoneSocket.closeCode(), protocol::closecodes::SessionRevoked);
        QCOMPARE(m_fixture.rest().get(u"/me"_s, phone).errorCode(), u"unauthenticated"_s);
        QVERIFY(laptopSocket.roundTrip());
        QCOMPARE(
            m_fixture.rest().request("DELETE", u"/sessions/%1"_s.arg(phoneId), {}, laptop).status,
            404);
    }

    void signingOutAllOthersKeepsTheCallers()
    {
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        const QList<Session> first = m_fixture.signUp({ u"alice"_s });
        QCOMPARE(first.size(), 1);
        const QString second = loginAs(u"alice"_s, "second");
        const QString third = loginAs(u"alice"_s, "third");
        WsClient firstSocket;
        QVERIFY(firstSocket.connectAndAuthenticate(m_fixture.webSocketUrl(), first[0].token));
        WsClient thirdSocket;
        QVERIFY(thirdSocket.connectAndAuthenticate(m_fixture.webSocketUrl(), third));

        const HttpReply ended
            = m_fixture.rest().request("DELETE", u"/sessions/others"_s, {}, second);
        QCOMPARE(ended.status, 200);
        QCOMPARE(ended.json.value(u"ended"_s).toInt(), 2);
        QVERIFY(firstSocket.waitForDisconnected(3000));
        QVERIFY(thirdSocket.waitForDisconnected(3000));
        QCOMPARE(firstSocket.closeCode(), protocol::closecodes::SessionRevoked);
        QCOMPARE(m_fixture.rest().get(u"/me"_s, first[0].token).status, 401);
        QCOMPARE(m_fixture.rest().get(u"/me"_s, second).status, 200);
        const auto left
            = json::decodeSessionList(m_fixture.rest().get(u"/sessions"_s, second).json);
        QVERIFY(left.ok());
        QCOMPARE(left->size(), 1);
        QVERIFY(left->constFirst().current);
    }

    void idleSessionsEndButAnOpenSocketKeepsOneInUse()
    {
        QVERIFY2(m_fixture.start([](server::ServerConfig &config) {
            config.auth.sessionIdleTimeout = std::chrono::seconds(2);
            config.heartbeatInterval = std::chrono::milliseconds(200);
        }),
            qPrintable(m_fixture.error()));
        const QList<Session> idle = m_fixture.signUp({ u"alice"_s });
        QCOMPARE(idle.size(), 1);
        const QString busy = loginAs(u"alice"_s, "busy");
        WsClient busySocket;
        QVERIFY(busySocket.connectAndAuthenticate(m_fixture.webSocketUrl(), busy));

        // Nothing uses the first session: after 2 s it is over. (Watched through the other
        // session's list: asking with the idle token would be a use.)
        QTRY_COMPARE_WITH_TIMEOUT(
            json::decodeSessionList(m_fixture.rest().get(u"/sessions"_s, busy).json)->size(), 1,
            Timeout);
        QCOMPARE(m_fixture.rest().get(u"/me"_s, idle[0].token).errorCode(), u"token_expired"_s);
        // The socket's heartbeats kept the other in use all along.
        QVERIFY(busySocket.isConnected());
        QCOMPARE(m_fixture.rest().get(u"/me"_s, busy).status, 200);
    }

    void socketIsClosedWhenItsSessionExpires()
    {
        QVERIFY2(m_fixture.start([](server::ServerConfig &config) {
            config.auth.sessionLifetime = std::chrono::seconds(2);
            config.heartbeatInterval = std::chrono::milliseconds(200);
        }),
            qPrintable(m_fixture.error()));
        const QList<Session> alice = m_fixture.signUp({ u"alice"_s });
        QCOMPARE(alice.size(), 1);
        WsClient socket;
        QVERIFY(socket.connectAndAuthenticate(m_fixture.webSocketUrl(), alice[0].token));
        QVERIFY(socket.waitForDisconnected(Timeout));
        QCOMPARE(socket.closeCode(), protocol::closecodes::SessionExpired);
        QCOMPARE(m_fixture.rest().get(u"/me"_s, alice[0].token).errorCode(), u"token_expired"_s);
    }

private:
    //! Logs alice (or whoever) in with a User-Agent; the token, or empty.
    QString loginAs(const QString &username, const QByteArray &userAgent)
    {
        RawHttpExchange login;
        login.start(m_fixture.url(), "POST", "/api/v1/login",
            QJsonDocument(
                QJsonObject { { u"username"_s, username }, { u"password"_s, defaultPassword() } })
                .toJson(QJsonDocument::Compact),
            { { "User-Agent", userAgent } });
        if (!QTest::qWaitFor([&] { return login.isDone(); }, Timeout) || login.status() != 200)
            return {};
        return QJsonDocument::fromJson(login.body()).object().value(u"token"_s).toString();
    }

    //! The id of the caller's session whose client is `client` (or the current one).
    qint64 sessionIdOf(const QString &token, const QString &client, bool current = false)
    {
        const auto sessions
            = json::decodeSessionList(m_fixture.rest().get(u"/sessions"_s, token).json);
        if (!sessions)
            return 0;
        for (const SessionInfo &session : sessions.value()) {
            if (current ? session.current : session.client == client)
                return session.id;
        }
        return 0;
    }

    ServerFixture m_fixture;
};

QTEST_GUILESS_MAIN(TestSessions)
#include "tst_sessions.moc"
