// The guarded HTTP layer under QHttpServer, with raw sockets: a head over the cap gets 431
// and a body announced over the cap 413 before it is sent (chatd's memory does not grow by
// what the peer streams after), pipelined requests are answered one by one and in order
// (a deferred response included) while a peer that reads nothing is not read either, both
// timeouts close, both connection caps refuse with 503, unknown methods get 501, and a
// WebSocket upgrade still passes (and is no longer timed by the HTTP layer).
#include <server/http/currentconnection.h>
#include <server/http/tcplistener.h>
#include <shared/jsoncodec.h>
#include <support/chatdprocess.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <support/wsclient.h>

#include <QElapsedTimer>
#include <QFile>
#include <QHttpServer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <memory>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using server::CurrentConnection;
using server::HttpLimits;
using server::ServerConfig;

namespace {

struct Response
{
    int status = 0;
    QByteArray head;
    QByteArray body;

    [[nodiscard]] QString errorCode() const
    {
        return QJsonDocument::fromJson(body)
            .object()
            .value(u"error"_s)
            .toObject()
            .value(u"code"_s)
            .toString();
    }
    [[nodiscard]] QByteArray header(const QByteArray &name) const
    {
        for (const QByteArray &line : head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
};

//! The whole responses at the start of `bytes` (by Content-Length).
QList<Response> splitResponses(const QByteArray &bytes)
{
    QList<Response> responses;
    qsizetype at = 0;
    while (at < bytes.size()) {
        const qsizetype headEnd = bytes.indexOf("\r\n\r\n", at);
        if (headEnd < 0)
            break;
        Response response;
        response.head = bytes.mid(at, headEnd - at);
        response.status = response.head.mid(9, 3).toInt();
        const qint64 length = response.header("content-length").toLongLong();
        if (headEnd + 4 + length > bytes.size())
            break;
        response.body = bytes.mid(headEnd + 4, length);
        responses.append(response);
        at = headEnd + 4 + length;
    }
    return responses;
}

//! A raw HTTP client: writes bytes as given, keeps all it reads.
class RawClient
{
public:
    //! With a `readBufferSize`, reads nothing until readFreely(): the socket fills its
    //! buffer to that size, and the rest waits in the kernel.
    explicit RawClient(quint16 port, qint64 readBufferSize = 0)
        : m_reading(readBufferSize == 0)
    {
        m_socket.setReadBufferSize(readBufferSize);
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] {
            if (m_reading)
                m_received += m_socket.readAll();
        });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, &m_socket, [this] {
            if (m_socket.isOpen())
                m_received += m_socket.readAll();
            m_closed = true;
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

    [[nodiscard]] bool waitConnected() { return m_socket.waitForConnected(Timeout); }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    [[nodiscard]] QList<Response> responses() const { return splitResponses(m_received); }
    [[nodiscard]] bool closed() const { return m_closed; }
    [[nodiscard]] QTcpSocket &socket() { return m_socket; }
    //! Reads what the socket holds and lets it read on without a cap.
    void readFreely()
    {
        m_reading = true;
        m_socket.setReadBufferSize(0);
        m_received += m_socket.readAll();
    }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
    bool m_reading;
    bool m_closed = false;
};

QByteArray get(const QByteArray &path)
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
}

qint64 residentKiB(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

//! A QHttpServer of the test's own on a TcpListener, with routes that show the gate.
struct GuardedServer
{
    explicit GuardedServer(const HttpLimits &limits)
    {
        auto *listener = new server::TcpListener(limits);
        listening = listener->listen(QHostAddress::LocalHost, 0);
        port = listener->serverPort();
        // A numbered 1 MiB answer: a few of them fill any socket buffer.
        http.route(u"/big/<arg>"_s, [this](int number) {
            ++bigHandled;
            QByteArray body = QByteArray::number(number) + ':';
            body.resize(1024 * 1024, 'x');
            return body;
        });
        // Answered 100 ms later through the moved responder, as a deferred sign-in is.
        http.route(
            u"/slow"_s, [this](const QHttpServerRequest &, QHttpServerResponder &&responder) {
                QPointer<QTcpSocket> connection = CurrentConnection::socket();
                slowConnection = connection;
                auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
                QTimer::singleShot(100, &http, [connection, held, this] {
                    if (!connection) {
                        ++slowAbandoned;
                        return;
                    }
                    held->write("slow", "text/plain");
                });
            });
        http.route(u"/fast"_s, [] { return u"fast"_s; });
        http.bind(listener);
    }

    QHttpServer http;
    bool listening = false;
    quint16 port = 0;
    int bigHandled = 0;
    int slowAbandoned = 0;
    QPointer<QTcpSocket> slowConnection;
};

} // namespace

class tst_HttpGuard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();

