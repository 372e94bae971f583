#pragma once

#include <desktop/closetotray.h>
#include <desktop/desktopnotifier.h>
#include <desktop/desktopsettings.h>
#include <desktop/launcherbadge.h>
#include <desktop/messagenotifier.h>
#include <desktop/trayicon.h>

#include <QObject>

#include <functional>
#include <memory>

class QAction;
class QMenu;
class QWidget;

namespace chat::client {
class ClientContext;
}

namespace chat::desktop {

//! What the platform offers DesktopIntegration; the defaults ask the real one.
struct DesktopEnvironment
{
    //! Whether a system tray is there now (QSystemTrayIcon::isSystemTrayAvailable).
    std::function<bool()> trayAvailable;
    //! Where notifications go; none: the freedesktop service if one runs on the session
    //! bus, else the tray's balloon.
    std::unique_ptr<DesktopNotifier> notifier;
    //! Send the launcher's count over the session bus.
    bool launcherBadge = true;
};

//! The app as a desktop citizen, wired to one window: notifications of new messages
//! (MessageNotifier through the desktop's notification service, else the tray's balloon),
//! the tray icon with the unread total and its menu, closing into the tray, and the count
//! on the launcher. main.cpp makes one beside the window and puts settingsMenu() in the
//! window's Chat menu; nothing else in the window knows about it.
class DesktopIntegration : public QObject
{
    Q_OBJECT
public:
    //! `context` and `window` must outlive this.
    DesktopIntegration(client::ClientContext &context, QWidget &window,
        DesktopEnvironment environment = {}, QObject *parent = nullptr);
    ~DesktopIntegration() override;

    [[nodiscard]] DesktopSettings &settings() { return m_settings; }
    [[nodiscard]] DesktopNotifier &notifier() { return *m_notifier; }
    [[nodiscard]] MessageNotifier &messages() { return m_messages; }
    [[nodiscard]] TrayIcon &tray() { return m_tray; }
    [[nodiscard]] CloseToTray &closeToTray() { return m_closeToTray; }
    //! "Notifications and Tray": Do Not Disturb, Hide Message Text in Notifications, Keep
    //! Running in the Tray When the Window Is Closed (owned here; for the window's menu).
    [[nodiscard]] QMenu *settingsMenu() const { return m_menu.get(); }
    [[nodiscard]] QAction *doNotDisturbAction() const { return m_doNotDisturb; }
    [[nodiscard]] QAction *hideMessageTextAction() const { return m_hideMessageText; }
    [[nodiscard]] QAction *keepRunningInTrayAction() const { return m_keepRunningInTray; }

    //! Shows the window (from the tray, or minimised) in front, and active.
    void showWindow();
    //! Opens a conversation in the window and brings the window forward (a notification
    //! was clicked).
    void openConversation(qint64 conversationId);
    //! Quits as the window's own Quit does: the window is closed first (its closeEvent
    //! saves what it saves and may ask), even while hidden in the tray.
    void quit();

private:
    //! Each action of the settings menu bound to its setting.
    void bindMenu();

    client::ClientContext &m_context;
    QWidget &m_window;
    std::function<bool()> m_trayAvailable;
    DesktopSettings m_settings;
    std::unique_ptr<QMenu> m_menu;
    QAction *m_doNotDisturb;
    QAction *m_hideMessageText;
    QAction *m_keepRunningInTray;
    TrayIcon m_tray;
    std::unique_ptr<DesktopNotifier> m_notifier;
    MessageNotifier m_messages;
    CloseToTray m_closeToTray;
    std::unique_ptr<LauncherBadge> m_launcher;
};

} // namespace chat::desktop
