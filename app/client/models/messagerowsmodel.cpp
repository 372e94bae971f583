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
    };
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

ReceiptMark MessageRowsModel::receiptOf(const Row &row) const
{
    if (row.state != DeliveryState::Sent || row.message.id <= 0
        || row.message.senderId != m_ownUserId)
        return ReceiptMark::None;
    if (row.message.id <= m_readUpTo)
        return ReceiptMark::Read;
    if (row.message.id <= std::max(m_deliveredUpTo, m_readUpTo))
        return ReceiptMark::Delivered;
    return ReceiptMark::None;
}

void MessageRowsModel::setReceiptPositions(qint64 deliveredUpTo, qint64 readUpTo)
{
    if (deliveredUpTo == m_deliveredUpTo && readUpTo == m_readUpTo)
        return;
    const int stored = storedRowCount();
    QList<ReceiptMark> before;
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

void MessageRowsModel::resetRows(qint64 conversationId, qint64 ownUserId)
{
    beginResetModel();
    m_rows.clear();
    m_conversationId = conversationId;
    m_ownUserId = ownUserId;
    m_deliveredUpTo = 0;
    m_readUpTo = 0;
    endResetModel();
}

void MessageRowsModel::replaceRows(QList<Row> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

void MessageRowsModel::insertRow(int row, const Row &value)
{
    beginInsertRows({}, row, row);
    m_rows.insert(row, value);
    endInsertRows();
}

void MessageRowsModel::prependRows(const QList<Row> &rows)
{
    if (rows.isEmpty())
        return;
    beginInsertRows({}, 0, int(rows.size()) - 1);
    m_rows = rows + m_rows;
    endInsertRows();
}

void MessageRowsModel::removeRows(int first, int count)
{
    if (count <= 0)
        return;
    beginRemoveRows({}, first, first + count - 1);
    m_rows.remove(first, count);
    endRemoveRows();
}

void MessageRowsModel::storeLocalRow(int row, const Message &message)
{
    m_rows[row].message = message;
    setState(row, DeliveryState::Sent, {});
    m_rows[row].message.id = 0; // not yet among the stored rows while we search
    const int target = sortedRowFor(message.id);
    m_rows[row].message.id = message.id;
    if (target != row) {
        // beginMoveRows wants the destination as it is before the move.
        beginMoveRows({}, row, row, {}, target);
        m_rows.move(row, target);
        endMoveRows();
    }
}

void MessageRowsModel::setState(int row, DeliveryState state, const QString &error)
{
    m_rows[row].state = state;
    m_rows[row].error = error;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed,
        { IdRole, CreatedAtRole, BodyRole, SenderNameRole, DeliveryStateRole, ErrorRole,
            ReceiptRole });
}

} // namespace chat::client
