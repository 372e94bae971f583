// The hosting side of TLS: HostCertificate makes the app's self-signed certificate on
// first use, keeps it private (directory 0700, files 0600) and reuses it (the fingerprint
// others pinned stays), and makes a new one when the files are unusable; LocalServerHost
// with Transport::Tls serves https with it and shares https:// addresses.
#include <host/hostcertificate.h>
#include <host/localserverhost.h>
#include <server/tls/tlscredentials.h>
#include <support/restclient.h>

#include <QFile>
#include <QFileInfo>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using host::HostCertificate;

class TestHostCertificate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void makesAPrivateCertificateOnFirstUse();
    void keepsItAcrossRuns();
    void replacesUnusableFiles();
    void hostsOverTls();

private:
    QTemporaryDir m_data;
};

void TestHostCertificate::initTestCase()
{
    QVERIFY(QSslSocket::supportsSsl());
    QVERIFY(m_data.isValid());
    // The app's data location (where the default certificate goes) inside the test's.
    qputenv("XDG_DATA_HOME", m_data.filePath(u"xdg"_s).toLocal8Bit());
}

void TestHostCertificate::makesAPrivateCertificateOnFirstUse()
{
    const QString directory = m_data.filePath(u"first/tls"_s);
    const auto files = HostCertificate::ensure(
        directory, { u"localhost"_s, u"alice-laptop"_s }, { QHostAddress(u"192.168.7.9"_s) });
    QVERIFY2(files, qPrintable(files ? QString() : files.error().message));
    QVERIFY(files.value().generated);
    QVERIFY(!files.value().certificate.isNull());
    // Owner, group and others (QFileDevice's "User" bits repeat the owner's for us).
    constexpr int Bits = 0x7077;
    const auto owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    QCOMPARE(QFileInfo(files.value().keyPath).permissions() & Bits, owner);
    QCOMPARE(QFileInfo(files.value().certificatePath).permissions() & Bits, owner);
    QCOMPARE(QFileInfo(directory).permissions() & Bits, owner | QFileDevice::ExeOwner);
    const auto names = files.value().certificate.subjectAlternativeNames();
    QVERIFY(names.values(QSsl::DnsEntry).contains(u"alice-laptop"_s));
    QVERIFY(names.values(QSsl::IpAddressEntry).contains(u"192.168.7.9"_s));
    // About two years.
    QVERIFY(files.value().certificate.expiryDate() > QDateTime::currentDateTimeUtc().addDays(700));
    // The pair on disk is one a server accepts.
    QVERIFY(server::TlsCredentials::load(files.value().certificatePath, files.value().keyPath));
}

void TestHostCertificate::keepsItAcrossRuns()
{
    const QString directory = m_data.filePath(u"kept/tls"_s);
    const auto first = HostCertificate::ensure(directory, { u"localhost"_s }, {});
    QVERIFY(first && first.value().generated);
    const auto second = HostCertificate::ensure(directory, { u"localhost"_s }, {});
    QVERIFY(second);
    QVERIFY(!second.value().generated);
    QCOMPARE(second.value().certificate, first.value().certificate);
}

void TestHostCertificate::replacesUnusableFiles()
{
    const QString directory = m_data.filePath(u"broken/tls"_s);
    const auto first = HostCertificate::ensure(directory, { u"localhost"_s }, {});
    QVERIFY(first);
    QFile key(first.value().keyPath);
    QVERIFY(key.open(QIODevice::WriteOnly | QIODevice::Truncate));
    key.write("garbage");
    key.close();
    const auto second = HostCertificate::ensure(directory, { u"localhost"_s }, {});
    QVERIFY2(second, qPrintable(second ? QString() : second.error().message));
    QVERIFY(second.value().generated);
    QVERIFY(second.value().certificate != first.value().certificate);
    QVERIFY(server::TlsCredentials::load(second.value().certificatePath, second.value().keyPath));
}

void TestHostCertificate::hostsOverTls()
{
    host::LocalServerHost host;
    const auto started = host.start(QHostAddress(QHostAddress::LocalHost), 0,
        m_data.filePath(u"hosted/chat.sqlite3"_s), host::LocalServerHost::Transport::Tls);
    QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
    QCOMPARE(started.value().scheme(), u"https"_s);
    QVERIFY(!host.certificate().isNull());
    QVERIFY(host.shareableUrls().first().startsWith(u"https://"_s));
    // Made in the app's data location, and served.
    QVERIFY(QFile::exists(HostCertificate::defaultDirectory() + u"/key.pem"_s));
    QVERIFY(HostCertificate::defaultDirectory().startsWith(m_data.path()));
    RestClient rest(started.value());
    rest.trustCertificate(host.certificate());
    QCOMPARE(rest.requestAtRoot("GET", u"/healthz"_s).status, 200);
    host.stop();
    QVERIFY(host.certificate().isNull());
}

QTEST_GUILESS_MAIN(TestHostCertificate)
#include "tst_hostcertificate.moc"
