#include "messagerowsmodel.h"

#include <algorithm>

namespace chat::client {

int MessageRowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MessageRowsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case BodyRole:
        return shownMessage(index.row()).body;
    case ReplyToRole: {
        const Message shown = shownMessage(index.row());
        return shown.replyTo ? QVariant::fromValue(*shown.replyTo) : QVariant();
    }
    case EditedAtRole:
        return shownMessage(index.row()).editedAt.value_or(QDateTime());
    case IsDeletedRole:
        return shownMessage(index.row()).deleted;
    case ReactionsRole:
        return QVariant::fromValue(messagestate::chipsOf(shownMessage(index.row()), m_ownUserId));
    case HasPendingChangeRole:
        return row.message.id > 0 && m_pendingChanges.contains(row.message.id);
    case IdRole:
        return row.message.id;
    case ClientIdRole:
        return row.message.clientId;
    case SenderIdRole:
        return row.message.senderId;
    case SenderNameRole:
        return row.message.senderName;
    case CreatedAtRole:
        return row.message.createdAt;
    case IsOwnRole:
        return row.message.senderId == m_ownUserId;
    case DeliveryStateRole:
        return QVariant::fromValue(row.state);
    case ErrorRole:
        return row.error;
    case ReceiptRole:
        return QVariant::fromValue(receiptsOf(row).mark);
    case ReadCountRole:
        return receiptsOf(row).readCount;
    case ReadByRole:
        return receiptsOf(row).readBy;
    case IsSystemRole:
        return row.message.isSystem();
    case ShowSenderRole:
        return m_group && !row.message.isSystem() && row.message.senderId != m_ownUserId;
    case StartsDayRole:
        return row.startsDay;
    case FirstUnreadRole:
        return m_firstUnreadId != 0 && row.message.id == m_firstUnreadId;
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageRowsModel::roleNames() const
{
    return {
        { IdRole, "id" },
        { ClientIdRole, "clientId" },
        { BodyRole, "body" },
        { SenderIdRole, "senderId" },
        { SenderNameRole, "senderName" },
        { CreatedAtRole, "createdAt" },
        { IsOwnRole, "isOwn" },
        { DeliveryStateRole, "deliveryState" },
        { ErrorRole, "error" },
        { ReceiptRole, "receipt" },
        { ReadCountRole, "readCount" },
        { ReadByRole, "readBy" },
        { IsSystemRole, "isSystem" },
        { ShowSenderRole, "showSender" },
        { ReplyToRole, "replyTo" },
        { EditedAtRole, "editedAt" },
        { IsDeletedRole, "isDeleted" },
        { ReactionsRole, "reactions" },
        { HasPendingChangeRole, "hasPendingChange" },
        { StartsDayRole, "startsDay" },
        { FirstUnreadRole, "firstUnread" },
    };
}

Message MessageRowsModel::shownMessage(int row) const
{
    const Message &message = m_rows.at(row).message;
    const auto pending
        = message.id > 0 ? m_pendingChanges.constFind(message.id) : m_pendingChanges.constEnd();
    if (pending == m_pendingChanges.constEnd())
        return message;
    return messagestate::withPendingChanges(message, *pending, m_ownUserId);
}

QString MessageRowsModel::nameOf(qint64 userId) const
{
    if (userId == m_peer.id && !m_peer.username.isEmpty())
        return m_peer.username;
    for (const MemberPosition &other : m_others) {
        if (other.userId == userId && !other.name.isEmpty())
            return other.name;
    }
    for (auto row = m_rows.crbegin(); row != m_rows.crend(); ++row) {
        if (row->message.senderId == userId && !row->message.isSystem())
            return row->message.senderName;
    }
    return {};
}

void MessageRowsModel::addPendingChange(const OutgoingOperation &change)
{
    QList<OutgoingOperation> &changes = m_pendingChanges[change.targetId];
    const auto same = [&change](const OutgoingOperation &other) {
        return other.clientId == change.clientId;
    };
    if (std::any_of(changes.cbegin(), changes.cend(), same))
        return; // retried: it shows already
    changes.append(change);
    if (const int row = rowOfId(change.targetId); row >= 0)
        emitStateChanged(row);
}

void MessageRowsModel::dropPendingChange(const OutgoingOperation &change)
{
    auto changes = m_pendingChanges.find(change.targetId);
    if (changes == m_pendingChanges.end())
        return;
    const qsizetype removed = changes->removeIf(
        [&change](const OutgoingOperation &other) { return other.clientId == change.clientId; });
    if (changes->isEmpty())
        m_pendingChanges.erase(changes);
    if (const int row = rowOfId(change.targetId); removed > 0 && row >= 0)
        emitStateChanged(row);
}

void MessageRowsModel::takeRowState(int row, const Message &changed, qint64 position)
{
    Row &value = m_rows[row];
    // A change older than one already taken, or a copy of the message after a change,
    // would go back in time.
    if (position == 0 ? value.statePosition > 0 : position <= value.statePosition)
        return;
    value.statePosition = std::max(value.statePosition, position);
    if (messagestate::takeState(value.message, changed))
        emitStateChanged(row);
}

void MessageRowsModel::refreshQuotesOf(const Message &changed)
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (messagestate::refreshQuote(m_rows[row].message, changed))
            emitStateChanged(row);
    }
}

