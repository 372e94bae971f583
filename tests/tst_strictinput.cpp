// Strict input end to end, on a real server: JSON that RFC 8259 forbids is malformed_json
// on REST and on the socket; numbers in paths and query strings are plain decimal digits
// within 64 bits; and the corners of the contract an outside client found the server
// and docs/PROTOCOL.md disagreeing on, each pinned to what the document now says.
#include <server/chatserver.h>
#include <shared/protocol.h>
#include <support/rawwebsocketpeer.h>
#include <support/restclient.h>
#include <support/serverfixture.h>
#include <support/wsclient.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QtEndian>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

//! Bodies Qt's JSON parser accepts (or might) but RFC 8259 does not: each must be
//! answered malformed_json wherever JSON comes in.
void addForbiddenJson()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addRow("raw NUL in a string") << QByteArray("{\"type\":\"ping\",\"id\":\"a\0b\"}", 26);
    QTest::addRow("raw control character in a string")
        << QByteArray("{\"type\":\"ping\",\"id\":\"a\x01"
                      "b\"}");
    QTest::addRow("raw line feed in a string") << QByteArray("{\"type\":\"ping\",\"id\":\"a\nb\"}");
    QTest::addRow("\\x escape") << QByteArray("{\"type\":\"ping\",\"id\":\"\\x41\"}");
    QTest::addRow(".5") << QByteArray("{\"type\":\"ping\",\"n\":.5}");
    QTest::addRow("01") << QByteArray("{\"type\":\"ping\",\"n\":01}");
    QTest::addRow("1.") << QByteArray("{\"type\":\"ping\",\"n\":1.}");
    QTest::addRow("+1") << QByteArray("{\"type\":\"ping\",\"n\":+1}");
    QTest::addRow("trailing garbage") << QByteArray("{\"type\":\"ping\"} x");
    QTest::addRow("trailing comma") << QByteArray("{\"type\":\"ping\",}");
}

//! The code of a close frame's payload.
int closeCodeOf(const RawWebSocketPeer::Frame &frame)
{
    if (frame.opcode != 8 || frame.payload.size() < 2)
        return -1;
    return qFromBigEndian<quint16>(frame.payload.constData());
}

} // namespace

class TestStrictInput : public QObject
{
    Q_OBJECT

private:
    ServerFixture m_fixture;
    Pair m_pair;

private Q_SLOTS:
    void init()
    {
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        m_pair = m_fixture.rest().signUpPair();
        QVERIFY(m_pair.conversationId > 0);
    }
    void cleanup() { m_fixture.stop(); }

    // RFC 8259 ------------------------------------------------------------------------

