#include "closetotray.h"

#include <desktop/desktopsettings.h>

#include <QApplication>
#include <QCloseEvent>
#include <QWidget>

namespace chat::desktop {

CloseToTray::CloseToTray(QWidget &window, const DesktopSettings &settings,
    std::function<bool()> trayAvailable, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_settings(settings)
    , m_trayAvailable(std::move(trayAvailable))
{
    m_window.installEventFilter(this);
}

CloseToTray::~CloseToTray()
{
    m_window.removeEventFilter(this);
    if (m_hidden)
        QApplication::setQuitOnLastWindowClosed(m_quitOnLastWindowClosed);
}

bool CloseToTray::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != &m_window)
        return false;
    if (event->type() == QEvent::Show && m_hidden) {
        m_hidden = false;
        QApplication::setQuitOnLastWindowClosed(m_quitOnLastWindowClosed);
        return false;
    }
    // Spontaneous: from the window system (the title bar's ×, Alt+F4). QWidget::close(),
    // and so QApplication::quit(), sends one that is not.
    if (event->type() != QEvent::Close || !event->spontaneous() || !m_settings.keepRunningInTray()
        || !m_trayAvailable())
        return false;
    event->ignore();
    if (!m_hidden) {
        m_quitOnLastWindowClosed = QApplication::quitOnLastWindowClosed();
        QApplication::setQuitOnLastWindowClosed(false);
        m_hidden = true;
    }
    m_window.hide();
    Q_EMIT hiddenInTray();
    return true;
}

} // namespace chat::desktop
