// Chat ▸ Sessions… in the window, offscreen, against an in-process server: alice's window
// lists her sessions (its own marked, without a Sign Out), signs another out with its
// row's button (that token stops working), then all others with Sign Out All Others.
#include <support/appinstance.h>
#include <support/clientworldtest.h>
#include <support/timeouts.h>
#include <ui/sessionsdialog.h>

#include <QAction>
#include <QJsonObject>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class TestSessionsWindow : public test::ClientWorldTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::useTestSettings(u"tst_sessionswindow"_s); }

    void init()
    {
        QSettings().clear();
        startWithUsers();
    }

    void listsAndSignsOutSessions()
    {
        auto alice = std::make_unique<test::AppInstance>(u"alice"_s, m_alice);
        QVERIFY(alice->show());
        QVERIFY(alice->signInAndWait(m_fixture.url()));
        // A second session of alice's besides the fixture's (m_alice): her phone, say.
        const HttpReply login = m_fixture.rest().post(u"/login"_s,
            QJsonObject { { u"username"_s, u"alice"_s }, { u"password"_s, defaultPassword() } });
        QCOMPARE(login.status, 200);
        const Session phone { login.json.value(u"token"_s).toString(), {}, {} };

        QAction *action = nullptr;
        for (QAction *candidate : alice->window->menuBar()->findChildren<QAction *>()) {
            if (candidate->text() == u"S&essions…"_s)
                action = candidate;
        }
        QVERIFY(action);
        QVERIFY(action->isEnabled());
        action->trigger();
        auto *dialog = alice->window->findChild<ui::SessionsDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(dialog->list()->topLevelItemCount(), 3, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->list()->isEnabled(), Timeout);

        int own = -1;
        for (int row = 0; row < 3; ++row) {
            if (dialog->list()->topLevelItem(row)->text(0).endsWith(u"(this window)"_s))
                own = row;
        }
        QVERIFY(own >= 0);
        QVERIFY(dialog->list()->topLevelItem(own)->text(0).startsWith(u"Chat/"_s));
        QVERIFY(!dialog->signOutButton(own));
        QCOMPARE(dialog->list()->topLevelItem(own)->text(1), u"127.0.0.1"_s);

        // Sign out one of the others: the list shrinks, and one of the two tokens is dead.
        const int other = own == 0 ? 1 : 0;
        QVERIFY(dialog->signOutButton(other));
        QTest::mouseClick(dialog->signOutButton(other), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->list()->topLevelItemCount(), 2, Timeout);
        const int alive = (m_fixture.rest().get(u"/me"_s, m_alice.token).status == 200 ? 1 : 0)
            + (m_fixture.rest().get(u"/me"_s, phone.token).status == 200 ? 1 : 0);
        QCOMPARE(alive, 1);

        QTRY_VERIFY_WITH_TIMEOUT(dialog->signOutOthersButton()->isEnabled(), Timeout);
        QTest::mouseClick(dialog->signOutOthersButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->list()->topLevelItemCount(), 1, Timeout);
        QVERIFY(dialog->list()->topLevelItem(0)->text(0).endsWith(u"(this window)"_s));
        QVERIFY(!dialog->signOutOthersButton()->isEnabled());
        QCOMPARE(m_fixture.rest().get(u"/me"_s, m_alice.token).status, 401);
        QCOMPARE(m_fixture.rest().get(u"/me"_s, phone.token).status, 401);
        // The window's own session goes on.
        QVERIFY(alice->window->isVisible());
        dialog->reject();
    }
};

QTEST_MAIN(TestSessionsWindow)
#include "tst_sessionswindow.moc"
