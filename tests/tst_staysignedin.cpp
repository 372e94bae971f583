// Staying signed in (issue 11), offscreen against an in-process server: a restarted app on
// the same profile signs in by itself with the kept session and reopens the conversation
// that was open; Sign Out forgets the session here and revokes its token on the server;
// Cancel in the dialog after a sign-out keeps the window; a kept token the server no
// longer accepts ends in the dialog, not in a window that looks signed in. The keychain
// store runs with no keychain to reach, so sessions land in its fallback file.
#include <support/appinstance.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <ui/signindialog.h>

#include <QAction>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QMenuBar>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class TestStaySignedIn : public QObject
{
    Q_OBJECT

private:
    ServerFixture m_fixture;
    std::unique_ptr<QTemporaryDir> m_profile; //!< Outlives an app: a restart keeps it.
    std::unique_ptr<AppInstance> m_app;
    Session m_alice;
    qint64 m_withBob = 0;
    qint64 m_withCarol = 0;

    QString sessionFile() const { return QDir(m_profile->path()).filePath(u"session.json"_s); }

    //! A new app on the test's profile, shown, that signs in as main.cpp does at start.
    bool startApp()
    {
        m_app = std::make_unique<AppInstance>(u"alice"_s, m_alice, m_profile->path());
        if (!m_app->show())
            return false;
        m_app->window->signInAtStart(m_fixture.url(), {});
        return true;
    }

    bool dialogShown() const
    {
        return m_app->window->signInDialog() && m_app->window->signInDialog()->isVisible();
    }

    //! The Chat menu's action whose text starts with `text` (ampersands ignored).
    QAction *chatAction(const QString &text) const
    {
        const QList<QAction *> menus = m_app->window->menuBar()->actions();
        for (QAction *action : menus.first()->menu()->actions()) {
            if (action->text().remove(u'&').startsWith(text))
                return action;
        }
        return nullptr;
    }

    bool liveWithList(int conversations) const
    {
        return QTest::qWaitFor(
            [this, conversations] {
                return m_app->isOnline() && !m_app->client->conversationList().isFetching()
                    && m_app->conversations()->rowCount() == conversations;
            },
            Timeout);
    }

private Q_SLOTS:
    void initTestCase()
    {
        useTestSettings(u"tst_staysignedin"_s);
        // The app's own store: the keychain, here with no keychain to reach (no session
        // bus, no display to start one on), so the file it falls back to, as in CI; and
        // never the keychain of whoever runs the tests.
        qunsetenv("CHAT_CREDENTIALS");
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/tst_staysignedin-bus");
        qunsetenv("DISPLAY");
    }

    void init()
    {
        QSettings().clear();
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        m_alice = m_fixture.rest().signUp(u"alice"_s);
        m_fixture.rest().signUp(u"bob"_s);
        m_fixture.rest().signUp(u"carol"_s);
        m_withBob = m_fixture.rest().openConversation(m_alice.token, u"bob"_s);
        m_withCarol = m_fixture.rest().openConversation(m_alice.token, u"carol"_s);
        QVERIFY(m_withBob != 0 && m_withCarol != 0);
        m_profile = std::make_unique<QTemporaryDir>();
        QVERIFY(m_profile->isValid());
        QVERIFY(startApp());
    }

    void cleanup()
    {
        m_app.reset();
        m_profile.reset();
        m_fixture.stop();
    }

    void firstStartAsks()
    {
        QTRY_VERIFY_WITH_TIMEOUT(dialogShown(), Timeout);
        QVERIFY(!m_app->session->isSignedIn());
        QVERIFY(!QFile::exists(sessionFile()));
    }

    void restartedAppIsSignedInWithTheLastConversationOpen()
    {
        QTRY_VERIFY_WITH_TIMEOUT(dialogShown(), Timeout);
        QVERIFY(m_app->signInAndWait(m_fixture.url(), 2));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(sessionFile()), Timeout);
        // Only its owner may read the token.
        QCOMPARE(QFile::permissions(sessionFile())
                & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
                    | QFileDevice::WriteOther),
            QFileDevice::Permissions());
        QVERIFY(m_app->openByClick(u"carol"_s));
        const QString token = m_app->session->token();

        QVERIFY(startApp()); // the old app goes first, as a quit does
        QVERIFY(liveWithList(2));
        QCOMPARE(m_app->session->username(), u"alice"_s);
        QCOMPARE(m_app->session->token(), token); // the same session, no new sign-in
        QTRY_COMPARE_WITH_TIMEOUT(
            m_app->client->openConversation().conversationId(), m_withCarol, Timeout);
        QVERIFY(!dialogShown());
        QCOMPARE(m_app->window->windowTitle().startsWith(u"Chat"_s), true);
    }

    void signOutForgetsAndRevokes()
    {
        QTRY_VERIFY_WITH_TIMEOUT(dialogShown(), Timeout);
        m_app->window->signInDialog()->reject(); // Cancel at start closes the window...
        QTRY_VERIFY_WITH_TIMEOUT(!m_app->window->isVisible(), Timeout);
        QVERIFY(m_app->show()); // ...which this test opens again to go on
        QVERIFY(m_app->signInAndWait(m_fixture.url(), 2));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(sessionFile()), Timeout);
        const QString token = m_app->session->token();
        QCOMPARE(m_fixture.rest().get(u"/me"_s, token).status, 200);

        QAction *signOut = chatAction(u"Sign Out"_s);
        QVERIFY(signOut);
        signOut->trigger();
        QVERIFY(!m_app->session->isSignedIn());
        QVERIFY(!QFile::exists(sessionFile()));
        QTRY_COMPARE_WITH_TIMEOUT(m_fixture.rest().get(u"/me"_s, token).status, 401, Timeout);
        // The dialog is back for the same account, the focus where typing starts.
        QVERIFY(dialogShown());
        QCOMPARE(m_app->window->signInDialog()->usernameField()->text(), u"alice"_s);

        // Cancel now keeps the window, signed out, with a way back in.
        m_app->window->signInDialog()->reject();
        QVERIFY(!dialogShown());
        QVERIFY(m_app->window->isVisible());
        QAction *signIn = chatAction(u"Sign In"_s);
        QVERIFY(signIn);
        signIn->trigger();
        QVERIFY(dialogShown());

        // A restart after the sign-out asks again.
        QVERIFY(startApp());
        QTRY_VERIFY_WITH_TIMEOUT(dialogShown(), Timeout);
        QVERIFY(!m_app->session->isSignedIn());
    }

    void tokenNoLongerAcceptedAsksAgain()
    {
        QTRY_VERIFY_WITH_TIMEOUT(dialogShown(), Timeout);
        QVERIFY(m_app->signInAndWait(m_fixture.url(), 2));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(sessionFile()), Timeout);
        const QString token = m_app->session->token();
        m_app.reset();
        // Revoked elsewhere (another machine signed this session out) while the app was
        // not running.
        QCOMPARE(m_fixture.rest().post(u"/logout"_s, {}, token).status, 204);

        m_app = std::make_unique<AppInstance>(u"alice"_s, m_alice, m_profile->path());
        QVERIFY(m_app->show());
        m_app->window->signInAtStart(m_fixture.url(), {});
        // Signed in at once from the kept session, then refused when the socket
        // authenticates: the session is forgotten and the dialog says why.
        QTRY_VERIFY_WITH_TIMEOUT(dialogShown(), Timeout);
        QVERIFY(!m_app->session->isSignedIn());
        QVERIFY2(m_app->window->signInDialog()->errorText().contains(u"ended this session"_s),
            qPrintable(m_app->window->signInDialog()->errorText()));
        QVERIFY(!QFile::exists(sessionFile()));
        QVERIFY(m_app->window->isVisible());
    }

    void sessionForAnotherServerIsLeftAlone()
    {
        QTRY_VERIFY_WITH_TIMEOUT(dialogShown(), Timeout);
        QVERIFY(m_app->signInAndWait(m_fixture.url(), 2));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(sessionFile()), Timeout);

        m_app = std::make_unique<AppInstance>(u"alice"_s, m_alice, m_profile->path());
        QVERIFY(m_app->show());
        QUrl elsewhere = m_fixture.url();
        elsewhere.setHost(u"localhost"_s);
        m_app->window->signInAtStart(elsewhere, {});
        QTRY_VERIFY_WITH_TIMEOUT(dialogShown(), Timeout);
        QVERIFY(!m_app->session->isSignedIn());
        QVERIFY(QFile::exists(sessionFile())); // still the one for the other server
    }
};

QTEST_MAIN(TestStaySignedIn)
#include "tst_staysignedin.moc"
