#pragma once

#include <QIcon>
#include <QObject>
#include <QSystemTrayIcon>

#include <memory>

class QAction;
class QMenu;

namespace chat::desktop {

//! The icon in the system tray: the app's icon with the unread total painted on it, a
//! tooltip saying it, and a menu: Open Chat, Do Not Disturb, Quit. A click on the icon
//! opens the window too. It only asks (openRequested, quitRequested): DesktopIntegration
//! knows the window.
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    //! `doNotDisturb` is the checkable action the window's menu shows too.
    explicit TrayIcon(QAction *doNotDisturb, QObject *parent = nullptr);
    ~TrayIcon() override;

    //! The total of unread messages: the badge and the tooltip.
    void setUnread(int total);
    [[nodiscard]] int unread() const { return m_unread; }

    [[nodiscard]] QSystemTrayIcon &icon() { return m_icon; }
    [[nodiscard]] QMenu *menu() const { return m_menu.get(); }
    [[nodiscard]] QAction *openAction() const { return m_open; }
    [[nodiscard]] QAction *quitAction() const { return m_quit; }
    //! The app's icon, without a badge.
    [[nodiscard]] static QIcon appIcon();

Q_SIGNALS:
    void openRequested();
    void quitRequested();

private:
    void update();

    std::unique_ptr<QMenu> m_menu;
    QSystemTrayIcon m_icon;
    QAction *m_doNotDisturb;
    QAction *m_open;
    QAction *m_quit;
    int m_unread = 0;
};

} // namespace chat::desktop
