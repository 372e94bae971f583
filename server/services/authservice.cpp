#include "authservice.h"

#include <server/logging.h>
#include <server/metrics/servermetrics.h>
#include <server/services/passwordpolicy.h>
#include <server/store/store.h>

#include <QCryptographicHash>
#include <QElapsedTimer>

#include <sodium.h>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {
constexpr int TokenBytes = 32;
//! A User-Agent is kept for the owner's list of sessions, not as evidence: a bound will do.
constexpr int MaxClientLength = 200;

QString newToken()
{
    unsigned char bytes[TokenBytes];
    randombytes_buf(bytes, sizeof bytes);
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(bytes), sizeof bytes)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Error invalidCredentials()
{
    return Error { ErrorCode::InvalidCredentials, u"wrong username or password"_s };
}

int wholeSeconds(std::chrono::milliseconds duration)
{
    return int(std::max<qint64>(1, (duration.count() + 999) / 1000));
}

Error rateLimited(const QString &message, int seconds)
{
    Error error { ErrorCode::RateLimited, message.arg(seconds) };
    error.retryAfterSeconds = seconds;
    return error;
}
} // namespace

AuthService::AuthService(Store &store, ServerMetrics &metrics, const Options &options)
    : m_store(store)
    , m_metrics(metrics)
    , m_options(options)
    , m_hasher(options.hashCost)
    , m_attempts(options.attemptBurst, options.attemptsPerSecond)
    , m_backoff(options.backoff)
    , m_touches(store, options.touchFlushInterval)
    , m_pool(std::make_unique<HashPool>(options.hashing))
{
    // A session in use must never look idle between two of its recorded uses.
    m_options.touchInterval = std::min(m_options.touchInterval,
        std::max(std::chrono::seconds(1), m_options.sessionIdleTimeout / 4));
    qCInfo(lcAuth) << "hashing passwords on" << m_pool->threads() << "threads";
}

AuthService::~AuthService() = default;

QByteArray AuthService::digest(const QString &token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256);
}

std::optional<Error> AuthService::throttle(const QString &origin)
{
    if (m_attempts.tryAcquire(origin))
        return std::nullopt;
    m_metrics.rateLimitedSignIns.increment();
    // A peer can provoke this at will: a line per interval, not per refusal.
    if (int suppressed = 0; m_throttleLog.allow(suppressed)) {
        qCWarning(lcAuth).nospace() << "throttling sign-in attempts from " << origin << " ("
                                    << suppressed << " more not logged)";
    }
    return rateLimited(u"too many attempts; retry in %1 s"_s, m_attempts.retryAfterSeconds(origin));
}

