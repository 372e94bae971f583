#pragma once

#include <QObject>

namespace chat::desktop {

//! The user's choices about how the app behaves on the desktop, kept in QSettings: "Do not
//! disturb" (no notification at all), hiding message text in notifications (someone may
//! be looking at the screen), and whether closing the window leaves the app running in
//! the tray. One object, so the tray's menu and the window's menu show the same state.
class DesktopSettings : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool doNotDisturb READ doNotDisturb WRITE setDoNotDisturb NOTIFY doNotDisturbChanged)
    Q_PROPERTY(bool hideMessageText READ hideMessageText WRITE setHideMessageText NOTIFY
            hideMessageTextChanged)
    Q_PROPERTY(bool keepRunningInTray READ keepRunningInTray WRITE setKeepRunningInTray NOTIFY
            keepRunningInTrayChanged)
public:
    //! `trayExists`: the default of keepRunningInTray() (never set yet): on where a tray
    //! can bring the window back, off where closing would leave nothing to click.
    explicit DesktopSettings(bool trayExists, QObject *parent = nullptr);

    [[nodiscard]] bool doNotDisturb() const { return m_doNotDisturb; }
    void setDoNotDisturb(bool on);
    [[nodiscard]] bool hideMessageText() const { return m_hideMessageText; }
    void setHideMessageText(bool on);
    [[nodiscard]] bool keepRunningInTray() const { return m_keepRunningInTray; }
    void setKeepRunningInTray(bool on);

Q_SIGNALS:
    void doNotDisturbChanged(bool on);
    void hideMessageTextChanged(bool on);
    void keepRunningInTrayChanged(bool on);

private:
    bool m_doNotDisturb = false;
    bool m_hideMessageText = false;
    bool m_keepRunningInTray = true;
};

} // namespace chat::desktop
