#include "presence.h"

#include <server/hub/hub.h>
#include <server/logging.h>
#include <server/services/privacyrule.h>
#include <server/store/store.h>

namespace chat::server {

Presence::Presence(Store &store, Hub &hub, std::chrono::milliseconds delay, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hub(hub)
{
    m_flush.setSingleShot(true);
    m_flush.setInterval(delay);
    connect(&m_flush, &QTimer::timeout, this, &Presence::flush);
    connect(&m_hub, &Hub::userOnline, this, &Presence::onOnline);
    connect(&m_hub, &Hub::userOffline, this, &Presence::onOffline);
}

frames::PresenceEvent Presence::stateOf(qint64 userId) const
{
    frames::PresenceEvent state { .userId = userId, .online = m_hub.isOnline(userId) };
    if (!state.online) {
        if (auto seen = m_store.lastSeen(userId))
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
    if (auto status = m_store.setLastSeen(userId, QDateTime::currentDateTimeUtc()); !status)
        qCWarning(lcServer) << "cannot record last seen:" << status.error().message;
    schedule(userId, false);
}

void Presence::announce(qint64 userId)
{
    schedule(userId, true);
}

void Presence::schedule(qint64 userId, bool force)
{
    m_pending[userId] = m_pending.value(userId) || force;
    if (!m_flush.isActive())
        m_flush.start();
}

void Presence::flush()
{
    m_flush.stop();
    const QHash<qint64, bool> pending = std::exchange(m_pending, {});
    auto rule = PrivacyRule::load(m_store);
    if (!rule) {
        qCWarning(lcServer) << "presence not announced:" << rule.error().message;
        return;
    }
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        const qint64 userId = it.key();
        const bool online = m_hub.isOnline(userId);
        // Offline and back (or the reverse) within the delay: nothing to tell.
        if (!it.value() && m_announced.contains(userId) && m_announced.value(userId) == online)
            continue;
        m_announced.insert(userId, online);
        const bool sharing = rule->settingsOf(userId).sharePresence;
        // Who hides their presence causes no frames when going on or off line (not even
        // the timing leaks); after turning sharing off, others see offline, never seen.
        if (!sharing && !it.value())
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
