#pragma once

#include <desktop/desktopnotifier.h>

class QSystemTrayIcon;

namespace chat::desktop {

//! Notifications as the tray icon's balloon (QSystemTrayIcon::showMessage), where no
//! notification service runs. A balloon replaces the one before it, whatever its key, and
//! cannot be taken away: close() only forgets it.
class TrayMessageNotifier : public DesktopNotifier
{
    Q_OBJECT
public:
    //! `tray` must outlive the notifier.
    explicit TrayMessageNotifier(QSystemTrayIcon &tray, QObject *parent = nullptr);

    void show(const Notification &notification) override;
    void close(const QString &key) override;

private:
    QSystemTrayIcon &m_tray;
    //! The balloon showing (or shown last), which a click opens.
    Notification m_shown;
};

} // namespace chat::desktop
