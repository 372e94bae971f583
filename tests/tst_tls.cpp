// TLS on the server's one port, with throwaway certificates made by SelfSignedCertificate:
// the generated certificate and the checks of a certificate and key, REST and an
// authenticated WebSocket over HTTPS/WSS in process, a plain HTTP request and a silent
// peer refused (the handshake failure and its timeout, both counted), and the chatd
// binary: --tls-cert/--tls-key serve https, and unreadable or mismatched files stop it
// with a clear error before it listens.
#include <server/metrics/servermetrics.h>
#include <server/tls/selfsignedcertificate.h>
#include <server/tls/tlscredentials.h>
#include <support/chatdprocess.h>
#include <support/serverfixture.h>
#include <support/testcertificate.h>
#include <support/timeouts.h>
#include <support/wsclient.h>

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslCertificateExtension>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <csignal>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using namespace std::chrono_literals;

class TestTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void generatesAServerCertificate();
    void refusesAKeyOfAnotherCertificate();
    void refusesFilesThatAreNotPem();
    void servesRestAndWebSocketOverTls();
    void refusesPlainHttpOnTheTlsPort();
    void edgeRefusalsReachTlsClients();
    void closesAPeerThatNeverShakesHands();
    void chatdServesHttps();
    void chatdRefusesUnusableCertificates_data();
    void chatdRefusesUnusableCertificates();

private:
    bool startTlsServer(
        const TestCertificate &certificate, std::chrono::milliseconds handshakeTimeout = 10s);

    ServerFixture m_fixture;
};

void TestTls::initTestCase()
{
    QVERIFY2(QSslSocket::supportsSsl(), "this Qt has no TLS backend");
}

void TestTls::cleanup()
{
    m_fixture.stop();
}

bool TestTls::startTlsServer(
    const TestCertificate &certificate, std::chrono::milliseconds handshakeTimeout)
{
    return m_fixture.start([&](server::ServerConfig &config) {
        config.tls.certificatePath = certificate.certificatePath();
        config.tls.keyPath = certificate.keyPath();
        config.tls.handshakeTimeout = handshakeTimeout;
    });
}

void TestTls::generatesAServerCertificate()
{
    const auto pem = server::SelfSignedCertificate::generate({
        .commonName = u"alice-laptop"_s,
        .hostNames = { u"alice-laptop"_s, u"localhost"_s },
        .addresses = { QHostAddress(u"192.168.1.20"_s), QHostAddress(QHostAddress::LocalHost) },
        .validDays = 730,
    });
    QVERIFY2(pem, qPrintable(pem ? QString() : pem.error().message));
    const QSslCertificate certificate(pem.value().certificate, QSsl::Pem);
    QVERIFY(!certificate.isNull());
    // Self-issued (QSslCertificate::isSelfSigned() says false: OpenSSL's check wants
    // keyCertSign, which a certificate that is not a CA must not have).
    QCOMPARE(certificate.issuerDisplayName(), certificate.subjectDisplayName());
    QCOMPARE(
        certificate.subjectInfo(QSslCertificate::CommonName), QStringList { u"alice-laptop"_s });
    QCOMPARE(certificate.publicKey().algorithm(), QSsl::Ec);
    // About two years from now, and already valid (an hour back, for skewed clocks).
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(certificate.effectiveDate() < now);
    QVERIFY(qAbs(certificate.expiryDate().daysTo(now.addDays(730))) <= 1);
    const auto names = certificate.subjectAlternativeNames();
    QCOMPARE(names.values(QSsl::DnsEntry).size(), 2);
    QVERIFY(names.values(QSsl::DnsEntry).contains(u"alice-laptop"_s));
    QVERIFY(names.values(QSsl::IpAddressEntry).contains(u"192.168.1.20"_s));
    QVERIFY(names.values(QSsl::IpAddressEntry).contains(u"127.0.0.1"_s));
    // Not a CA: a pinned server certificate must not be able to vouch for others.
    bool sawConstraints = false;
    for (const QSslCertificateExtension &extension : certificate.extensions()) {
        if (extension.name() == u"basicConstraints"_s) {
            sawConstraints = true;
            QCOMPARE(extension.value().toMap().value(u"ca"_s).toBool(), false);
        }
    }
    QVERIFY(sawConstraints);
    // The key belongs to the certificate, and two certificates differ.
    auto credentials
        = server::TlsCredentials::fromPem(pem.value().certificate, pem.value().privateKey);
    QVERIFY2(credentials, qPrintable(credentials ? QString() : credentials.error().message));
    const auto other = server::SelfSignedCertificate::generate({});
    QVERIFY(other);
    QVERIFY(other.value().certificate != pem.value().certificate);
    QVERIFY(other.value().privateKey != pem.value().privateKey);
    // The fingerprint as people compare it: 32 colon-separated hex pairs.
    QVERIFY(QRegularExpression(u"\\A([0-9A-F]{2}:){31}[0-9A-F]{2}\\z"_s)
                .match(server::certificateFingerprint(certificate))
                .hasMatch());
}

