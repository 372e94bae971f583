// The tray and closing into it (issue 11), offscreen (the desktop part is told a tray
// exists): the icon's badge and tooltip follow the unread total, its menu opens the
// window, toggles "Do not disturb" and quits; closing the window from its title bar hides
// it and keeps the app running, even when another window closes meanwhile; Quit from the
// tray closes the window the way the window's own Quit does. Also the settings in the
// window's Chat menu and the launcher's count signal.
#include <desktop/badgeicon.h>
#include <desktop/launcherbadge.h>
#include <support/clientworldtest.h>
#include <support/desktopinstance.h>
#include <support/timeouts.h>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QTest>
#include <QTimer>
#include <QtTest/qtestspontaneevent.h>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

//! How many pixels of `image` are the badge's colour.
int badgePixels(const QImage &image)
{
    int count = 0;
    const QColor badge = desktop::badgeColor();
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (pixel.alpha() > 200 && std::abs(pixel.red() - badge.red()) < 8
                && std::abs(pixel.green() - badge.green()) < 8
                && std::abs(pixel.blue() - badge.blue()) < 8)
                ++count;
        }
    }
    return count;
}

QImage trayImage(DesktopInstance &app)
{
    return app.desktop->tray().icon().icon().pixmap(32, 32).toImage();
}

//! The title bar's ×: a close event from the window system (spontaneous), as the window
//! manager sends it, through the window's QWindow as Qt delivers it.
void closeFromTitleBar(QWidget *window)
{
    QCloseEvent close;
    QSpontaneKeyEvent::setSpontaneous(&close);
    QCoreApplication::sendEvent(window->windowHandle(), &close);
}

//! The texts of the menu's actions, separators left out.
QStringList actionTexts(const QMenu *menu)
{
    QStringList texts;
    for (const QAction *action : menu->actions()) {
        if (!action->isSeparator())
            texts << action->text();
    }
    return texts;
}

//! Counts the requests to quit the application (QEvent::Quit) while it lives, and stops
//! them.
struct QuitWatcher : QObject
{
    QuitWatcher() { qApp->installEventFilter(this); }
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched != qApp || event->type() != QEvent::Quit)
            return false;
        ++asked;
        return true;
    }
    int asked = 0;
};

} // namespace

class TestTray : public test::ClientWorldTest
{
    Q_OBJECT

private:
    std::unique_ptr<DesktopInstance> startAlice()
    {
        return DesktopInstance::signedIn(u"alice"_s, m_alice, m_fixture.url());
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::useTestSettings(u"tst_tray"_s);
        QGuiApplication::setApplicationDisplayName(u"Chat"_s);
    }

    void init()
    {
        QSettings().clear();
        QApplication::setQuitOnLastWindowClosed(true);
        startWithUsers();
    }

    void badge()
    {
        QCOMPARE(desktop::badgeText(0), QString());
        QCOMPARE(desktop::badgeText(7), u"7"_s);
        QCOMPARE(desktop::badgeText(99), u"99"_s);
        QCOMPARE(desktop::badgeText(120), u"99+"_s);
        const QIcon icon(u":/icons/chat.svg"_s);
        QVERIFY(!icon.isNull()); // the compiled-in icon, as the app has it
        const QImage plain = desktop::pixmapWithBadge(icon, 0, 32).toImage();
        QCOMPARE(badgePixels(plain), 0);
        QCOMPARE(plain, icon.pixmap(32, 32).toImage());
        for (const int count : { 3, 42, 120 }) {
            const QImage badged = desktop::pixmapWithBadge(icon, count, 32).toImage();
            QVERIFY2(badgePixels(badged) > 30, qPrintable(QString::number(count)));
            // The disc sits at the bottom right; the top left is the icon as it was.
            QCOMPARE(badged.pixelColor(8, 8), plain.pixelColor(8, 8));
        }
    }

    // Bob's messages while alice's window is in the background: the badge appears with
    // the count, the tooltip says it; alice reads them, and both clear.
    void trayFollowsTheUnreadTotal()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        desktop::TrayIcon &tray = alice->desktop->tray();
        QCOMPARE(tray.unread(), 0);
        QCOMPARE(tray.icon().toolTip(), u"Chat"_s);
        QCOMPARE(badgePixels(trayImage(*alice)), 0);

