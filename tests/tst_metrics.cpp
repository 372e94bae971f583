// GET /metrics: the instruments and their Prometheus text alone, who may read it, then a
// real server scraped over HTTP before and after real traffic (WebSocket and REST), each
// scrape checked against the text format by MetricsScrape before a value is read.
#include <server/metrics/instruments.h>
#include <server/metrics/metricsaccess.h>
#include <server/metrics/metricsregistry.h>
#include <server/metrics/prometheustext.h>
#include <support/metricsscrape.h>
#include <support/restclient.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <support/wsclient.h>

#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkInterface>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using server::MetricsAccess;
using server::MetricsRegistry;
using L = MetricsScrape::Labels;

class TestMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { m_fixture.stop(); }

    // The pieces, without a server
    void histogramBucketsIncludeTheirBound();
    void textFormat();
    void scrapeFindsWhatAScraperWouldRefuse_data();
    void scrapeFindsWhatAScraperWouldRefuse();
    void accessPolicy_data();
    void accessPolicy();

    // A server, scraped over HTTP
    void servesEveryFamily();
    void countsEachSendOnce();
    void gaugesFollowTheSockets();
    void rateLimitedSendsAreCounted();
    void signInsAreCounted();
    void rejectedInputIsCounted();
    void otherMethodsAre405();
    void offIsAnUnknownPath();
    void localRefusesOtherAddresses();

private:
    //! GET /metrics through `rest`, read into `scrape`; false (the reason in m_problem)
    //! unless it answered 200 with text a scraper takes.
    bool scrapeInto(MetricsScrape &scrape, RestClient *rest = nullptr);
    //! Signs up alice and bob and opens their sockets.
    void startWithPair(const TestServer::Tweak &tweak = {});

    ServerFixture m_fixture;
    Pair m_pair;
    std::unique_ptr<WsClient> m_alice;
    std::unique_ptr<WsClient> m_bob;
    QString m_problem;
};

bool TestMetrics::scrapeInto(MetricsScrape &scrape, RestClient *rest)
{
    const HttpReply reply = (rest ? *rest : m_fixture.rest()).requestAtRoot("GET", u"/metrics"_s);
    if (reply.status != 200) {
        m_problem = u"GET /metrics answered %1: %2"_s.arg(reply.status)
                        .arg(QString::fromUtf8(reply.body));
        return false;
    }
    scrape = MetricsScrape::parse(reply.body);
    m_problem = scrape.problems().join(u'\n');
    return scrape.problems().isEmpty();
}

void TestMetrics::startWithPair(const TestServer::Tweak &tweak)
{
    QVERIFY2(m_fixture.start(tweak), qPrintable(m_fixture.error()));
    m_alice = std::make_unique<WsClient>();
    m_bob = std::make_unique<WsClient>();
    QVERIFY2(m_fixture.connectPair(m_pair, *m_alice, *m_bob), qPrintable(m_fixture.error()));
}

void TestMetrics::histogramBucketsIncludeTheirBound()
{
    server::Histogram histogram({ 1, 2, 5 });
    for (const double value : { 0.5, 1.0, 1.5, 5.0, 6.0 })
        histogram.observe(value);
    // le is "less than or equal": 1.0 is in the first bucket, 5.0 in the last bounded one.
    const std::vector<quint64> expected { 2, 1, 1, 1 };
    QCOMPARE(histogram.bucketCounts(), expected);
    QCOMPARE(histogram.count(), quint64(5));
    QCOMPARE(histogram.sum(), 14.0);
}

