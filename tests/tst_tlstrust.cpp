// The client's trust on first use for self-signed servers, through its own network layer
// (ChatSession: ApiClient for REST, LiveConnection for the WebSocket) against an
// in-process server with a throwaway certificate: TlsTrust's verdicts from its pin file;
// the first contact is refused and asks once, with the server's fingerprint; once pinned,
// REST and WSS work and a later run (the same profile) passes silently; a server on the
// same host:port with another certificate is refused on REST and on the socket, with
// both fingerprints named and the pin left as it was.
#include <client/network/chatsession.h>
#include <client/network/tlstrust.h>
#include <support/serverfixture.h>
#include <support/testcertificate.h>
#include <support/timeouts.h>

#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using client::ChatSession;
using client::TlsTrust;

class TestTlsTrust : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void verdictsFollowThePinFile();
    void namesAServerByHostAndPort_data();
    void namesAServerByHostAndPort();
    void firstContactAsksOnceThenPins();
    void pinnedCertificatePassesSilently();
    void changedCertificateIsRefused();

private:
    //! A server with `certificate` on `port` (0: a free one).
    bool startServer(const TestCertificate &certificate, quint16 port = 0);
    //! A ChatSession (one run of the app) on the test's profile directory.
    std::unique_ptr<ChatSession> newSession();
    //! Signs `username` in (registering first when asked); the error, if it failed.
    std::optional<Error> signIn(ChatSession &session, const QString &username,
        ChatSession::SignInMode mode = ChatSession::SignInMode::LogIn);

    std::unique_ptr<QTemporaryDir> m_profile;
    ServerFixture m_fixture;
};

void TestTlsTrust::initTestCase()
{
    QVERIFY2(QSslSocket::supportsSsl(), "this Qt has no TLS backend");
}

void TestTlsTrust::init()
{
    m_profile = std::make_unique<QTemporaryDir>();
    QVERIFY(m_profile->isValid());
}

void TestTlsTrust::cleanup()
{
    m_fixture.stop();
    m_profile.reset();
}

bool TestTlsTrust::startServer(const TestCertificate &certificate, quint16 port)
{
    return m_fixture.start([&](server::ServerConfig &config) {
        config.port = port;
        config.tls.certificatePath = certificate.certificatePath();
        config.tls.keyPath = certificate.keyPath();
    });
}

std::unique_ptr<ChatSession> TestTlsTrust::newSession()
{
    auto session = std::make_unique<ChatSession>();
    session->setProfileDirectory(m_profile->filePath(u"accounts"_s));
    return session;
}

std::optional<Error> TestTlsTrust::signIn(
    ChatSession &session, const QString &username, ChatSession::SignInMode mode)
{
    QSignalSpy failed(&session, &ChatSession::signInFailed);
    session.signIn(m_fixture.url(), username, defaultPassword(), mode);
    if (!QTest::qWaitFor([&] { return session.isSignedIn() || !failed.isEmpty(); }, Timeout))
        return Error { ErrorCode::NetworkError, u"(no answer)"_s };
    if (!failed.isEmpty())
        return failed.first().first().value<Error>();
    return std::nullopt;
}

