#pragma once

#include <shared/frames.h>
#include <shared/wiretypes.h>

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>

namespace chat::server {

class Hub;
class Store;

//! Online and last-seen state: a user is online while any of their sockets is
//! authenticated. Going offline records last_seen_at. Changes go only to the online
//! users who share a conversation with the user, when both share presence, and are
//! coalesced: changes within `delay` of each other are announced once, as they end up,
//! so a reconnect storm (or a socket that drops and comes back) does not multiply frames.
class Presence : public QObject
{
    Q_OBJECT
public:
    Presence(Store &store, Hub &hub, std::chrono::milliseconds delay, QObject *parent = nullptr);

    //! How `userId` appears to others who may see it (online, or offline since when).
    [[nodiscard]] frames::PresenceEvent stateOf(qint64 userId) const;
    //! Pushes `userId`'s presence to the users who share a conversation with them again,
    //! as each may see it now (after a change of sharing: hidden shows as offline, never
    //! seen), even if it did not change.
    void announce(qint64 userId);
    //! Announces what is pending now rather than after the delay (shutdown, tests).
    void flush();

private:
    void onOnline(qint64 userId);
    void onOffline(qint64 userId);
    void schedule(qint64 userId, bool force);

    Store &m_store;
    Hub &m_hub;
    QTimer m_flush;
    //! Users whose state changed since the last flush (true: announce even if unchanged).
    QHash<qint64, bool> m_pending;
    //! The state last announced of each user (online or not).
    QHash<qint64, bool> m_announced;
};

} // namespace chat::server
