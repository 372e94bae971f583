// A window that hosts the server (issue 11), offscreen: the status bar says where others
// join and how many are connected, Copy Invitation Link puts the address on the
// clipboard, and closing or quitting while others are connected asks first, with the
// number, and keeps everything running when the answer is Cancel.
#include <support/appinstance.h>
#include <support/restclient.h>
#include <support/timeouts.h>
#include <ui/hostingstatus.h>

#include <QApplication>
#include <QClipboard>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

//! Answers the next message box with the button whose text starts with `button`; its
//! text lands in `*text`. Delete what it returns to stop waiting for one.
QPointer<QTimer> answerNextBox(const QString &button, QString *text)
{
    auto *poll = new QTimer(qApp);
    poll->setInterval(10);
    QObject::connect(poll, &QTimer::timeout, poll, [poll, button, text] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        *text = box->text();
        for (QAbstractButton *candidate : box->buttons()) {
            if (candidate->text().remove(u'&').startsWith(button)) {
                candidate->click();
                break;
            }
        }
        poll->deleteLater();
    });
    poll->start();
    return poll;
}

} // namespace

class TestHostingWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_data;
    std::unique_ptr<AppInstance> m_app; //!< alice's app, hosting the server
    std::unique_ptr<ClientInstance> m_bob; //!< another machine, connected to it
    QUrl m_url;

    ui::HostingStatus *status() const { return m_app->window->hostingStatus(); }

private Q_SLOTS:
    void initTestCase() { useTestSettings(u"tst_hostingwindow"_s); }

    void init()
    {
        QSettings().clear();
        QVERIFY(m_data.isValid());
        m_app = std::make_unique<AppInstance>(u"alice"_s);
        const auto started = m_app->host->start(QHostAddress::LocalHost, 0,
            m_data.filePath(
                u"hosted-%1.sqlite3"_s.arg(QLatin1StringView(QTest::currentTestFunction()))));
        QVERIFY2(started, started ? "" : qPrintable(started.error().message));
        m_url = started.value();
        RestClient rest(m_url);
        m_app->rest = rest.signUp(u"alice"_s);
        const Session bob = rest.signUp(u"bob"_s);
        QVERIFY(m_app->show());
        QVERIFY(m_app->signInAndWait(m_url));
        m_bob = std::make_unique<ClientInstance>(u"bob"_s, bob);
    }

    void cleanup()
    {
        m_bob.reset();
        m_app.reset();
    }

    void statusSaysWhereAndHowMany()
    {
        QVERIFY(status()->isVisible());
        // Listening on loopback only: this computer is where one joins.
        QCOMPARE(m_app->host->shareableUrls(), QStringList { m_url.toString() });
        QVERIFY2(status()->text().contains(m_url.authority()), qPrintable(status()->text()));
        QCOMPARE(status()->othersConnected(), 0); // alice's own socket does not count

        m_bob->signIn(m_url);
        QTRY_COMPARE_WITH_TIMEOUT(status()->othersConnected(), 1, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(status()->text().contains(u"1 connected"_s), Timeout);
        m_bob->session->signOut();
        QTRY_COMPARE_WITH_TIMEOUT(status()->othersConnected(), 0, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(!status()->text().contains(u"connected"_s), Timeout);
    }

    void invitationLinkIsCopied()
    {
        QApplication::clipboard()->clear();
        status()->copyButton()->click();
        QCOMPARE(QApplication::clipboard()->text(), m_app->host->invitationLink());
        QCOMPARE(QApplication::clipboard()->text(), m_url.toString());
    }

    void lanAddressesNeverLoopback()
    {
        host::LocalServerHost everywhere;
        const auto started
            = everywhere.start(QHostAddress::Any, 0, m_data.filePath(u"everywhere.sqlite3"_s));
        QVERIFY(started);
        const QStringList urls = everywhere.shareableUrls();
        for (const QString &url : urls) {
            const QHostAddress address(QUrl(url).host());
            QVERIFY2(!address.isNull() && !address.isLoopback() && !address.isLinkLocal(),
                qPrintable(url));
            QCOMPARE(QUrl(url).port(), int(everywhere.port()));
        }
        QCOMPARE(everywhere.invitationLink(), urls.value(0));
    }

    void closingAsksWhileOthersAreConnected()
    {
        m_bob->signIn(m_url);
        QTRY_COMPARE_WITH_TIMEOUT(status()->othersConnected(), 1, Timeout);

        QString asked;
        answerNextBox(u"Cancel"_s, &asked);
        QVERIFY(!m_app->window->close());
        QCOMPARE(asked, u"1 other client is connected to the server this window hosts."_s);
        QVERIFY(m_app->window->isVisible());
        QVERIFY(m_app->host->isRunning());
        QVERIFY(m_bob->isOnline());

        answerNextBox(u"Stop Server"_s, &asked);
        QVERIFY(m_app->window->close());
        QVERIFY(!m_app->window->isVisible());
    }

    void quitAsksToo()
    {
        m_bob->signIn(m_url);
        QTRY_COMPARE_WITH_TIMEOUT(status()->othersConnected(), 1, Timeout);
        QString asked;
        answerNextBox(u"Cancel"_s, &asked);
        QVERIFY(!m_app->window->quit());
        QVERIFY(asked.startsWith(u"1 other client"_s));
        QVERIFY(m_app->window->isVisible());
    }

    void closingAsksNothingWhenAlone()
    {
        QCOMPARE(status()->othersConnected(), 0);
        QString asked;
        QPointer<QTimer> waiting = answerNextBox(u"Cancel"_s, &asked);
        QVERIFY(m_app->window->close());
        QVERIFY(!m_app->window->isVisible());
        QCOMPARE(asked, QString()); // nothing asked
        delete waiting;
    }
};

QTEST_MAIN(TestHostingWindow)
#include "tst_hostingwindow.moc"
