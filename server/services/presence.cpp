#include "presence.h"

#include <server/hub/hub.h>
#include <server/logging.h>
#include <server/services/privacyrule.h>
#include <server/store/store.h>

#include <algorithm>

namespace chat::server {

Presence::Presence(Store &store, Hub &hub, std::chrono::milliseconds delay, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hub(hub)
    , m_delay(delay)
{
    m_clock.start();
    m_flush.setSingleShot(true);
    connect(&m_flush, &QTimer::timeout, this, &Presence::flushSettled);
    connect(&m_hub, &Hub::userOnline, this, &Presence::onOnline);
    connect(&m_hub, &Hub::userOffline, this, &Presence::onOffline);
}

Presence::~Presence()
{
    recordLastSeen();
}

frames::PresenceEvent Presence::stateOf(qint64 userId) const
{
    frames::PresenceEvent state { .userId = userId, .online = m_hub.isOnline(userId) };
    if (!state.online) {
        if (const auto unrecorded = m_lastSeen.constFind(userId); unrecorded != m_lastSeen.cend())
            state.lastSeenAt = *unrecorded;
        else if (auto seen = m_store.lastSeen(userId))
            state.lastSeenAt = seen.value();
    }
    return state;
}

void Presence::onOnline(qint64 userId)
{
    schedule(userId, false);
}

void Presence::onOffline(qint64 userId)
{
    m_lastSeen.insert(userId, QDateTime::currentDateTimeUtc());
    schedule(userId, false);
}

void Presence::recordLastSeen()
{
    if (m_lastSeen.isEmpty())
        return;
    if (auto written = m_store.setLastSeen(m_lastSeen); !written) {
        // Kept, not dropped: at most one entry per user, retried at the next flush.
        if (int suppressed = 0; m_lastSeenFailureLog.allow(suppressed)) {
            qCWarning(lcServer).nospace()
                << "cannot record when " << m_lastSeen.size() << " users were last seen (kept "
                << "for the next try; " << suppressed
                << " more failures not logged): " << written.error().message;
        }
        return;
    }
    ++m_lastSeenWrites;
    m_lastSeen.clear();
}

void Presence::announce(qint64 userId)
{
    schedule(userId, true);
}

void Presence::schedule(qint64 userId, bool force)
{
    // Each change restarts the user's wait (a debounce), up to the cap from the first.
    const qint64 now = m_clock.elapsed();
    const qint64 delay = m_delay.count();
    const auto found = m_pending.constFind(userId);
    Pending pending = found == m_pending.cend() ? Pending { .firstMs = now } : found.value();
    pending.force = pending.force || force;
    pending.dueMs = std::min(now + delay, pending.firstMs + MaxDelayFactor * delay);
    m_pending.insert(userId, pending);
    if (!m_flush.isActive())
        m_flush.start(std::chrono::milliseconds(std::max<qint64>(0, pending.dueMs - now)));
}

void Presence::flushSettled()
{
    const qint64 now = m_clock.elapsed();
    QList<std::pair<qint64, bool>> settled;
    qint64 next = -1;
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (it->dueMs <= now) {
            settled.append({ it.key(), it->force });
            it = m_pending.erase(it);
        } else {
            next = next < 0 ? it->dueMs : std::min(next, it->dueMs);
            ++it;
        }
    }
    if (next >= 0)
        m_flush.start(std::chrono::milliseconds(next - now));
    announceNow(settled);
}

void Presence::flush()
{
    m_flush.stop();
    QList<std::pair<qint64, bool>> all;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
        all.append({ it.key(), it->force });
    m_pending.clear();
    announceNow(all);
}

void Presence::announceNow(const QList<std::pair<qint64, bool>> &users)
{
    // Every pending last-seen time, not only the settled users': one write per flush.
    // Before the frames, so that what they say is what the lists read from the store.
    recordLastSeen();
    if (users.isEmpty())
        return;
    auto rule = PrivacyRule::load(m_store);
    if (!rule) {
        qCWarning(lcServer) << "presence not announced:" << rule.error().message;
        return;
    }
    for (const auto &[userId, force] : users) {
        const bool online = m_hub.isOnline(userId);
        // Offline and back (or the reverse) within the delay: nothing to tell.
        if (!force && m_announced.contains(userId) && m_announced.value(userId) == online)
            continue;
        m_announced.insert(userId, online);
        const bool sharing = rule->settingsOf(userId).sharePresence;
        // Who hides their presence causes no frames when going on or off line (not even
        // the timing leaks); after turning sharing off, others see offline, never seen.
        if (!sharing && !force)
            continue;
        const frames::PresenceEvent state
            = sharing ? stateOf(userId) : frames::PresenceEvent { .userId = userId };
        const QString frame = frames::encode(frames::ServerFrame { state });
        auto coMembers = m_store.coMembers(userId);
        if (!coMembers) {
            qCWarning(lcServer) << "presence not announced:" << coMembers.error().message;
            continue;
        }
        for (const qint64 receiver : std::as_const(coMembers.value())) {
            // Who hides their own presence sees no one else's either.
            if (m_hub.isOnline(receiver) && rule->settingsOf(receiver).sharePresence)
                m_hub.sendToUser(receiver, frame);
        }
    }
}

} // namespace chat::server