    void forbiddenJsonIsMalformedOnRest_data() { addForbiddenJson(); }
    void forbiddenJsonIsMalformedOnRest()
    {
        QFETCH(QByteArray, json);
        const HttpReply reply = m_fixture.rest().request("POST",
            u"/conversations/%1/read"_s.arg(m_pair.conversationId), json, m_pair.alice.token);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), u"malformed_json"_s);
    }

    void forbiddenJsonIsMalformedOnTheSocket_data() { addForbiddenJson(); }
    void forbiddenJsonIsMalformedOnTheSocket()
    {
        QFETCH(QByteArray, json);
        WsClient alice;
        QVERIFY(alice.connectAndAuthenticate(m_fixture.webSocketUrl(), m_pair.alice.token));
        alice.sendText(QString::fromUtf8(json));
        QVERIFY(alice.waitForFrames(u"error"_s, 1));
        const QJsonObject error = alice.frames(u"error"_s).first();
        QCOMPARE(error[u"error"_s][u"code"_s].toString(), u"malformed_json"_s);
        QVERIFY(error[u"id"_s].isNull());
        QVERIFY(alice.frames(u"pong"_s).isEmpty());
        QVERIFY(alice.isConnected());
    }

    void strictJsonStillTakesWhatTheRfcAllows()
    {
        // Escapes, exponents and white space of every allowed kind.
        const QByteArray json
            = " {\r\n\t\"upTo\" : 1 , \"note\":\"\\u00e9\\n\\/\", \"x\":[1e0,-0.5E+1]}\n";
        const HttpReply reply = m_fixture.rest().request("POST",
            u"/conversations/%1/read"_s.arg(m_pair.conversationId), json, m_pair.alice.token);
        // Past the JSON: the conversation has no message 1 yet, which only a parsed body says.
        QCOMPARE(reply.errorCode(), u"invalid_field"_s);
    }

    // Numbers in paths ----------------------------------------------------------------

    void pathIdsArePlainDecimalWithin64Bits_data()
    {
        QTest::addColumn<QString>("segment");
        QTest::addRow("plus sign") << u"+1"_s;
        QTest::addRow("minus sign") << u"-1"_s;
        QTest::addRow("hex") << u"0x10"_s;
        QTest::addRow("exponent") << u"1e3"_s;
        QTest::addRow("space") << u"%201"_s;
        QTest::addRow("2^63") << u"9223372036854775808"_s;
        QTest::addRow("20 digits") << u"99999999999999999999"_s;
        QTest::addRow("40 digits") << QString(40, u'9');
    }
    void pathIdsArePlainDecimalWithin64Bits()
    {
        // PROTOCOL.md §5.8: a segment that is not a number gets the 404 of an unknown
        // path, before authentication.
        QFETCH(QString, segment);
        const HttpReply reply = m_fixture.rest().get(u"/conversations/%1/messages"_s.arg(segment));
        QCOMPARE(reply.status, 404);
        QCOMPARE(reply.errorCode(), u"not_found"_s);
        QVERIFY2(reply.json[u"error"_s][u"message"_s].toString().startsWith(u"no route for /"),
            reply.body.constData());
    }

    void largestPathIdReachesTheRoute()
    {
        const HttpReply reply = m_fixture.rest().get(
            u"/conversations/9223372036854775807/messages"_s, m_pair.alice.token);
        QCOMPARE(reply.status, 404);
        QCOMPARE(reply.json[u"error"_s][u"message"_s].toString(),
            u"no conversation 9223372036854775807"_s);
        const HttpReply padded = m_fixture.rest().get(
            u"/conversations/000%1/messages"_s.arg(m_pair.conversationId), m_pair.alice.token);
        QCOMPARE(padded.status, 200);
    }

    // Numbers in query strings -------------------------------------------------------

    void queryNumbersArePlainDecimal_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addRow("empty") << QString();
        QTest::addRow("plus sign") << u"%2B5"_s;
        QTest::addRow("literal plus") << u"+5"_s;
        QTest::addRow("minus sign") << u"-5"_s;
        QTest::addRow("leading space") << u"%205"_s;
        QTest::addRow("trailing space") << u"5%20"_s;
        QTest::addRow("hex") << u"0x10"_s;
        QTest::addRow("exponent") << u"1e3"_s;
        QTest::addRow("fraction") << u"5.0"_s;
        QTest::addRow("zero") << u"0"_s;
    }
    void queryNumbersArePlainDecimal()
    {
        QFETCH(QString, value);
        const HttpReply reply = m_fixture.rest().get(
            u"/conversations/%1/messages?limit=%2"_s.arg(m_pair.conversationId).arg(value),
            m_pair.alice.token);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), u"invalid_field"_s);
        QCOMPARE(reply.json[u"error"_s][u"field"_s].toString(), u"limit"_s);
    }

    void hugeLimitAndBeforeAreCapped()
    {
        // §5.8: a limit above 200 is capped, however large; a `before` past every id
        // starts at the newest message. Neither is an error, even past 64 bits.
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(m_fixture.rest()
                         .sendMessage(m_pair.alice.token, m_pair.conversationId, u"c%1"_s.arg(i),
                             u"m%1"_s.arg(i))
                         .status,
                201);
        }
        const QString huge(40, u'9');
        for (const QString &query : { u"limit=%1"_s.arg(huge), u"before=%1"_s.arg(huge),
                 u"limit=%1&before=%1"_s.arg(huge), u"limit=9223372036854775807"_s }) {
            const HttpReply reply = m_fixture.rest().get(
                u"/conversations/%1/messages?%2"_s.arg(m_pair.conversationId).arg(query),
                m_pair.alice.token);
            QVERIFY2(reply.status == 200, qPrintable(query + u' ' + QString::fromUtf8(reply.body)));
            QCOMPARE(reply.json[u"messages"_s].toArray().size(), 3);
        }
        const HttpReply around = m_fixture.rest().get(
            u"/conversations/%1/messages?around=%2"_s.arg(m_pair.conversationId).arg(huge),
            m_pair.alice.token);
        QCOMPARE(around.status, 404);
        QCOMPARE(around.json[u"error"_s][u"field"_s].toString(), u"around"_s);
    }

    void upgradeCursorIsPlainDecimal_data()
    {
        QTest::addColumn<QString>("after");
        QTest::addColumn<bool>("resync");
        QTest::addRow("0") << u"0"_s << false;
        QTest::addRow("plus sign") << u"%2B0"_s << true;
        QTest::addRow("minus sign") << u"-1"_s << true;
        QTest::addRow("space") << u"%200"_s << true;
        QTest::addRow("exponent") << u"0e0"_s << true;
        QTest::addRow("past 64 bits") << QString(40, u'9') << true;
    }
    void upgradeCursorIsPlainDecimal()
    {
        // §6.8: a cursor that is not plain digits is an unknown position: resync.
        QFETCH(QString, after);
        QFETCH(bool, resync);
        QUrl url = m_fixture.webSocketUrl();
        url.setQuery(u"after="_s + after);
        WsClient alice;
        QVERIFY(alice.connectAndAuthenticate(url, m_pair.alice.token));
        QCOMPARE(alice.frames(u"ready"_s).first()[u"resync"_s].toBool(), resync);
    }

    // The contract's corners (PROTOCOL.md) -------------------------------------------

    void bearerHeaderWithoutTokenWaitsForAnAuthFrame()
    {
        // §6.2: a Bearer header wins over the query string even when its token is empty.
        QUrl url = m_fixture.webSocketUrl();
        url.setQuery(u"access_token="_s + m_pair.alice.token);
        RawWebSocketPeer peer;
        QVERIFY(peer.upgrade(url, QString(), false, { "Authorization: Bearer " }));
        peer.sendFrame(1, "{\"type\":\"ping\",\"id\":\"p1\"}");
        const RawWebSocketPeer::Frame answer = peer.readFrame();
        QCOMPARE(answer.opcode, 1);
        const QJsonObject frame = QJsonDocument::fromJson(answer.payload).object();
        QCOMPARE(frame[u"type"_s].toString(), u"error"_s); // not `ready`: not authenticated
        QCOMPARE(frame[u"error"_s][u"code"_s].toString(), u"unauthenticated"_s);
        QCOMPARE(closeCodeOf(peer.readFrame()), protocol::closecodes::AuthenticationFailed);
    }

    void bearerHeaderWithoutTokenThenAnAuthFrame()
    {
        QUrl url = m_fixture.webSocketUrl();
        url.setQuery(u"access_token="_s + m_pair.alice.token);
        RawWebSocketPeer peer;
        QVERIFY(peer.upgrade(url, QString(), false, { "Authorization: Bearer" }));
        peer.sendFrame(
            1, "{\"type\":\"auth\",\"token\":\"" + m_pair.alice.token.toLatin1() + "\"}");
        const QJsonObject frame = QJsonDocument::fromJson(peer.readFrame().payload).object();
        QCOMPARE(frame[u"type"_s].toString(), u"ready"_s);
    }

    void invalidUtf8OnTheSocketClosesWith1007()
    {
        // §6.7 (and RFC 6455 §8.1): the WebSocket layer fails the connection; no error frame.
        RawWebSocketPeer peer;
        QVERIFY(peer.upgrade(m_fixture.webSocketUrl(), m_pair.alice.token, false));
        QCOMPARE(
            QJsonDocument::fromJson(peer.readFrame().payload)[u"type"_s].toString(), u"ready"_s);
        peer.sendFrame(1, "{\"type\":\"ping\",\"id\":\"\xff\xfe\"}");
        const RawWebSocketPeer::Frame close = peer.readFrame();
        QCOMPARE(close.opcode, 8);
        QCOMPARE(closeCodeOf(close), 1007);
    }

    void invalidUtf8InARestBodyIsMalformedJson()
    {
        const HttpReply reply = m_fixture.rest().request("POST",
            u"/conversations/%1/read"_s.arg(m_pair.conversationId),
            QByteArray("{\"upTo\":1,\"x\":\"\xff\"}"), m_pair.alice.token);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), u"malformed_json"_s);
    }

    void clientCloseIsEchoed_data()
    {
        QTest::addColumn<int>("code");
        QTest::addRow("1000") << 1000;
        QTest::addRow("1001") << 1001;
        QTest::addRow("4000") << 4000;
    }
    void clientCloseIsEchoed()
    {
        // §6.7: the server answers a client's close frame with the same code and reason.
        QFETCH(int, code);
        RawWebSocketPeer peer;
        QVERIFY(peer.upgrade(m_fixture.webSocketUrl(), m_pair.alice.token, false));
        QCOMPARE(peer.readFrame().opcode, 1); // ready
        QByteArray payload(2, Qt::Uninitialized);
        qToBigEndian<quint16>(quint16(code), payload.data());
        peer.sendFrame(8, payload + "bye");
        const RawWebSocketPeer::Frame close = peer.readFrame();
        QCOMPARE(close.opcode, 8);
        QCOMPARE(closeCodeOf(close), code);
        QCOMPARE(close.payload.mid(2), QByteArray("bye"));
    }

    void noContentHasNoBodyAndNoContentType()
    {
        // §2.2: a 204 (read, logout, leave) has no body, and so nothing to label.
        QCOMPARE(m_fixture.rest()
                     .sendMessage(m_pair.bob.token, m_pair.conversationId, u"c1"_s, u"hi"_s)
                     .status,
            201);
        const HttpReply history = m_fixture.rest().get(
            u"/conversations/%1/messages"_s.arg(m_pair.conversationId), m_pair.alice.token);
        const qint64 newest = history.json[u"messages"_s][0][u"id"_s].toInteger();
        const HttpReply read
            = m_fixture.rest().post(u"/conversations/%1/read"_s.arg(m_pair.conversationId),
                { { u"upTo"_s, newest } }, m_pair.alice.token);
        QCOMPARE(read.status, 204);
        QVERIFY(read.body.isEmpty());
        QVERIFY2(read.header("Content-Type").isEmpty(), read.header("Content-Type").constData());
        QCOMPARE(read.header("Cache-Control"), QByteArray("no-store"));
        const HttpReply logout = m_fixture.rest().post(u"/logout"_s, {}, m_pair.alice.token);
        QCOMPARE(logout.status, 204);
        QVERIFY(logout.body.isEmpty());
        QVERIFY(logout.header("Content-Type").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStrictInput)
#include "tst_strictinput.moc"
