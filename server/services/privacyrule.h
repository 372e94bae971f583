#pragma once

#include <shared/result.h>
#include <shared/wiretypes.h>

#include <QHash>

namespace chat::server {

class Store;

//! The privacy rule of the common apps, in one place: a receipt, typing event or
//! presence state about one user reaches another only when both share that kind of
//! information. Built from the settings of every user who changed any, read once.
class PrivacyRule
{
public:
    [[nodiscard]] static Result<PrivacyRule> load(const Store &store);

    [[nodiscard]] Settings settingsOf(qint64 userId) const
    {
        return m_changed.value(userId, Settings {});
    }
    //! `a` and `b` both share `what` (e.g. &Settings::shareReceipts).
    [[nodiscard]] bool bothShare(qint64 a, qint64 b, bool Settings::*what) const
    {
        return settingsOf(a).*what && settingsOf(b).*what;
    }

private:
    QHash<qint64, Settings> m_changed;
};

} // namespace chat::server
