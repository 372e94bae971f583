#pragma once

#include <desktop/desktopnotifier.h>

#include <QDBusConnection>
#include <QHash>

#include <optional>

namespace chat::desktop {

//! Notifications through the desktop's notification service (org.freedesktop.Notifications
//! on the session bus: GNOME, KDE, Xfce, dunst, mako…). A notification with a key already
//! shown is sent with that one's id as `replaces_id`, so the service updates it in place.
//! Clicking it (the "default" action) comes back as ActionInvoked, dismissing it as
//! NotificationClosed with reason 2.
class FreedesktopNotifier : public DesktopNotifier
{
    Q_OBJECT
public:
    //! Talks to the service on `bus` (a test gives a bus of its own).
    explicit FreedesktopNotifier(
        const QDBusConnection &bus = QDBusConnection::sessionBus(), QObject *parent = nullptr);

    //! Whether a notification service runs on `bus`, or the bus would start one.
    [[nodiscard]] static bool isServiceAvailable(const QDBusConnection &bus);
    //! The icon sent with each notification: the theme's "chat" when installed, else the
    //! compiled-in icon written once to a file the service can read.
    [[nodiscard]] static QString appIcon();

    void show(const Notification &notification) override;
    void close(const QString &key) override;

private Q_SLOTS:
    // Slots by name: QDBusConnection::connect takes no member-function pointer in Qt 6.4.
    void onActionInvoked(uint id, const QString &action);
    void onNotificationClosed(uint id, uint reason);

private:
    //! A key's notification: its id once the service has answered.
    struct Shown
    {
        uint id = 0;
        qint64 conversationId = 0;
        //! Notify is on its way: what comes meanwhile waits for its id.
        bool waiting = false;
        std::optional<Notification> next;
        bool closeWhenKnown = false;
    };

    void send(const QString &key, const Notification &notification);
    void onNotified(const QString &key, uint id);
    [[nodiscard]] QString keyOfId(uint id) const;

    QDBusConnection m_bus;
    QHash<QString, Shown> m_shown;
    //! Whether the service reads HTML in bodies (`body-markup`), so text must be escaped.
    bool m_markup = true;
};

} // namespace chat::desktop
