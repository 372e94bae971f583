// What an administrator changes in accounts (`chatd user`, from a second process while
// chatd serves: WAL and the busy timeout make that safe), and the probe behind
// GET /healthz.
#include "store.h"

#include <server/store/storerows.h>

#include <QSqlError>
#include <QSqlQuery>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::storerows;

Result<int> Store::deleteSessionsOf(qint64 userId)
{
    auto ended = run(u"DELETE FROM sessions WHERE user_id = ?"_s, { userId });
    if (!ended)
        return ended.error();
    return ended.value().numRowsAffected();
}

Result<int> Store::disableUser(qint64 userId)
{
    return inTransaction([&]() -> Result<int> {
        auto disabled
            = run(u"UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL"_s,
                { nowMs(), userId });
        if (!disabled)
            return disabled.error();
        return deleteSessionsOf(userId);
    });
}

Status Store::enableUser(qint64 userId)
{
    auto query = run(u"UPDATE users SET disabled_at = NULL WHERE id = ?"_s, { userId });
    if (!query)
        return query.error();
    return Done {};
}

Result<int> Store::replacePassword(qint64 userId, const QByteArray &passwordHash)
{
    return inTransaction([&]() -> Result<int> {
        auto replaced = run(u"UPDATE users SET password_hash = ? WHERE id = ?"_s,
            { QString::fromLatin1(passwordHash), userId });
        if (!replaced)
            return replaced.error();
        return deleteSessionsOf(userId);
    });
}

Status Store::probeWrite()
{
    // On SQLite IMMEDIATE takes the write lock at once, as a commit would need it; the
    // write then shows that the connection may write (on PostgreSQL: that the server
    // answers and takes a write). Rolled back, it costs no fsync and changes no file, so
    // a monitor polling /healthz cannot wear the disk. Unlike other statements, a failure
    // keeps the engine's reason ("database is locked"): it is what the operator needs to
    // read, and it tells a client nothing about anyone's data.
    // A probe is also what reconnects an idle node to a database that came back.
    if (auto connected = ensureConnected(); !connected)
        return connected;
    if (!isOpen())
        return Error { ErrorCode::Internal, u"the database is not open"_s };
    QSqlQuery query(connection());
    const auto failed = [&](const QString &what) {
        const Error error { ErrorCode::Internal,
            u"%1: %2"_s.arg(what, query.lastError().databaseText()) };
        // A lost connection is noted (the next call reconnects); the reason stays.
        if (failure(error).code == ErrorCode::ServiceUnavailable)
            return Error { ErrorCode::ServiceUnavailable, error.message };
        return error;
    };
    if (!query.exec(m_dialect->beginWrite))
        return failed(u"cannot take the write lock"_s);
    query.prepare(u"INSERT INTO health_check (id, checked_at) VALUES (1, ?) "
                  u"ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at"_s);
    query.addBindValue(nowMs());
    std::optional<Error> writeError;
    if (!query.exec())
        writeError = failed(u"cannot write"_s);
    query.finish();
    if (!query.exec(u"ROLLBACK"_s) && !writeError)
        return failed(u"cannot roll back"_s);
    if (writeError)
        return *writeError;
    return Done {};
}

} // namespace chat::server
