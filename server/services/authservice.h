#pragma once

#include <server/logthrottle.h>
#include <server/services/accountbackoff.h>
#include <server/services/hashpool.h>
#include <server/services/passwordhasher.h>
#include <server/services/ratelimiter.h>
#include <server/services/sessiontouches.h>
#include <server/store/store.h>
#include <shared/jsoncodec.h>
#include <shared/result.h>
#include <shared/wiretypes.h>

#include <chrono>
#include <functional>
#include <memory>

namespace chat::server {

class ServerMetrics;

//! Who a request or socket acts for: the user and the session (by token digest), so the
//! session's sockets can be closed when it is revoked.
struct Principal
{
    User user;
    QByteArray tokenHash;
    qint64 sessionId = 0; //!< The session's row id (what GET /sessions calls its id).
};

//! Where a sign-in comes from: the address (throttled) and what the client calls itself
//! (its User-Agent), both kept with the session for its owner's list of sessions.
struct ClientInfo
{
    QString address;
    QString userAgent;
};

//! Accounts and sessions: registration, login with throttling, token checks, logout.
//! Tokens are 256 random bits, handed out once and stored only as SHA-256 digests.
//!
//! Password hashes run on a HashPool, off the event loop: register() and login() answer
//! through a callback, on the event loop, once the hash is done (or at once, when refused
//! before hashing). Token checks hash nothing costly (one SHA-256).
class AuthService
{
public:
    struct Options
    {
        std::chrono::seconds sessionLifetime = std::chrono::hours(24 * 30);
        //! A session unused this long ends (a socket open on it counts as use).
        std::chrono::seconds sessionIdleTimeout = std::chrono::hours(24 * 14);
        //! last_used_at is written at most this often per session: not on every request.
        std::chrono::seconds touchInterval = std::chrono::minutes(1);
        //! Those writes wait this long in memory, to be written together (SessionTouches).
        std::chrono::milliseconds touchFlushInterval = std::chrono::seconds(1);
        double attemptBurst = 10; //!< Login/registration attempts per address at once...
        double attemptsPerSecond = 0.2; //!< ...then one every five seconds.
        PasswordHasher::Cost hashCost = PasswordHasher::owaspCost();
        HashPool::Options hashing;
        AccountBackoff::Options backoff;
    };

    template<typename T> using Reply = std::function<void(Result<T>)>;

    //! Counts into `metrics` logins by result and attempts refused for the rate.
    AuthService(Store &store, ServerMetrics &metrics, const Options &options);
    ~AuthService();

    //! `client.address` identifies the caller for throttling. `done` is called once, on
    //! this thread: at once when refused before hashing, else after the hash.
    void registerUser(
        const json::Credentials &credentials, const ClientInfo &client, Reply<User> done);
    void login(const json::Credentials &credentials, const ClientInfo &client, Reply<Session> done);

    //! The session of a token, if it is alive; records its use (at most once per
    //! touchInterval). An idle or expired session answers token_expired.
    [[nodiscard]] Result<Principal> authenticate(const QString &token);

    enum class SessionState { Active, Ended, Expired };
    //! Whether the session of `principal` still exists: logout, revocation, `chatd user
    //! disable` and `chatd user reset-password` (perhaps from another process) end
    //! sessions, and so do their lifetime and idle timeout. An open socket calls it once
    //! a heartbeat, which keeps its session in use.
    [[nodiscard]] Result<SessionState> sessionState(const Principal &principal);
    //! Revokes the session of `principal`.
    [[nodiscard]] Status logout(const Principal &principal);

    // The caller's own sessions --------------------------------------------------
    [[nodiscard]] Result<QList<SessionInfo>> sessions(const Principal &principal);
    //! Ends the caller's session `sessionId` (perhaps its own); the digest of the token it
    //! had, for closing its sockets. not_found when the caller has no such session.
    [[nodiscard]] Result<QByteArray> revokeSession(const Principal &principal, qint64 sessionId);
    //! Ends all the caller's sessions but its own; the digests of their tokens.
    [[nodiscard]] Result<QList<QByteArray>> revokeOtherSessions(const Principal &principal);

    [[nodiscard]] const HashPool &hashPool() const { return *m_pool; }
    //! The uses of sessions not yet written (flushed when this service goes).
    [[nodiscard]] SessionTouches &sessionTouches() { return m_touches; }
    [[nodiscard]] static QByteArray digest(const QString &token);

private:
    [[nodiscard]] std::optional<Error> throttle(const QString &origin);
    [[nodiscard]] Error hashQueueFull();
    //! Counts the outcome of a login in the metrics and the account's backoff.
    void finishLogin(const QString &username, const Result<Session> &session);
    [[nodiscard]] Result<Session> openSession(const User &user, const ClientInfo &client);
    [[nodiscard]] bool isExpired(
        const QDateTime &expiresAt, const QDateTime &lastUsedAt, const QDateTime &now) const;
    //! Whether the session is alive at `now`; if so, records this use (when one is due).
    [[nodiscard]] bool use(
        const Store::SessionRecord &record, const QByteArray &tokenHash, const QDateTime &now);

    Store &m_store;
    ServerMetrics &m_metrics;
    Options m_options;
    PasswordHasher m_hasher;
    RateLimiter m_attempts;
    LogThrottle m_throttleLog; // the "throttling sign-in attempts" warning
    AccountBackoff m_backoff;
    SessionTouches m_touches;
    //! Last: destroyed first, it waits for its workers (which use m_hasher) and drops the
    //! continuations not yet run (which use the rest).
    std::unique_ptr<HashPool> m_pool;
};

} // namespace chat::server
