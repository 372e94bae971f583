#include "accountbackoff.h"

#include <algorithm>

namespace chat::server {

AccountBackoff::AccountBackoff(const Options &options, Clock clock)
    : m_options(options)
    , m_clock(std::move(clock))
{
    m_options.freeFailures = std::max(1, m_options.freeFailures);
    m_options.maxEntries = std::max(1, m_options.maxEntries);
}

QString AccountBackoff::keyOf(const QString &username)
{
    // Usernames compare case-insensitively (the store's COLLATE NOCASE): "Alice" and
    // "alice" are one account, and must share one count.
    return username.toCaseFolded();
}

AccountBackoff::Duration AccountBackoff::waitAfter(int failures) const
{
    const int doublings = failures - m_options.freeFailures;
    if (doublings < 0)
        return Duration::zero();
    Duration wait = m_options.base;
    for (int i = 0; i < doublings && wait < m_options.cap; ++i)
        wait *= 2;
    return std::min(wait, m_options.cap);
}

AccountBackoff::Verdict AccountBackoff::tryBegin(const QString &username)
{
    const auto now = m_clock();
    const QString key = keyOf(username);
    auto it = m_entries.find(key);
    if (it == m_entries.end()) {
        pruneIfFull(now);
        it = m_entries.insert(key, Entry {});
    }
    if (now < it->blockedUntil) {
        return Verdict { false, std::chrono::ceil<Duration>(it->blockedUntil - now), false };
    }
    // While waits apply, one check at a time; before, no more at once than could still
    // fail freely. Either way a burst cannot buy more checks than a sequence would.
    const int room = std::max(1, m_options.freeFailures - it->failures);
    if (it->inFlight >= room)
        return Verdict { false, std::max(m_options.base, Duration(std::chrono::seconds(1))),
            false };
    ++it->inFlight;
    return Verdict {};
}

AccountBackoff::Verdict AccountBackoff::finish(const QString &username, bool succeeded)
{
    const auto now = m_clock();
    const QString key = keyOf(username);
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        return Verdict {};
    it->inFlight = std::max(0, it->inFlight - 1);
    if (succeeded) {
        if (it->inFlight == 0)
            m_entries.erase(it);
        else
            it->failures = 0;
        return Verdict {};
    }
    ++it->failures;
    it->lastFailure = now;
    const Duration wait = waitAfter(it->failures);
    if (wait == Duration::zero())
        return Verdict {};
    it->blockedUntil = now + wait;
    return Verdict { true, wait, true };
}

void AccountBackoff::pruneIfFull(std::chrono::steady_clock::time_point now)
{
    if (m_entries.size() < m_options.maxEntries)
        return;
    // An account quiet for twice the longest wait has nothing left to say: its count
    // would no longer delay anyone much. Forgetting it resets it (the cost of the bound).
    const auto forgetBefore = now - 2 * m_options.cap;
    m_entries.removeIf([&](const auto &entry) {
        const Entry &e = entry.value();
        return e.inFlight == 0 && e.blockedUntil <= now && e.lastFailure < forgetBefore;
    });
    if (m_entries.size() < m_options.maxEntries)
        return;
    // Still full (a flood of names): drop idle entries that impose no wait, then any idle
    // ones, down to nine tenths, so that the next inserts do not scan again.
    const qsizetype target = m_options.maxEntries - m_options.maxEntries / 10 - 1;
    for (const bool waitingToo : { false, true }) {
        for (auto it = m_entries.begin(); it != m_entries.end() && m_entries.size() > target;) {
            const bool idle = it->inFlight == 0 && (waitingToo || it->blockedUntil <= now);
            it = idle ? m_entries.erase(it) : std::next(it);
        }
    }
}

} // namespace chat::server
