#include "privacysettingscontroller.h"

#include <client/network/apiclient.h>

namespace chat::client {

PrivacySettingsController::PrivacySettingsController(ApiClient &api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{ }

void PrivacySettingsController::load()
{
    m_api.settings(whileAlive<Settings>(this, [this](Result<Settings> settings) {
        if (!settings) {
            Q_EMIT notice(tr("Could not load the settings: %1").arg(settings.error().message));
            return;
        }
        Q_EMIT loaded(toPrivacySettings(settings.value()));
    }));
}

void PrivacySettingsController::save(const PrivacySettings &settings)
{
    m_api.updateSettings(
        toUpdate(settings), whileAlive<Settings>(this, [this](Result<Settings> saved) {
            if (!saved) {
                Q_EMIT notice(tr("Could not save the settings: %1").arg(saved.error().message));
                return;
            }
            Q_EMIT this->saved(toPrivacySettings(saved.value()));
        }));
}

} // namespace chat::client
