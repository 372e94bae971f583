#include "messagelistmodel.h"

#include <client/clientlogging.h>

#include <QSet>

#include <algorithm>

namespace chat::client {

MessageListModel::MessageListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case BodyRole:
        return row.message.body;
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
        return QVariant::fromValue(receiptOf(row));
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const
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
    };
}

bool MessageListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_conversationId != 0 && m_hasOlder && !m_fetchingOlder && m_atTop;
}

void MessageListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetchingOlder = true;
    Q_EMIT olderPageRequested();
}

void MessageListModel::setHasOlder(bool hasOlder)
{
    if (m_hasOlder == hasOlder)
        return;
    m_hasOlder = hasOlder;
    Q_EMIT hasOlderChanged();
}

void MessageListModel::setHasNewer(bool hasNewer)
{
    if (!hasNewer)
        m_windowEndId = 0;
    if (m_hasNewer == hasNewer)
        return;
    m_hasNewer = hasNewer;
    Q_EMIT hasNewerChanged();
}

bool MessageListModel::isBeyondWindow(qint64 id) const
{
    return m_hasNewer && id > m_windowEndId;
}

void MessageListModel::reset(qint64 conversationId, qint64 ownUserId)
{
    beginResetModel();
    m_rows.clear();
    m_conversationId = conversationId;
    m_ownUserId = ownUserId;
    m_fetchingOlder = false;
    m_deliveredUpTo = 0;
    m_readUpTo = 0;
    endResetModel();
    setHasNewer(false);
    setHasOlder(false);
}

Receipt MessageListModel::receiptOf(const Row &row) const
{
    if (row.state != DeliveryState::Sent || row.message.id <= 0
        || row.message.senderId != m_ownUserId)
        return Receipt::None;
    if (row.message.id <= m_readUpTo)
        return Receipt::Read;
    if (row.message.id <= std::max(m_deliveredUpTo, m_readUpTo))
        return Receipt::Delivered;
    return Receipt::None;
}

void MessageListModel::setReceiptPositions(qint64 deliveredUpTo, qint64 readUpTo)
{
    if (deliveredUpTo == m_deliveredUpTo && readUpTo == m_readUpTo)
        return;
    const int stored = storedCount();
    QList<Receipt> before;
    before.reserve(stored);
    for (int row = 0; row < stored; ++row)
        before.append(receiptOf(m_rows.at(row)));
    m_deliveredUpTo = deliveredUpTo;
    m_readUpTo = readUpTo;
    // One dataChanged per run of consecutive changed rows (others' rows never change).
    int runStart = -1;
    for (int row = 0; row <= stored; ++row) {
        const bool changed = row < stored && receiptOf(m_rows.at(row)) != before.at(row);
        if (changed && runStart < 0) {
            runStart = row;
        } else if (!changed && runStart >= 0) {
            Q_EMIT dataChanged(index(runStart), index(row - 1), { ReceiptRole });
            runStart = -1;
        }
    }
}

void MessageListModel::prependOlderPage(const QList<Message> &messages, bool hasMore)
{
    applyStored(messages);
    // Cleared only now, so that nothing asks again while the page goes in; and the top
    // no longer shows (rows went in above) until the view says it does again.
    m_fetchingOlder = false;
    m_atTop = false;
    setHasOlder(hasMore);
    trimNewest();
}

void MessageListModel::olderPageFailed()
{
    m_fetchingOlder = false;
}

void MessageListModel::trimNewest()
{
    const int stored = storedCount();
    if (stored <= m_maximumStoredRows)
        return;
    // The user is reading older pages: the newest rows are furthest from what they see.
    beginRemoveRows({}, m_maximumStoredRows, stored - 1);
    m_rows.remove(m_maximumStoredRows, stored - m_maximumStoredRows);
    endRemoveRows();
    m_windowEndId = m_rows.at(m_maximumStoredRows - 1).message.id;
    if (!m_hasNewer) {
        m_hasNewer = true;
        Q_EMIT hasNewerChanged();
    }
}

