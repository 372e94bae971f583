#include "privacyrule.h"

#include <server/store/store.h>

namespace chat::server {

Result<PrivacyRule> PrivacyRule::load(const Store &store)
{
    auto changed = store.changedSettings();
    if (!changed)
        return changed.error();
    PrivacyRule rule;
    rule.m_changed = std::move(changed.value());
    return rule;
}

} // namespace chat::server