void TestTlsTrust::verdictsFollowThePinFile()
{
    const TestCertificate one;
    const TestCertificate two;
    QVERIFY(one.isValid() && two.isValid());
    const QString file = m_profile->filePath(u"known-servers.ini"_s);
    const QString server = u"chat.example:8443"_s;
    {
        TlsTrust trust;
        trust.setPinFile(file);
        QCOMPARE(trust.verdict(server, one.certificate()), TlsTrust::Verdict::Unknown);
        QVERIFY(trust.pin(server, one.certificate()));
        QCOMPARE(trust.verdict(server, one.certificate()), TlsTrust::Verdict::Trusted);
        QCOMPARE(trust.verdict(server, two.certificate()), TlsTrust::Verdict::Changed);
        // A pin is for one host:port only.
        QCOMPARE(
            trust.verdict(u"chat.example:443"_s, one.certificate()), TlsTrust::Verdict::Unknown);
    }
    // Another run reads the same pins.
    TlsTrust trust;
    trust.setPinFile(file);
    QCOMPARE(trust.pinnedFingerprint(server), TlsTrust::fingerprint(one.certificate()));
    QCOMPARE(trust.verdict(server, one.certificate()), TlsTrust::Verdict::Trusted);
    trust.forget(server);
    QCOMPARE(trust.verdict(server, two.certificate()), TlsTrust::Verdict::Unknown);
    // Without a file nothing is pinned, and nothing can be.
    TlsTrust memoryless;
    QVERIFY(!memoryless.pin(server, one.certificate()));
    QCOMPARE(memoryless.verdict(server, one.certificate()), TlsTrust::Verdict::Unknown);
}

void TestTlsTrust::namesAServerByHostAndPort_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("hostPort");
    QTest::newRow("port given") << QUrl(u"https://127.0.0.1:8443"_s) << u"127.0.0.1:8443"_s;
    QTest::newRow("https default") << QUrl(u"https://Chat.Example"_s) << u"chat.example:443"_s;
    QTest::newRow("wss default") << QUrl(u"wss://chat.example/api/v1/ws"_s)
                                 << u"chat.example:443"_s;
    QTest::newRow("IPv6") << QUrl(u"https://[::1]:9000"_s) << u"[::1]:9000"_s;
}

void TestTlsTrust::namesAServerByHostAndPort()
{
    QFETCH(QUrl, url);
    QFETCH(QString, hostPort);
    QCOMPARE(TlsTrust::hostPort(url), hostPort);
}

void TestTlsTrust::firstContactAsksOnceThenPins()
{
    const TestCertificate certificate;
    QVERIFY2(certificate.isValid(), qPrintable(certificate.error()));
    QVERIFY2(startServer(certificate), qPrintable(m_fixture.error()));
    const QString hostPort = TlsTrust::hostPort(m_fixture.url());

    auto session = newSession();
    TlsTrust &trust = session->tlsTrust();
    QSignalSpy asked(&trust, &TlsTrust::confirmationNeeded);
    QSignalSpy changed(&trust, &TlsTrust::certificateChanged);

    // Refused until the user says yes: nothing reached the server.
    const auto refused = signIn(*session, u"alice"_s, ChatSession::SignInMode::Register);
    QVERIFY(refused);
    QCOMPARE(refused->code, ErrorCode::NetworkError);
    QVERIFY2(refused->message.contains(u"not trusted"_s), qPrintable(refused->message));
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.first().at(0).toString(), hostPort);
    const auto presented = asked.first().at(1).value<QSslCertificate>();
    QCOMPARE(TlsTrust::fingerprint(presented), TlsTrust::fingerprint(certificate.certificate()));
    QCOMPARE(trust.pendingCertificate(hostPort), presented);
    QVERIFY(!trust.pinnedFingerprint(hostPort));
    const auto alice = m_fixture.chatServer().store().userByName(u"alice"_s);
    QVERIFY(alice && !alice.value().has_value());

    // Asked once only, however often the client tries before the answer.
    QVERIFY(signIn(*session, u"alice"_s, ChatSession::SignInMode::Register));
    QCOMPARE(asked.size(), 1);

    // The user compared the fingerprint and said yes: REST and the socket both work.
    QVERIFY(trust.pin(hostPort, presented));
    const auto signedIn = signIn(*session, u"alice"_s, ChatSession::SignInMode::Register);
    QVERIFY2(!signedIn, qPrintable(signedIn ? signedIn->message : QString()));
    QTRY_COMPARE_WITH_TIMEOUT(
        session->connectionState(), ChatSession::ConnectionState::Online, Timeout);
    QCOMPARE(asked.size(), 1);
    QCOMPARE(changed.size(), 0);
}

