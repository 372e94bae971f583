#pragma once

#include <QObject>

#include <functional>

class QWidget;

namespace chat::desktop {

class DesktopSettings;

//! Closing the window from its title bar (a spontaneous close) hides it instead, while the
//! setting asks for it and a tray can bring it back; the app keeps running, signed in,
//! and notifies. Every other close (Quit from a menu, the sign-in dialog's Cancel, the
//! session ending) reaches the window's closeEvent as before. It watches the window as an
//! event filter, before the window's own closeEvent.
//!
//! While the window is hidden this way, QApplication::quitOnLastWindowClosed is off:
//! closing any other top-level window (a dialog without a parent) must not quit the app.
//! It is put back when the window shows again.
class CloseToTray : public QObject
{
    Q_OBJECT
public:
    //! `window` and `settings` must outlive this; `trayAvailable` says whether a tray is
    //! there now.
    CloseToTray(QWidget &window, const DesktopSettings &settings,
        std::function<bool()> trayAvailable, QObject *parent = nullptr);
    ~CloseToTray() override;

    //! The window is hidden in the tray (closed by the user, not quit).
    [[nodiscard]] bool isHiddenInTray() const { return m_hidden; }

Q_SIGNALS:
    //! The window was closed into the tray.
    void hiddenInTray();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget &m_window;
    const DesktopSettings &m_settings;
    std::function<bool()> m_trayAvailable;
    bool m_hidden = false;
    bool m_quitOnLastWindowClosed = true;
};

} // namespace chat::desktop
