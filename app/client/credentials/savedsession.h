#pragma once

#include <shared/wiretypes.h>

#include <QByteArray>
#include <QUrl>

#include <optional>

namespace chat::client {

//! What signing in gave, kept so the next start of the app is signed in without asking
//! for the password: the server, the account and its bearer token (a secret: it is kept
//! in the system keychain, see CredentialStore).
struct SavedSession
{
    QUrl server;
    User user;
    QString token;

    //! Compact JSON: {"server":…,"userId":…,"username":…,"token":…}.
    [[nodiscard]] QByteArray toJson() const;
    //! nullopt when `json` is not a complete saved session (a damaged or foreign entry).
    [[nodiscard]] static std::optional<SavedSession> fromJson(const QByteArray &json);

    friend bool operator==(const SavedSession &, const SavedSession &) = default;
};

} // namespace chat::client