    void pipelinedRequestsAnsweredInOrder();
    void peerThatDoesNotReadIsNotRead();
    void deferredResponseIsNotOvertaken();
    void deferredResponseSeesConnectionGo();

    void headerOverCapGets431();
    void bodyAnnouncedOverCapGets413BeforeItIsSent();
    void chunkedBodyOverCapGets413();
    void unknownMethodsGet501();
    void knownMethodOnWrongPathStill405();
    void refusalsAreCounted();

    void requestTimeoutAnswers408();
    void silentConnectionIsClosed();
    void idleKeepAliveIsClosed();
    void webSocketIsNotTimedByHttpLayer();

    void capPerAddress();
    void capInTotal();

    void oversizedBodyDoesNotGrowChatd();

private:
    bool startServer(const std::function<void(HttpLimits &)> &tweak);

    ServerFixture m_fixture;
};

void tst_HttpGuard::cleanup()
{
    m_fixture.stop();
}

bool tst_HttpGuard::startServer(const std::function<void(HttpLimits &)> &tweak)
{
    return m_fixture.start([&](ServerConfig &config) {
        if (tweak)
            tweak(config.http);
    });
}

void tst_HttpGuard::pipelinedRequestsAnsweredInOrder()
{
    QVERIFY2(startServer({}), qPrintable(m_fixture.error()));
    RawClient client(m_fixture.url().port());
    QVERIFY(client.waitConnected());
    // Three requests in one write: QHttpServer alone would merge them into one.
    client.send(get("/api/v1/info") + get("/nowhere") + get("/api/v1/me"));
    QTRY_COMPARE_WITH_TIMEOUT(client.responses().size(), 3, Timeout);
    const auto responses = client.responses();
    QCOMPARE(responses.at(0).status, 200);
    QCOMPARE(responses.at(1).status, 404);
    QCOMPARE(responses.at(1).errorCode(), u"not_found"_s);
    QCOMPARE(responses.at(2).status, 401);
    QVERIFY(!client.closed());
}

void tst_HttpGuard::peerThatDoesNotReadIsNotRead()
{
    HttpLimits limits;
    limits.maxPendingOutputBytes = 256 * 1024;
    GuardedServer server(limits);
    QVERIFY(server.listening);
    // The client reads at most 64 KiB and then leaves the rest in the kernel.
    RawClient client(server.port, 64 * 1024);
    QVERIFY(client.waitConnected());
    constexpr int Requests = 64; // 64 MiB of answers
    QByteArray pipeline;
    for (int i = 0; i < Requests; ++i)
        pipeline += get("/big/" + QByteArray::number(i));
    client.send(pipeline);
    QTRY_VERIFY_WITH_TIMEOUT(server.bigHandled >= 2, Timeout);
    // Whatever the kernel buffers take, far fewer than all are answered while nobody reads.
    QTest::qWait(500);
    qInfo("answered %d of %d 1 MiB requests while the client read nothing", server.bigHandled,
        Requests);
    QVERIFY2(server.bigHandled <= 24, qPrintable(QString::number(server.bigHandled)));

    client.readFreely();
    QTRY_COMPARE_WITH_TIMEOUT(client.responses().size(), Requests, Timeout);
    const auto responses = client.responses();
    for (int i = 0; i < Requests; ++i)
        QVERIFY(responses.at(i).body.startsWith(QByteArray(QByteArray::number(i) + ':')));
    QCOMPARE(server.bigHandled, Requests);
}

void tst_HttpGuard::deferredResponseIsNotOvertaken()
{
    GuardedServer server(HttpLimits {});
    QVERIFY(server.listening);
    RawClient client(server.port);
    QVERIFY(client.waitConnected());
    client.send(get("/slow") + get("/fast"));
    QTRY_COMPARE_WITH_TIMEOUT(client.responses().size(), 2, Timeout);
    QCOMPARE(client.responses().at(0).body, QByteArray("slow"));
    QCOMPARE(client.responses().at(1).body, QByteArray("fast"));
    QVERIFY(!server.slowConnection.isNull()); // The handler learnt its connection...
    QVERIFY(CurrentConnection::socket().isNull()); // ...which is not current outside one.
}

void tst_HttpGuard::deferredResponseSeesConnectionGo()
{
    GuardedServer server(HttpLimits {});
    QVERIFY(server.listening);
    {
        RawClient client(server.port);
        QVERIFY(client.waitConnected());
        client.send(get("/slow"));
        QTRY_VERIFY_WITH_TIMEOUT(!server.slowConnection.isNull(), Timeout);
        client.socket().abort();
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.slowAbandoned, 1, Timeout);
}

void tst_HttpGuard::headerOverCapGets431()
{
    QVERIFY2(startServer({}), qPrintable(m_fixture.error()));
    RawClient client(m_fixture.url().port());
    QVERIFY(client.waitConnected());
    // 17 KiB of headers against the default 16 KiB.
    client.send(
        "GET /api/v1/info HTTP/1.1\r\nX-Filler: " + QByteArray(17 * 1024, 'a') + "\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), Timeout);
    const auto responses = client.responses();
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.at(0).status, 431);
    QCOMPARE(responses.at(0).errorCode(), u"headers_too_large"_s);
    QCOMPARE(responses.at(0).header("connection"), QByteArray("close"));
    QCOMPARE(responses.at(0).header("content-type"), QByteArray("application/json"));

    // Just under the cap is served.
    RawClient fine(m_fixture.url().port());
    QVERIFY(fine.waitConnected());
    fine.send("GET /api/v1/info HTTP/1.1\r\nX-Filler: " + QByteArray(15 * 1024, 'a') + "\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(fine.responses().size(), 1, Timeout);
    QCOMPARE(fine.responses().at(0).status, 200);
}

void tst_HttpGuard::bodyAnnouncedOverCapGets413BeforeItIsSent()
{
    QVERIFY2(startServer({}), qPrintable(m_fixture.error()));
    RawClient client(m_fixture.url().port());
    QVERIFY(client.waitConnected());
    // No body at all: the answer comes from the headers alone.
    client.send("POST /api/v1/login HTTP/1.1\r\nContent-Type: application/json\r\n"
                "Content-Length: 314572800\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(client.responses().size(), 1, Timeout);
    QCOMPARE(client.responses().at(0).status, 413);
    QCOMPARE(client.responses().at(0).errorCode(), u"payload_too_large"_s);
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), Timeout);
}

void tst_HttpGuard::chunkedBodyOverCapGets413()
{
    QVERIFY2(startServer({}), qPrintable(m_fixture.error()));
    RawClient client(m_fixture.url().port());
    QVERIFY(client.waitConnected());
    // Two chunks of 40 KiB: the second passes 64 KiB and is refused from its size line.
    client.send("POST /api/v1/login HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nA000\r\n"
        + QByteArray(0xA000, 'x') + "\r\nA000\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(client.responses().size(), 1, Timeout);
    QCOMPARE(client.responses().at(0).status, 413);
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), Timeout);

