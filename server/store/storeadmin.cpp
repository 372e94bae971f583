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
    // IMMEDIATE takes the write lock at once, as a commit would need it; the write then
    // shows that the connection may write. Rolled back, it costs no fsync and changes no
    // file, so a monitor polling /healthz cannot wear the disk.
    if (auto begun = run(u"BEGIN IMMEDIATE"_s, {}); !begun)
        return begun.error();
    const std::optional<Error> writeError = [this]() -> std::optional<Error> {
        auto written = run(
            u"INSERT OR REPLACE INTO health_check (id, checked_at) VALUES (1, ?)"_s, { nowMs() });
        return written ? std::nullopt : std::optional(written.error());
    }();
    auto rolledBack = run(u"ROLLBACK"_s, {});
    if (writeError)
        return *writeError;
    if (!rolledBack)
        return rolledBack.error();
    return Done {};
}

} // namespace chat::server
