// Sessions: created at login, looked up by token digest on every request, listed and
// revoked by their owner, ended by logout, idleness or their lifetime.
#include "store.h"

#include <server/store/storerows.h>

#include <QSqlQuery>

#include <limits>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::storerows;

namespace {
// A session's columns, in the order sessionFrom() reads them; `last_used_at` is NULL for
// sessions made before schema 7 (their creation is the best guess).
constexpr auto SessionColumns = "s.id, u.id, u.username, s.created_at, "
                                "COALESCE(s.last_used_at, s.created_at), s.expires_at, "
                                "s.client, s.address";

Store::SessionRecord sessionFrom(const QSqlQuery &query)
{
    return Store::SessionRecord {
        query.value(0).toLongLong(),
        User { query.value(1).toLongLong(), query.value(2).toString() },
        fromMs(query.value(3).toLongLong()),
        fromMs(query.value(4).toLongLong()),
        fromMs(query.value(5).toLongLong()),
        query.value(6).toString(),
        query.value(7).toString(),
    };
}
} // namespace

Result<qint64> Store::createSession(const NewSession &session)
{
    const qint64 now = nowMs();
    return integer(u"INSERT INTO sessions (token_hash, user_id, created_at, last_used_at, "
                   u"expires_at, client, address) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
        { session.tokenHash, session.userId, now, now, session.expiresAt.toMSecsSinceEpoch(),
            session.client, session.address });
}

Status Store::createSession(const QByteArray &tokenHash, qint64 userId, const QDateTime &expiresAt)
{
    auto created = createSession(NewSession { tokenHash, userId, expiresAt, {}, {} });
    if (!created)
        return created.error();
    return Done {};
}

Result<std::optional<Store::SessionRecord>> Store::session(const QByteArray &tokenHash) const
{
    // Disabling deletes the sessions too; the condition also covers a database changed
    // by hand or by an older chatd in between.
    auto query = run(u"SELECT %1 FROM sessions s JOIN users u ON u.id = s.user_id "
                     u"WHERE s.token_hash = ? AND u.disabled_at IS NULL"_s.arg(
                         QLatin1StringView(SessionColumns)),
        { tokenHash });
    if (!query)
        return query.error();
    if (!query.value().next())
        return std::optional<SessionRecord>();
    return std::optional<SessionRecord>(sessionFrom(query.value()));
}

Result<QList<Store::SessionRecord>> Store::sessionsOf(qint64 userId) const
{
    auto query = run(u"SELECT %1 FROM sessions s JOIN users u ON u.id = s.user_id "
                     u"WHERE s.user_id = ? AND s.expires_at > ? "
                     u"ORDER BY COALESCE(s.last_used_at, s.created_at) DESC, s.id DESC"_s.arg(
                         QLatin1StringView(SessionColumns)),
        { userId, nowMs() });
    if (!query)
        return query.error();
    QList<SessionRecord> sessions;
    while (query.value().next())
        sessions.append(sessionFrom(query.value()));
    return sessions;
}

Status Store::touchSessions(const QList<SessionTouch> &touches)
{
    if (touches.isEmpty())
        return Done {};
    return inTransaction([&]() -> Status {
        for (const SessionTouch &touch : touches) {
            // An UPDATE: a session deleted meanwhile matches no row and stays deleted.
            auto query = run(u"UPDATE sessions SET last_used_at = ? WHERE token_hash = ?"_s,
                { touch.when.toMSecsSinceEpoch(), touch.tokenHash });
            if (!query)
                return query.error();
        }
        return Done {};
    });
}

Result<bool> Store::deleteSession(const QByteArray &tokenHash)
{
    auto query = run(u"DELETE FROM sessions WHERE token_hash = ?"_s, { tokenHash });
    if (!query)
        return query.error();
    return query.value().numRowsAffected() > 0;
}

Result<std::optional<QByteArray>> Store::deleteSessionById(qint64 userId, qint64 sessionId)
{
    return inTransaction([&]() -> Result<std::optional<QByteArray>> {
        auto found = run(u"SELECT token_hash FROM sessions WHERE id = ? AND user_id = ?"_s,
            { sessionId, userId });
        if (!found)
            return found.error();
        if (!found.value().next())
            return std::optional<QByteArray>();
        const QByteArray tokenHash = found.value().value(0).toByteArray();
        found.value().finish();
        auto deleted = run(u"DELETE FROM sessions WHERE id = ?"_s, { sessionId });
        if (!deleted)
            return deleted.error();
        return std::optional<QByteArray>(tokenHash);
    });
}

Result<QList<QByteArray>> Store::deleteOtherSessions(qint64 userId, const QByteArray &keepTokenHash)
{
    return inTransaction([&]() -> Result<QList<QByteArray>> {
        auto found = run(u"SELECT token_hash FROM sessions WHERE user_id = ? AND token_hash <> ?"_s,
            { userId, keepTokenHash });
        if (!found)
            return found.error();
        QList<QByteArray> ended;
        while (found.value().next())
            ended.append(found.value().value(0).toByteArray());
        found.value().finish();
        auto deleted = run(u"DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?"_s,
            { userId, keepTokenHash });
        if (!deleted)
            return deleted.error();
        return ended;
    });
}

Status Store::deleteExpiredSessions(qint64 userId, const QDateTime &idleBefore)
{
    auto query = run(u"DELETE FROM sessions WHERE user_id = ? AND (expires_at <= ? "
                     u"OR COALESCE(last_used_at, created_at) < ?)"_s,
        { userId, nowMs(),
            idleBefore.isValid() ? idleBefore.toMSecsSinceEpoch()
                                 : std::numeric_limits<qint64>::min() });
    if (!query)
        return query.error();
    return Done {};
}

} // namespace chat::server