void MessageListModel::trimOldest()
{
    const int excess = storedCount() - m_maximumStoredRows;
    if (excess <= 0 || m_atTop)
        return;
    beginRemoveRows({}, 0, excess - 1);
    m_rows.remove(0, excess);
    endRemoveRows();
    setHasOlder(true);
}

void MessageListModel::resetToNewestPage(const QList<Message> &messages, bool hasMore)
{
    QList<Message> sorted;
    for (const Message &message : messages) {
        if (message.conversationId == m_conversationId && message.id > 0)
            sorted.append(message);
    }
    std::sort(sorted.begin(), sorted.end(),
        [](const Message &a, const Message &b) { return a.id < b.id; });
    sorted.erase(std::unique(sorted.begin(), sorted.end(),
                     [](const Message &a, const Message &b) { return a.id == b.id; }),
        sorted.end());
    if (sorted.size() > m_maximumStoredRows)
        sorted.remove(0, sorted.size() - m_maximumStoredRows);
    // Our local rows stay after the stored ones, unless the page holds their stored copy.
    QSet<QString> storedOwn;
    for (const Message &message : std::as_const(sorted)) {
        if (message.senderId == m_ownUserId)
            storedOwn.insert(message.clientId);
    }
    QList<Row> rows;
    rows.reserve(sorted.size() + m_rows.size() - storedCount());
    for (const Message &message : std::as_const(sorted))
        rows.append(Row { message, DeliveryState::Sent, {} });
    for (qsizetype row = storedCount(); row < m_rows.size(); ++row) {
        if (!storedOwn.contains(m_rows.at(row).message.clientId))
            rows.append(m_rows.at(row));
    }
    beginResetModel();
    m_rows = std::move(rows);
    m_fetchingOlder = false;
    endResetModel();
    setHasNewer(false);
    setHasOlder(hasMore);
}

int MessageListModel::storedCount() const
{
    // Stored rows come first; the local ones (id 0) trail them.
    return int(std::partition_point(m_rows.cbegin(), m_rows.cend(), [](const Row &row) {
        return row.message.id != 0;
    }) - m_rows.cbegin());
}

int MessageListModel::sortedRowFor(qint64 id) const
{
    const auto storedEnd = m_rows.cbegin() + storedCount();
    return int(std::lower_bound(m_rows.cbegin(), storedEnd, id, [](const Row &row, qint64 value) {
        return row.message.id < value;
    }) - m_rows.cbegin());
}

int MessageListModel::rowOfClientId(const QString &clientId) const
{
    // Search from the end: a message being reconciled is almost always among the newest.
    for (qsizetype row = m_rows.size() - 1; row >= 0; --row) {
        if (m_rows.at(row).message.senderId == m_ownUserId
            && m_rows.at(row).message.clientId == clientId)
            return int(row);
    }
    return -1;
}

int MessageListModel::rowOfId(qint64 id) const
{
    const int row = sortedRowFor(id);
    return row < storedCount() && m_rows.at(row).message.id == id ? row : -1;
}

std::optional<qint64> MessageListModel::oldestId() const
{
    if (m_rows.isEmpty() || m_rows.first().message.id == 0)
        return std::nullopt;
    return m_rows.first().message.id;
}

std::optional<qint64> MessageListModel::newestStoredId() const
{
    const int stored = storedCount();
    if (stored == 0)
        return std::nullopt;
    return m_rows.at(stored - 1).message.id;
}

void MessageListModel::addLocal(
    const QString &clientId, const QString &body, const QDateTime &writtenAt, DeliveryState state)
{
    if (rowOfClientId(clientId) >= 0)
        return;
    Message message;
    message.conversationId = m_conversationId;
    message.senderId = m_ownUserId;
    message.clientId = clientId;
    message.body = body;
    message.createdAt = writtenAt;
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(Row { message, state, {} });
    endInsertRows();
}

