#include "presence.h"

#include <server/hub/hub.h>
#include <server/logging.h>
#include <server/store/store.h>

namespace chat::server {

Presence::Presence(Store &store, Hub &hub, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hub(hub)
{
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

namespace {
bool sharesPresence(const Store &store, qint64 userId)
{
    auto settings = store.settings(userId);
    return settings && settings->sharePresence;
}
} // namespace

void Presence::onOnline(qint64 userId)
{
    // Who hides their presence causes no frames at all: not even the timing leaks.
    if (sharesPresence(m_store, userId))
        announce(userId);
}

void Presence::onOffline(qint64 userId)
{
    if (auto status = m_store.setLastSeen(userId, QDateTime::currentDateTimeUtc()); !status)
        qCWarning(lcServer) << "cannot record last seen:" << status.error().message;
    if (sharesPresence(m_store, userId))
        announce(userId);
}

void Presence::announce(qint64 userId)
{
    auto settings = m_store.changedSettings();
    if (!settings)
        return;
    const auto shares = [&settings](qint64 id) {
        return settings.value().value(id, Settings {}).sharePresence;
    };
    // Who hides their presence shows as offline and never seen, to everyone.
    const frames::PresenceEvent state = shares(userId)
        ? stateOf(userId)
        : frames::PresenceEvent { .userId = userId, .online = false };
    const QString frame = frames::encode(frames::ServerFrame { state });
    const QList<qint64> online = m_hub.onlineUsers();
    for (qint64 receiver : online) {
        // Who hides their own presence sees no one else's either.
        if (receiver != userId && shares(receiver))
            m_hub.sendToUser(receiver, frame);
    }
}

} // namespace chat::server
