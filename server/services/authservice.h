#pragma once

#include <server/services/passwordhasher.h>
#include <server/services/ratelimiter.h>
#include <shared/jsoncodec.h>
#include <shared/result.h>
#include <shared/wiretypes.h>

#include <chrono>

namespace chat::server {

class ServerMetrics;
class Store;

//! Who a request or socket acts for: the user and the session (by token digest), so the
//! session's sockets can be closed when it is revoked.
struct Principal
{
    User user;
    QByteArray tokenHash;
};

//! Accounts and sessions: registration, login with throttling, token checks, logout.
//! Tokens are 256 random bits, handed out once and stored only as SHA-256 digests.
class AuthService
{
public:
    struct Options
    {
        std::chrono::seconds sessionLifetime = std::chrono::hours(24 * 30);
        double attemptBurst = 10; //!< Login/registration attempts per address at once...
        double attemptsPerSecond = 0.2; //!< ...then one every five seconds.
        PasswordHasher::Cost hashCost = PasswordHasher::owaspCost();
    };

    //! Counts into `metrics` logins by result and attempts refused for the rate.
    AuthService(Store &store, ServerMetrics &metrics, const Options &options);

    //! `origin` identifies the caller (an address) for throttling.
    [[nodiscard]] Result<User> registerUser(
        const json::Credentials &credentials, const QString &origin);
    [[nodiscard]] Result<Session> login(
        const json::Credentials &credentials, const QString &origin);
    [[nodiscard]] Result<Principal> authenticate(const QString &token);
    //! Whether the session of `principal` still exists: logout, `chatd user disable` and
    //! `chatd user reset-password` (perhaps from another process) end sessions.
    [[nodiscard]] Result<bool> isActive(const Principal &principal);
    //! Revokes the session of `principal`.
    [[nodiscard]] Status logout(const Principal &principal);

    [[nodiscard]] static QByteArray digest(const QString &token);

private:
    [[nodiscard]] std::optional<Error> throttle(const QString &origin);

    //! login() without the counting.
    [[nodiscard]] Result<Session> checkLogin(
        const json::Credentials &credentials, const QString &origin);

    Store &m_store;
    ServerMetrics &m_metrics;
    Options m_options;
    PasswordHasher m_hasher;
    RateLimiter m_attempts;
};

} // namespace chat::server
