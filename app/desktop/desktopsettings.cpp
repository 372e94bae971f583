#include "desktopsettings.h"

#include <QSettings>

namespace chat::desktop {

using namespace Qt::StringLiterals;

namespace {

const QString DoNotDisturbKey = u"desktop/doNotDisturb"_s;
const QString HideMessageTextKey = u"desktop/hideMessageText"_s;
const QString KeepRunningInTrayKey = u"desktop/keepRunningInTray"_s;

//! Writes `on` under `key` and says whether it changed `value`.
bool store(bool &value, bool on, const QString &key)
{
    if (value == on)
        return false;
    value = on;
    QSettings().setValue(key, on);
    return true;
}

} // namespace

DesktopSettings::DesktopSettings(bool trayExists, QObject *parent)
    : QObject(parent)
{
    const QSettings settings;
    m_doNotDisturb = settings.value(DoNotDisturbKey, false).toBool();
    m_hideMessageText = settings.value(HideMessageTextKey, false).toBool();
    m_keepRunningInTray = settings.value(KeepRunningInTrayKey, trayExists).toBool();
}

void DesktopSettings::setDoNotDisturb(bool on)
{
    if (store(m_doNotDisturb, on, DoNotDisturbKey))
        Q_EMIT doNotDisturbChanged(on);
}

void DesktopSettings::setHideMessageText(bool on)
{
    if (store(m_hideMessageText, on, HideMessageTextKey))
        Q_EMIT hideMessageTextChanged(on);
}

void DesktopSettings::setKeepRunningInTray(bool on)
{
    if (store(m_keepRunningInTray, on, KeepRunningInTrayKey))
        Q_EMIT keepRunningInTrayChanged(on);
}

} // namespace chat::desktop
