#include "passwordpolicy.h"

#include <server/logging.h>
#include <shared/validation.h>

#include <pwquality.h>

#include <memory>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {

struct SettingsDeleter
{
    void operator()(pwquality_settings_t *settings) const { pwquality_free_settings(settings); }
};

//! libpwquality's defaults, not /etc/security/pwquality.conf: the server's rule must not
//! change with the machine's PAM settings. Length is the protocol's business: the
//! shortest libpwquality allows (6) keeps its own length credit out of the way.
std::unique_ptr<pwquality_settings_t, SettingsDeleter> makeSettings()
{
    std::unique_ptr<pwquality_settings_t, SettingsDeleter> settings(pwquality_default_settings());
    if (!settings)
        return settings;
    pwquality_set_int_value(settings.get(), PWQ_SETTING_MIN_LENGTH, 6);
    pwquality_set_int_value(settings.get(), PWQ_SETTING_DICT_CHECK, 1);
    pwquality_set_int_value(settings.get(), PWQ_SETTING_USER_CHECK, 1);
    return settings;
}

} // namespace

std::optional<Error> PasswordPolicy::check(const QString &username, const QString &password)
{
    if (auto invalid = checkNewPassword(password))
        return invalid;
    static const auto settings = makeSettings();
    if (!settings)
        return Error { ErrorCode::Internal, u"cannot check passwords: out of memory"_s };
    const QByteArray utf8 = password.toUtf8();
    const QByteArray user = username.toUtf8();
    void *auxerror = nullptr;
    const int score = pwquality_check(settings.get(), utf8.constData(), nullptr,
        user.isEmpty() ? nullptr : user.constData(), &auxerror);
    if (score >= 0)
        return std::nullopt;
    char buffer[PWQ_MAX_ERROR_MESSAGE_LEN];
    const QString reason
        = QString::fromUtf8(pwquality_strerror(buffer, sizeof buffer, score, auxerror));
    // A missing dictionary (cracklib-runtime not installed) fails closed: better no new
    // passwords than unchecked ones. The packages depend on it.
    if (score == PWQ_ERROR_MEM_ALLOC || score == PWQ_ERROR_FATAL_FAILURE
        || reason.contains(u"error loading dictionary"_s)) {
        qCWarning(lcAuth) << "libpwquality failed:" << reason;
        return Error { ErrorCode::Internal, u"cannot check the password"_s };
    }
    return Error { ErrorCode::WeakPassword,
        u"this password is too common or too easy to guess (%1); choose a longer or less "
        u"predictable one, e.g. a few unrelated words"_s.arg(reason),
        u"password"_s };
}

} // namespace chat::server
