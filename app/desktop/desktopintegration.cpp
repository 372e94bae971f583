#include "desktopintegration.h"

#include <client/clientcontext.h>
#include <desktop/desktopnotifier.h>
#include <desktop/freedesktopnotifier.h>
#include <desktop/traymessagenotifier.h>

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

namespace chat::desktop {

using namespace Qt::StringLiterals;

namespace {

std::function<bool()> trayCheck(std::function<bool()> given)
{
    if (given)
        return given;
    return [] {
        return QSystemTrayIcon::isSystemTrayAvailable();
    };
}

std::unique_ptr<DesktopNotifier> notifierFor(
    std::unique_ptr<DesktopNotifier> given, QSystemTrayIcon &tray)
{
    if (given)
        return given;
    if (FreedesktopNotifier::isServiceAvailable(QDBusConnection::sessionBus()))
        return std::make_unique<FreedesktopNotifier>();
    return std::make_unique<TrayMessageNotifier>(tray);
}

} // namespace

DesktopIntegration::DesktopIntegration(client::ClientContext &context, QWidget &window,
    DesktopEnvironment environment, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_window(window)
    , m_trayAvailable(trayCheck(std::move(environment.trayAvailable)))
    , m_settings(m_trayAvailable())
    , m_menu(std::make_unique<QMenu>(tr("Notifications and &Tray")))
    , m_doNotDisturb(m_menu->addAction(tr("&Do Not Disturb")))
    , m_hideMessageText(m_menu->addAction(tr("&Hide Message Text in Notifications")))
    , m_keepRunningInTray(
          m_menu->addAction(tr("&Keep Running in the Tray When the Window Is Closed")))
    , m_tray(m_doNotDisturb)
    , m_notifier(notifierFor(std::move(environment.notifier), m_tray.icon()))
    , m_messages(context, *m_notifier, m_settings)
    , m_closeToTray(window, m_settings, m_trayAvailable)
{
    bindMenu();
    connect(&m_tray, &TrayIcon::openRequested, this, &DesktopIntegration::showWindow);
    connect(&m_tray, &TrayIcon::quitRequested, this, &DesktopIntegration::quit);
    connect(
        &m_messages, &MessageNotifier::openRequested, this, &DesktopIntegration::openConversation);

    if (environment.launcherBadge)
        m_launcher = std::make_unique<LauncherBadge>(u"chat.desktop"_s);
    const auto showUnread = [this](int total) {
        m_tray.setUnread(total);
        if (m_launcher)
            m_launcher->setCount(total);
    };
    connect(&context, &client::ClientContext::totalUnreadChanged, this, showUnread);
    showUnread(context.totalUnread());
    if (m_trayAvailable())
        m_tray.icon().show();
}

DesktopIntegration::~DesktopIntegration()
{
    // The launcher keeps no count of an app that is gone.
    if (m_launcher)
        m_launcher->setCount(0);
}

void DesktopIntegration::bindMenu()
{
    const auto bind = [this](QAction *action, bool on, auto changed, auto set) {
        action->setCheckable(true);
        action->setChecked(on);
        connect(action, &QAction::toggled, &m_settings, set);
        connect(&m_settings, changed, action, &QAction::setChecked);
    };
    bind(m_doNotDisturb, m_settings.doNotDisturb(), &DesktopSettings::doNotDisturbChanged,
        &DesktopSettings::setDoNotDisturb);
    bind(m_hideMessageText, m_settings.hideMessageText(), &DesktopSettings::hideMessageTextChanged,
        &DesktopSettings::setHideMessageText);
    bind(m_keepRunningInTray, m_settings.keepRunningInTray(),
        &DesktopSettings::keepRunningInTrayChanged, &DesktopSettings::setKeepRunningInTray);
    // Without a tray, a closed window could not come back.
    m_keepRunningInTray->setEnabled(m_trayAvailable());
}

void DesktopIntegration::showWindow()
{
    if (m_window.isMinimized())
        m_window.showNormal();
    else
        m_window.show();
    m_window.raise();
    m_window.activateWindow();
}

void DesktopIntegration::openConversation(qint64 conversationId)
{
    if (conversationId != 0)
        m_context.openConversation().open(conversationId);
    showWindow();
}

void DesktopIntegration::quit()
{
    // A hidden window is skipped by QApplication::quit(): closed here, it says its goodbye
    // (saves its geometry, asks when others use its server) like a visible one.
    if (m_window.close())
        QApplication::quit();
}

} // namespace chat::desktop