void TestMetrics::textFormat()
{
    MetricsRegistry registry;
    registry
        .counter(u"x_requests_total"_s, u"Requests, by \"kind\"\nand more \\ so"_s,
            { { u"kind"_s, u"a \"b\"\\c\nd"_s } })
        .increment(3);
    registry.counter(u"x_requests_total"_s, {}, { { u"kind"_s, u"plain"_s } });
    registry.gauge(u"x_ratio"_s, u"A ratio"_s).set(0.25);
    registry.callback(
        u"x_read"_s, u"Read when scraped"_s, MetricsRegistry::Type::Gauge, [] { return 1e9; });
    registry.gauge(u"x_tiny"_s, u"Tiny"_s).set(2.5e-7);
    auto &histogram = registry.histogram(u"x_seconds"_s, u"Durations"_s, { 0.0005, 1 });
    histogram.observe(0.25);
    histogram.observe(0.75);
    histogram.observe(3);

    const QByteArray text = server::prometheusText(registry);
    const QByteArray expected = "# HELP x_requests_total Requests, by \"kind\"\\nand more \\\\ so\n"
                                "# TYPE x_requests_total counter\n"
                                "x_requests_total{kind=\"a \\\"b\\\"\\\\c\\nd\"} 3\n"
                                "x_requests_total{kind=\"plain\"} 0\n"
                                "# HELP x_ratio A ratio\n"
                                "# TYPE x_ratio gauge\n"
                                "x_ratio 0.25\n"
                                "# HELP x_read Read when scraped\n"
                                "# TYPE x_read gauge\n"
                                "x_read 1000000000\n"
                                "# HELP x_tiny Tiny\n"
                                "# TYPE x_tiny gauge\n"
                                "x_tiny 2.5e-07\n"
                                "# HELP x_seconds Durations\n"
                                "# TYPE x_seconds histogram\n"
                                "x_seconds_bucket{le=\"0.0005\"} 0\n"
                                "x_seconds_bucket{le=\"1\"} 2\n"
                                "x_seconds_bucket{le=\"+Inf\"} 3\n"
                                "x_seconds_sum 4\n"
                                "x_seconds_count 3\n";
    QCOMPARE(text, expected);

    // And it reads back as written, escapes undone.
    const MetricsScrape scrape = MetricsScrape::parse(text);
    QVERIFY2(scrape.problems().isEmpty(), qPrintable(scrape.problems().join(u'\n')));
    QCOMPARE(scrape(u"x_requests_total"_s, { { u"kind"_s, u"a \"b\"\\c\nd"_s } }), 3.0);
    QCOMPARE(scrape(u"x_read"_s), 1e9);
    QCOMPARE(scrape.type(u"x_seconds"_s), u"histogram"_s);
}

void TestMetrics::scrapeFindsWhatAScraperWouldRefuse_data()
{
    // The checks the server's scrapes pass must be able to fail.
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("problem");
    const QByteArray histogramHead = "# HELP h_seconds H\n# TYPE h_seconds histogram\n";
    QTest::newRow("no TYPE") << QByteArray("# HELP a A\na 1\n") << u"without # TYPE"_s;
    QTest::newRow("no HELP") << QByteArray("# TYPE a gauge\na 1\n") << u"has no # HELP"_s;
    QTest::newRow("counter name") << QByteArray("# HELP a A\n# TYPE a counter\na 1\n")
                                  << u"does not end in _total"_s;
    QTest::newRow("not cumulative") << histogramHead
            + "h_seconds_bucket{le=\"1\"} 2\nh_seconds_bucket{le=\"+Inf\"} 1\n"
              "h_seconds_sum 1\nh_seconds_count 1\n"
                                    << u"not ascending and cumulative"_s;
    QTest::newRow("no +Inf") << histogramHead
            + "h_seconds_bucket{le=\"1\"} 1\nh_seconds_sum 1\nh_seconds_count 1\n"
                             << u"no le=\"+Inf\" bucket last"_s;
    QTest::newRow("count is not +Inf")
        << histogramHead + "h_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_sum 1\nh_seconds_count 3\n"
        << u"_count missing or not the +Inf bucket"_s;
    QTest::newRow("no sum") << histogramHead
            + "h_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_count 2\n"
                            << u"no _sum"_s;
    QTest::newRow("bad labels") << QByteArray("# HELP a A\n# TYPE a gauge\na{x=1} 1\n")
                                << u"malformed labels"_s;
    QTest::newRow("no final newline")
        << QByteArray("# HELP a A\n# TYPE a gauge\na 1") << u"does not end with a line feed"_s;
}

