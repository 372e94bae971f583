// The limits of the WebSocket endpoint with real sockets on a free port: the Origin rule
// (refused before the upgrade, no CORS headers in the 101), the caps on sockets per user
// and per address, and the budget of unread output of all of one user's sockets.
#include <server/chatserver.h>
#include <server/http/handshakefilter.h>
#include <server/http/originpolicy.h>
#include <server/hub/localhub.h>
#include <shared/protocol.h>
#include <support/metricsscrape.h>
#include <support/rawwebsocketpeer.h>
#include <support/restclient.h>
#include <support/serverfixture.h>
#include <support/wsclient.h>

#include <QJsonDocument>
#include <QTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

bool hasCorsHeader(const QByteArray &response)
{
    return response.toLower().contains("\r\naccess-control-");
}

} // namespace

class TestWebSocketLimits : public QObject
{
    Q_OBJECT

private:
    ServerFixture m_fixture;

    //! The value of chatd_websocket_limited_total for `limit`, from GET /metrics.
    double limited(const QString &limit)
    {
        const HttpReply reply = m_fixture.rest().requestAtRoot("GET", u"/metrics"_s);
        return MetricsScrape::parse(reply.body)(
            u"chatd_websocket_limited_total"_s, { { u"limit"_s, limit } });
    }

    //! Upgrades a raw socket with these header lines; the answer's status line.
    QByteArray statusOf(RawWebSocketPeer &peer, const QList<QByteArray> &lines)
    {
        peer.upgrade(m_fixture.webSocketUrl(), QString(), false, lines);
        const QByteArray response = peer.handshakeResponse();
        return response.left(response.indexOf("\r\n"));
    }

private Q_SLOTS:
    void cleanup() { m_fixture.stop(); }

    // Origin --------------------------------------------------------------------------

    void originPolicy_data()
    {
        QTest::addColumn<QStringList>("allowed");
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<bool>("allows");
        const QStringList none;
        QTest::addRow("no Origin: a native client")
            << none << QByteArray() << QByteArray("x:1") << true;
        QTest::addRow("foreign") << none << QByteArray("https://evil.example")
                                 << QByteArray("127.0.0.1:8420") << false;
        QTest::addRow("own IPv4 address")
            << none << QByteArray("http://127.0.0.1:8420") << QByteArray("127.0.0.1:8420") << true;
        QTest::addRow("own IPv6 address")
            << none << QByteArray("http://[::1]:8420") << QByteArray("[::1]:8420") << true;
        QTest::addRow("own localhost")
            << none << QByteArray("http://localhost:8420") << QByteArray("localhost:8420") << true;
        QTest::addRow("own address, case")
            << none << QByteArray("HTTP://LOCALHOST:8420") << QByteArray("LocalHost:8420") << true;
        QTest::addRow("other port")
            << none << QByteArray("http://127.0.0.1:9999") << QByteArray("127.0.0.1:8420") << false;
        QTest::addRow("other scheme") << none << QByteArray("https://127.0.0.1:8420")
                                      << QByteArray("127.0.0.1:8420") << false;
        // DNS rebinding: the attacker's name resolves to this server, Host and Origin match.
        QTest::addRow("a DNS name is not trusted by itself")
            << none << QByteArray("http://rebind.example:8420") << QByteArray("rebind.example:8420")
            << false;
        QTest::addRow("no Host") << none << QByteArray("http://127.0.0.1:8420") << QByteArray()
                                 << false;
        QTest::addRow("the null origin")
            << none << QByteArray("null") << QByteArray("x:1") << false;
        const QStringList listed { u"https://Chat.Example.com/"_s, u"http://10.0.0.5:8420"_s };
        QTest::addRow("listed, normalised") << listed << QByteArray("https://chat.example.com")
                                            << QByteArray("chat.example.com") << true;
        QTest::addRow("listed with a port")
            << listed << QByteArray("http://10.0.0.5:8420") << QByteArray("other:1") << true;
        QTest::addRow("listed name, other port")
            << listed << QByteArray("https://chat.example.com:8443") << QByteArray("x") << false;
        QTest::addRow("any") << QStringList { u"*"_s } << QByteArray("https://evil.example")
                             << QByteArray("x") << true;
    }

