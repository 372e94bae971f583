// FreedesktopNotifier against a notification service of the test's own: a private
// dbus-daemon, and a fake org.freedesktop.Notifications registered on it that records
// each call and answers with increasing ids. Shows that a second notification of a key
// replaces the first (replaces_id), also when it is asked for before the first one's id
// came back; that a click (ActionInvoked "default") and a dismissal (NotificationClosed 2)
// come back as activated() and dismissed(); that close() closes by id; and that the text
// is escaped for a service that reads markup.
#include <desktop/freedesktopnotifier.h>
#include <support/timeouts.h>

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using desktop::FreedesktopNotifier;
using desktop::Notification;

namespace {

//! One Notify call as the service received it.
struct NotifyCall
{
    QString appName;
    uint replacesId = 0;
    QString appIcon;
    QString summary;
    QString body;
    QStringList actions;
    QVariantMap hints;
    int timeout = 0;
};

} // namespace

//! The notification service: records calls, answers ids 1, 2, 3…
class FakeNotificationService : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    QList<NotifyCall> notified;
    QList<uint> closed;
    uint lastId = 0;

public Q_SLOTS:
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon,
        const QString &summary, const QString &body, const QStringList &actions,
        const QVariantMap &hints, int timeout)
    {
        notified.append({ appName, replacesId, appIcon, summary, body, actions, hints, timeout });
        return replacesId != 0 ? replacesId : ++lastId;
    }
    void CloseNotification(uint id) { closed.append(id); }
    QStringList GetCapabilities() { return { u"body"_s, u"body-markup"_s, u"actions"_s }; }

Q_SIGNALS:
    void ActionInvoked(uint id, const QString &actionKey);
    void NotificationClosed(uint id, uint reason);
};

