#include "traymessagenotifier.h"

#include <QSystemTrayIcon>

namespace chat::desktop {

namespace {
constexpr int ShownForMs = 10'000;
}

TrayMessageNotifier::TrayMessageNotifier(QSystemTrayIcon &tray, QObject *parent)
    : DesktopNotifier(parent)
    , m_tray(tray)
{
    connect(&m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        if (m_shown.conversationId != 0)
            Q_EMIT activated(m_shown.conversationId);
    });
}

void TrayMessageNotifier::show(const Notification &notification)
{
    m_shown = notification;
    m_tray.showMessage(notification.title, notification.body, m_tray.icon(), ShownForMs);
}

void TrayMessageNotifier::close(const QString &key)
{
    if (m_shown.key == key)
        m_shown = {};
}

} // namespace chat::desktop
