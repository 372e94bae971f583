// Store: the awareness tables of schema version 2 (read and delivered positions, privacy
// settings, last seen). Kept apart from store.cpp, which holds accounts and messages.
#include <server/store/store.h>

#include <server/store/storerows.h>

#include <QSqlQuery>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::storerows;

namespace {

struct PositionTable
{
    QString table;
    QString column;
};

PositionTable tableFor(Store::PositionKind kind)
{
    if (kind == Store::PositionKind::Read)
        return { u"read_positions"_s, u"last_read_id"_s };
    return { u"delivered_positions"_s, u"last_delivered_id"_s };
}

const QString SettingsColumns = u"share_typing, share_receipts, share_presence, findable"_s;

Settings readSettings(const QSqlQuery &row, int first)
{
    return Settings { .shareTyping = row.value(first).toBool(),
        .shareReceipts = row.value(first + 1).toBool(),
        .sharePresence = row.value(first + 2).toBool(),
        .findable = row.value(first + 3).toBool() };
}

std::optional<QDateTime> timeOrNull(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

} // namespace

Result<qint64> Store::position(PositionKind kind, qint64 userId, qint64 conversationId) const
{
    const PositionTable t = tableFor(kind);
    return integer(
        u"SELECT %1 FROM %2 WHERE user_id = ? AND conversation_id = ?"_s.arg(t.column, t.table),
        { userId, conversationId });
}

Result<Store::Advanced> Store::advancePosition(
    PositionKind kind, qint64 userId, qint64 conversationId, qint64 upTo)
{
    auto current = position(kind, userId, conversationId);
    if (!current)
        return current.error();
    if (upTo <= current.value())
        return Advanced { .position = current.value(), .moved = false };
    const PositionTable t = tableFor(kind);
    // greatest() again in SQL: even a racing writer could never move the position back.
    auto query = run(u"INSERT INTO %1 (user_id, conversation_id, %2) VALUES (?, ?, ?) "
                     u"ON CONFLICT (user_id, conversation_id) DO UPDATE SET "
                     u"%2 = greatest(%1.%2, excluded.%2)"_s.arg(t.table, t.column),
        { userId, conversationId, upTo });
    if (!query)
        return query.error();
    return Advanced { .position = upTo, .moved = true };
}

Result<qint64> Store::newestMessageId(qint64 conversationId) const
{
    return integer(u"SELECT max(id) FROM messages WHERE conversation_id = ?"_s, { conversationId });
}

Result<Settings> Store::settings(qint64 userId) const
{
    auto query = run(
        u"SELECT "_s + SettingsColumns + u" FROM user_settings WHERE user_id = ?"_s, { userId });
    if (!query)
        return query.error();
    if (!query.value().next())
        return Settings {};
    return readSettings(query.value(), 0);
}

Status Store::saveSettings(qint64 userId, const Settings &settings)
{
    auto query = run(u"INSERT INTO user_settings (user_id, "_s + SettingsColumns
            + u") VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
              u"share_typing = excluded.share_typing, "
              u"share_receipts = excluded.share_receipts, "
              u"share_presence = excluded.share_presence, findable = excluded.findable"_s,
        { userId, int(settings.shareTyping), int(settings.shareReceipts),
            int(settings.sharePresence), int(settings.findable) });
    if (!query)
        return query.error();
    return Done {};
}

Result<QHash<qint64, Settings>> Store::changedSettings() const
{
    auto query = run(u"SELECT user_id, "_s + SettingsColumns + u" FROM user_settings"_s, {});
    if (!query)
        return query.error();
    QHash<qint64, Settings> settings;
    QSqlQuery &rows = query.value();
    while (rows.next())
        settings.insert(rows.value(0).toLongLong(), readSettings(rows, 1));
    return settings;
}

Status Store::setLastSeen(const QHash<qint64, QDateTime> &times)
{
    return inTransaction([&]() -> Status {
        for (auto time = times.cbegin(); time != times.cend(); ++time) {
            auto query = run(u"UPDATE users SET last_seen_at = ? WHERE id = ?"_s,
                { time.value().toMSecsSinceEpoch(), time.key() });
            if (!query)
                return query.error();
        }
        return Done {};
    });
}

Result<std::optional<QDateTime>> Store::lastSeen(qint64 userId) const
{
    auto query = run(u"SELECT last_seen_at FROM users WHERE id = ?"_s, { userId });
    if (!query)
        return query.error();
    if (!query.value().next())
        return std::optional<QDateTime>();
    return timeOrNull(query.value().value(0));
}

Result<QHash<qint64, Store::ContactState>> Store::contactStates(qint64 userId) const
{
    // Own messages never count as unread: only the other's texts past my position, the
    // difference of two of their ordinals (schema step 8), so two index seeks however
    // many are unread. (A direct conversation has no system entries: only a group's
    // changes make them.)
    const QString unread = textsOfSenderUpTo(u"c.id"_s, u"other.id"_s, u"9223372036854775807"_s)
        + u" - "_s
        + textsOfSenderUpTo(u"c.id"_s, u"other.id"_s, u"coalesce(mine.last_read_id, 0)"_s);
    auto query = run(u"SELECT other.id, other.last_seen_at, coalesce(mine.last_read_id, 0), "
                     u"  coalesce(theirs.last_read_id, 0), "
                     u"  coalesce(delivered.last_delivered_id, 0), "
                     u"  CASE WHEN c.id IS NULL THEN 0 ELSE "_s
            + unread
            + u" END "
              u"FROM users other "
              u"LEFT JOIN conversations c ON c.direct_key = "
              u"  least(other.id, ?) || ':' || greatest(other.id, ?) "
              u"LEFT JOIN read_positions mine "
              u"  ON mine.user_id = ? AND mine.conversation_id = c.id "
              u"LEFT JOIN read_positions theirs "
              u"  ON theirs.user_id = other.id AND theirs.conversation_id = c.id "
              u"LEFT JOIN delivered_positions delivered "
              u"  ON delivered.user_id = other.id AND delivered.conversation_id = c.id "
              u"WHERE other.id != ?"_s,
        { userId, userId, userId, userId });
    if (!query)
        return query.error();
    QHash<qint64, ContactState> states;
    QSqlQuery &rows = query.value();
    while (rows.next()) {
        states.insert(rows.value(0).toLongLong(),
            ContactState {
                .unread = rows.value(5).toLongLong(),
                .readUpTo = rows.value(2).toLongLong(),
                .theirReadUpTo = rows.value(3).toLongLong(),
                .theirDeliveredUpTo = rows.value(4).toLongLong(),
                .lastSeenAt = timeOrNull(rows.value(1)),
            });
    }
    return states;
}

} // namespace chat::server
