#pragma once

#include <server/logthrottle.h>
#include <shared/result.h>

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QTimer>

#include <chrono>

namespace chat::server {

class Store;

//! The uses of sessions (their last_used_at), kept in memory and written together: one
//! transaction per interval, however many sessions were used in it. A storm of sockets
//! signing in thus costs one fsync a second instead of one per socket (issue 13).
//!
//! Until they are written, the touches are the newest truth about a session's use:
//! whoever decides that a session is idle asks lastUse() (AuthService does), and whoever
//! reads or deletes by last_used_at in SQL flushes first. A touch lost to a crash costs
//! at most one interval of recorded use, against an idle timeout of at least a minute.
//!
//! Lives on the event loop's thread, with the Store it writes through.
class SessionTouches
{
public:
    SessionTouches(Store &store, std::chrono::milliseconds interval);
    //! Writes what is pending (the store must still be open).
    ~SessionTouches();
    SessionTouches(const SessionTouches &) = delete;
    SessionTouches &operator=(const SessionTouches &) = delete;

    //! The session of `tokenHash` was used at `when`; written within one interval.
    void record(const QByteArray &tokenHash, const QDateTime &when);
    //! The later of `stored` (its last_used_at) and a use of the session not yet written.
    [[nodiscard]] QDateTime lastUse(const QByteArray &tokenHash, const QDateTime &stored) const;
    //! Drops a pending use of a session that has just been ended: nothing left to record.
    void forget(const QByteArray &tokenHash);
    //! Writes every pending use now, in one transaction. On failure they stay pending and
    //! the timer tries again an interval later.
    Status flush();

    [[nodiscard]] qsizetype pending() const { return m_pending.size(); }
    //! Transactions written so far (tests read that a burst of uses made one).
    [[nodiscard]] qint64 writes() const { return m_writes; }

private:
    Store &m_store;
    QHash<QByteArray, QDateTime> m_pending; //!< By token digest: the latest use of each.
    QTimer m_timer; //!< Runs while anything is pending.
    LogThrottle m_failureLog;
    qint64 m_writes = 0;
};

} // namespace chat::server