void MessageRowsModel::emitStateChanged(int row)
{
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed,
        { Qt::DisplayRole, BodyRole, ReplyToRole, EditedAtRole, IsDeletedRole, ReactionsRole,
            HasPendingChangeRole });
}

int MessageRowsModel::storedRowCount() const
{
    // Stored rows come first; the local ones (id 0) trail them.
    return int(std::partition_point(m_rows.cbegin(), m_rows.cend(), [](const Row &row) {
        return row.message.id != 0;
    }) - m_rows.cbegin());
}

int MessageRowsModel::sortedRowFor(qint64 id) const
{
    const auto storedEnd = m_rows.cbegin() + storedRowCount();
    return int(std::lower_bound(m_rows.cbegin(), storedEnd, id, [](const Row &row, qint64 value) {
        return row.message.id < value;
    }) - m_rows.cbegin());
}

int MessageRowsModel::rowOfClientId(const QString &clientId) const
{
    // Search from the end: a message being reconciled is almost always among the newest.
    for (qsizetype row = m_rows.size() - 1; row >= 0; --row) {
        if (m_rows.at(row).message.senderId == m_ownUserId
            && m_rows.at(row).message.clientId == clientId)
            return int(row);
    }
    return -1;
}

int MessageRowsModel::rowOfId(qint64 id) const
{
    const int row = sortedRowFor(id);
    return row < storedRowCount() && m_rows.at(row).message.id == id ? row : -1;
}

std::optional<qint64> MessageRowsModel::oldestId() const
{
    if (m_rows.isEmpty() || m_rows.first().message.id == 0)
        return std::nullopt;
    return m_rows.first().message.id;
}

std::optional<qint64> MessageRowsModel::newestStoredId() const
{
    const int stored = storedRowCount();
    if (stored == 0)
        return std::nullopt;
    return m_rows.at(stored - 1).message.id;
}

MessageRowsModel::Receipts MessageRowsModel::receiptsOf(const Row &row) const
{
    Receipts receipts;
    if (row.state != DeliveryState::Sent || row.message.id <= 0
        || row.message.senderId != m_ownUserId || row.message.isSystem())
        return receipts;
    bool delivered = false;
    for (const MemberPosition &other : m_others) {
        if (other.readUpTo >= row.message.id) {
            ++receipts.readCount;
            if (!other.name.isEmpty())
                receipts.readBy.append(other.name);
        }
        delivered = delivered || std::max(other.deliveredUpTo, other.readUpTo) >= row.message.id;
    }
    receipts.mark = receipts.readCount > 0 ? ReceiptMark::Read
        : delivered                        ? ReceiptMark::Delivered
                                           : ReceiptMark::None;
    return receipts;
}

qint64 MessageRowsModel::deliveredUpTo() const
{
    qint64 furthest = 0;
    for (const MemberPosition &other : m_others)
        furthest = std::max(furthest, other.deliveredUpTo);
    return furthest;
}

qint64 MessageRowsModel::readUpTo() const
{
    qint64 furthest = 0;
    for (const MemberPosition &other : m_others)
        furthest = std::max(furthest, other.readUpTo);
    return furthest;
}

void MessageRowsModel::setReceiptPositions(qint64 deliveredUpTo, qint64 readUpTo, const User &peer)
{
    m_peer = peer;
    setMemberPositions({ MemberPosition {
        .userId = 0, .name = {}, .deliveredUpTo = deliveredUpTo, .readUpTo = readUpTo } });
}

void MessageRowsModel::setGroup(bool group)
{
    if (m_group == group)
        return;
    m_group = group;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), { ShowSenderRole });
}

void MessageRowsModel::setMemberPositions(const QList<MemberPosition> &others)
{
    if (others == m_others)
        return;
    const int stored = storedRowCount();
    QList<Receipts> before;
    before.reserve(stored);
    for (int row = 0; row < stored; ++row)
        before.append(receiptsOf(m_rows.at(row)));
    m_others = others;
    // One dataChanged per run of consecutive changed rows (others' rows never change).
    int runStart = -1;
    for (int row = 0; row <= stored; ++row) {
        const bool changed = row < stored && receiptsOf(m_rows.at(row)) != before.at(row);
        if (changed && runStart < 0) {
            runStart = row;
        } else if (!changed && runStart >= 0) {
            Q_EMIT dataChanged(
                index(runStart), index(row - 1), { ReceiptRole, ReadCountRole, ReadByRole });
            runStart = -1;
        }
    }
}