void TestTls::refusesAKeyOfAnotherCertificate()
{
    const auto one = server::SelfSignedCertificate::generate({});
    const auto two = server::SelfSignedCertificate::generate({});
    QVERIFY(one && two);
    const auto mismatched
        = server::TlsCredentials::fromPem(one.value().certificate, two.value().privateKey);
    QVERIFY(!mismatched);
    QCOMPARE(mismatched.error().message, u"the private key does not match the certificate"_s);
}

void TestTls::refusesFilesThatAreNotPem()
{
    const auto pem = server::SelfSignedCertificate::generate({});
    QVERIFY(pem);
    const auto swapped
        = server::TlsCredentials::fromPem(pem.value().privateKey, pem.value().certificate);
    QVERIFY(!swapped);
    QVERIFY2(swapped.error().message.contains(u"no PEM certificate"_s),
        qPrintable(swapped.error().message));
    const auto noKey = server::TlsCredentials::fromPem(pem.value().certificate, "not a key");
    QVERIFY(!noKey);
    QVERIFY2(noKey.error().message.contains(u"no unencrypted PEM private key"_s),
        qPrintable(noKey.error().message));
    const auto missing
        = server::TlsCredentials::load(u"/nonexistent/cert.pem"_s, u"/nonexistent/key.pem"_s);
    QVERIFY(!missing);
    QVERIFY2(missing.error().message.startsWith(
                 u"cannot read the TLS certificate '/nonexistent/cert.pem'"_s),
        qPrintable(missing.error().message));
}

void TestTls::servesRestAndWebSocketOverTls()
{
    const TestCertificate certificate;
    QVERIFY2(certificate.isValid(), qPrintable(certificate.error()));
    QVERIFY2(startTlsServer(certificate), qPrintable(m_fixture.error()));
    QCOMPARE(m_fixture.url().scheme(), u"https"_s);
    QCOMPARE(m_fixture.webSocketUrl().scheme(), u"wss"_s);

    // A client that does not know the certificate is refused (the system does not trust it).
    RestClient stranger(m_fixture.url());
    QCOMPARE(stranger.requestAtRoot("GET", u"/healthz"_s).status, 0);

    RestClient rest(m_fixture.url());
    rest.trustCertificate(certificate.certificate());
    const HttpReply health = rest.requestAtRoot("GET", u"/healthz"_s);
    QCOMPARE(health.status, 200);
    const Session alice = rest.signUp(u"alice"_s);
    QVERIFY(!alice.token.isEmpty());

    WsClient socket;
    socket.trustCertificate(certificate.certificate());
    QVERIFY(socket.connectAndAuthenticate(m_fixture.webSocketUrl(), alice.token));
    QCOMPARE(socket.frames(u"ready"_s).size(), 1);
    QVERIFY(socket.roundTrip());
    // The server's end of the socket is encrypted by the certificate we gave it.
    QCOMPARE(socket.socket().sslConfiguration().peerCertificate(), certificate.certificate());
}

