#pragma once

#include <QDBusConnection>
#include <QDBusMessage>
#include <QString>

namespace chat::desktop {

//! The count on the app's launcher or dock icon, where the desktop shows one: the Unity
//! LauncherEntry signal (com.canonical.Unity.LauncherEntry.Update on the session bus),
//! which KDE's task manager, Dash to Dock and Ubuntu's dock honour. A signal nobody
//! listens to costs nothing, so it is sent wherever there is a session bus.
class LauncherBadge
{
public:
    //! `desktopFile`: the launcher's desktop file name ("chat.desktop").
    explicit LauncherBadge(
        const QString &desktopFile, const QDBusConnection &bus = QDBusConnection::sessionBus());

    //! Shows `count` on the launcher (hides it for 0); sends nothing when unchanged.
    void setCount(int count);

    //! The signal that sets `count` on the launcher of `desktopFile`.
    [[nodiscard]] static QDBusMessage updateMessage(const QString &desktopFile, int count);

private:
    QDBusConnection m_bus;
    QString m_desktopFile;
    int m_count = 0;
};

} // namespace chat::desktop
