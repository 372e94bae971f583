#pragma once

#include <server/logthrottle.h>
#include <shared/frames.h>
#include <shared/wiretypes.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>

namespace chat::server {

class Hub;
class Store;

//! Online and last-seen state: a user is online while any of their sockets is
//! authenticated. Going offline records last_seen_at: kept in memory with the pending
//! change and written for every user pending in one transaction, just before the change
//! is announced (and at destruction). A storm of disconnects thus costs one fsync per
//! flush, not one per user on the event loop. Until then stateOf() answers from memory;
//! the lists read from the store show the previous time for at most the delay, while the
//! user has not been announced offline either. Changes go only to the online
//! users who share a conversation with the user, when both share presence, and are
//! coalesced per user: a user's state is announced once it has been still for `delay`,
//! and only if it differs from what was last announced. A socket that drops and comes
//! back, or a storm of connects and closes, sends nothing until it settles (and nothing
//! at all if it ends as it began); a user who never settles is still announced every
//! MaxDelayFactor × `delay`, so presence cannot be held back for ever.
class Presence : public QObject
{
    Q_OBJECT
public:
    Presence(Store &store, Hub &hub, std::chrono::milliseconds delay, QObject *parent = nullptr);
    //! Records the last-seen times still in memory (the store must still be open).
    ~Presence() override;

    //! How `userId` appears to others who may see it (online, or offline since when).
    [[nodiscard]] frames::PresenceEvent stateOf(qint64 userId) const;
    //! Pushes `userId`'s presence to the users who share a conversation with them again,
    //! as each may see it now (after a change of sharing: hidden shows as offline, never
    //! seen), even if it did not change.
    void announce(qint64 userId);
    //! Announces what is pending now rather than after the delay (shutdown, tests).
    void flush();

    //! A user changing all the time is announced at least this many delays apart.
    static constexpr int MaxDelayFactor = 25;

    //! Last-seen times not yet written (a failed write keeps them for the next flush).
    [[nodiscard]] qsizetype unrecordedLastSeen() const { return m_lastSeen.size(); }
    //! Transactions that wrote last-seen times so far (tests read that a storm made one).
    [[nodiscard]] qint64 lastSeenWrites() const { return m_lastSeenWrites; }

private:
    struct Pending
    {
        bool force = false; //!< Announce even if the state did not change.
        qint64 firstMs = 0; //!< When the first change since the last announcement came.
        qint64 dueMs = 0; //!< When it will have been still long enough.
    };
    //! Announces the users whose state has settled, and sets the timer for the next.
    void flushSettled();
    void announceNow(const QList<std::pair<qint64, bool>> &users);
    void onOnline(qint64 userId);
    void onOffline(qint64 userId);
    void schedule(qint64 userId, bool force);
    //! Writes m_lastSeen in one transaction; on failure keeps it for the next try.
    void recordLastSeen();

    Store &m_store;
    Hub &m_hub;
    std::chrono::milliseconds m_delay;
    QTimer m_flush;
    QElapsedTimer m_clock;
    //! Users whose state changed since it was last announced.
    QHash<qint64, Pending> m_pending;
    //! The state last announced of each user (online or not).
    QHash<qint64, bool> m_announced;
    //! When each user who went offline since the last write did so, latest first.
    QHash<qint64, QDateTime> m_lastSeen;
    qint64 m_lastSeenWrites = 0;
    LogThrottle m_lastSeenFailureLog;
};

} // namespace chat::server