void MessageListModel::applyStored(const Message &message)
{
    if (message.conversationId != m_conversationId || message.id <= 0)
        return;
    if (rowOfId(message.id) >= 0)
        return; // Already here: a second copy (reply after echo, or the reverse).

    const int localRow = message.senderId == m_ownUserId ? rowOfClientId(message.clientId) : -1;
    if (isBeyondWindow(message.id)) {
        // Newer than the window reaches: inserting it would leave a gap before it. Our own
        // row it stores lies beyond the window now; it shows with the newest page.
        if (localRow >= 0) {
            beginRemoveRows({}, localRow, localRow);
            m_rows.removeAt(localRow);
            endRemoveRows();
        }
        return;
    }
    if (localRow < 0) {
        const int row = sortedRowFor(message.id);
        beginInsertRows({}, row, row);
        m_rows.insert(row, Row { message, DeliveryState::Sent, {} });
        endInsertRows();
        trimOldest();
        return;
    }

    // Our own row: it takes the server's id and time, and becomes Sent...
    m_rows[localRow].message = message;
    setState(localRow, DeliveryState::Sent, {});
    // ...then moves to where the server ordered it, among the stored rows.
    m_rows[localRow].message.id = 0; // not yet among the stored rows while we search
    const int target = sortedRowFor(message.id);
    m_rows[localRow].message.id = message.id;
    if (target != localRow) {
        // beginMoveRows wants the destination as it is before the move.
        beginMoveRows({}, localRow, localRow, {}, target);
        m_rows.move(localRow, target);
        endMoveRows();
    }
    trimOldest();
}

void MessageListModel::applyStored(const QList<Message> &messages)
{
    // A page older than everything shown is one insertion at the top, not hundreds.
    QList<Message> sorted = messages;
    std::sort(sorted.begin(), sorted.end(),
        [](const Message &a, const Message &b) { return a.id < b.id; });
    const auto oldest = oldestId();
    // Only when no message repeats and none is one of our local rows (that one must be
    // reconciled, not added next to it): otherwise one by one.
    // (Into a window without stored rows, the newest page when a conversation opens, it
    // is one insertion too.)
    const bool olderPage = !sorted.isEmpty() && (!oldest || sorted.last().id < *oldest)
        && std::all_of(sorted.cbegin(), sorted.cend(),
            [this](const Message &message) {
                return message.conversationId == m_conversationId && message.id > 0
                    && (message.senderId != m_ownUserId || rowOfClientId(message.clientId) < 0);
            })
        && std::adjacent_find(sorted.cbegin(), sorted.cend(),
               [](const Message &a, const Message &b) { return a.id == b.id; })
            == sorted.cend();
    if (olderPage) {
        beginInsertRows({}, 0, int(sorted.size()) - 1);
        for (qsizetype i = 0; i < sorted.size(); ++i)
            m_rows.insert(i, Row { sorted.at(i), DeliveryState::Sent, {} });
        endInsertRows();
        return;
    }
    for (const Message &message : std::as_const(sorted))
        applyStored(message);
}

void MessageListModel::setState(int row, DeliveryState state, const QString &error)
{
    m_rows[row].state = state;
    m_rows[row].error = error;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed,
        { IdRole, CreatedAtRole, BodyRole, SenderNameRole, DeliveryStateRole, ErrorRole,
            ReceiptRole });
}

void MessageListModel::markFailed(const QString &clientId, const QString &reason)
{
    const int row = rowOfClientId(clientId);
    if (row < 0 || m_rows.at(row).state == DeliveryState::Sent)
        return; // A late failure never undoes a stored message.
    setState(row, DeliveryState::Failed, reason);
}

void MessageListModel::markPending(const QString &clientId)
{
    const int row = rowOfClientId(clientId);
    if (row < 0 || m_rows.at(row).state != DeliveryState::Failed)
        return;
    setState(row, DeliveryState::Pending, {});
}

void MessageListModel::removeLocal(const QString &clientId)
{
    const int row = rowOfClientId(clientId);
    if (row < 0 || m_rows.at(row).state == DeliveryState::Sent)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

} // namespace chat::client