void TestMetrics::scrapeFindsWhatAScraperWouldRefuse()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, problem);
    const MetricsScrape scrape = MetricsScrape::parse(text);
    const QString problems = scrape.problems().join(u'\n');
    QVERIFY2(problems.contains(problem), qPrintable(problems));
}

void TestMetrics::accessPolicy_data()
{
    QTest::addColumn<MetricsAccess>("access");
    QTest::addColumn<QString>("peer");
    QTest::addColumn<bool>("allowed");
    const QList<std::tuple<const char *, bool>> peers {
        { "127.0.0.1", true },
        { "127.8.9.10", true },
        { "::1", true },
        { "::ffff:127.0.0.1", true }, // an IPv4 peer of a server listening on ::
        { "192.168.1.20", false },
        { "::ffff:192.168.1.20", false },
        { "10.0.0.1", false },
        { "2001:db8::1", false },
        { "fe80::1", false },
    };
    for (const auto &[peer, local] : peers) {
        QTest::addRow("local %s", peer)
            << MetricsAccess::Local << QString::fromLatin1(peer) << local;
        QTest::addRow("any %s", peer) << MetricsAccess::Any << QString::fromLatin1(peer) << true;
        QTest::addRow("off %s", peer) << MetricsAccess::Off << QString::fromLatin1(peer) << false;
    }
}

void TestMetrics::accessPolicy()
{
    QFETCH(MetricsAccess, access);
    QFETCH(QString, peer);
    QFETCH(bool, allowed);
    QCOMPARE(server::metricsAllowed(access, QHostAddress(peer)), allowed);
    // The names read back, as the config file and --metrics use them.
    QCOMPARE(server::metricsAccessFromName(server::metricsAccessName(access)), access);
}