void TestTlsTrust::pinnedCertificatePassesSilently()
{
    const TestCertificate certificate;
    QVERIFY2(certificate.isValid(), qPrintable(certificate.error()));
    QVERIFY2(startServer(certificate), qPrintable(m_fixture.error()));
    {
        // An earlier run pinned it.
        auto first = newSession();
        QVERIFY(
            first->tlsTrust().pin(TlsTrust::hostPort(m_fixture.url()), certificate.certificate()));
        QVERIFY(!signIn(*first, u"bob"_s, ChatSession::SignInMode::Register));
    }

    auto session = newSession();
    QSignalSpy asked(&session->tlsTrust(), &TlsTrust::confirmationNeeded);
    QSignalSpy changed(&session->tlsTrust(), &TlsTrust::certificateChanged);
    const auto failed = signIn(*session, u"bob"_s);
    QVERIFY2(!failed, qPrintable(failed ? failed->message : QString()));
    QTRY_COMPARE_WITH_TIMEOUT(
        session->connectionState(), ChatSession::ConnectionState::Online, Timeout);
    QCOMPARE(asked.size(), 0);
    QCOMPARE(changed.size(), 0);
}

void TestTlsTrust::changedCertificateIsRefused()
{
    const TestCertificate original(u"the real server"_s);
    const TestCertificate impostor(u"the real server"_s); // same name, another key
    QVERIFY(original.isValid() && impostor.isValid());
    QVERIFY2(startServer(original), qPrintable(m_fixture.error()));
    const QString hostPort = TlsTrust::hostPort(m_fixture.url());
    const quint16 port = m_fixture.chatServer().port();
    Session carol;
    {
        auto first = newSession();
        QVERIFY(first->tlsTrust().pin(hostPort, original.certificate()));
        QVERIFY(!signIn(*first, u"carol"_s, ChatSession::SignInMode::Register));
        carol = Session { first->token(), first->user(), {} };
        first->liveConnection().stop();
    }
    const QString pinned = TlsTrust::fingerprint(original.certificate());
    const QString presented = TlsTrust::fingerprint(impostor.certificate());

    // Another server answers on the same host:port, with a self-signed certificate of its own.
    m_fixture.stop();
    QVERIFY2(startServer(impostor, port), qPrintable(m_fixture.error()));
    QCOMPARE(TlsTrust::hostPort(m_fixture.url()), hostPort);

    // REST: refused, with both fingerprints named; the pin stays.
    auto session = newSession();
    QSignalSpy changed(&session->tlsTrust(), &TlsTrust::certificateChanged);
    QSignalSpy asked(&session->tlsTrust(), &TlsTrust::confirmationNeeded);
    const auto refused = signIn(*session, u"carol"_s);
    QVERIFY(refused);
    QVERIFY2(refused->message.contains(u"not trusted"_s), qPrintable(refused->message));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toString(), hostPort);
    QCOMPARE(changed.first().at(1).toString(), pinned);
    QCOMPARE(changed.first().at(2).toString(), presented);
    QCOMPARE(asked.size(), 0); // never offered as a first contact
    QCOMPARE(session->tlsTrust().pinnedFingerprint(hostPort), pinned);

    // The socket: a resumed session's WSS is refused the same way and never goes live.
    auto resumed = newSession();
    QSignalSpy socketChanged(&resumed->tlsTrust(), &TlsTrust::certificateChanged);
    resumed->resume(m_fixture.url(), carol.user, carol.token);
    QVERIFY(socketChanged.wait(Timeout));
    QCOMPARE(socketChanged.first().at(2).toString(), presented);
    QVERIFY(resumed->connectionState() != ChatSession::ConnectionState::Online);
    QCOMPARE(resumed->tlsTrust().pinnedFingerprint(hostPort), pinned);
}

QTEST_GUILESS_MAIN(TestTlsTrust)
#include "tst_tlstrust.moc"
