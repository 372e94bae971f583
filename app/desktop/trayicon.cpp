#include "trayicon.h"

#include <desktop/badgeicon.h>

#include <QAction>
#include <QGuiApplication>
#include <QMenu>

namespace chat::desktop {

using namespace Qt::StringLiterals;

TrayIcon::TrayIcon(QAction *doNotDisturb, QObject *parent)
    : QObject(parent)
    , m_menu(std::make_unique<QMenu>())
    , m_doNotDisturb(doNotDisturb)
{
    m_open = m_menu->addAction(tr("&Open Chat"), this, &TrayIcon::openRequested);
    m_menu->addAction(doNotDisturb);
    m_menu->addSeparator();
    m_quit = m_menu->addAction(tr("&Quit"), this, &TrayIcon::quitRequested);
    m_icon.setContextMenu(m_menu.get());
    connect(&m_icon, &QSystemTrayIcon::activated, this,
        [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                Q_EMIT openRequested();
        });
    connect(doNotDisturb, &QAction::toggled, this, &TrayIcon::update);
    update();
}

TrayIcon::~TrayIcon()
{
    // The icon lets go of its menu before the menu goes.
    m_icon.setContextMenu(nullptr);
}

QIcon TrayIcon::appIcon()
{
    const QIcon icon(u":/icons/chat.svg"_s);
    return icon.isNull() ? QGuiApplication::windowIcon() : icon;
}

void TrayIcon::setUnread(int total)
{
    if (total == m_unread)
        return;
    m_unread = total;
    update();
}

void TrayIcon::update()
{
    m_icon.setIcon(iconWithBadge(appIcon(), m_unread));
    QString tip = QGuiApplication::applicationDisplayName();
    if (m_unread == 1)
        tip = tr("%1 — 1 unread message").arg(tip);
    else if (m_unread > 1)
        tip = tr("%1 — %2 unread messages").arg(tip).arg(m_unread);
    if (m_doNotDisturb->isChecked())
        tip += u'\n' + tr("Do not disturb");
    m_icon.setToolTip(tip);
}

} // namespace chat::desktop