        QWidget other;
        other.resize(200, 100);
        other.show();
        other.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&other, Timeout));
        const qint64 conversation = m_fixture.rest().openConversation(m_bob.token, u"alice"_s);
        for (const QString &text : { u"one"_s, u"two"_s })
            QCOMPARE(
                m_fixture.rest().sendMessage(m_bob.token, conversation, text, text).status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(tray.unread(), 2, Timeout);
        QCOMPARE(tray.icon().toolTip(), u"Chat — 2 unread messages"_s);
        QVERIFY(badgePixels(trayImage(*alice)) > 30);

        alice->desktop->doNotDisturbAction()->setChecked(true);
        QCOMPARE(tray.icon().toolTip(), u"Chat — 2 unread messages\nDo not disturb"_s);
        alice->desktop->doNotDisturbAction()->setChecked(false);

        alice->window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(alice->window.get(), Timeout));
        QVERIFY(alice->openByClick(u"bob"_s));
        QTRY_COMPARE_WITH_TIMEOUT(tray.unread(), 0, Timeout);
        QCOMPARE(tray.icon().toolTip(), u"Chat"_s);
        QCOMPARE(badgePixels(trayImage(*alice)), 0);
    }

    // Open Chat, Do Not Disturb (checkable, the window's own), Quit; Open Chat brings the
    // hidden window back, active.
    void trayMenu()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        desktop::TrayIcon &tray = alice->desktop->tray();
        QCOMPARE(tray.icon().contextMenu(), tray.menu());
        QCOMPARE(actionTexts(tray.menu()),
            QStringList({ u"&Open Chat"_s, u"&Do Not Disturb"_s, u"&Quit"_s }));
        QAction *doNotDisturb = tray.menu()->actions().at(1);
        QVERIFY(doNotDisturb->isCheckable());
        QCOMPARE(doNotDisturb, alice->desktop->doNotDisturbAction());
        QVERIFY(!doNotDisturb->isChecked());
        doNotDisturb->trigger();
        QVERIFY(alice->desktop->settings().doNotDisturb());
        QCOMPARE(QSettings().value(u"desktop/doNotDisturb"_s).toBool(), true);

        alice->window->hide();
        tray.openAction()->trigger();
        QVERIFY(alice->window->isVisible());
        QVERIFY(QTest::qWaitForWindowActive(alice->window.get(), Timeout));
        // A click on the icon does the same.
        alice->window->hide();
        Q_EMIT tray.icon().activated(QSystemTrayIcon::Trigger);
        QVERIFY(alice->window->isVisible());
    }

    // Chat ▸ Notifications and Tray holds the three settings; keeping the app in the tray
    // is on by default where a tray exists, and each choice is kept.
    void settingsInTheWindowMenu()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        QMenu *chatMenu = alice->window->menuBar()->actions().constFirst()->menu();
        QVERIFY(chatMenu);
        QVERIFY(chatMenu->actions().contains(alice->desktop->settingsMenu()->menuAction()));
        QCOMPARE(actionTexts(alice->desktop->settingsMenu()),
            QStringList({ u"&Do Not Disturb"_s, u"&Hide Message Text in Notifications"_s,
                u"&Keep Running in the Tray When the Window Is Closed"_s }));
        QAction *keep = alice->desktop->keepRunningInTrayAction();
        QVERIFY(keep->isEnabled());
        QVERIFY(keep->isChecked());
        QVERIFY(alice->desktop->settings().keepRunningInTray());
        keep->trigger();
        QVERIFY(!alice->desktop->settings().keepRunningInTray());
        QCOMPARE(QSettings().value(u"desktop/keepRunningInTray"_s).toBool(), false);
        alice->desktop->hideMessageTextAction()->trigger();
        QCOMPARE(QSettings().value(u"desktop/hideMessageText"_s).toBool(), true);
        // Read back by the next start.
        desktop::DesktopSettings again(true);
        QVERIFY(!again.keepRunningInTray());
        QVERIFY(again.hideMessageText());
        QVERIFY(!again.doNotDisturb());
    }

    // Without a tray there is nothing to come back from: the setting is off and greyed.
    void noTrayNoKeeping()
    {
        AppInstance alice(u"alice"_s, m_alice);
        desktop::DesktopIntegration integration(*alice.client, *alice.window,
            { .trayAvailable = [] { return false; },
                .notifier = std::make_unique<RecordingNotifier>(),
                .launcherBadge = false });
        QVERIFY(!integration.settings().keepRunningInTray());
        QVERIFY(!integration.keepRunningInTrayAction()->isEnabled());
        QVERIFY(alice.show());
        closeFromTitleBar(alice.window.get());
        QVERIFY(!alice.window->isVisible());
        QVERIFY(!integration.closeToTray().isHiddenInTray());
        QVERIFY(QSettings().contains(u"window/geometry"_s)); // the window's closeEvent ran
    }

    // The title bar's ×: the window hides (its closeEvent does not run: no goodbye, the
    // server it hosts keeps serving) and the app goes on, signed in; a dialog without a
    // parent closing meanwhile does not quit it. Open Chat brings the window back.
    void closeKeepsTheAppInTheTray()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        QVERIFY(QApplication::quitOnLastWindowClosed());
        closeFromTitleBar(alice->window.get());
        QVERIFY(!alice->window->isVisible());
        QVERIFY(alice->desktop->closeToTray().isHiddenInTray());
        QVERIFY(!QSettings().contains(u"window/geometry"_s));
        QVERIFY(alice->session->isSignedIn());

        // Inside exec(), as in the app: the quit Qt would ask for when the last window
        // closes is caught (and swallowed) on its way.
        QuitWatcher quits;
        QWidget orphan;
        orphan.show();
        QVERIFY(QTest::qWaitForWindowExposed(&orphan));
        QTimer::singleShot(0, &orphan, [&orphan] {
            orphan.close();
            QTimer::singleShot(0, [] { QApplication::exit(42); });
        });
        QCOMPARE(QApplication::exec(), 42);
        QCOMPARE(quits.asked, 0);
        QVERIFY(alice->isOnline());

        alice->desktop->tray().openAction()->trigger();
        QVERIFY(alice->window->isVisible());
        QVERIFY(!alice->desktop->closeToTray().isHiddenInTray());
        QVERIFY(QApplication::quitOnLastWindowClosed());
        // Closed by the program (not the title bar), it closes for real.
        QVERIFY(alice->window->close());
        QVERIFY(!alice->desktop->closeToTray().isHiddenInTray());
        QVERIFY(QSettings().contains(u"window/geometry"_s));
    }

    // Quit from the tray while the window is hidden there: the window is closed (its
    // closeEvent saves the geometry) and the application quits.
    void quitFromTheTray()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        closeFromTitleBar(alice->window.get());
        QVERIFY(alice->desktop->closeToTray().isHiddenInTray());
        QTimer::singleShot(
            0, alice->desktop.get(), [&alice] { alice->desktop->tray().quitAction()->trigger(); });
        QTimer guard; // only if quitting failed
        guard.setSingleShot(true);
        connect(&guard, &QTimer::timeout, [] { QApplication::exit(42); });
        guard.start(Timeout);
        QCOMPARE(QApplication::exec(), 0);
        QVERIFY(QSettings().contains(u"window/geometry"_s));
        QVERIFY(!alice->window->isVisible());
    }

    // The launcher's count: Update for application://chat.desktop with count and
    // count-visible.
    void launcherSignal()
    {
        const QDBusMessage update = desktop::LauncherBadge::updateMessage(u"chat.desktop"_s, 5);
        QCOMPARE(update.type(), QDBusMessage::SignalMessage);
        QCOMPARE(update.interface(), u"com.canonical.Unity.LauncherEntry"_s);
        QCOMPARE(update.member(), u"Update"_s);
        QCOMPARE(update.arguments().size(), 2);
        QCOMPARE(update.arguments().at(0).toString(), u"application://chat.desktop"_s);
        const QVariantMap properties = update.arguments().at(1).toMap();
        QCOMPARE(properties.value(u"count"_s).toLongLong(), 5);
        QCOMPARE(properties.value(u"count-visible"_s).toBool(), true);
        const QVariantMap none
            = desktop::LauncherBadge::updateMessage(u"chat.desktop"_s, 0).arguments().at(1).toMap();
        QCOMPARE(none.value(u"count-visible"_s).toBool(), false);
    }
};

QTEST_MAIN(TestTray)
#include "tst_tray.moc"