void TestTls::edgeRefusalsReachTlsClients()
{
    // The HTTP edge's own answers (here 431) are written, encrypted, and only then the
    // connection is shut: a TLS socket reports its plain bytes written before the
    // encrypted ones have left, and the guard must wait for those.
    const TestCertificate certificate;
    QVERIFY2(certificate.isValid(), qPrintable(certificate.error()));
    QVERIFY2(startTlsServer(certificate), qPrintable(m_fixture.error()));
    QSslSocket client;
    // What is checked here is the server's edge, not trust: the test's own certificate.
    connect(&client, &QSslSocket::sslErrors, &client, [&](const QList<QSslError> &errors) {
        if (client.peerCertificate() == certificate.certificate())
            client.ignoreSslErrors(errors);
    });
    client.connectToHostEncrypted(u"127.0.0.1"_s, m_fixture.chatServer().port());
    // The server runs in this thread: wait by turning the event loop, not by blocking.
    QTRY_VERIFY_WITH_TIMEOUT(client.isEncrypted(), Timeout);
    client.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
        + QByteArray(20 * 1024, 'x') + "\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT(
        (answer += client.readAll()).contains("\r\n\r\n") && answer.contains("}"), Timeout);
    QVERIFY2(answer.startsWith("HTTP/1.1 431"), answer.constData());
    QVERIFY(answer.contains("headers_too_large"));
    QTRY_VERIFY_WITH_TIMEOUT(client.state() == QAbstractSocket::UnconnectedState, Timeout);
}

void TestTls::refusesPlainHttpOnTheTlsPort()
{
    const TestCertificate certificate;
    QVERIFY2(certificate.isValid(), qPrintable(certificate.error()));
    QVERIFY2(startTlsServer(certificate), qPrintable(m_fixture.error()));
    server::ServerMetrics &metrics = m_fixture.chatServer().metrics();
    QCOMPARE(metrics.tlsHandshakesFailed.value(), 0u);

    QTcpSocket plain;
    QSignalSpy closed(&plain, &QTcpSocket::disconnected);
    plain.connectToHost(QHostAddress(QHostAddress::LocalHost), m_fixture.chatServer().port());
    QVERIFY(plain.waitForConnected(Timeout));
    plain.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(closed.wait(Timeout));
    // No HTTP answer: at most a TLS alert came back.
    QVERIFY(!plain.readAll().startsWith("HTTP/"));
    QTRY_COMPARE(metrics.tlsHandshakesFailed.value(), 1u);
    QCOMPARE(metrics.tlsHandshakesTimedOut.value(), 0u);
}

void TestTls::closesAPeerThatNeverShakesHands()
{
    const TestCertificate certificate;
    QVERIFY2(certificate.isValid(), qPrintable(certificate.error()));
    constexpr auto HandshakeTimeout = 400ms;
    QVERIFY2(startTlsServer(certificate, HandshakeTimeout), qPrintable(m_fixture.error()));
    server::ServerMetrics &metrics = m_fixture.chatServer().metrics();

    QTcpSocket silent;
    QSignalSpy closed(&silent, &QTcpSocket::disconnected);
    QElapsedTimer clock;
    clock.start();
    silent.connectToHost(QHostAddress(QHostAddress::LocalHost), m_fixture.chatServer().port());
    QVERIFY(silent.waitForConnected(Timeout));
    QVERIFY(closed.wait(Timeout));
    // Closed by the timeout, not at once.
    QVERIFY2(clock.elapsed() >= 350, qPrintable(QString::number(clock.elapsed())));
    QTRY_COMPARE(metrics.tlsHandshakesTimedOut.value(), 1u);
    QCOMPARE(metrics.tlsHandshakesFailed.value(), 0u);
}