    // A chunked body under the cap reaches the route (which then finds bad credentials).
    RawClient fine(m_fixture.url().port());
    QVERIFY(fine.waitConnected());
    const QByteArray body = "{\"username\":\"nobody\",\"password\":\"wrong password\"}";
    fine.send("POST /api/v1/login HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        + QByteArray::number(body.size(), 16) + "\r\n" + body + "\r\n0\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(fine.responses().size(), 1, Timeout);
    QCOMPARE(fine.responses().at(0).status, 401);
}

void tst_HttpGuard::unknownMethodsGet501()
{
    QVERIFY2(startServer({}), qPrintable(m_fixture.error()));
    for (const QByteArray method : { "BREW", "PROPFIND", "CONNECT" }) {
        RawClient client(m_fixture.url().port());
        QVERIFY(client.waitConnected());
        client.send(method + " /api/v1/info HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(client.responses().size(), 1, Timeout);
        QCOMPARE(client.responses().at(0).status, 501);
        QCOMPARE(client.responses().at(0).errorCode(), u"not_implemented"_s);
    }
}

void tst_HttpGuard::knownMethodOnWrongPathStill405()
{
    QVERIFY2(startServer({}), qPrintable(m_fixture.error()));
    RawClient client(m_fixture.url().port());
    QVERIFY(client.waitConnected());
    client.send("DELETE /api/v1/info HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(client.responses().size(), 1, Timeout);
    QCOMPARE(client.responses().at(0).status, 405);
    QCOMPARE(client.responses().at(0).header("allow"), QByteArray("GET"));
    QCOMPARE(client.responses().at(0).errorCode(), u"method_not_allowed"_s);
}

void tst_HttpGuard::refusalsAreCounted()
{
    QVERIFY2(startServer({}), qPrintable(m_fixture.error()));
    {
        RawClient client(m_fixture.url().port());
        QVERIFY(client.waitConnected());
        client.send("BREW /pot HTTP/1.1\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(client.closed(), Timeout);
    }
    RawClient scrape(m_fixture.url().port());
    QVERIFY(scrape.waitConnected());
    scrape.send(get("/metrics"));
    QTRY_COMPARE_WITH_TIMEOUT(scrape.responses().size(), 1, Timeout);
    const QByteArray text = scrape.responses().at(0).body;
    QVERIFY2(text.contains("chatd_http_refused_total{reason=\"not_implemented\"} 1\n"),
        text.constData());
    QVERIFY(text.contains("chatd_http_refused_total{reason=\"headers_too_large\"} 0\n"));
}

void tst_HttpGuard::requestTimeoutAnswers408()
{
    QVERIFY2(startServer([](HttpLimits &limits) {
        limits.requestTimeout = std::chrono::milliseconds(300);
    }),
        qPrintable(m_fixture.error()));
    RawClient client(m_fixture.url().port());
    QVERIFY(client.waitConnected());
    client.send("GET /api/v1/info HTTP/1.1\r\nHost: x\r\n"); // never finished
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), Timeout);
    QCOMPARE(client.responses().size(), 1);
    QCOMPARE(client.responses().at(0).status, 408);
    QCOMPARE(client.responses().at(0).errorCode(), u"request_timeout"_s);
}

void tst_HttpGuard::silentConnectionIsClosed()
{
    QVERIFY2(startServer([](HttpLimits &limits) {
        limits.requestTimeout = std::chrono::milliseconds(300);
    }),
        qPrintable(m_fixture.error()));
    RawClient client(m_fixture.url().port());
    QVERIFY(client.waitConnected());
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), Timeout);
    QVERIFY(client.responses().isEmpty());
}

