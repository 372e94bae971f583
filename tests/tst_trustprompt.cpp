// The window's side of trust on first use, offscreen: a first contact that TlsTrust refuses
// opens one TrustPrompt showing the server and its fingerprint; Trust pins it and retries,
// Cancel pins nothing; a changed certificate brings up the modal warning naming both
// fingerprints.
#include <client/network/tlstrust.h>
#include <support/testcertificate.h>
#include <support/timeouts.h>
#include <ui/servertrustguard.h>
#include <ui/trustprompt.h>

#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using client::TlsTrust;
using ui::ServerTrustGuard;
using ui::TrustPrompt;

class TestTrustPrompt : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void trustPinsAndRetries();
    void cancelPinsNothing();
    void changedCertificateWarnsWithBothFingerprints();

private:
    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<QWidget> m_window;
    std::unique_ptr<TlsTrust> m_trust;
    TestCertificate m_certificate;
    const QString m_server = u"192.168.7.9:8420"_s;
};

void TestTrustPrompt::init()
{
    QVERIFY(m_certificate.isValid());
    m_directory = std::make_unique<QTemporaryDir>();
    m_window = std::make_unique<QWidget>();
    m_window->show();
    m_trust = std::make_unique<TlsTrust>();
    m_trust->setPinFile(m_directory->filePath(u"known-servers.ini"_s));
}

void TestTrustPrompt::cleanup()
{
    m_window.reset();
    m_trust.reset();
    m_directory.reset();
}

void TestTrustPrompt::trustPinsAndRetries()
{
    int retries = 0;
    ServerTrustGuard guard(*m_trust, m_window.get(), [&retries] { ++retries; });
    QVERIFY(!m_trust->acceptDespiteErrors(m_server, {}, m_certificate.certificate()));
    QTRY_VERIFY(guard.prompt() != nullptr);
    TrustPrompt *prompt = guard.prompt();
    QCOMPARE(prompt->hostPort(), m_server);
    QCOMPARE(prompt->fingerprintLabel()->text().remove(u'\n'),
        TlsTrust::fingerprint(m_certificate.certificate()));
    QVERIFY(prompt->isVisible());
    QVERIFY(!prompt->trustButton()->isDefault()); // Enter does not trust by accident
    // Asked once: another refusal of the same certificate opens nothing more.
    QVERIFY(!m_trust->acceptDespiteErrors(m_server, {}, m_certificate.certificate()));
    QCOMPARE(m_window->findChildren<TrustPrompt *>().size(), 1);

    QTest::mouseClick(prompt->trustButton(), Qt::LeftButton);
    QCOMPARE(retries, 1);
    QCOMPARE(m_trust->verdict(m_server, m_certificate.certificate()), TlsTrust::Verdict::Trusted);
    QTRY_VERIFY(guard.prompt() == nullptr);
}

void TestTrustPrompt::cancelPinsNothing()
{
    int retries = 0;
    ServerTrustGuard guard(*m_trust, m_window.get(), [&retries] { ++retries; });
    QVERIFY(!m_trust->acceptDespiteErrors(m_server, {}, m_certificate.certificate()));
    QTRY_VERIFY(guard.prompt() != nullptr);
    guard.prompt()->reject();
    QCOMPARE(retries, 0);
    QVERIFY(!m_trust->pinnedFingerprint(m_server));
}

void TestTrustPrompt::changedCertificateWarnsWithBothFingerprints()
{
    const TestCertificate other;
    QVERIFY(other.isValid());
    QVERIFY(m_trust->pin(m_server, m_certificate.certificate()));
    ServerTrustGuard guard(*m_trust, m_window.get(), [] {});
    QString shown;
    // The warning is modal (exec): read and close it from inside its loop.
    QTimer poll;
    connect(&poll, &QTimer::timeout, this, [&shown] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            shown = box->text();
            box->close();
        }
    });
    poll.start(20);
    QVERIFY(!m_trust->acceptDespiteErrors(m_server, {}, other.certificate()));
    QTRY_VERIFY(!shown.isEmpty());
    QVERIFY2(shown.contains(u"CHANGED"_s), qPrintable(shown));
    QVERIFY(shown.contains(m_server));
    QVERIFY(shown.contains(TlsTrust::fingerprint(m_certificate.certificate())));
    QVERIFY(shown.contains(TlsTrust::fingerprint(other.certificate())));
    QVERIFY(guard.prompt() == nullptr); // never offered as a first contact
    QCOMPARE(
        m_trust->pinnedFingerprint(m_server), TlsTrust::fingerprint(m_certificate.certificate()));
}

QTEST_MAIN(TestTrustPrompt)
#include "tst_trustprompt.moc"