void TestTls::chatdServesHttps()
{
    const TestCertificate certificate;
    QVERIFY2(certificate.isValid(), qPrintable(certificate.error()));
    ChatdRunner runner(QStringLiteral(CHATD_PATH));
    ChatdProcess *daemon = runner.startServer({},
        { u"--tls-cert"_s, certificate.certificatePath(), u"--tls-key"_s, certificate.keyPath() });
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    QCOMPARE(daemon->url().scheme(), u"https"_s);
    // The log names the fingerprint users compare when their client asks.
    QVERIFY2(daemon->standardError().contains(u"SHA-256 fingerprint "_s
                 + server::certificateFingerprint(certificate.certificate())),
        qPrintable(daemon->transcript()));

    RestClient rest(daemon->url());
    rest.trustCertificate(certificate.certificate());
    QCOMPARE(rest.requestAtRoot("GET", u"/healthz"_s).status, 200);
    const Session bob = rest.signUp(u"bob"_s);
    QVERIFY(!bob.token.isEmpty());
    WsClient socket;
    socket.trustCertificate(certificate.certificate());
    QVERIFY(socket.connectAndAuthenticate(daemon->webSocketUrl(), bob.token));
    QVERIFY(daemon->sendSignal(SIGTERM));
    QVERIFY(daemon->waitForExit(Timeout));
    QCOMPARE(daemon->exitCode(), 0);
}

void TestTls::chatdRefusesUnusableCertificates_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    QTest::newRow("missing certificate")
        << u"missing.pem"_s << u"key.pem"_s << 1
        << u"chatd: cannot read the TLS certificate '%1/missing.pem'"_s;
    QTest::newRow("missing key") << u"cert.pem"_s << u"missing.pem"_s << 1
                                 << u"chatd: cannot read the TLS key '%1/missing.pem'"_s;
    QTest::newRow("key of another certificate")
        << u"cert.pem"_s << u"other-key.pem"_s << 1
        << u"chatd: the private key does not match the certificate"_s;
    QTest::newRow("files swapped") << u"key.pem"_s << u"cert.pem"_s << 1
                                   << u"chatd: the certificate file holds no PEM certificate"_s;
    QTest::newRow("certificate without key")
        << u"cert.pem"_s << QString() << 2 << u"chatd: TLS needs both a certificate and its key"_s;
}

void TestTls::chatdRefusesUnusableCertificates()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(int, exitCode);
    QFETCH(QString, message);

    const TestCertificate ours;
    const TestCertificate other;
    QVERIFY(ours.isValid() && other.isValid());
    ChatdRunner runner(QStringLiteral(CHATD_PATH));
    const QString directory = QFileInfo(runner.path(u"x"_s)).absolutePath();
    QVERIFY(QFile::copy(ours.certificatePath(), runner.path(u"cert.pem"_s)));
    QVERIFY(QFile::copy(ours.keyPath(), runner.path(u"key.pem"_s)));
    QVERIFY(QFile::copy(other.keyPath(), runner.path(u"other-key.pem"_s)));

    QStringList arguments { u"--tls-cert"_s, runner.path(certificate) };
    if (!key.isEmpty())
        arguments << u"--tls-key"_s << runner.path(key);
    const QString database = runner.path(u"db/chat.sqlite3"_s);
    ChatdProcess *daemon = runner.startServer(database, arguments);
    QVERIFY(daemon->waitForExit(Timeout));
    QCOMPARE(daemon->exitCode(), exitCode);
    const QString error = daemon->standardError();
    // A line of its own (info lines, such as the open-file limit, may come before it).
    const QString expected = QString(message).replace(u"%1"_s, directory);
    const QStringList lines = error.split(u'\n');
    QVERIFY2(std::any_of(lines.cbegin(), lines.cend(),
                 [&](const QString &line) { return line.startsWith(expected); }),
        qPrintable(error));
    QVERIFY2(!error.contains(u"listening on"_s), qPrintable(error));
    // Refused before the database was touched.
    QVERIFY(!QFile::exists(database));
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
