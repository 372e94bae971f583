// Store: replies, edits, deletion for everyone and reactions (schema version 5), and the
// replay of a timeline, which delivers the changes of messages with the messages.
#include "store.h"

#include <server/store/storerows.h>
#include <shared/actioncodec.h>
#include <shared/messagerules.h>
#include <shared/protocol.h>

#include <QHash>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::storerows;

namespace {

QString actionName(MessageUpdate::Kind kind)
{
    switch (kind) {
    case MessageUpdate::Kind::Edited:
        return u"edit"_s;
    case MessageUpdate::Kind::Deleted:
        return u"delete"_s;
    case MessageUpdate::Kind::ReactionAdded:
        return u"react"_s;
    case MessageUpdate::Kind::ReactionRemoved:
        return u"unreact"_s;
    }
    return {};
}

std::optional<MessageUpdate::Kind> kindOfAction(const QString &action)
{
    for (auto kind : { MessageUpdate::Kind::Edited, MessageUpdate::Kind::Deleted,
             MessageUpdate::Kind::ReactionAdded, MessageUpdate::Kind::ReactionRemoved }) {
        if (actionName(kind) == action)
            return kind;
    }
    return std::nullopt;
}

//! A change row's columns after MessageColumns: m.action, m.target_id.
constexpr int ActionColumn = MessageColumnCount;
constexpr int TargetColumn = MessageColumnCount + 1;

} // namespace

Result<std::optional<Store::MessageFacts>> Store::messageFacts(qint64 messageId) const
{
    auto query = run(u"SELECT id, conversation_id, sender_id, event IS NOT NULL, "
                     u"deleted_at IS NOT NULL, created_at FROM messages "
                     u"WHERE id = ? AND action IS NULL"_s,
        { messageId });
    if (!query)
        return query.error();
    QSqlQuery &row = query.value();
    if (!row.next())
        return std::optional<MessageFacts>();
    return std::optional<MessageFacts>(MessageFacts { row.value(0).toLongLong(),
        row.value(1).toLongLong(), row.value(2).toLongLong(), row.value(3).toBool(),
        row.value(4).toBool(), fromMs(row.value(5).toLongLong()) });
}

Status Store::complete(QList<Message> &messages, qint64 visibleFrom) const
{
    if (messages.isEmpty())
        return Done {};
    QList<qint64> ids;
    QList<qint64> quoted;
    for (const Message &message : std::as_const(messages)) {
        ids.append(message.id);
        if (message.replyTo)
            quoted.append(message.replyTo->id);
    }
    QHash<qint64, ReplyPreview> previews;
    if (!quoted.isEmpty()) {
        auto query = run(u"SELECT m.id, m.sender_id, u.username, m.body, m.deleted_at IS NOT NULL "
                         u"FROM messages m JOIN users u ON u.id = m.sender_id WHERE m.id "_s
                + m_dialect->inIdList,
            { idList(quoted) });
        if (!query)
            return query.error();
        while (query.value().next()) {
            const QSqlQuery &row = query.value();
            ReplyPreview preview { .id = row.value(0).toLongLong() };
            // A reader who joined after the quoted message sees only that there was one,
            // not even whether it was deleted since.
            preview.available = preview.id >= visibleFrom;
            preview.deleted = preview.available && row.value(4).toBool();
            if (preview.available && !preview.deleted) {
                preview.senderId = row.value(1).toLongLong();
                preview.senderName = row.value(2).toString();
                preview.excerpt = rules::excerptOf(row.value(3).toString());
            }
            previews.insert(preview.id, preview);
        }
    }
    // Oldest first, so each emoji is listed where it was first used and its users in order.
    auto reactions = run(u"SELECT message_id, emoji, user_id FROM reactions WHERE message_id "_s
            + m_dialect->inIdList + u" ORDER BY created_at, user_id"_s,
        { idList(ids) });
    if (!reactions)
        return reactions.error();
    QHash<qint64, QList<Reaction>> byMessage;
    while (reactions.value().next()) {
        const QSqlQuery &row = reactions.value();
        QList<Reaction> &list = byMessage[row.value(0).toLongLong()];
        const QString emoji = row.value(1).toString();
        auto found = std::find_if(
            list.begin(), list.end(), [&](const Reaction &r) { return r.emoji == emoji; });
        if (found == list.end())
            found = list.insert(list.end(), Reaction { emoji, {} });
        found->userIds.append(row.value(2).toLongLong());
    }
    for (Message &message : messages) {
        if (message.replyTo)
            message.replyTo = previews.value(message.replyTo->id,
                ReplyPreview { .id = message.replyTo->id, .available = false });
        message.reactions = byMessage.value(message.id);
    }
    return Done {};
}

Status Store::completeEach(QList<Message> &messages, const QList<qint64> &visibleFrom) const
{
    QHash<qint64, QList<qsizetype>> slotsByRange;
    for (qsizetype i = 0; i < messages.size(); ++i)
        slotsByRange[visibleFrom.at(i)].append(i);
    for (auto range = slotsByRange.cbegin(); range != slotsByRange.cend(); ++range) {
        QList<Message> group;
        for (const qsizetype slot : range.value())
            group.append(messages.at(slot));
        if (auto completed = complete(group, range.key()); !completed)
            return completed;
        for (qsizetype i = 0; i < group.size(); ++i)
            messages[range.value().at(i)] = group.at(i);
    }
    return Done {};
}