Error AuthService::hashQueueFull()
{
    m_metrics.rateLimitedHashQueue.increment();
    // Once per burst, not per refusal: a full queue comes with many of them.
    static QElapsedTimer lastLog;
    if (!lastLog.isValid() || lastLog.hasExpired(10'000)) {
        lastLog.start();
        qCWarning(lcAuth) << "refusing sign-ins:" << m_pool->pending()
                          << "password hashes already waiting or running";
    }
    return rateLimited(
        u"the server is busy checking passwords; retry in %1 s"_s, m_pool->retryAfterSeconds());
}

void AuthService::registerUser(
    const json::Credentials &credentials, const ClientInfo &client, Reply<User> done)
{
    if (auto error = throttle(client.address))
        return done(*error);
    if (auto weak = PasswordPolicy::check(credentials.username, credentials.password)) {
        if (weak->code == ErrorCode::WeakPassword)
            m_metrics.weakPasswords.increment();
        return done(*weak);
    }
    const PasswordHasher *hasher = &m_hasher;
    const bool submitted
        = m_pool->trySubmit([this, hasher, credentials, done]() -> std::function<void()> {
              auto hash = hasher->hash(credentials.password);
              return [this, credentials, done, hash = std::move(hash)] {
                  m_metrics.passwordHashes.increment();
                  if (!hash)
                      return done(hash.error());
                  auto user = m_store.createUser(credentials.username, hash.value());
                  if (user)
                      qCInfo(lcAuth) << "registered" << user->username << "as user" << user->id;
                  done(user);
              };
          });
    if (!submitted)
        done(hashQueueFull());
}

void AuthService::login(
    const json::Credentials &credentials, const ClientInfo &client, Reply<Session> done)
{
    if (auto error = throttle(client.address))
        return done(*error);
    const auto verdict = m_backoff.tryBegin(credentials.username);
    if (!verdict.allowed) {
        // Counted, and logged when the wait starts (finishLogin): not per refusal, which
        // an attacker can make as many of as the address throttle lets through.
        m_metrics.rateLimitedAccountSignIns.increment();
        return done(rateLimited(u"too many failed sign-ins for this account; retry in %1 s"_s,
            wholeSeconds(verdict.retryAfter)));
    }
    auto stored = m_store.credentials(credentials.username);
    if (!stored) {
        (void)m_backoff.finish(credentials.username, true);
        return done(stored.error());
    }
    // The hash of an unknown user is the dummy's: the same work, so timing tells nothing.
    std::optional<Store::Credentials> account = stored.value();
    const PasswordHasher *hasher = &m_hasher;
    const bool submitted = m_pool->trySubmit(
        [this, hasher, credentials, client, account, done]() -> std::function<void()> {
            bool matches = false;
            if (account)
                matches = hasher->verify(account->passwordHash, credentials.password);
            else
                hasher->verifyDummy(credentials.password);
            return [this, credentials, client, account, done, matches] {
                m_metrics.passwordHashes.increment();
                Result<Session> session = invalidCredentials();
                // Said only to whoever knows the password: to others a disabled account
                // is like any.
                if (matches && account->disabled)
                    session = Error { ErrorCode::Forbidden, u"this account is disabled"_s };
                else if (matches)
                    session = openSession(account->user, client);
                finishLogin(credentials.username, session);
                done(session);
            };
        });
    if (!submitted) {
        (void)m_backoff.finish(credentials.username, true);
        done(hashQueueFull());
    }
}

void AuthService::finishLogin(const QString &username, const Result<Session> &session)
{
    // A failure of the server's own says nothing of the credentials: it neither counts
    // as a failed guess nor resets the count.
    const bool wrong = !session && session.error().code == ErrorCode::InvalidCredentials;
    const bool knewPassword = session || session.error().code == ErrorCode::Forbidden;
    if (knewPassword)
        (void)m_backoff.finish(username, true);
    else if (wrong) {
        const auto verdict = m_backoff.finish(username, false);
        if (verdict.startsWait) {
            qCWarning(lcAuth).nospace()
                << "failed sign-ins for account '" << username << "': next check in "
                << wholeSeconds(verdict.retryAfter) << " s";
        }
    } else {
        (void)m_backoff.finish(username, true);
    }
    if (session)
        m_metrics.signInsOk.increment();
    else if (wrong || session.error().code == ErrorCode::Forbidden)
        m_metrics.signInsFailed.increment();
}

Result<Session> AuthService::openSession(const User &user, const ClientInfo &client)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // The purge below judges idleness by last_used_at in SQL: the uses not yet written
    // go first, or a session revived just before its idle timeout could be deleted. (A
    // login is rare and costly beside this; a failure leaves them pending, to the timer.)
    (void)m_touches.flush();
    // Expired sessions are dead weight; a login is a cheap moment to drop the user's.
    if (auto purged = m_store.deleteExpiredSessions(
            user.id, now.addSecs(-m_options.sessionIdleTimeout.count()));
        !purged) {
        return purged.error();
    }
    Session session { newToken(), user, now.addSecs(m_options.sessionLifetime.count()) };
    // The wire carries milliseconds; store exactly what the client is told.
    session.expiresAt.setMSecsSinceEpoch(session.expiresAt.toMSecsSinceEpoch());
    auto created = m_store.createSession(Store::NewSession {
        digest(session.token),
        session.user.id,
        session.expiresAt,
        client.userAgent.left(MaxClientLength),
        client.address,
    });
    if (!created)
        return created.error();
    return session;
}