void TestMetrics::servesEveryFamily()
{
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
    const HttpReply reply = m_fixture.rest().requestAtRoot("GET", u"/metrics"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Type"), QByteArray("text/plain; version=0.0.4; charset=utf-8"));
    QCOMPARE(reply.header("Cache-Control"), QByteArray("no-store"));

    MetricsScrape scrape;
    QVERIFY2(scrapeInto(scrape), qPrintable(m_problem));
    const QList<std::pair<QString, QString>> families {
        { u"chatd_messages_stored_total"_s, u"counter"_s },
        { u"chatd_commit_batch_messages"_s, u"histogram"_s },
        { u"chatd_commit_seconds"_s, u"histogram"_s },
        { u"chatd_commit_failures_total"_s, u"counter"_s },
        { u"chatd_send_ack_seconds"_s, u"histogram"_s },
        { u"chatd_rate_limited_total"_s, u"counter"_s },
        { u"chatd_sign_ins_total"_s, u"counter"_s },
        { u"chatd_rejected_input_total"_s, u"counter"_s },
        { u"chatd_websocket_connections"_s, u"gauge"_s },
        { u"chatd_tcp_connections"_s, u"gauge"_s },
        { u"chatd_users_online"_s, u"gauge"_s },
        { u"chatd_tls_handshake_failures_total"_s, u"counter"_s },
        { u"chatd_build_info"_s, u"gauge"_s },
        { u"process_start_time_seconds"_s, u"gauge"_s },
        { u"process_resident_memory_bytes"_s, u"gauge"_s },
        { u"process_cpu_seconds_total"_s, u"counter"_s },
    };
    for (const auto &[family, type] : families)
        QVERIFY2(scrape.type(family) == type, qPrintable(family + u" is not a "_s + type));

    // Every series exists from the start, at 0: a rate over it needs no first event.
    QCOMPARE(scrape(u"chatd_messages_stored_total"_s), 0.0);
    QCOMPARE(scrape(u"chatd_rate_limited_total"_s, { { u"kind"_s, u"send"_s } }), 0.0);
    QCOMPARE(scrape(u"chatd_rate_limited_total"_s, { { u"kind"_s, u"sign_in"_s } }), 0.0);
    QCOMPARE(
        scrape(u"chatd_tls_handshake_failures_total"_s, { { u"reason"_s, u"timeout"_s } }), 0.0);
    QCOMPARE(scrape(u"chatd_tls_handshake_failures_total"_s, { { u"reason"_s, u"error"_s } }), 0.0);
    QCOMPARE(scrape(u"chatd_rejected_input_total"_s,
                 { { u"transport"_s, u"websocket"_s }, { u"code"_s, u"malformed_json"_s } }),
        0.0);
    QCOMPARE(scrape(u"chatd_send_ack_seconds_count"_s), 0.0);
    QCOMPARE(scrape(u"chatd_users_online"_s), 0.0);

    // The process, as the kernel sees it.
    QVERIFY(scrape(u"process_resident_memory_bytes"_s) > 1024 * 1024);
    const double now = double(QDateTime::currentSecsSinceEpoch());
    const double started = scrape(u"process_start_time_seconds"_s);
    QVERIFY2(started <= now + 1 && started > now - 3600, qPrintable(QString::number(started)));
    QVERIFY(scrape(u"process_cpu_seconds_total"_s) >= 0); // in ticks of 10 ms: perhaps 0 yet

    // One build-info series, set to 1, naming the protocol and Qt.
    QList<MetricsScrape::Sample> info;
    for (const auto &sample : scrape.samples()) {
        if (sample.name == u"chatd_build_info"_s)
            info.append(sample);
    }
    QCOMPARE(info.size(), 1);
    QCOMPARE(info.first().value, 1.0);
    QCOMPARE(info.first().labels.value(u"protocol"_s), QString::number(protocol::Version));
    QCOMPARE(info.first().labels.value(u"qt"_s), QString::fromLatin1(qVersion()));
    QVERIFY(!info.first().labels.value(u"version"_s).isEmpty());
}

void TestMetrics::countsEachSendOnce()
{
    startWithPair();
    MetricsScrape before;
    QVERIFY2(scrapeInto(before), qPrintable(m_problem));

    // 5 over the WebSocket, 3 over REST, then a retry of the first (stored once already).
    constexpr int OverWebSocket = 5;
    constexpr int OverRest = 3;
    for (int i = 0; i < OverWebSocket; ++i)
        m_alice->sendMessage(u"r%1"_s.arg(i), m_pair.conversationId, u"ws%1"_s.arg(i), u"hi"_s);
    QVERIFY(m_alice->waitForFrames(u"ack"_s, OverWebSocket, Timeout));
    for (int i = 0; i < OverRest; ++i) {
        const HttpReply sent = m_fixture.rest().sendMessage(
            m_pair.bob.token, m_pair.conversationId, u"rest%1"_s.arg(i), u"hello"_s);
        QCOMPARE(sent.status, 201);
    }
    m_alice->sendMessage(u"again"_s, m_pair.conversationId, u"ws0"_s, u"hi"_s);
    QVERIFY(m_alice->waitForFrames(u"ack"_s, OverWebSocket + 1, Timeout));
    QCOMPARE(m_alice->frames(u"ack"_s).last().value(u"duplicate"_s).toBool(), true);

    MetricsScrape after;
    QVERIFY2(scrapeInto(after), qPrintable(m_problem));
    const auto moved = [&](const QString &name, const L &labels = {}) {
        return after(name, labels) - before(name, labels);
    };
    const int stored = OverWebSocket + OverRest;
    QCOMPARE(moved(u"chatd_messages_stored_total"_s), double(stored));
    // Every send was answered after its commit, the retry too.
    QCOMPARE(moved(u"chatd_send_ack_seconds_count"_s), double(stored + 1));
    QCOMPARE(
        moved(u"chatd_send_ack_seconds_bucket"_s, { { u"le"_s, u"+Inf"_s } }), double(stored + 1));
    QVERIFY(moved(u"chatd_send_ack_seconds_sum"_s) > 0);
    // Each went through a group commit (the retry too, to find its original); REST sends
    // commit at once, so there were at least as many commits as REST sends plus one.
    QCOMPARE(moved(u"chatd_commit_batch_messages_sum"_s), double(stored + 1));
    const double commits = moved(u"chatd_commit_batch_messages_count"_s);
    QVERIFY2(
        commits >= OverRest + 2 && commits <= stored + 1, qPrintable(QString::number(commits)));
    QCOMPARE(moved(u"chatd_commit_seconds_count"_s), commits);
    QVERIFY(moved(u"chatd_commit_seconds_sum"_s) > 0);
    QCOMPARE(moved(u"chatd_commit_failures_total"_s), 0.0);
    // Nothing of it was refused.
    QCOMPARE(moved(u"chatd_rate_limited_total"_s, { { u"kind"_s, u"send"_s } }), 0.0);
}

void TestMetrics::gaugesFollowTheSockets()
{
    startWithPair();
    MetricsScrape scrape;
    QVERIFY2(scrapeInto(scrape), qPrintable(m_problem));
    QCOMPARE(scrape(u"chatd_websocket_connections"_s), 2.0);
    QCOMPARE(scrape(u"chatd_users_online"_s), 2.0);
    // The two sockets and the connection this scrape came on, at least.
    QVERIFY2(scrape(u"chatd_tcp_connections"_s) >= 3,
        qPrintable(QString::number(scrape(u"chatd_tcp_connections"_s))));

    // A second socket of alice: one more connection, nobody new online. A socket that has
    // not authenticated is a connection of nobody yet.
    WsClient aliceAgain;
    QVERIFY(aliceAgain.connectAndAuthenticate(m_fixture.webSocketUrl(), m_pair.alice.token));
    WsClient anonymous;
    QVERIFY(anonymous.connectOnly(m_fixture.webSocketUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(
        (scrapeInto(scrape), scrape(u"chatd_websocket_connections"_s)), 4.0, Timeout);
    QCOMPARE(scrape(u"chatd_users_online"_s), 2.0);
    const double tcpWithFour = scrape(u"chatd_tcp_connections"_s);
    QVERIFY2(tcpWithFour >= 5, qPrintable(QString::number(tcpWithFour)));

    // Bob goes: one user fewer, and his connection is gone.
    m_bob->socket().close();
    QTRY_COMPARE_WITH_TIMEOUT((scrapeInto(scrape), scrape(u"chatd_users_online"_s)), 1.0, Timeout);
    QCOMPARE(scrape(u"chatd_websocket_connections"_s), 3.0);
    QTRY_VERIFY_WITH_TIMEOUT(
        (scrapeInto(scrape), scrape(u"chatd_tcp_connections"_s) < tcpWithFour), Timeout);
}

void TestMetrics::rateLimitedSendsAreCounted()
{
    // Two sends at once, then one every 1000 s: the third is refused.
    startWithPair([](server::ServerConfig &config) {
        config.chat.sendBurst = 2;
        config.chat.sendsPerSecond = 0.001;
    });
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(
            m_fixture.rest()
                .sendMessage(m_pair.alice.token, m_pair.conversationId, u"c%1"_s.arg(i), u"x"_s)
                .status,
            201);
    }
    MetricsScrape before;
    QVERIFY2(scrapeInto(before), qPrintable(m_problem));
    const HttpReply refused
        = m_fixture.rest().sendMessage(m_pair.alice.token, m_pair.conversationId, u"c2"_s, u"x"_s);
    QCOMPARE(refused.status, 429);
    m_alice->sendMessage(u"r"_s, m_pair.conversationId, u"c3"_s, u"x"_s);
    QVERIFY(m_alice->waitForFrames(u"error"_s, 1, Timeout));
    QCOMPARE(m_alice->frames(u"error"_s).first().value(u"error"_s).toObject().value(u"code"_s),
        u"rate_limited"_s);

    MetricsScrape after;
    QVERIFY2(scrapeInto(after), qPrintable(m_problem));
    const L send { { u"kind"_s, u"send"_s } };
    QCOMPARE(
        after(u"chatd_rate_limited_total"_s, send) - before(u"chatd_rate_limited_total"_s, send),
        2.0);
    // Refused before the writer: nothing stored, nothing acknowledged, not bad input.
    QCOMPARE(after(u"chatd_messages_stored_total"_s), before(u"chatd_messages_stored_total"_s));
    QCOMPARE(after(u"chatd_send_ack_seconds_count"_s), before(u"chatd_send_ack_seconds_count"_s));
    double rejected = 0;
    for (const auto &sample : after.samples()) {
        if (sample.name == u"chatd_rejected_input_total"_s)
            rejected += sample.value;
    }
    QCOMPARE(rejected, 0.0);
}

void TestMetrics::signInsAreCounted()
{
    // Four attempts from one address at once, then one every 1000 s.
    QVERIFY2(m_fixture.start([](server::ServerConfig &config) {
        config.auth.attemptBurst = 4;
        config.auth.attemptsPerSecond = 0.001;
    }),
        qPrintable(m_fixture.error()));
    RestClient &rest = m_fixture.rest();
    const Session alice = rest.signUp(u"alice"_s); // register and log in: 2 attempts
    QVERIFY(!alice.token.isEmpty());
    const auto login = [&](const QString &username, const QString &password) {
        return rest.post(
            u"/login"_s, QJsonObject { { u"username"_s, username }, { u"password"_s, password } });
    };
    QCOMPARE(login(u"alice"_s, u"wrong password"_s).status, 401);
    QCOMPARE(login(u"nobody"_s, defaultPassword()).status, 401);
    QCOMPARE(login(u"alice"_s, defaultPassword()).status, 429); // the fifth attempt

    MetricsScrape scrape;
    QVERIFY2(scrapeInto(scrape), qPrintable(m_problem));
    QCOMPARE(scrape(u"chatd_sign_ins_total"_s, { { u"result"_s, u"ok"_s } }), 1.0);
    QCOMPARE(scrape(u"chatd_sign_ins_total"_s, { { u"result"_s, u"failed"_s } }), 2.0);
    QCOMPARE(scrape(u"chatd_rate_limited_total"_s, { { u"kind"_s, u"sign_in"_s } }), 1.0);
}

void TestMetrics::rejectedInputIsCounted()
{
    startWithPair();
    MetricsScrape before;
    QVERIFY2(scrapeInto(before), qPrintable(m_problem));

    // Over the socket: not JSON, an unknown type, a send without a client id.
    m_alice->sendText(u"this is not json"_s);
    m_alice->sendJson(QJsonObject { { u"type"_s, u"shout"_s } });
    m_alice->sendJson(QJsonObject { { u"type"_s, u"send"_s }, { u"requestId"_s, u"r1"_s },
        { u"conversationId"_s, m_pair.conversationId }, { u"body"_s, u"hi"_s } });
    QVERIFY(m_alice->waitForFrames(u"error"_s, 3, Timeout));
    // Over REST: a body that is not JSON, and a send without a client id.
    const QString messages = u"/conversations/%1/messages"_s.arg(m_pair.conversationId);
    QCOMPARE(m_fixture.rest().request("POST", messages, "{", m_pair.bob.token).status, 400);
    QCOMPARE(m_fixture.rest()
                 .post(messages, QJsonObject { { u"body"_s, u"hi"_s } }, m_pair.bob.token)
                 .status,
        400);
    // Not bad input: an unknown conversation (404) is a question answered, not refused.
    QCOMPARE(m_fixture.rest().sendMessage(m_pair.bob.token, 999999, u"c"_s, u"hi"_s).status, 404);

    MetricsScrape after;
    QVERIFY2(scrapeInto(after), qPrintable(m_problem));
    const auto moved = [&](const QString &transport, const QString &code) {
        const L labels { { u"transport"_s, transport }, { u"code"_s, code } };
        return after(u"chatd_rejected_input_total"_s, labels)
            - before(u"chatd_rejected_input_total"_s, labels);
    };
    QCOMPARE(moved(u"websocket"_s, u"malformed_json"_s), 1.0);
    QCOMPARE(moved(u"websocket"_s, u"unknown_type"_s), 1.0);
    QCOMPARE(moved(u"websocket"_s, u"invalid_field"_s), 1.0);
    QCOMPARE(moved(u"http"_s, u"malformed_json"_s), 1.0);
    QCOMPARE(moved(u"http"_s, u"invalid_field"_s), 1.0);
    double total = 0;
    for (const auto &sample : after.samples()) {
        if (sample.name == u"chatd_rejected_input_total"_s)
            total += sample.value - before(sample.name, sample.labels);
    }
    QCOMPARE(total, 5.0);
}

void TestMetrics::otherMethodsAre405()
{
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
    const HttpReply reply = m_fixture.rest().requestAtRoot("POST", u"/metrics"_s);
    QCOMPARE(reply.status, 405);
    QCOMPARE(reply.header("Allow"), QByteArray("GET"));
    QCOMPARE(reply.errorCode(), u"method_not_allowed"_s);
}

void TestMetrics::offIsAnUnknownPath()
{
    QVERIFY2(
        m_fixture.start([](server::ServerConfig &config) { config.metrics = MetricsAccess::Off; }),
        qPrintable(m_fixture.error()));
    const HttpReply reply = m_fixture.rest().requestAtRoot("GET", u"/metrics"_s);
    QCOMPARE(reply.status, 404);
    QCOMPARE(
        reply.json.value(u"error"_s).toObject().value(u"message"_s), u"no route for /metrics"_s);
    // The other routes are unchanged.
    QCOMPARE(m_fixture.rest().requestAtRoot("GET", u"/healthz"_s).status, 200);
}

void TestMetrics::localRefusesOtherAddresses()
{
    // A peer that is not this machine's loopback: this machine itself, reached at one of
    // its other addresses (the kernel then gives that address as the peer's).
    QHostAddress external;
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback()) {
            external = address;
            break;
        }
    }
    if (external.isNull())
        QSKIP("this machine has no IPv4 address but loopback");

    for (const MetricsAccess access : { MetricsAccess::Local, MetricsAccess::Any }) {
        QVERIFY2(m_fixture.start([access](server::ServerConfig &config) {
            config.address = QHostAddress::AnyIPv4;
            config.metrics = access;
        }),
            qPrintable(m_fixture.error()));
        QUrl url = m_fixture.url();
        url.setHost(external.toString());
        RestClient fromOutside(url);

        // Loopback reads it either way.
        MetricsScrape scrape;
        QVERIFY2(scrapeInto(scrape), qPrintable(m_problem));
        if (access == MetricsAccess::Any) {
            QVERIFY2(scrapeInto(scrape, &fromOutside), qPrintable(m_problem));
            continue;
        }
        // Refused as a path that does not exist would be, whatever the method: nothing
        // tells the endpoint is there.
        const HttpReply refused = fromOutside.requestAtRoot("GET", u"/metrics"_s);
        const HttpReply unknown = fromOutside.requestAtRoot("GET", u"/nowhere"_s);
        QCOMPARE(refused.status, 404);
        QCOMPARE(refused.errorCode(), unknown.errorCode());
        QCOMPARE(refused.json.value(u"error"_s).toObject().value(u"message"_s),
            u"no route for /metrics"_s);
        QCOMPARE(refused.header("Content-Type"), unknown.header("Content-Type"));
        QCOMPARE(fromOutside.requestAtRoot("POST", u"/metrics"_s).status, 404);
        // The rest of the server answers the same peer.
        QCOMPARE(fromOutside.requestAtRoot("GET", u"/healthz"_s).status, 200);
    }
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