    void originPolicy()
    {
        QFETCH(QStringList, allowed);
        QFETCH(QByteArray, origin);
        QFETCH(QByteArray, host);
        QFETCH(bool, allows);
        QCOMPARE(server::http::OriginPolicy(allowed).allows(origin, host, u"http"_s), allows);
    }

    void originEntriesAreNormalisedOrRefused()
    {
        using server::http::OriginPolicy;
        QCOMPARE(OriginPolicy::normalise(u"https://Chat.Example.com:443/"_s),
            std::optional(u"https://chat.example.com"_s));
        QCOMPARE(OriginPolicy::normalise(u"http://h:8420"_s), std::optional(u"http://h:8420"_s));
        QCOMPARE(OriginPolicy::normalise(u"*"_s), std::optional(u"*"_s));
        QCOMPARE(OriginPolicy::normalise(u"chat.example.com"_s), std::nullopt);
        QCOMPARE(OriginPolicy::normalise(u"https://h/path"_s), std::nullopt);
        QCOMPARE(OriginPolicy::normalise(u"ftp://h"_s), std::nullopt);
        QCOMPARE(OriginPolicy::normalise(u"https://user@h"_s), std::nullopt);
    }

    void foreignOriginIsRefusedBeforeTheUpgrade()
    {
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        const double before = limited(u"origin"_s);
        RawWebSocketPeer peer;
        QVERIFY(!peer.upgrade(
            m_fixture.webSocketUrl(), QString(), false, { "Origin: https://evil.example" }));
        const QByteArray response = peer.handshakeResponse();
        QVERIFY2(response.startsWith("HTTP/1.1 403"), response.constData());
        QVERIFY2(!hasCorsHeader(response), response.constData());
        QCOMPARE(m_fixture.chatServer().hub().connectionCount(), 0);
        QCOMPARE(limited(u"origin"_s), before + 1);
    }