bool AuthService::isExpired(
    const QDateTime &expiresAt, const QDateTime &lastUsedAt, const QDateTime &now) const
{
    return expiresAt <= now || lastUsedAt.addSecs(m_options.sessionIdleTimeout.count()) <= now;
}

bool AuthService::use(
    const Store::SessionRecord &record, const QByteArray &tokenHash, const QDateTime &now)
{
    // A use still in memory counts: until it is written, the stored last_used_at can be
    // up to a touch interval plus a flush interval old, and a session in use must not
    // look idle meanwhile.
    const QDateTime lastUse = m_touches.lastUse(tokenHash, record.lastUsedAt);
    if (isExpired(record.expiresAt, lastUse, now))
        return false;
    // Recorded at most once per touchInterval, not on every request, and written with
    // the other sessions' uses (SessionTouches): not one fsync per socket signing in.
    if (lastUse.addSecs(m_options.touchInterval.count()) <= now)
        m_touches.record(tokenHash, now);
    return true;
}

Result<Principal> AuthService::authenticate(const QString &token)
{
    if (token.isEmpty())
        return Error { ErrorCode::Unauthenticated, u"a bearer token is required"_s };
    const QByteArray tokenHash = digest(token);
    auto record = m_store.session(tokenHash);
    if (!record)
        return record.error();
    if (!record.value())
        return Error { ErrorCode::Unauthenticated, u"unknown or revoked token"_s };
    if (!use(*record.value(), tokenHash, QDateTime::currentDateTimeUtc()))
        return Error { ErrorCode::TokenExpired, u"the session has expired; log in again"_s };
    return Principal { record.value()->user, tokenHash, record.value()->id };
}

Result<AuthService::SessionState> AuthService::sessionState(const Principal &principal)
{
    auto record = m_store.session(principal.tokenHash);
    if (!record)
        return record.error();
    if (!record.value())
        return SessionState::Ended;
    // An open socket is use: it keeps its session from going idle.
    if (!use(*record.value(), principal.tokenHash, QDateTime::currentDateTimeUtc()))
        return SessionState::Expired;
    return SessionState::Active;
}

Status AuthService::logout(const Principal &principal)
{
    auto deleted = m_store.deleteSession(principal.tokenHash);
    if (!deleted)
        return deleted.error();
    // Writing the pending use would change no row (an UPDATE of a deleted one); skip it.
    m_touches.forget(principal.tokenHash);
    return Done {};
}

Result<QList<SessionInfo>> AuthService::sessions(const Principal &principal)
{
    // The list shows (and filters by) last_used_at as stored: the uses not yet written go
    // first. Rare (a user opening their list), and a flush per call is bounded by the
    // touches themselves (at most one per session per touchInterval).
    (void)m_touches.flush();
    auto records = m_store.sessionsOf(principal.user.id);
    if (!records)
        return records.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<SessionInfo> sessions;
    for (const Store::SessionRecord &record : records.value()) {
        if (isExpired(record.expiresAt, record.lastUsedAt, now))
            continue;
        sessions.append(SessionInfo { record.id, record.createdAt, record.lastUsedAt,
            record.expiresAt, record.client, record.address, record.id == principal.sessionId });
    }
    return sessions;
}

Result<QByteArray> AuthService::revokeSession(const Principal &principal, qint64 sessionId)
{
    auto deleted = m_store.deleteSessionById(principal.user.id, sessionId);
    if (!deleted)
        return deleted.error();
    if (!deleted.value()) {
        return Error { ErrorCode::NotFound, u"you have no session %1"_s.arg(sessionId), u"id"_s };
    }
    qCInfo(lcAuth) << principal.user.username << "ended their session" << sessionId;
    m_touches.forget(*deleted.value());
    return *deleted.value();
}

Result<QList<QByteArray>> AuthService::revokeOtherSessions(const Principal &principal)
{
    auto deleted = m_store.deleteOtherSessions(principal.user.id, principal.tokenHash);
    if (!deleted)
        return deleted;
    qCInfo(lcAuth) << principal.user.username << "ended" << deleted->size() << "other sessions";
    for (const QByteArray &tokenHash : deleted.value())
        m_touches.forget(tokenHash);
    return deleted;
}

} // namespace chat::server
