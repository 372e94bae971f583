#pragma once

#include <shared/wireerror.h>

#include <QString>

#include <optional>

namespace chat::server {

//! Whether a new password may be used: the protocol's length rules (checkNewPassword),
//! then libpwquality's dictionary check over cracklib's list of common and breached
//! passwords, and the username in it. No composition rules (NIST SP 800-63B: length and a
//! blocklist, not "a digit and a capital"): only libpwquality's dictionary and user checks
//! are on. Registration, `chatd user create` and `chatd user reset-password` use it.
//! Event-loop only: cracklib keeps state of its own between checks.
class PasswordPolicy
{
public:
    //! `weak_password` (field "password") with libpwquality's reason, or the length
    //! rule's `invalid_field`; none when the password may be used.
    [[nodiscard]] static std::optional<Error> check(
        const QString &username, const QString &password);
};

} // namespace chat::server
