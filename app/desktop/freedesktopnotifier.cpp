#include "freedesktopnotifier.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QIcon>
#include <QStandardPaths>

namespace chat::desktop {

using namespace Qt::StringLiterals;

namespace {

const QString Service = u"org.freedesktop.Notifications"_s;
const QString Path = u"/org/freedesktop/Notifications"_s;
const QString Interface = u"org.freedesktop.Notifications"_s;
const QString DefaultAction = u"default"_s;
//! NotificationClosed's reason when the user dismissed it.
constexpr uint DismissedByUser = 2;

QDBusMessage call(const QString &method)
{
    return QDBusMessage::createMethodCall(Service, Path, Interface, method);
}

} // namespace

FreedesktopNotifier::FreedesktopNotifier(const QDBusConnection &bus, QObject *parent)
    : DesktopNotifier(parent)
    , m_bus(bus)
{
    m_bus.connect(
        Service, Path, Interface, u"ActionInvoked"_s, this, SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(Service, Path, Interface, u"NotificationClosed"_s, this,
        SLOT(onNotificationClosed(uint, uint)));
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call(u"GetCapabilities"_s)), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
        [this](QDBusPendingCallWatcher *finished) {
            const QDBusPendingReply<QStringList> reply = *finished;
            if (reply.isValid())
                m_markup = reply.value().contains(u"body-markup"_s);
            finished->deleteLater();
        });
}

bool FreedesktopNotifier::isServiceAvailable(const QDBusConnection &bus)
{
    if (!bus.isConnected())
        return false;
    if (bus.interface()->isServiceRegistered(Service))
        return true;
    // Not running yet, but started on the first call (most desktops do it this way).
    const QDBusMessage reply = bus.call(QDBusMessage::createMethodCall(u"org.freedesktop.DBus"_s,
        u"/org/freedesktop/DBus"_s, u"org.freedesktop.DBus"_s, u"ListActivatableNames"_s));
    return reply.type() == QDBusMessage::ReplyMessage && !reply.arguments().isEmpty()
        && reply.arguments().constFirst().toStringList().contains(Service);
}

QString FreedesktopNotifier::appIcon()
{
    static const QString icon = [] {
        if (QIcon::hasThemeIcon(u"chat"_s))
            return u"chat"_s;
        const QString directory = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
        const QString path = directory + u"/chat.svg"_s;
        QFile::remove(path); // the copy of an older build
        if (!QDir().mkpath(directory) || !QFile::copy(u":/icons/chat.svg"_s, path))
            return QString();
        return path;
    }();
    return icon;
}

void FreedesktopNotifier::show(const Notification &notification)
{
    Shown &shown = m_shown[notification.key];
    shown.conversationId = notification.conversationId;
    shown.closeWhenKnown = false;
    if (shown.waiting) {
        shown.next = notification; // replaces the one shown once its id is known
        return;
    }
    send(notification.key, notification);
}

void FreedesktopNotifier::send(const QString &key, const Notification &notification)
{
    Shown &shown = m_shown[key];
    shown.waiting = true;
    QDBusMessage notify = call(u"Notify"_s);
    const QVariantMap hints { { u"desktop-entry"_s, u"chat"_s },
        { u"category"_s, u"im.received"_s } };
    notify << QGuiApplication::applicationDisplayName() << shown.id << appIcon()
           << notification.title
           << (m_markup ? notification.body.toHtmlEscaped() : notification.body)
           << QStringList { DefaultAction, tr("Open") } << hints << int(-1);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(notify), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
        [this, key](QDBusPendingCallWatcher *finished) {
            const QDBusPendingReply<uint> reply = *finished;
            onNotified(key, reply.isValid() ? reply.value() : 0);
            finished->deleteLater();
        });
}

void FreedesktopNotifier::onNotified(const QString &key, uint id)
{
    auto it = m_shown.find(key);
    if (it == m_shown.end())
        return;
    it->waiting = false;
    it->id = id;
    if (it->closeWhenKnown) {
        close(key);
    } else if (it->next) {
        const Notification next = *std::exchange(it->next, std::nullopt);
        send(key, next);
    }
}

void FreedesktopNotifier::close(const QString &key)
{
    auto it = m_shown.find(key);
    if (it == m_shown.end())
        return;
    if (it->waiting) {
        it->next.reset();
        it->closeWhenKnown = true;
        return;
    }
    if (it->id != 0) {
        QDBusMessage closing = call(u"CloseNotification"_s);
        closing << it->id;
        m_bus.asyncCall(closing);
    }
    m_shown.erase(it);
}

QString FreedesktopNotifier::keyOfId(uint id) const
{
    for (auto it = m_shown.cbegin(); it != m_shown.cend(); ++it) {
        if (it->id == id && id != 0)
            return it.key();
    }
    return {};
}

void FreedesktopNotifier::onActionInvoked(uint id, const QString &action)
{
    const QString key = keyOfId(id);
    if (key.isEmpty() || action != DefaultAction)
        return; // another application's notification
    Q_EMIT activated(m_shown.value(key).conversationId);
}

void FreedesktopNotifier::onNotificationClosed(uint id, uint reason)
{
    const QString key = keyOfId(id);
    if (key.isEmpty())
        return;
    // Gone: the next one of this key is a new notification, not a replacement.
    if (!m_shown.value(key).waiting)
        m_shown.remove(key);
    if (reason == DismissedByUser)
        Q_EMIT dismissed(key);
}

} // namespace chat::desktop
