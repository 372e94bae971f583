#pragma once

#include <client/awareness/privacysettings.h>

#include <QObject>

namespace chat::client {

class ApiClient;

//! Loads and saves what the user shares (GET and PUT /settings) for the Privacy dialog.
class PrivacySettingsController : public QObject
{
    Q_OBJECT
public:
    //! `api` must outlive the controller.
    explicit PrivacySettingsController(ApiClient &api, QObject *parent = nullptr);

    //! Fetches the settings: loaded(), or notice() on failure.
    void load();
    //! Changes them: saved() with what the server now has, or notice().
    void save(const chat::client::PrivacySettings &settings);

Q_SIGNALS:
    void loaded(const chat::client::PrivacySettings &settings);
    void saved(const chat::client::PrivacySettings &settings);
    void notice(const QString &text);

private:
    ApiClient &m_api;
};

} // namespace chat::client