    void foreignOriginGetsAForbiddenErrorBody()
    {
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_fixture.url().port());
        QVERIFY(socket.waitForConnected());
        socket.write("GET /api/v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Origin: https://evil.example\r\n\r\n");
        // The refusal is the whole answer: the server closes the connection after it, and
        // no 101 follows (Qt upgrades whatever a route accepted, see WebSocketApi).
        QByteArray answer;
        QTRY_VERIFY_WITH_TIMEOUT(
            (answer += socket.readAll(), socket.state() == QAbstractSocket::UnconnectedState),
            10000);
        answer += socket.readAll();
        QVERIFY2(!answer.contains("HTTP/1.1 101"), answer.constData());
        const QByteArray body = answer.mid(answer.indexOf("\r\n\r\n") + 4);
        const QJsonObject error = QJsonDocument::fromJson(body).object()[u"error"_s].toObject();
        QVERIFY2(error[u"code"_s].toString() == u"forbidden"_s, answer.constData());
        QVERIFY(!hasCorsHeader(answer));
    }

    void nativeAndOwnOriginsAreUpgradedWithoutCorsHeaders_data()
    {
        QTest::addColumn<bool>("withOrigin");
        QTest::addRow("no Origin") << false;
        QTest::addRow("own origin") << true;
    }

    void nativeAndOwnOriginsAreUpgradedWithoutCorsHeaders()
    {
        QFETCH(bool, withOrigin);
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        const Session alice = m_fixture.rest().signUp(u"alice"_s);
        QList<QByteArray> lines;
        if (withOrigin)
            lines << "Origin: http://" + m_fixture.webSocketUrl().authority().toLatin1();
        RawWebSocketPeer peer;
        QVERIFY2(peer.upgrade(m_fixture.webSocketUrl(), alice.token, false, lines),
            peer.handshakeResponse().constData());
        // Qt's WebSocket layer writes Access-Control-Allow-Origin (and -Credentials,
        // -Methods, -Headers) into every 101; none may reach the peer.
        QVERIFY2(!hasCorsHeader(peer.handshakeResponse()), peer.handshakeResponse().constData());
        QVERIFY(peer.handshakeResponse().toLower().contains("\r\nsec-websocket-accept: "));
        // The socket works: its ready frame arrives.
        const RawWebSocketPeer::Frame ready = peer.readFrame();
        QCOMPARE(ready.opcode, 1);
        QCOMPARE(QJsonDocument::fromJson(ready.payload)[u"type"_s].toString(), u"ready"_s);
    }

    void listedOriginIsUpgraded()
    {
        QVERIFY2(m_fixture.start([](server::ServerConfig &config) {
            config.allowedOrigins = { u"https://chat.example.com"_s };
        }),
            qPrintable(m_fixture.error()));
        RawWebSocketPeer listed;
        QCOMPARE(statusOf(listed, { "Origin: https://chat.example.com" }),
            QByteArray("HTTP/1.1 101 Switching Protocols"));
        RawWebSocketPeer other;
        QVERIFY(statusOf(other, { "Origin: https://evil.example" }).startsWith("HTTP/1.1 403"));
    }

    void corsLinesAreCutFromA101Only()
    {
        using server::http::withoutCorsHeaders;
        const QByteArray upgrade = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                   "Access-Control-Allow-Origin: *\r\nDate: x\r\n"
                                   "access-control-allow-methods: GET\r\n\r\n";
        QCOMPARE(withoutCorsHeaders(upgrade),
            QByteArray(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nDate: x\r\n\r\n"));
        const QByteArray other = "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\n\r\n";
        QCOMPARE(withoutCorsHeaders(other), other);
    }

    // Sockets per user and per address ------------------------------------------------

    void socketsPerUserAreCapped()
    {
        QVERIFY2(
            m_fixture.start([](server::ServerConfig &config) { config.maxSocketsPerUser = 3; }),
            qPrintable(m_fixture.error()));
        const Session alice = m_fixture.rest().signUp(u"alice"_s);
        const Session bob = m_fixture.rest().signUp(u"bob"_s);
        std::vector<std::unique_ptr<WsClient>> sockets;
        for (int i = 0; i < 3; ++i) {
            sockets.push_back(std::make_unique<WsClient>());
            QVERIFY(sockets.back()->connectAndAuthenticate(m_fixture.webSocketUrl(), alice.token));
        }
        const double before = limited(u"sockets_per_user"_s);

        WsClient fourth;
        QVERIFY(!fourth.connectAndAuthenticate(m_fixture.webSocketUrl(), alice.token));
        QVERIFY(fourth.waitForDisconnected());
        QCOMPARE(fourth.closeCode(), protocol::closecodes::TooManySockets);
        QCOMPARE(fourth.frames(u"error"_s).size(), 1);
        QCOMPARE(fourth.frames(u"error"_s).first()[u"error"_s][u"code"_s].toString(),
            u"limit_exceeded"_s);
        QCOMPARE(limited(u"sockets_per_user"_s), before + 1);
        QCOMPARE(m_fixture.chatServer().hub().connectionCount(alice.user.id), 3);

        // Another user is not affected, and a closed socket frees its place.
        WsClient bobs;
        QVERIFY(bobs.connectAndAuthenticate(m_fixture.webSocketUrl(), bob.token));
        sockets.back()->socket().close();
        QVERIFY(sockets.back()->waitForDisconnected());
        QTRY_COMPARE(m_fixture.chatServer().hub().connectionCount(alice.user.id), 2);
        WsClient again;
        QVERIFY(again.connectAndAuthenticate(m_fixture.webSocketUrl(), alice.token));
    }

    void socketsPerAddressAreCappedBeforeTheUpgrade()
    {
        QVERIFY2(
            m_fixture.start([](server::ServerConfig &config) { config.maxSocketsPerAddress = 3; }),
            qPrintable(m_fixture.error()));
        // Unauthenticated sockets count too: they cost the same.
        std::vector<std::unique_ptr<WsClient>> sockets;
        for (int i = 0; i < 3; ++i) {
            sockets.push_back(std::make_unique<WsClient>());
            QVERIFY(sockets.back()->connectOnly(m_fixture.webSocketUrl()));
        }
        const double before = limited(u"sockets_per_address"_s);
        RawWebSocketPeer fourth;
        QVERIFY(statusOf(fourth, {}).startsWith("HTTP/1.1 429"));
        QCOMPARE(limited(u"sockets_per_address"_s), before + 1);

        sockets.back()->socket().close();
        QVERIFY(sockets.back()->waitForDisconnected());
        WsClient again;
        QTRY_VERIFY_WITH_TIMEOUT(again.connectOnly(m_fixture.webSocketUrl()), 10000);
    }

    // Unread output per user ------------------------------------------------------------

    void outputOfAllOfAUsersSocketsIsBounded()
    {
        // Each socket alone may hold 64 MiB; the user's sockets together 2 MiB. What is
        // sent below (8 MB to each socket, much of it held by the kernel) stays within the
        // first bound, so only the second can cut a socket off.
        QVERIFY2(m_fixture.start([](server::ServerConfig &config) {
            config.maxQueuedBytes = 64 * 1024 * 1024;
            config.maxQueuedBytesPerUser = 2 * 1024 * 1024;
        }),
            qPrintable(m_fixture.error()));
        const Pair pair = m_fixture.rest().signUpPair();
        WsClient reader;
        QVERIFY(reader.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.bob.token));
        const server::LocalHub &hub = m_fixture.chatServer().hub();
        std::vector<std::unique_ptr<RawWebSocketPeer>> stalled;
        for (int i = 0; i < 3; ++i) {
            stalled.push_back(std::make_unique<RawWebSocketPeer>());
            QVERIFY(stalled.back()->upgrade(m_fixture.webSocketUrl(), pair.bob.token, true));
        }
        const double perSocketBefore = limited(u"queued_bytes"_s);
        const double perUserBefore = limited(u"queued_bytes_per_user"_s);

        WsClient alice;
        QVERIFY(alice.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.alice.token));
        constexpr int Count = 500;
        QVERIFY(alice.sendBigMessages(pair.conversationId, Count));
        // The one holding most goes, whichever of the three that is.
        QTRY_VERIFY_WITH_TIMEOUT(hub.connectionCount(pair.bob.user.id) < 4, 60000);
        QVERIFY(reader.waitForFrames(u"message"_s, Count, 60000));
        QVERIFY(reader.isConnected()); // the reader holds nothing: never the one cut off
        QVERIFY(limited(u"queued_bytes_per_user"_s) >= perUserBefore + 1);
        QCOMPARE(limited(u"queued_bytes"_s), perSocketBefore);
    }

    // Presence under a reconnect storm ------------------------------------------------

    void reconnectStormSendsNoPresenceStorm()
    {
        // 300 connect-and-close cycles of one user: a watcher is told once that she is
        // online when it settles, not once per cycle (before: thousands of frames).
        // A delay of 1 s: on a loaded machine the 300 cycles take several seconds, and the
        // state must settle only once, at the end (the cap is 25 delays).
        QVERIFY2(m_fixture.start([](server::ServerConfig &config) {
            config.presenceDelay = std::chrono::seconds(1);
        }),
            qPrintable(m_fixture.error()));
        const Pair pair = m_fixture.rest().signUpPair();
        WsClient bob;
        QVERIFY(bob.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.bob.token));
        constexpr int Cycles = 300;
        for (int i = 0; i < Cycles; ++i) {
            WsClient alice;
            QVERIFY(alice.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.alice.token));
            alice.socket().close();
            QVERIFY(alice.waitForDisconnected());
        }
        WsClient alice;
        QVERIFY(alice.connectAndAuthenticate(m_fixture.webSocketUrl(), pair.alice.token));
        const auto aboutAlice = [&] {
            QList<bool> states;
            for (const QJsonObject &frame : bob.frames(u"presence"_s)) {
                if (frame[u"userId"_s].toInteger() == pair.alice.user.id)
                    states.append(frame[u"online"_s].toBool());
            }
            return states;
        };
        QTRY_VERIFY_WITH_TIMEOUT(!aboutAlice().isEmpty() && aboutAlice().last(), 15000);
        QVERIFY(bob.roundTrip());
        qInfo() << "presence frames about alice after" << Cycles << "cycles:" << aboutAlice();
        // Exactly one, when it settled.
        QCOMPARE(aboutAlice(), QList<bool> { true });
    }
};

QTEST_GUILESS_MAIN(TestWebSocketLimits)
#include "tst_websocketlimits.moc"