void tst_HttpGuard::idleKeepAliveIsClosed()
{
    QVERIFY2(startServer(
                 [](HttpLimits &limits) { limits.idleTimeout = std::chrono::milliseconds(300); }),
        qPrintable(m_fixture.error()));
    RawClient client(m_fixture.url().port());
    QVERIFY(client.waitConnected());
    client.send(get("/api/v1/info"));
    QTRY_COMPARE_WITH_TIMEOUT(client.responses().size(), 1, Timeout);
    QCOMPARE(client.responses().at(0).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), Timeout);
}

void tst_HttpGuard::webSocketIsNotTimedByHttpLayer()
{
    QVERIFY2(startServer([](HttpLimits &limits) {
        limits.requestTimeout = std::chrono::milliseconds(200);
        limits.idleTimeout = std::chrono::milliseconds(200);
    }),
        qPrintable(m_fixture.error()));
    const auto sessions = m_fixture.signUp({ u"alice"_s });
    QCOMPARE(sessions.size(), 1);
    WsClient socket;
    QVERIFY(socket.connectAndAuthenticate(m_fixture.webSocketUrl(), sessions.at(0).token));
    // Several of the HTTP layer's timeouts later, the socket still works.
    QTest::qWait(800);
    QVERIFY(socket.isConnected());
    QVERIFY(socket.roundTrip());
}

void tst_HttpGuard::capPerAddress()
{
    QVERIFY2(startServer([](HttpLimits &limits) { limits.maxConnectionsPerAddress = 3; }),
        qPrintable(m_fixture.error()));
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<RawClient>(m_fixture.url().port()));
        QVERIFY(clients.back()->waitConnected());
        clients.back()->send(get("/api/v1/info"));
        QTRY_COMPARE_WITH_TIMEOUT(clients.back()->responses().size(), 1, Timeout);
    }
    RawClient refused(m_fixture.url().port());
    QVERIFY(refused.waitConnected());
    QTRY_VERIFY_WITH_TIMEOUT(refused.closed(), Timeout);
    QCOMPARE(refused.responses().size(), 1);
    QCOMPARE(refused.responses().at(0).status, 503);
    QCOMPARE(refused.responses().at(0).errorCode(), u"too_many_connections"_s);
    QCOMPARE(refused.responses().at(0).header("retry-after"), QByteArray("1"));

    // A place given back is a place for the next one.
    clients.front()->socket().abort();
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            RawClient next(m_fixture.url().port());
            if (!next.waitConnected())
                return false;
            next.send(get("/api/v1/info"));
            return QTest::qWaitFor([&] { return !next.responses().isEmpty(); }, 2000)
                && next.responses().at(0).status == 200;
        }(),
        Timeout);
}

