#include "launcherbadge.h"

#include <QVariantMap>

namespace chat::desktop {

using namespace Qt::StringLiterals;

LauncherBadge::LauncherBadge(const QString &desktopFile, const QDBusConnection &bus)
    : m_bus(bus)
    , m_desktopFile(desktopFile)
{ }

void LauncherBadge::setCount(int count)
{
    if (count == m_count)
        return;
    m_count = count;
    if (m_bus.isConnected())
        m_bus.send(updateMessage(m_desktopFile, count));
}

QDBusMessage LauncherBadge::updateMessage(const QString &desktopFile, int count)
{
    // Any object path will do; the listeners go by the app's URI.
    QDBusMessage update = QDBusMessage::createSignal(u"/com/canonical/unity/launcherentry/chat"_s,
        u"com.canonical.Unity.LauncherEntry"_s, u"Update"_s);
    update.setArguments({ QString(u"application://"_s + desktopFile),
        QVariantMap { { u"count"_s, qint64(count) }, { u"count-visible"_s, count > 0 } } });
    return update;
}

} // namespace chat::desktop
