// The server end to end, in-process on a free port, with real QNetworkAccessManager and
// QWebSocket clients: accounts, sending over REST and WebSocket, live fan-out, paging,
// idempotency, authorization and every kind of bad input.
#include <server/chatserver.h>
#include <shared/protocol.h>
#include <support/restclient.h>
#include <support/serverfixture.h>
#include <support/wsclient.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {
// Two users who have opened their conversation.
QStringList bodiesOf(const QJsonArray &messages)
{
    QStringList bodies;
    for (const QJsonValue &message : messages)
        bodies << message.toObject().value(u"body"_s).toString();
    return bodies;
}

QJsonObject messageOf(const QJsonObject &frame)
{
    return frame.value(u"message"_s).toObject();
}
} // namespace

class TestChatServer : public QObject
{
    Q_OBJECT

private:
    test::ServerFixture m_fixture;

private Q_SLOTS:
    void init() { QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error())); }
    void cleanup() { m_fixture.stop(); }

    // Accounts ---------------------------------------------------------------------

    void registerLoginAndMe()
    {
        const HttpReply registered = m_fixture.rest().post(u"/register"_s,
            { { u"username"_s, u"alice"_s }, { u"password"_s, u"correct horse"_s } });
        QCOMPARE(registered.status, 201);
        QCOMPARE(registered.json[u"user"_s][u"username"_s].toString(), u"alice"_s);

        const HttpReply login = m_fixture.rest().post(
            u"/login"_s, { { u"username"_s, u"alice"_s }, { u"password"_s, u"correct horse"_s } });
        QCOMPARE(login.status, 200);
        const QString token = login.json[u"token"_s].toString();
        QCOMPARE(token.size(), 43); // 256 bits, base64url without padding
        const QDateTime expires
            = QDateTime::fromString(login.json[u"expiresAt"_s].toString(), Qt::ISODateWithMs);
        QVERIFY(expires > QDateTime::currentDateTimeUtc().addDays(1));

        const HttpReply me = m_fixture.rest().get(u"/me"_s, token);
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json[u"user"_s][u"username"_s].toString(), u"alice"_s);
        QCOMPARE(me.json[u"user"_s][u"id"_s].toInteger(),
            registered.json[u"user"_s][u"id"_s].toInteger());
    }

    void registerRejectsTakenUsername()
    {
        QVERIFY(!m_fixture.rest().signUp(u"alice"_s).token.isEmpty());
        const HttpReply again = m_fixture.rest().post(u"/register"_s,
            { { u"username"_s, u"ALICE"_s }, { u"password"_s, u"another password"_s } });
        QCOMPARE(again.status, 409);
        QCOMPARE(again.errorCode(), u"username_taken"_s);
    }

    void registerRejectsInvalidInput_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::addRow("short username")
            << "{\"username\":\"al\",\"password\":\"password1\"}"_ba << u"username"_s;
        QTest::addRow("username with space")
            << "{\"username\":\"al ice\",\"password\":\"password1\"}"_ba << u"username"_s;
        QTest::addRow("long username")
            << "{\"username\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"password\":\"password1\"}"_ba
            << u"username"_s;
        QTest::addRow("short password")
            << "{\"username\":\"alice\",\"password\":\"short\"}"_ba << u"password"_s;
        QTest::addRow("missing password") << "{\"username\":\"alice\"}"_ba << u"password"_s;
        QTest::addRow("numeric username")
            << "{\"username\":42,\"password\":\"password1\"}"_ba << u"username"_s;
    }
    void registerRejectsInvalidInput()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const HttpReply reply = m_fixture.rest().request("POST", u"/register"_s, body);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), u"invalid_field"_s);
        QCOMPARE(reply.json[u"error"_s][u"field"_s].toString(), field);
        QVERIFY(!reply.json[u"error"_s][u"message"_s].toString().isEmpty());
    }

    void wrongPasswordIsRejectedAndServerKeepsServing()
    {
        const Session alice = m_fixture.rest().signUp(u"alice"_s);
        const HttpReply wrong = m_fixture.rest().post(u"/login"_s,
            { { u"username"_s, u"alice"_s }, { u"password"_s, u"not the password"_s } });
        QCOMPARE(wrong.status, 401);
        QCOMPARE(wrong.errorCode(), u"invalid_credentials"_s);
        QVERIFY(!wrong.json.contains(u"token"_s));

        // An unknown user gets exactly the same answer: no account enumeration.
        const HttpReply unknown = m_fixture.rest().post(u"/login"_s,
            { { u"username"_s, u"mallory"_s }, { u"password"_s, u"not the password"_s } });
        QCOMPARE(unknown.status, 401);
        QCOMPARE(unknown.errorCode(), u"invalid_credentials"_s);

        QCOMPARE(m_fixture.rest().get(u"/me"_s, alice.token).status, 200);
    }

    void loginAttemptsAreThrottled()
    {
        const auto tweak = [](server::ServerConfig &config) {
            config.auth.attemptBurst = 3;
            config.auth.attemptsPerSecond = 0.001;
        };
        QVERIFY2(m_fixture.start(tweak), qPrintable(m_fixture.error()));
        const QJsonObject wrong { { u"username"_s, u"nobody"_s },
            { u"password"_s, u"password1"_s } };
        for (int attempt = 0; attempt < 3; ++attempt)
            QCOMPARE(m_fixture.rest().post(u"/login"_s, wrong).status, 401);
        const HttpReply throttled = m_fixture.rest().post(u"/login"_s, wrong);
        QCOMPARE(throttled.status, 429);
        QCOMPARE(throttled.errorCode(), u"rate_limited"_s);
    }

    void requestsWithoutValidTokenAre401_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("token");
        for (const auto &[method, path] :
            { std::pair { "GET"_ba, u"/me"_s }, std::pair { "GET"_ba, u"/contacts"_s },
                std::pair { "POST"_ba, u"/conversations"_s },
                std::pair { "GET"_ba, u"/conversations/1/messages"_s },
                std::pair { "POST"_ba, u"/conversations/1/messages"_s },
                std::pair { "POST"_ba, u"/logout"_s } }) {
            QTest::addRow("%s %s no token", method.constData(), qPrintable(path))
                << method << path << QString();
            QTest::addRow("%s %s bad token", method.constData(), qPrintable(path))
                << method << path << u"not-a-token"_s;
        }
    }
    void requestsWithoutValidTokenAre401()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, token);
        const HttpReply reply = m_fixture.rest().request(method, path, "{}", token);
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.errorCode(), u"unauthenticated"_s);
        QCOMPARE(reply.header("WWW-Authenticate"), "Bearer"_ba);
    }

    void expiredTokenIsRejected()
    {
        const auto tweak = [](server::ServerConfig &config) {
            config.auth.sessionLifetime = std::chrono::seconds(0);
        };
        QVERIFY2(m_fixture.start(tweak), qPrintable(m_fixture.error()));
        const Session alice = m_fixture.rest().signUp(u"alice"_s);
        QVERIFY(!alice.token.isEmpty());
        const HttpReply me = m_fixture.rest().get(u"/me"_s, alice.token);
        QCOMPARE(me.status, 401);
        QCOMPARE(me.errorCode(), u"token_expired"_s);
    }

    void logoutRevokesTokenAndClosesItsSockets()
    {
        const Session alice = m_fixture.rest().signUp(u"alice"_s);
        const QString otherToken
            = m_fixture.rest()
                  .post(u"/login"_s,
                      { { u"username"_s, u"alice"_s }, { u"password"_s, u"violet-kettle-42"_s } })
                  .json[u"token"_s]
                  .toString();
        WsClient revoked;
        WsClient other;
        QVERIFY(revoked.connectAndAuthenticate(m_fixture.webSocketUrl(), alice.token));
        QVERIFY(other.connectAndAuthenticate(m_fixture.webSocketUrl(), otherToken));

        const HttpReply logout = m_fixture.rest().request("POST", u"/logout"_s, {}, alice.token);
        QCOMPARE(logout.status, 204);
        QVERIFY(revoked.waitForDisconnected());
        QCOMPARE(revoked.closeCode(), protocol::closecodes::SessionRevoked);
        QCOMPARE(m_fixture.rest().get(u"/me"_s, alice.token).status, 401);

        // Only that session ends: the other device stays signed in and connected.
        QCOMPARE(m_fixture.rest().get(u"/me"_s, otherToken).status, 200);
        QVERIFY(other.isConnected());
    }

    // Routing and bad input ----------------------------------------------------------

    void unknownRouteIs404()
    {
        const HttpReply reply = m_fixture.rest().get(u"/no/such/route"_s);
        QCOMPARE(reply.status, 404);
        QCOMPARE(reply.errorCode(), u"not_found"_s);
    }

    void wrongMethodIs405_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("allowed");
        QTest::addRow("GET login") << "GET"_ba << u"/login"_s << "POST"_ba;
        QTest::addRow("DELETE contacts") << "DELETE"_ba << u"/contacts"_s << "GET"_ba;
        QTest::addRow("PUT messages")
            << "PUT"_ba << u"/conversations/1/messages"_s << "GET, POST"_ba;
        QTest::addRow("POST me") << "POST"_ba << u"/me"_s << "GET"_ba;
    }
    void wrongMethodIs405()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, allowed);
        const HttpReply reply = m_fixture.rest().request(method, path, "{}");
        QCOMPARE(reply.status, 405);
        QCOMPARE(reply.errorCode(), u"method_not_allowed"_s);
        QCOMPARE(reply.header("Allow"), allowed);
    }

    void malformedBodiesAre400_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("not json") << "hello"_ba;
        QTest::addRow("truncated") << "{\"clientId\":\"x\",\"body\":"_ba;
        QTest::addRow("array") << "[\"clientId\",\"body\"]"_ba;
        QTest::addRow("empty") << QByteArray();
        QTest::addRow("invalid utf-8") << "{\"clientId\":\"c1\",\"body\":\"caf\xc3\x28\"}"_ba;
    }
    void malformedBodiesAre400()
    {
        QFETCH(QByteArray, body);
        const Pair pair = m_fixture.rest().signUpPair();
        const HttpReply reply = m_fixture.rest().request("POST",
            u"/conversations/%1/messages"_s.arg(pair.conversationId), body, pair.alice.token);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), u"malformed_json"_s);
        // Nothing was stored, and the server still serves a good request.
        const HttpReply history = m_fixture.rest().get(
            u"/conversations/%1/messages"_s.arg(pair.conversationId), pair.alice.token);
        QCOMPARE(history.json[u"messages"_s].toArray().size(), 0);
        QCOMPARE(m_fixture.rest()
                     .sendMessage(pair.alice.token, pair.conversationId, u"ok"_s, u"fine"_s)
                     .status,
            201);
    }

    void invalidMessagesAre400_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QString>("field");
        QTest::addRow("empty body")
            << QJsonObject { { u"clientId"_s, u"c1"_s }, { u"body"_s, u"  \n"_s } } << u"body"_s;
        QTest::addRow("body too long") << QJsonObject { { u"clientId"_s, u"c1"_s },
            { u"body"_s, QString(16 * 1024 + 1, u'x') } }
                                       << u"body"_s;
        QTest::addRow("body not a string")
            << QJsonObject { { u"clientId"_s, u"c1"_s }, { u"body"_s, 42 } } << u"body"_s;
        QTest::addRow("no client id") << QJsonObject { { u"body"_s, u"hi"_s } } << u"clientId"_s;
        QTest::addRow("bad client id") << QJsonObject { { u"clientId"_s, u"white space"_s },
            { u"body"_s, u"hi"_s } } << u"clientId"_s;
    }
    void invalidMessagesAre400()
    {
        QFETCH(QJsonObject, body);
        QFETCH(QString, field);
        const Pair pair = m_fixture.rest().signUpPair();
        const HttpReply reply = m_fixture.rest().post(
            u"/conversations/%1/messages"_s.arg(pair.conversationId), body, pair.alice.token);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), u"invalid_field"_s);
        QCOMPARE(reply.json[u"error"_s][u"field"_s].toString(), field);
    }

    void oversizedRequestIs413()
    {
        const Pair pair = m_fixture.rest().signUpPair();
        const QByteArray huge
            = "{\"clientId\":\"c1\",\"body\":\"" + QByteArray(200 * 1024, 'x') + "\"}";
        const HttpReply reply = m_fixture.rest().request("POST",
            u"/conversations/%1/messages"_s.arg(pair.conversationId), huge, pair.alice.token);
        QCOMPARE(reply.status, 413);
        QCOMPARE(reply.errorCode(), u"payload_too_large"_s);
        QCOMPARE(m_fixture.rest().get(u"/me"_s, pair.bob.token).status, 200);
    }

    void badQueryParametersAre400_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("field");
        QTest::addRow("limit zero") << u"limit=0"_s << u"limit"_s;
        QTest::addRow("limit negative") << u"limit=-5"_s << u"limit"_s;
        QTest::addRow("limit text") << u"limit=ten"_s << u"limit"_s;
        QTest::addRow("before text") << u"before=abc"_s << u"before"_s;
    }
    void badQueryParametersAre400()
    {
        QFETCH(QString, query);
        QFETCH(QString, field);
        const Pair pair = m_fixture.rest().signUpPair();
        const HttpReply reply = m_fixture.rest().get(
            u"/conversations/%1/messages?%2"_s.arg(pair.conversationId).arg(query),
            pair.alice.token);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.json[u"error"_s][u"field"_s].toString(), field);
    }

    void plainRequestToWebSocketPathIs426()
    {
        const HttpReply reply = m_fixture.rest().get(u"/ws"_s);
        QCOMPARE(reply.status, 426);
        QCOMPARE(reply.errorCode(), u"bad_request"_s);
        QCOMPARE(reply.header("Upgrade"), "websocket"_ba);
    }

    void halfAnUpgradeIsAnswered()
    {
        // "Upgrade: websocket" without "Connection: Upgrade" is no handshake: answer it.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_fixture.url().port());
        QVERIFY(socket.waitForConnected());
        socket.write("GET /api/v1/ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(
            socket.bytesAvailable() > 0 || socket.waitForReadyRead(100), 10000);
        QVERIFY(socket.readAll().startsWith("HTTP/1.1 426"));
    }

    // Contacts and conversations ---------------------------------------------------

    void contactsListEveryoneWithTheirLastMessage()
    {
        const Pair pair = m_fixture.rest().signUpPair();
        m_fixture.rest().signUp(u"carol"_s);
        QCOMPARE(m_fixture.rest()
                     .sendMessage(pair.bob.token, pair.conversationId, u"b1"_s, u"hi alice"_s)
                     .status,
            201);

        const HttpReply reply = m_fixture.rest().get(u"/contacts"_s, pair.alice.token);
        QCOMPARE(reply.status, 200);
        const QJsonArray contacts = reply.json[u"contacts"_s].toArray();
        QCOMPARE(contacts.size(), 2);
        // The contact with the latest message first, then the rest by name.
        QCOMPARE(contacts[0][u"user"_s][u"username"_s].toString(), u"bob"_s);
        QCOMPARE(contacts[0][u"conversationId"_s].toInteger(), pair.conversationId);
        QCOMPARE(contacts[0][u"lastMessage"_s][u"body"_s].toString(), u"hi alice"_s);
        QCOMPARE(contacts[1][u"user"_s][u"username"_s].toString(), u"carol"_s);
        QVERIFY(contacts[1][u"conversationId"_s].isNull());
        QVERIFY(contacts[1][u"lastMessage"_s].isNull());
    }

    void openingAConversationIsIdempotent()
    {
        const Session alice = m_fixture.rest().signUp(u"alice"_s);
        const Session bob = m_fixture.rest().signUp(u"bob"_s);
        const HttpReply first = m_fixture.rest().post(
            u"/conversations"_s, { { u"username"_s, u"bob"_s } }, alice.token);
        QCOMPARE(first.status, 201);
        const qint64 id = first.json[u"conversation"_s][u"id"_s].toInteger();
        QCOMPARE(first.json[u"conversation"_s][u"members"_s].toArray().size(), 2);

        const HttpReply again = m_fixture.rest().post(
            u"/conversations"_s, { { u"username"_s, u"bob"_s } }, alice.token);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json[u"conversation"_s][u"id"_s].toInteger(), id);
        const HttpReply fromBob = m_fixture.rest().post(
            u"/conversations"_s, { { u"username"_s, u"alice"_s } }, bob.token);
        QCOMPARE(fromBob.status, 200);
        QCOMPARE(fromBob.json[u"conversation"_s][u"id"_s].toInteger(), id);

        QCOMPARE(m_fixture.rest()
                     .post(u"/conversations"_s, { { u"username"_s, u"nobody"_s } }, alice.token)
                     .status,
            404);
        const HttpReply self = m_fixture.rest().post(
            u"/conversations"_s, { { u"username"_s, u"alice"_s } }, alice.token);
        QCOMPARE(self.status, 400);
        QCOMPARE(self.errorCode(), u"invalid_field"_s);
    }

    // Sending and live delivery ------------------------------------------------------

    void restSendIsDeliveredLiveExactlyOnce()
    {
        const Pair pair = m_fixture.rest().signUpPair();
        WsClient aliceOtherDevice;
        WsClient bob;
        QVERIFY(
            aliceOtherDevice.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.alice.token));
        QVERIFY(bob.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.bob.token));

        const HttpReply sent = m_fixture.rest().sendMessage(
            pair.alice.token, pair.conversationId, u"rest-1"_s, u"over REST"_s);
        QCOMPARE(sent.status, 201);
        QCOMPARE(sent.json[u"duplicate"_s].toBool(), false);
        const qint64 id = sent.json[u"message"_s][u"id"_s].toInteger();

        QVERIFY(bob.waitForFrames(u"message"_s, 1));
        QVERIFY(aliceOtherDevice.waitForFrames(u"message"_s, 1));
        // A ping round trip after the message proves nothing more was on its way.
        bob.sendJson({ { u"type"_s, u"ping"_s }, { u"id"_s, u"p"_s } });
        QVERIFY(bob.waitForFrames(u"pong"_s, 1));
        QCOMPARE(bob.frames(u"message"_s).size(), 1);

        const QJsonObject received = messageOf(bob.frames(u"message"_s).first());
        QCOMPARE(received[u"id"_s].toInteger(), id);
        QCOMPARE(received[u"body"_s].toString(), u"over REST"_s);
        QCOMPARE(received[u"senderName"_s].toString(), u"alice"_s);
        const QJsonObject echo = messageOf(aliceOtherDevice.frames(u"message"_s).first());
        QCOMPARE(echo[u"clientId"_s].toString(), u"rest-1"_s);
        QCOMPARE(echo[u"id"_s].toInteger(), id);
    }

    void webSocketSendIsAckedAndFannedOut()
    {
        const Pair pair = m_fixture.rest().signUpPair();
        WsClient alice;
        WsClient aliceOtherDevice;
        WsClient bob;
        QVERIFY(alice.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.alice.token));
        QVERIFY(
            aliceOtherDevice.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.alice.token));
        QVERIFY(bob.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.bob.token));

        alice.sendMessage(u"req-1"_s, pair.conversationId, u"ws-1"_s, u"héllo 👋"_s);
        QVERIFY(alice.waitForFrames(u"ack"_s, 1));
        const QJsonObject ack = alice.frames(u"ack"_s).first();
        QCOMPARE(ack[u"id"_s].toString(), u"req-1"_s);
        QCOMPARE(ack[u"duplicate"_s].toBool(), false);
        QCOMPARE(messageOf(ack)[u"body"_s].toString(), u"héllo 👋"_s);

        QVERIFY(bob.waitForFrames(u"message"_s, 1));
        QVERIFY(aliceOtherDevice.waitForFrames(u"message"_s, 1));
        QCOMPARE(messageOf(aliceOtherDevice.frames(u"message"_s).first())[u"clientId"_s].toString(),
            u"ws-1"_s);
        QCOMPARE(messageOf(bob.frames(u"message"_s).first())[u"id"_s], messageOf(ack)[u"id"_s]);

        // The sending socket got its ack and no second copy as an event.
        for (WsClient *client : { &alice, &bob }) {
            client->sendJson({ { u"type"_s, u"ping"_s }, { u"id"_s, u"p"_s } });
            QVERIFY(client->waitForFrames(u"pong"_s, 1));
        }
        QCOMPARE(alice.frames(u"message"_s).size(), 0);
        QCOMPARE(bob.frames(u"message"_s).size(), 1);
    }

    void retriedClientIdCreatesNothing()
    {
        Pair pair;
        WsClient alice;
        WsClient bob;
        QVERIFY2(m_fixture.connectPair(pair, alice, bob), qPrintable(m_fixture.error()));

        const HttpReply first = m_fixture.rest().sendMessage(
            pair.alice.token, pair.conversationId, u"same"_s, u"once"_s);
        QCOMPARE(first.status, 201);
        const HttpReply retry = m_fixture.rest().sendMessage(
            pair.alice.token, pair.conversationId, u"same"_s, u"once"_s);
        QCOMPARE(retry.status, 200);
        QCOMPARE(retry.json[u"duplicate"_s].toBool(), true);
        QCOMPARE(retry.json[u"message"_s], first.json[u"message"_s]);

        alice.sendMessage(u"r2"_s, pair.conversationId, u"same"_s, u"once"_s);
        QVERIFY(alice.waitForFrames(u"ack"_s, 1));
        QCOMPARE(alice.frames(u"ack"_s).first()[u"duplicate"_s].toBool(), true);
        QCOMPARE(messageOf(alice.frames(u"ack"_s).first()), first.json[u"message"_s].toObject());

        bob.sendJson({ { u"type"_s, u"ping"_s }, { u"id"_s, u"p"_s } });
        QVERIFY(bob.waitForFrames(u"pong"_s, 1));
        QCOMPARE(bob.frames(u"message"_s).size(), 1);
        const HttpReply history = m_fixture.rest().get(
            u"/conversations/%1/messages"_s.arg(pair.conversationId), pair.bob.token);
        QCOMPARE(history.json[u"messages"_s].toArray().size(), 1);
    }

    void clientIdReusedInAnotherConversationIsRejected()
    {
        const Pair pair = m_fixture.rest().signUpPair();
        m_fixture.rest().signUp(u"carol"_s);
        const qint64 withCarol = m_fixture.rest().openConversation(pair.alice.token, u"carol"_s);
        QCOMPARE(m_fixture.rest()
                     .sendMessage(pair.alice.token, pair.conversationId, u"reused"_s, u"for bob"_s)
                     .status,
            201);
        const HttpReply reused = m_fixture.rest().sendMessage(
            pair.alice.token, withCarol, u"reused"_s, u"for carol"_s);
        QCOMPARE(reused.status, 400);
        QCOMPARE(reused.errorCode(), u"invalid_field"_s);
        QCOMPARE(reused.json[u"error"_s][u"field"_s].toString(), u"clientId"_s);
        QVERIFY(!reused.body.contains("for bob")); // nothing of the other conversation leaks
    }

    void historyPagesWithoutGapOrRepeat()
    {
        const Pair pair = m_fixture.rest().signUpPair();
        constexpr int Total = 250;
        for (int i = 0; i < Total; ++i) {
            const Session &sender = i % 3 == 0 ? pair.bob : pair.alice;
            QCOMPARE(m_fixture.rest()
                         .sendMessage(sender.token, pair.conversationId, u"m%1"_s.arg(i),
                             u"message %1"_s.arg(i))
                         .status,
                201);
        }

        QList<qint64> ids;
        QStringList bodies;
        QString cursor;
        int pages = 0;
        for (bool more = true; more; ++pages) {
            const HttpReply page = m_fixture.rest().get(
                u"/conversations/%1/messages?limit=40%2"_s.arg(pair.conversationId).arg(cursor),
                pair.bob.token);
            QCOMPARE(page.status, 200);
            const QJsonArray messages = page.json[u"messages"_s].toArray();
            QVERIFY(messages.size() <= 40);
            for (const QJsonValue &message : messages)
                ids << message[u"id"_s].toInteger();
            bodies << bodiesOf(messages);
            more = page.json[u"hasMore"_s].toBool();
            cursor = u"&before=%1"_s.arg(ids.last());
        }
        QCOMPARE(pages, 7); // 6 full pages of 40 and one of 10
        QCOMPARE(ids.size(), Total);
        for (int i = 1; i < ids.size(); ++i)
            QVERIFY2(ids[i] < ids[i - 1], "history must be strictly newest first");
        for (int i = 0; i < Total; ++i)
            QCOMPARE(bodies[i], u"message %1"_s.arg(Total - 1 - i));
    }

    void historyLimitIsCapped()
    {
        const Pair pair = m_fixture.rest().signUpPair();
        for (int i = 0; i < protocol::limits::MaxPageSize + 5; ++i)
            m_fixture.rest().sendMessage(
                pair.alice.token, pair.conversationId, u"m%1"_s.arg(i), u"x"_s);
        const HttpReply page = m_fixture.rest().get(
            u"/conversations/%1/messages?limit=100000"_s.arg(pair.conversationId),
            pair.alice.token);
        QCOMPARE(page.status, 200);
        QCOMPARE(page.json[u"messages"_s].toArray().size(), protocol::limits::MaxPageSize);
        QCOMPARE(page.json[u"hasMore"_s].toBool(), true);
        const HttpReply defaults = m_fixture.rest().get(
            u"/conversations/%1/messages"_s.arg(pair.conversationId), pair.alice.token);
        QCOMPARE(defaults.json[u"messages"_s].toArray().size(), protocol::limits::DefaultPageSize);
    }

    void historyPageIsWhatQJsonDocumentWrites()
    {
        // The route writes the page's bytes itself (messagejsonwriter.h): they must be what
        // QJsonDocument writes for the same object, labelled as a QJsonObject response is.
        const Pair pair = m_fixture.rest().signUpPair();
        const QStringList bodies { u"plain"_s, u"\"quoted\" \\ back/slash"_s,
            u"two\nlines\ttab \u0001 \u007f \u2028"_s, u"Grüße 😀"_s };
        for (const QString &body : bodies) {
            QCOMPARE(m_fixture.rest()
                         .sendMessage(pair.alice.token, pair.conversationId,
                             u"c%1"_s.arg(bodies.indexOf(body)), body)
                         .status,
                201);
        }
        const HttpReply contacts = m_fixture.rest().get(u"/contacts"_s, pair.alice.token);
        QCOMPARE(contacts.status, 200);
        const QString path = u"/conversations/%1/messages"_s.arg(pair.conversationId);
        const HttpReply newest = m_fixture.rest().get(path + u"?limit=3"_s, pair.bob.token);
        const qint64 oldest = newest.json[u"messages"_s][2][u"id"_s].toInteger();
        const HttpReply around
            = m_fixture.rest().get(path + u"?around=%1"_s.arg(oldest), pair.bob.token);
        for (const HttpReply &page : { newest, around }) {
            QCOMPARE(page.status, 200);
            QCOMPARE(page.body, QJsonDocument(page.json).toJson(QJsonDocument::Compact));
            QCOMPARE(page.header("Content-Type"), "application/json"_ba);
            QCOMPARE(page.header("Content-Type"), contacts.header("Content-Type"));
            QCOMPARE(page.header("Cache-Control"), contacts.header("Cache-Control"));
        }
        QCOMPARE(newest.json[u"messages"_s].toArray().size(), 3);
        QVERIFY(!newest.json.contains(u"hasNewer"_s));
        QVERIFY(around.json.contains(u"hasNewer"_s));
        QCOMPARE(bodiesOf(around.json[u"messages"_s].toArray()).last(), bodies.first());
    }

    void outsiderCanNeitherReadNorPost()
    {
        const Pair pair = m_fixture.rest().signUpPair();
        QCOMPARE(
            m_fixture.rest()
                .sendMessage(pair.alice.token, pair.conversationId, u"secret"_s, u"for bob only"_s)
                .status,
            201);
        const Session carol = m_fixture.rest().signUp(u"carol"_s);
        WsClient bob;
        QVERIFY(bob.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.bob.token));

        const HttpReply read = m_fixture.rest().get(
            u"/conversations/%1/messages"_s.arg(pair.conversationId), carol.token);
        QCOMPARE(read.status, 404);
        QCOMPARE(read.errorCode(), u"not_found"_s);
        QVERIFY(!read.body.contains("for bob only"));
        // A conversation that does not exist looks exactly the same.
        const HttpReply missing
            = m_fixture.rest().get(u"/conversations/999999/messages"_s, carol.token);
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.errorCode(), read.errorCode());

        const HttpReply post
            = m_fixture.rest().sendMessage(carol.token, pair.conversationId, u"intrude"_s, u"hi"_s);
        QCOMPARE(post.status, 404);
        WsClient carolSocket;
        QVERIFY(carolSocket.connectAndAuthenticate(m_fixture.webSocketUrl(), carol.token));
        carolSocket.sendMessage(u"c-1"_s, pair.conversationId, u"intrude-ws"_s, u"hi"_s);
        QVERIFY(carolSocket.waitForFrames(u"error"_s, 1));
        const QJsonObject error = carolSocket.frames(u"error"_s).first();
        QCOMPARE(error[u"id"_s].toString(), u"c-1"_s);
        QCOMPARE(error[u"error"_s][u"code"_s].toString(), u"not_found"_s);

        bob.sendJson({ { u"type"_s, u"ping"_s }, { u"id"_s, u"p"_s } });
        QVERIFY(bob.waitForFrames(u"pong"_s, 1));
        QCOMPARE(bob.frames(u"message"_s).size(), 0);
        const HttpReply history = m_fixture.rest().get(
            u"/conversations/%1/messages"_s.arg(pair.conversationId), pair.alice.token);
        QCOMPARE(
            bodiesOf(history.json[u"messages"_s].toArray()), QStringList { u"for bob only"_s });
    }

    // WebSocket protocol ----------------------------------------------------------------

    void webSocketAuthenticates_data()
    {
        QTest::addColumn<WsClient::TokenIn>("where");
        QTest::addRow("authorization header") << WsClient::TokenIn::Header;
        QTest::addRow("access_token query") << WsClient::TokenIn::Query;
        QTest::addRow("auth frame") << WsClient::TokenIn::FirstFrame;
    }
    void webSocketAuthenticates()
    {
        QFETCH(WsClient::TokenIn, where);
        const Session alice = m_fixture.rest().signUp(u"alice"_s);
        WsClient client;
        QVERIFY(client.connectAndAuthenticate(m_fixture.webSocketUrl(), alice.token, where));
        const QJsonObject ready = client.frames(u"ready"_s).first();
        QCOMPARE(ready[u"protocol"_s].toInt(), protocol::Version);
        QCOMPARE(ready[u"user"_s][u"username"_s].toString(), u"alice"_s);
    }

    void webSocketBadTokenIsClosed()
    {
        WsClient client;
        QVERIFY(client.connectOnly(m_fixture.webSocketUrl()));
        client.sendJson({ { u"type"_s, u"auth"_s }, { u"token"_s, u"forged"_s } });
        QVERIFY(client.waitForDisconnected());
        QCOMPARE(client.closeCode(), protocol::closecodes::AuthenticationFailed);
        QCOMPARE(client.frames(u"error"_s).size(), 1);
        QCOMPARE(client.frames(u"error"_s).first()[u"error"_s][u"code"_s].toString(),
            u"unauthenticated"_s);
    }

    void webSocketMustAuthenticateBeforeAnythingElse()
    {
        const Pair pair = m_fixture.rest().signUpPair();
        WsClient client;
        QVERIFY(client.connectOnly(m_fixture.webSocketUrl()));
        client.sendMessage(u"r"_s, pair.conversationId, u"c"_s, u"sneaky"_s);
        QVERIFY(client.waitForDisconnected());
        QCOMPARE(client.closeCode(), protocol::closecodes::AuthenticationFailed);
        const HttpReply history = m_fixture.rest().get(
            u"/conversations/%1/messages"_s.arg(pair.conversationId), pair.alice.token);
        QCOMPARE(history.json[u"messages"_s].toArray().size(), 0);
    }

    void webSocketThatNeverAuthenticatesIsClosed()
    {
        const auto tweak = [](server::ServerConfig &config) {
            config.authTimeout = std::chrono::milliseconds(200);
        };
        QVERIFY2(m_fixture.start(tweak), qPrintable(m_fixture.error()));
        WsClient client;
        QVERIFY(client.connectOnly(m_fixture.webSocketUrl()));
        QVERIFY(client.waitForDisconnected());
        QCOMPARE(client.closeCode(), protocol::closecodes::AuthenticationFailed);
    }

    void badFramesGetErrorsAndTheSocketStays_data()
    {
        QTest::addColumn<QString>("frame");
        QTest::addColumn<QString>("requestId");
        QTest::addColumn<QString>("code");
        QTest::addRow("not json") << u"hello"_s << QString() << u"malformed_json"_s;
        QTest::addRow("array") << u"[1,2]"_s << QString() << u"malformed_json"_s;
        QTest::addRow("unknown type")
            << u"{\"type\":\"dance\",\"id\":\"d1\"}"_s << u"d1"_s << u"unknown_type"_s;
        QTest::addRow("no type") << u"{\"id\":\"n1\"}"_s << u"n1"_s << u"invalid_field"_s;
        QTest::addRow("send without body")
            << u"{\"type\":\"send\",\"id\":\"s1\",\"conversationId\":1,\"clientId\":\"c\"}"_s
            << u"s1"_s << u"invalid_field"_s;
        QTest::addRow("send with numeric body")
            << u"{\"type\":\"send\",\"id\":\"s2\",\"conversationId\":1,\"clientId\":\"c\",\"body\":5}"_s
            << u"s2"_s << u"invalid_field"_s;
        QTest::addRow("send with bad conversation")
            << u"{\"type\":\"send\",\"id\":\"s3\",\"conversationId\":\"one\",\"clientId\":\"c\",\"body\":\"x\"}"_s
            << u"s3"_s << u"invalid_field"_s;
        QTest::addRow("second auth")
            << u"{\"type\":\"auth\",\"token\":\"x\"}"_s << QString() << u"bad_request"_s;
    }
    void badFramesGetErrorsAndTheSocketStays()
    {
        QFETCH(QString, frame);
        QFETCH(QString, requestId);
        QFETCH(QString, code);
        const Session alice = m_fixture.rest().signUp(u"alice"_s);
        WsClient client;
        QVERIFY(client.connectAndAuthenticate(m_fixture.webSocketUrl(), alice.token));
        client.sendText(frame);
        QVERIFY(client.waitForFrames(u"error"_s, 1));
        const QJsonObject error = client.frames(u"error"_s).first();
        QCOMPARE(error[u"error"_s][u"code"_s].toString(), code);
        QCOMPARE(error[u"id"_s].toString(), requestId);
        QCOMPARE(error[u"id"_s].isNull(), requestId.isEmpty());

        client.sendJson({ { u"type"_s, u"ping"_s }, { u"id"_s, u"still-there"_s } });
        QVERIFY(client.waitForFrames(u"pong"_s, 1));
        QCOMPARE(client.frames(u"pong"_s).first()[u"id"_s].toString(), u"still-there"_s);
    }

    void binaryFramesAreRejected()
    {
        const Session alice = m_fixture.rest().signUp(u"alice"_s);
        WsClient client;
        QVERIFY(client.connectAndAuthenticate(m_fixture.webSocketUrl(), alice.token));
        client.socket().sendBinaryMessage("\x01\x02\x03");
        QVERIFY(client.waitForFrames(u"error"_s, 1));
        QCOMPARE(
            client.frames(u"error"_s).first()[u"error"_s][u"code"_s].toString(), u"bad_request"_s);
        QVERIFY(client.isConnected());
    }

    void oversizedFrameClosesOnlyThatSocket()
    {
        const Pair pair = m_fixture.rest().signUpPair();
        WsClient offender;
        WsClient bob;
        QVERIFY(offender.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.alice.token));
        QVERIFY(bob.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.bob.token));
        offender.sendText(QString(protocol::limits::MaxFrameBytes + 1024, u'x'));
        QVERIFY(offender.waitForDisconnected());
        QCOMPARE(offender.closeCode(), int(QWebSocketProtocol::CloseCodeTooMuchData));

        QCOMPARE(
            m_fixture.rest()
                .sendMessage(pair.alice.token, pair.conversationId, u"after"_s, u"still works"_s)
                .status,
            201);
        QVERIFY(bob.waitForFrames(u"message"_s, 1));
    }

    // Lifecycle ----------------------------------------------------------------------------

    void messagesAndSessionsSurviveARestart()
    {
        const Pair pair = m_fixture.rest().signUpPair();
        WsClient bob;
        QVERIFY(bob.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.bob.token));
        QCOMPARE(
            m_fixture.rest()
                .sendMessage(pair.alice.token, pair.conversationId, u"keep"_s, u"survive this"_s)
                .status,
            201);
        QVERIFY(bob.waitForFrames(u"message"_s, 1));

        QVERIFY2(m_fixture.restart(), qPrintable(m_fixture.error()));
        const HttpReply history = m_fixture.rest().get(
            u"/conversations/%1/messages"_s.arg(pair.conversationId), pair.bob.token);
        QCOMPARE(history.status, 200);
        QCOMPARE(
            bodiesOf(history.json[u"messages"_s].toArray()), QStringList { u"survive this"_s });
        // The idempotency key survives too.
        QCOMPARE(
            m_fixture.rest()
                .sendMessage(pair.alice.token, pair.conversationId, u"keep"_s, u"survive this"_s)
                .status,
            200);
    }

    void shutdownClosesSocketsGoingAway()
    {
        const Session alice = m_fixture.rest().signUp(u"alice"_s);
        WsClient client;
        QVERIFY(client.connectAndAuthenticate(m_fixture.webSocketUrl(), alice.token));
        QSignalSpy stopped(&m_fixture.chatServer(), &server::ChatServer::stopped);
        m_fixture.chatServer().shutdown();
        QVERIFY(client.waitForDisconnected());
        QCOMPARE(client.closeCode(), int(QWebSocketProtocol::CloseCodeGoingAway));
        QVERIFY(stopped.count() == 1 || stopped.wait());
        QVERIFY(!m_fixture.chatServer().isRunning());
    }
};

QTEST_GUILESS_MAIN(TestChatServer)
#include "tst_server.moc"
