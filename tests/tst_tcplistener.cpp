// TCP_NODELAY on the server's accepted sockets. TcpListener on its own: the socket it
// accepts reads LowDelayOption 1 back from the kernel, where a plain QTcpServer's reads 0
// (the control: the check can fail). Then through ChatServer, where QHttpServer takes each
// socket as soon as it is pending: the server's end of a REST connection and of an upgraded
// WebSocket (QWebSocketServer keeps the QTcpSocket QHttpServer had), found in this process's
// descriptors by its two ports, has TCP_NODELAY. And the listen backlog chatd asks for is
// what the kernel holds (as ss reports it), not Qt's default of 50.
#include <server/http/tcplistener.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <support/wsclient.h>

#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <sys/socket.h>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

std::optional<quint16> portOf(const sockaddr_storage &address)
{
    if (address.ss_family == AF_INET)
        return ntohs(reinterpret_cast<const sockaddr_in &>(address).sin_port);
    if (address.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6 &>(address).sin6_port);
    return std::nullopt;
}

//! TCP_NODELAY (1 or 0) as the kernel has it on the socket of this process whose own port
//! is `localPort` and whose peer's is `peerPort`; -1 when there is no such socket. How to
//! read the server's end of a connection that QHttpServer or QWebSocket holds.
int noDelayOfSocket(quint16 localPort, quint16 peerPort)
{
    constexpr int MostDescriptors = 4096; // A test process holds a few dozen.
    for (int fd = 0; fd < MostDescriptors; ++fd) {
        sockaddr_storage local {};
        sockaddr_storage peer {};
        socklen_t localSize = sizeof local;
        socklen_t peerSize = sizeof peer;
        if (getsockname(fd, reinterpret_cast<sockaddr *>(&local), &localSize) != 0
            || getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &peerSize) != 0
            || portOf(local) != localPort || portOf(peer) != peerPort)
            continue;
        int value = -1;
        socklen_t valueSize = sizeof value;
        if (getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &value, &valueSize) != 0)
            return -1;
        return value != 0 ? 1 : 0;
    }
    return -1;
}

} // namespace

class TestTcpListener : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptedSocketHasLowDelay_data()
    {
        QTest::addColumn<bool>("listener");
        QTest::addColumn<int>("lowDelay");
        QTest::addRow("TcpListener") << true << 1;
        QTest::addRow("plain QTcpServer (the kernel's default)") << false << 0;
    }
    void acceptedSocketHasLowDelay()
    {
        QFETCH(bool, listener);
        QFETCH(int, lowDelay);
        std::unique_ptr<QTcpServer> tcp;
        if (listener)
            tcp = std::make_unique<server::TcpListener>();
        else
            tcp = std::make_unique<QTcpServer>();
        QVERIFY2(tcp->listen(QHostAddress::LocalHost, 0), qPrintable(tcp->errorString()));
        // What QHttpServer listens to: the option must be set by the time this fires.
        QSignalSpy pending(tcp.get(), &QTcpServer::pendingConnectionAvailable);

        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, tcp->serverPort());
        QTRY_COMPARE_WITH_TIMEOUT(pending.count(), 1, Timeout);
        std::unique_ptr<QTcpSocket> accepted(tcp->nextPendingConnection());
        QVERIFY(accepted);
        QCOMPARE(accepted->peerPort(), client.localPort());
        QCOMPARE(accepted->socketOption(QAbstractSocket::LowDelayOption).toInt(), lowDelay);
        QCOMPARE(noDelayOfSocket(tcp->serverPort(), client.localPort()), lowDelay);
    }

    void chatServerSocketsHaveNoDelay_data()
    {
        QTest::addColumn<bool>("webSocket");
        QTest::addRow("HTTP request") << false;
        QTest::addRow("WebSocket, after the upgrade") << true;
    }
    void chatServerSocketsHaveNoDelay()
    {
        QFETCH(bool, webSocket);
        ServerFixture fixture;
        QVERIFY2(fixture.start(), qPrintable(fixture.error()));
        const quint16 serverPort = quint16(fixture.url().port());
        quint16 clientPort = 0;

        QTcpSocket http;
        WsClient ws;
        if (webSocket) {
            const Session alice = fixture.rest().signUp(u"alice"_s);
            QVERIFY(!alice.token.isEmpty());
            QVERIFY(ws.connectAndAuthenticate(fixture.webSocketUrl(), alice.token));
            clientPort = ws.socket().localPort();
        } else {
            // Answered, and kept alive: QHttpServer holds the server's end.
            http.connectToHost(QHostAddress::LocalHost, serverPort);
            QVERIFY(http.waitForConnected(Timeout));
            http.write("GET /api/v1/nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n");
            QTRY_VERIFY_WITH_TIMEOUT(http.bytesAvailable() > 0, Timeout);
            QVERIFY(http.readAll().startsWith("HTTP/1.1 404"));
            clientPort = http.localPort();
        }
        QCOMPARE(noDelayOfSocket(serverPort, clientPort), 1);
        // The control, that the lookup reads each end apart: a plain QTcpSocket's own end,
        // which nobody set, has it off. (QWebSocket sets it on its client socket itself.)
        if (!webSocket)
            QCOMPARE(noDelayOfSocket(clientPort, serverPort), 0);
    }

    void listenBacklogReachesTheKernel()
    {
        // ss shows a listening socket's backlog as its Send-Q. The control: a plain
        // QTcpServer has Qt's default of 50.
        QTcpServer plain;
        QVERIFY(plain.listen(QHostAddress::LocalHost, 0));
        QCOMPARE(backlogOf(plain.serverPort()), 50);

        ServerFixture fixture;
        QVERIFY2(
            fixture.start([](server::ServerConfig &config) { config.http.listenBacklog = 777; }),
            qPrintable(fixture.error()));
        QCOMPARE(backlogOf(quint16(fixture.url().port())), 777);
    }

private:
    //! The backlog of the socket listening on `port` on this machine, as `ss` reports it
    //! (iproute2); -1 when there is none or ss fails.
    static int backlogOf(quint16 port)
    {
        QProcess ss;
        ss.start(u"ss"_s, { u"-ltnH"_s, u"sport = :%1"_s.arg(port) });
        if (!ss.waitForFinished(Timeout) || ss.exitCode() != 0)
            return -1;
        // "LISTEN 0 777 127.0.0.1:40123 0.0.0.0:*": state, Recv-Q, Send-Q (the backlog).
        const QStringList fields
            = QString::fromLocal8Bit(ss.readAllStandardOutput()).split(u' ', Qt::SkipEmptyParts);
        bool ok = false;
        const int backlog = fields.size() >= 3 ? fields.at(2).toInt(&ok) : -1;
        return ok ? backlog : -1;
    }
};

QTEST_GUILESS_MAIN(TestTcpListener)
#include "tst_tcplistener.moc"