class TestFreedesktopNotifier : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_directory;
    QProcess m_daemon;
    QString m_address;
    std::unique_ptr<FakeNotificationService> m_service;

    QDBusConnection serviceBus() const { return QDBusConnection(u"service"_s); }
    QDBusConnection clientBus() const { return QDBusConnection(u"client"_s); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the icon's copy goes to a test cache
        const QString daemon = QStandardPaths::findExecutable(u"dbus-daemon"_s);
        if (daemon.isEmpty())
            QSKIP("dbus-daemon is not installed");
        // A bus of its own, with no service files: the machine's notification service
        // (dunst, say) must not be started by it, nor count as activatable.
        QVERIFY(m_directory.isValid());
        QFile config(m_directory.filePath(u"bus.conf"_s));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen>"
                     "<auth>EXTERNAL</auth><policy context=\"default\">"
                     "<allow send_destination=\"*\" eavesdrop=\"true\"/>"
                     "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>");
        config.close();
        m_daemon.start(daemon,
            { u"--config-file="_s + config.fileName(), u"--nofork"_s, u"--print-address"_s });
        QVERIFY(m_daemon.waitForStarted(Timeout));
        QVERIFY(m_daemon.waitForReadyRead(Timeout));
        m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
        QVERIFY(!m_address.isEmpty());
        QVERIFY(QDBusConnection::connectToBus(m_address, u"client"_s).isConnected());
        QVERIFY(!FreedesktopNotifier::isServiceAvailable(clientBus())); // none yet
    }

    void init()
    {
        m_service = std::make_unique<FakeNotificationService>();
        QDBusConnection bus = QDBusConnection::connectToBus(m_address, u"service"_s);
        QVERIFY(bus.isConnected());
        QVERIFY(bus.registerObject(u"/org/freedesktop/Notifications"_s, m_service.get(),
            QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllSignals));
        QVERIFY(bus.registerService(u"org.freedesktop.Notifications"_s));
    }

    void cleanup()
    {
        serviceBus().unregisterService(u"org.freedesktop.Notifications"_s);
        serviceBus().unregisterObject(u"/org/freedesktop/Notifications"_s);
        QDBusConnection::disconnectFromBus(u"service"_s);
        m_service.reset();
    }

    void cleanupTestCase()
    {
        QDBusConnection::disconnectFromBus(u"client"_s);
        m_daemon.kill();
        m_daemon.waitForFinished();
    }

    void serviceIsFound() { QVERIFY(FreedesktopNotifier::isServiceAvailable(clientBus())); }

    // The second of a key replaces the first; another key is a notification of its own.
    void sameKeyReplacesInPlace()
    {
        FreedesktopNotifier notifier(clientBus());
        notifier.show({ .key = u"c-1"_s, .title = u"bob"_s, .body = u"hi"_s, .conversationId = 1 });
        QTRY_COMPARE_WITH_TIMEOUT(m_service->notified.size(), 1, Timeout);
        const NotifyCall first = m_service->notified.constFirst();
        QCOMPARE(first.replacesId, 0u);
        QCOMPARE(first.summary, u"bob"_s);
        QCOMPARE(first.body, u"hi"_s);
        QVERIFY(first.actions.contains(u"default"_s));
        QCOMPARE(first.hints.value(u"desktop-entry"_s).toString(), u"chat"_s);
        QCOMPARE(first.hints.value(u"category"_s).toString(), u"im.received"_s);
        QCOMPARE(first.timeout, -1);
        // The theme's icon where installed, else the compiled-in one copied to a file.
        QVERIFY2(
            first.appIcon == u"chat"_s || QFile::exists(first.appIcon), qPrintable(first.appIcon));

        // Asked for at once, before the service answered the first: it waits for the id.
        notifier.show({ .key = u"c-1"_s,
            .title = u"bob"_s,
            .body = u"2 new messages\nyo"_s,
            .conversationId = 1 });
        notifier.show(
            { .key = u"c-2"_s, .title = u"carol"_s, .body = u"<b>&"_s, .conversationId = 2 });
        QTRY_COMPARE_WITH_TIMEOUT(m_service->notified.size(), 3, Timeout);
        const auto callFor = [this](const QString &summary) {
            for (const NotifyCall &call : std::as_const(m_service->notified).mid(1)) {
                if (call.summary == summary)
                    return call;
            }
            return NotifyCall {};
        };
        QCOMPARE(callFor(u"bob"_s).replacesId, 1u);
        QCOMPARE(callFor(u"bob"_s).body, u"2 new messages\nyo"_s);
        QCOMPARE(callFor(u"carol"_s).replacesId, 0u);
        QCOMPARE(callFor(u"carol"_s).body, u"&lt;b&gt;&amp;"_s); // the service reads markup
    }

    // A click comes back as the conversation to open; a dismissal as its key, after which
    // the key's next notification is a new one.
    void clickAndDismissal()
    {
        FreedesktopNotifier notifier(clientBus());
        QSignalSpy activated(&notifier, &FreedesktopNotifier::activated);
        QSignalSpy dismissed(&notifier, &FreedesktopNotifier::dismissed);
        notifier.show({ .key = u"c-5"_s, .title = u"bob"_s, .body = u"hi"_s, .conversationId = 5 });
        QTRY_COMPARE_WITH_TIMEOUT(m_service->notified.size(), 1, Timeout);
        const uint id = m_service->lastId;

        Q_EMIT m_service->ActionInvoked(id + 100, u"default"_s); // another app's
        Q_EMIT m_service->ActionInvoked(id, u"default"_s);
        QVERIFY(activated.wait(Timeout));
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.constFirst().constFirst().toLongLong(), 5);

        Q_EMIT m_service->NotificationClosed(id, 2);
        QVERIFY(dismissed.wait(Timeout));
        QCOMPARE(dismissed.constFirst().constFirst().toString(), u"c-5"_s);
        notifier.show(
            { .key = u"c-5"_s, .title = u"bob"_s, .body = u"again"_s, .conversationId = 5 });
        QTRY_COMPARE_WITH_TIMEOUT(m_service->notified.size(), 2, Timeout);
        QCOMPARE(m_service->notified.constLast().replacesId, 0u);
    }

    // close() takes the key's notification away by its id; closing again does nothing.
    void closeById()
    {
        FreedesktopNotifier notifier(clientBus());
        notifier.show({ .key = u"c-9"_s, .title = u"bob"_s, .body = u"hi"_s, .conversationId = 9 });
        notifier.close(u"c-9"_s); // before the id came back: closed once it does
        QTRY_COMPARE_WITH_TIMEOUT(m_service->closed.size(), 1, Timeout);
        QCOMPARE(m_service->closed.constFirst(), m_service->lastId);
        notifier.close(u"c-9"_s);
        notifier.show({ .key = u"c-10"_s, .title = u"x"_s, .body = u"y"_s, .conversationId = 10 });
        QTRY_COMPARE_WITH_TIMEOUT(m_service->notified.size(), 2, Timeout);
        QCOMPARE(m_service->closed.size(), 1);
    }
};

QTEST_MAIN(TestFreedesktopNotifier)
#include "tst_freedesktopnotifier.moc"
