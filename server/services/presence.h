#pragma once

#include <shared/frames.h>
#include <shared/wiretypes.h>

#include <QObject>

namespace chat::server {

class Hub;
class Store;

//! Online and last-seen state: a user is online while any of their sockets is
//! authenticated. Going offline records last_seen_at; both changes are pushed to every
//! other connected user, when both the user and the receiver share presence.
class Presence : public QObject
{
    Q_OBJECT
public:
    Presence(Store &store, Hub &hub, QObject *parent = nullptr);

    //! How `userId` appears to others who may see it (online, or offline since when).
    [[nodiscard]] frames::PresenceEvent stateOf(qint64 userId) const;
    //! Pushes `userId`'s presence to every other connected user again, as each may see it
    //! now (after the user changed their sharing: hidden shows as offline, never seen).
    void announce(qint64 userId);

private:
    void onOnline(qint64 userId);
    void onOffline(qint64 userId);

    Store &m_store;
    Hub &m_hub;
};

} // namespace chat::server