void MessageRowsModel::resetRows(qint64 conversationId, qint64 ownUserId)
{
    beginResetModel();
    m_rows.clear();
    m_conversationId = conversationId;
    m_ownUserId = ownUserId;
    m_group = false;
    m_others.clear();
    m_peer = {};
    m_pendingChanges.clear();
    m_firstUnreadId = 0;
    m_windowStartsConversation = true;
    endResetModel();
}

void MessageRowsModel::replaceRows(QList<Row> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    updateDayStarts(0, rowCount() - 1, false);
    endResetModel();
}

void MessageRowsModel::insertRow(int row, const Row &value)
{
    insertRowsAt(row, { value });
}

void MessageRowsModel::insertRowsAt(int row, const QList<Row> &rows)
{
    if (rows.isEmpty())
        return;
    const int last = row + int(rows.size()) - 1;
    beginInsertRows({}, row, last);
    m_rows.insert(row, rows.size(), Row {});
    std::copy(rows.cbegin(), rows.cend(), m_rows.begin() + row);
    updateDayStarts(row, last, false);
    endInsertRows();
    // The row after them has another row before it now.
    updateDayStarts(last + 1, last + 1);
}

void MessageRowsModel::dropRows(int first, int count)
{
    if (count <= 0)
        return;
    beginRemoveRows({}, first, first + count - 1);
    m_rows.remove(first, count);
    endRemoveRows();
    updateDayStarts(first, first);
}

bool MessageRowsModel::computeStartsDay(int row) const
{
    if (row == 0)
        return m_windowStartsConversation;
    const QDateTime &time = m_rows.at(row).message.createdAt;
    const QDateTime &previous = m_rows.at(row - 1).message.createdAt;
    return time.isValid() && previous.isValid()
        && time.toLocalTime().date() != previous.toLocalTime().date();
}

void MessageRowsModel::updateDayStarts(int first, int last, bool report)
{
    first = std::max(first, 0);
    last = std::min(last, rowCount() - 1);
    for (int row = first; row <= last; ++row) {
        const bool starts = computeStartsDay(row);
        if (starts == m_rows.at(row).startsDay)
            continue;
        m_rows[row].startsDay = starts;
        if (report)
            Q_EMIT dataChanged(index(row), index(row), { StartsDayRole });
    }
}

void MessageRowsModel::setWindowStartsConversation(bool starts)
{
    if (m_windowStartsConversation == starts)
        return;
    m_windowStartsConversation = starts;
    updateDayStarts(0, 0);
}

void MessageRowsModel::setFirstUnreadId(qint64 id)
{
    if (m_firstUnreadId == id)
        return;
    const int before = m_firstUnreadId != 0 ? rowOfId(m_firstUnreadId) : -1;
    m_firstUnreadId = id;
    const int after = id != 0 ? rowOfId(id) : -1;
    for (const int row : { before, after }) {
        if (row >= 0)
            Q_EMIT dataChanged(index(row), index(row), { FirstUnreadRole });
    }
}

void MessageRowsModel::storeLocalRow(int row, const Message &message)
{
    m_rows[row].message = message;
    m_rows[row].message.id = 0; // not yet among the stored rows while we search
    const int target = sortedRowFor(message.id);
    m_rows[row].message.id = message.id;
    // Staying where it is, whether it starts a day (at the server's time now) is told
    // with the rest of what changed.
    if (target == row)
        m_rows[row].startsDay = computeStartsDay(row);
    setState(row, DeliveryState::Sent, {});
    if (target != row) {
        // beginMoveRows wants the destination as it is before the move.
        beginMoveRows({}, row, row, {}, target);
        m_rows.move(row, target);
        endMoveRows();
    }
    // It took the server's time, and has other rows around it: the rows after where it
    // was and after where it is now may start a day or no longer.
    updateDayStarts(target, target + 1);
    if (row != target)
        updateDayStarts(row + 1, row + 1);
}

void MessageRowsModel::setState(int row, DeliveryState state, const QString &error)
{
    m_rows[row].state = state;
    m_rows[row].error = error;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed,
        { IdRole, CreatedAtRole, BodyRole, SenderNameRole, DeliveryStateRole, ErrorRole,
            ReceiptRole, ReadCountRole, ReadByRole, StartsDayRole });
}

} // namespace chat::client
