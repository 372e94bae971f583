#pragma once

#include <shared/jsoncodec.h>
#include <shared/wiretypes.h>

#include <QMetaType>

namespace chat::client {

//! What the user shares with others (GET/PUT /settings). Each is reciprocal: turning one
//! off also hides everyone else's (protocol §6.11).
struct PrivacySettings
{
    bool shareTyping = true; //!< Others see "typing…" while the user types.
    bool shareReceipts = true; //!< Others see delivered and read marks.
    bool sharePresence = true; //!< Others see online and last seen.

    friend bool operator==(const PrivacySettings &, const PrivacySettings &) = default;
};

[[nodiscard]] inline PrivacySettings toPrivacySettings(const Settings &settings)
{
    return { .shareTyping = settings.shareTyping,
        .shareReceipts = settings.shareReceipts,
        .sharePresence = settings.sharePresence };
}

//! PUT /settings naming all three.
[[nodiscard]] inline json::SettingsUpdate toUpdate(const PrivacySettings &settings)
{
    return { .shareTyping = settings.shareTyping,
        .shareReceipts = settings.shareReceipts,
        .sharePresence = settings.sharePresence };
}

} // namespace chat::client

Q_DECLARE_METATYPE(chat::client::PrivacySettings)