Result<QList<qint64>> Store::membersSeeing(qint64 conversationId, qint64 messageId) const
{
    auto query = run(u"SELECT user_id FROM conversation_members WHERE conversation_id = ? "
                     u"AND left_at_id IS NULL AND first_visible_id <= ? ORDER BY user_id"_s,
        { conversationId, messageId });
    if (!query)
        return query.error();
    QList<qint64> ids;
    while (query.value().next())
        ids.append(query.value().value(0).toLongLong());
    return ids;
}

Result<std::optional<Store::StoredUpdate>> Store::previousUpdate(const UpdateRequest &request) const
{
    auto used = run(u"SELECT id, action, target_id, body FROM messages "
                    u"WHERE sender_id = ? AND client_id = ?"_s,
        { request.userId, request.clientId });
    if (!used)
        return used.error();
    if (!used.value().next())
        return std::optional<StoredUpdate>();
    const QSqlQuery &row = used.value();
    // The same change: the same kind, message and (for a reaction) emoji. Edits are
    // compared without their text, as a retried send is.
    const bool reaction = request.kind == MessageUpdate::Kind::ReactionAdded
        || request.kind == MessageUpdate::Kind::ReactionRemoved;
    if (row.value(1).toString() != actionName(request.kind)
        || row.value(2).toLongLong() != request.messageId
        || (reaction && row.value(3).toString() != request.emoji)) {
        return Error { ErrorCode::InvalidField,
            u"this client id was already used for something else"_s, u"clientId"_s };
    }
    auto update = updateAt(row.value(0).toLongLong());
    if (!update)
        return update.error();
    return std::optional<StoredUpdate>(StoredUpdate { update.value(), false });
}

Result<Store::StoredUpdate> Store::applyUpdate(const UpdateRequest &request)
{
    using Kind = MessageUpdate::Kind;
    return inTransaction([&]() -> Result<StoredUpdate> {
        // The same client id again: the change as it was made, applied once.
        auto previous = previousUpdate(request);
        if (!previous)
            return previous.error();
        if (previous.value())
            return *previous.value();

        const qint64 now = nowMs();
        Status applied = Done {};
        auto apply = [&](const QString &sql, const QVariantList &values) {
            if (auto query = run(sql, values); !query)
                applied = query.error();
        };
        switch (request.kind) {
        case Kind::Edited:
            apply(u"UPDATE messages SET body = ?, edited_at = ? WHERE id = ?"_s,
                { request.body, now, request.messageId });
            break;
        case Kind::Deleted:
            // Erased, not hidden: the text (and through the triggers its index entry) and
            // the reactions go; the row stays, so replies and positions still refer to it.
            apply(u"UPDATE messages SET body = '', deleted_at = ? WHERE id = ?"_s,
                { now, request.messageId });
            if (applied)
                apply(u"DELETE FROM reactions WHERE message_id = ?"_s, { request.messageId });
            break;
        case Kind::ReactionAdded: {
            auto count = integer(
                u"SELECT count(*) FROM reactions WHERE message_id = ? AND user_id = ? AND emoji != ?"_s,
                { request.messageId, request.userId, request.emoji });
            if (!count)
                return count.error();
            if (count.value() >= protocol::limits::MaxReactionsPerUser) {
                return Error { ErrorCode::LimitExceeded,
                    u"at most %1 different reactions per message"_s.arg(
                        protocol::limits::MaxReactionsPerUser),
                    u"emoji"_s };
            }
            apply(u"INSERT INTO reactions (message_id, user_id, emoji, created_at) "
                  u"VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"_s,
                { request.messageId, request.userId, request.emoji, now });
            break;
        }
        case Kind::ReactionRemoved:
            apply(u"DELETE FROM reactions WHERE message_id = ? AND user_id = ? AND emoji = ?"_s,
                { request.messageId, request.userId, request.emoji });
            break;
        }
        if (!applied)
            return applied.error();
        // The change's own row: its id is its position. A reaction's emoji is its body.
        // (The casts tell PostgreSQL the types of values it cannot infer in a SELECT.)
        auto position = integer(u"INSERT INTO messages (conversation_id, sender_id, client_id, "
                                u"body, created_at, action, target_id) "
                                u"SELECT conversation_id, CAST(? AS BIGINT), CAST(? AS TEXT), "
                                u"coalesce(CAST(? AS TEXT), ''), CAST(? AS BIGINT), "
                                u"CAST(? AS TEXT), id FROM messages WHERE id = ? RETURNING id"_s,
            { request.userId, request.clientId, request.emoji, now, actionName(request.kind),
                request.messageId });
        if (!position)
            return position.error();
        auto update = updateAt(position.value());
        if (!update)
            return update.error();
        return StoredUpdate { update.value(), true };
    });
}