void tst_HttpGuard::capInTotal()
{
    QVERIFY2(startServer([](HttpLimits &limits) { limits.maxConnections = 2; }),
        qPrintable(m_fixture.error()));
    // The fixture's own REST client holds connections too: count from what is open.
    std::vector<std::unique_ptr<RawClient>> clients;
    bool refusedOne = false;
    for (int i = 0; i < 4 && !refusedOne; ++i) {
        clients.push_back(std::make_unique<RawClient>(m_fixture.url().port()));
        QVERIFY(clients.back()->waitConnected());
        clients.back()->send(get("/api/v1/info"));
        QTRY_VERIFY_WITH_TIMEOUT(!clients.back()->responses().isEmpty(), Timeout);
        refusedOne = clients.back()->responses().at(0).status == 503;
    }
    QVERIFY(refusedOne);
    QVERIFY(clients.size() <= 3);
}

void tst_HttpGuard::oversizedBodyDoesNotGrowChatd()
{
    ChatdRunner runner(QStringLiteral(CHATD_PATH));
    QVERIFY(runner.isValid());
    // In a sanitizer build, AddressSanitizer keeps freed memory in a quarantine (256 MiB
    // by default) before reusing it, so the buffers of the lingering close would show up
    // as growth. Without it, RSS measures what chatd itself holds, which is the point.
    const QString sanitizer = runner.environment().value(u"ASAN_OPTIONS"_s);
    runner.environment().insert(u"ASAN_OPTIONS"_s,
        sanitizer.isEmpty() ? u"quarantine_size_mb=0"_s : sanitizer + u":quarantine_size_mb=0"_s);
    ChatdProcess *chatd = runner.startServer();
    QVERIFY2(chatd->waitUntilListening(), qPrintable(chatd->transcript()));
    const qint64 before = residentKiB(chatd->pid());
    QVERIFY(before > 0);

    // A plain socket: QTcpSocket would stop sending at the server's half-close.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    const auto closeFd = qScopeGuard([fd] { ::close(fd); });
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(chatd->port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    QVERIFY(::fcntl(fd, F_SETFL, O_NONBLOCK) == 0);
    QByteArray out = "POST /api/v1/login HTTP/1.1\r\nContent-Type: application/json\r\n"
                     "Content-Length: 314572800\r\n\r\n";
    // Then 50 MiB of the 300 MiB announced, as fast as chatd takes them, reading its answer.
    constexpr qint64 Streamed = 50 * 1024 * 1024;
    const QByteArray chunk(256 * 1024, 'x');
    qint64 sent = -out.size();
    QByteArray received;
    QElapsedTimer clock;
    clock.start();
    bool open = true;
    bool answered = false; // chatd has shut its side: only sending goes on
    while (open && sent < Streamed && clock.elapsed() < Timeout) {
        pollfd poll { fd, short(answered ? POLLOUT : POLLIN | POLLOUT), 0 };
        if (::poll(&poll, 1, 1000) <= 0)
            continue;
        if (poll.revents & POLLIN) {
            char buffer[4096];
            const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
            if (got > 0)
                received.append(buffer, got);
            else
                answered = true;
        }
        if (open && (poll.revents & POLLOUT)) {
            if (out.isEmpty())
                out = chunk;
            const ssize_t put = ::send(fd, out.constData(), size_t(out.size()), MSG_NOSIGNAL);
            if (put > 0) {
                sent += put;
                out.remove(0, put);
            } else if (put < 0 && errno != EAGAIN) {
                open = false;
            }
        }
        if (poll.revents & POLLERR)
            open = false;
    }
    const auto responses = splitResponses(received);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.at(0).status, 413);
    const qint64 after = residentKiB(chatd->pid());
    qInfo("chatd RSS %lld KiB -> %lld KiB while %lld MiB of the body were sent", before, after,
        sent >> 20);
    // Before the guard, a body was read whole first: RSS grew by its size.
    QVERIFY2(after - before < 16 * 1024,
        qPrintable(
            u"RSS %1 KiB -> %2 KiB after %3 MiB sent"_s.arg(before).arg(after).arg(sent >> 20)));
    QVERIFY(chatd->sendSignal(SIGTERM));
    QVERIFY(chatd->waitForExit(Timeout));
}

QTEST_GUILESS_MAIN(tst_HttpGuard)
#include "tst_httpguard.moc"
