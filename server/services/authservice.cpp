#include "authservice.h"

#include <server/logging.h>
#include <server/metrics/servermetrics.h>
#include <server/store/store.h>

#include <QCryptographicHash>

#include <sodium.h>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {
constexpr int TokenBytes = 32;

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
} // namespace

AuthService::AuthService(Store &store, ServerMetrics &metrics, const Options &options)
    : m_store(store)
    , m_metrics(metrics)
    , m_options(options)
    , m_hasher(options.hashCost)
    , m_attempts(options.attemptBurst, options.attemptsPerSecond)
{ }

QByteArray AuthService::digest(const QString &token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256);
}

std::optional<Error> AuthService::throttle(const QString &origin)
{
    if (m_attempts.tryAcquire(origin))
        return std::nullopt;
    m_metrics.rateLimitedSignIns.increment();
    qCWarning(lcAuth) << "throttling sign-in attempts from" << origin;
    return Error { ErrorCode::RateLimited,
        u"too many attempts; retry in %1 s"_s.arg(m_attempts.retryAfterSeconds(origin)) };
}

Result<User> AuthService::registerUser(const json::Credentials &credentials, const QString &origin)
{
    if (auto error = throttle(origin))
        return *error;
    auto hash = m_hasher.hash(credentials.password);
    if (!hash)
        return hash.error();
    auto user = m_store.createUser(credentials.username, hash.value());
    if (user)
        qCInfo(lcAuth) << "registered" << user->username << "as user" << user->id;
    return user;
}

Result<Session> AuthService::login(const json::Credentials &credentials, const QString &origin)
{
    auto session = checkLogin(credentials, origin);
    // A throttled attempt was not tried (the rate-limited count has it), and a failure of
    // the server's own says nothing of the credentials.
    if (session)
        m_metrics.signInsOk.increment();
    else if (session.error().code == ErrorCode::InvalidCredentials
        || session.error().code == ErrorCode::Forbidden)
        m_metrics.signInsFailed.increment();
    return session;
}

Result<Session> AuthService::checkLogin(const json::Credentials &credentials, const QString &origin)
{
    if (auto error = throttle(origin))
        return *error;
    auto stored = m_store.credentials(credentials.username);
    if (!stored)
        return stored.error();
    if (!stored.value()) {
        m_hasher.verifyDummy(credentials.password);
        return invalidCredentials();
    }
    if (!m_hasher.verify(stored.value()->passwordHash, credentials.password))
        return invalidCredentials();
    // Said only to whoever knows the password: to others a disabled account is like any.
    if (stored.value()->disabled)
        return Error { ErrorCode::Forbidden, u"this account is disabled"_s };

    // Expired sessions are dead weight; a login is a cheap moment to drop the user's.
    if (auto purged = m_store.deleteExpiredSessions(stored.value()->user.id); !purged)
        return purged.error();

    Session session { newToken(), stored.value()->user,
        QDateTime::currentDateTimeUtc().addSecs(m_options.sessionLifetime.count()) };
    // The wire carries milliseconds; store exactly what the client is told.
    session.expiresAt.setMSecsSinceEpoch(session.expiresAt.toMSecsSinceEpoch());
    if (auto status
        = m_store.createSession(digest(session.token), session.user.id, session.expiresAt);
        !status) {
        return status.error();
    }
    return session;
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
    if (record.value()->expiresAt <= QDateTime::currentDateTimeUtc()) {
        return Error { ErrorCode::TokenExpired, u"the session has expired; log in again"_s };
    }
    return Principal { record.value()->user, tokenHash };
}

Result<bool> AuthService::isActive(const Principal &principal)
{
    auto record = m_store.session(principal.tokenHash);
    if (!record)
        return record.error();
    return record.value().has_value();
}

Status AuthService::logout(const Principal &principal)
{
    auto deleted = m_store.deleteSession(principal.tokenHash);
    if (!deleted)
        return deleted.error();
    return Done {};
}

} // namespace chat::server