struct Store::ChangeRow
{
    qint64 position = 0;
    MessageUpdate::Kind kind = MessageUpdate::Kind::Edited;
    qint64 userId = 0;
    QString clientId;
    QString emoji;
    QDateTime createdAt;
    qint64 targetId = 0;
    qint64 visibleFrom = 0; //!< Where the reader's part of the timeline starts.
};

namespace {

//! Reads a change from a row of MessageColumns followed by m.action and m.target_id.
std::optional<Store::ChangeRow> readChange(const QSqlQuery &row, qint64 visibleFrom)
{
    const auto kind = kindOfAction(row.value(ActionColumn).toString());
    if (!kind)
        return std::nullopt;
    const Message own = readMessage(row);
    return Store::ChangeRow { own.id, *kind, own.senderId, own.clientId, own.body, own.createdAt,
        row.value(TargetColumn).toLongLong(), visibleFrom };
}

} // namespace

Result<MessageUpdate> Store::updateAt(qint64 position) const
{
    auto query = run(u"SELECT "_s + MessageColumns
            + u", m.action, m.target_id FROM messages m JOIN users u ON u.id = m.sender_id "
              u"WHERE m.id = ?"_s,
        { position });
    if (!query)
        return query.error();
    if (!query.value().next())
        return Error { ErrorCode::Internal, u"a change of a message vanished"_s };
    const auto change = readChange(query.value(), 0);
    if (!change)
        return Error { ErrorCode::Internal, u"entry %1 is not a change"_s.arg(position) };
    auto updates = updatesFor({ *change });
    if (!updates)
        return updates.error();
    return updates.value().first();
}

Result<QList<MessageUpdate>> Store::updatesFor(const QList<ChangeRow> &changes) const
{
    // Each change carries its message as it is now, completed for its reader.
    QList<qint64> targets;
    for (const ChangeRow &change : changes)
        targets.append(change.targetId);
    auto query = run(u"SELECT "_s + MessageColumns
            + u" FROM messages m JOIN users u ON u.id = m.sender_id WHERE m.id "_s
            + m_dialect->inIdList,
        { idList(targets) });
    if (!query)
        return query.error();
    QHash<qint64, Message> byId;
    while (query.value().next()) {
        const Message message = readMessage(query.value());
        byId.insert(message.id, message);
    }
    QList<Message> targetsNow;
    QList<qint64> visibleFrom;
    for (const ChangeRow &change : changes) {
        targetsNow.append(byId.value(change.targetId));
        visibleFrom.append(change.visibleFrom);
    }
    if (auto completed = completeEach(targetsNow, visibleFrom); !completed)
        return completed.error();
    QList<MessageUpdate> updates;
    updates.reserve(changes.size());
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const ChangeRow &change = changes.at(i);
        updates.append(MessageUpdate { change.position, change.kind, change.userId, change.clientId,
            change.emoji, change.createdAt, targetsNow.at(i) });
    }
    return updates;
}

Result<QList<Store::TimelineItem>> Store::timelineAfter(
    qint64 userId, qint64 afterId, int limit) const
{
    // Each member's part of each timeline: removed members get up to their removal, and
    // no change of a message from before they joined.
    auto query = run(u"SELECT "_s + MessageColumns
            + u", m.action, m.target_id, cm.first_visible_id "
              u"FROM messages m JOIN users u ON u.id = m.sender_id "
              u"JOIN conversation_members cm ON cm.conversation_id = m.conversation_id "
              u"  AND cm.user_id = ? "
              u"WHERE m.id > ? AND "_s
            + VisibleToMember
            + u" AND (m.target_id IS NULL OR m.target_id >= cm.first_visible_id) "
              u"ORDER BY m.id LIMIT ?"_s,
        { userId, afterId, limit });
    if (!query)
        return query.error();
    QList<TimelineItem> items;
    QList<Message> messages;
    QList<qint64> messagesVisibleFrom;
    QList<qsizetype> messageSlots;
    QList<ChangeRow> changes;
    QList<qsizetype> changeSlots;
    QSqlQuery &rows = query.value();
    while (rows.next()) {
        const qint64 visibleFrom = rows.value(TargetColumn + 1).toLongLong();
        if (rows.value(ActionColumn).isNull()) {
            messageSlots.append(items.size());
            messages.append(readMessage(rows));
            messagesVisibleFrom.append(visibleFrom);
            items.append(Message {});
        } else if (const auto change = readChange(rows, visibleFrom)) {
            changeSlots.append(items.size());
            changes.append(*change);
            items.append(MessageUpdate {});
        }
    }
    if (auto completed = completeEach(messages, messagesVisibleFrom); !completed)
        return completed.error();
    for (qsizetype i = 0; i < messageSlots.size(); ++i)
        items[messageSlots.at(i)] = messages.at(i);
    if (!changes.isEmpty()) {
        auto updates = updatesFor(changes);
        if (!updates)
            return updates.error();
        for (qsizetype i = 0; i < changeSlots.size(); ++i)
            items[changeSlots.at(i)] = updates.value().at(i);
    }
    return items;
}

} // namespace chat::server
