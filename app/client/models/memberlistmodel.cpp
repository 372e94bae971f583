#include "memberlistmodel.h"

namespace chat::client {

MemberListModel::MemberListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int MemberListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_members.size());
}

QVariant MemberListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MemberState &state = m_members.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case UsernameRole:
        return state.member.user.username;
    case UserIdRole:
        return state.member.user.id;
    case MemberRoleRole:
        return int(state.member.role);
    case OnlineRole:
        return state.online;
    case LastSeenRole:
        return state.lastSeenAt.value_or(QDateTime());
    case ReadUpToRole:
        return state.readUpTo;
    default:
        return {};
    }
}

QHash<int, QByteArray> MemberListModel::roleNames() const
{
    return {
        { UserIdRole, "userId" },
        { UsernameRole, "username" },
        { MemberRoleRole, "memberRole" },
        { OnlineRole, "online" },
        { LastSeenRole, "lastSeen" },
        { ReadUpToRole, "readUpTo" },
    };
}

void MemberListModel::setMembers(const QList<MemberState> &members)
{
    beginResetModel();
    m_members = members;
    endResetModel();
    Q_EMIT positionsChanged();
}

void MemberListModel::applyReceipt(const frames::Receipt &receipt)
{
    const int row = rowOf(receipt.userId);
    if (row < 0)
        return;
    MemberState &state = m_members[row];
    const qint64 readBefore = state.readUpTo;
    const qint64 deliveredBefore = state.deliveredUpTo;
    if (receipt.kind == frames::ReceiptKind::Read)
        state.readUpTo = std::max(state.readUpTo, receipt.upTo);
    state.deliveredUpTo = std::max({ state.deliveredUpTo, receipt.upTo, state.readUpTo });
    if (state.readUpTo == readBefore && state.deliveredUpTo == deliveredBefore)
        return;
    Q_EMIT dataChanged(index(row), index(row), { ReadUpToRole });
    Q_EMIT positionsChanged();
}

void MemberListModel::setPresence(qint64 userId, bool online, const QDateTime &lastSeen)
{
    const int row = rowOf(userId);
    if (row < 0)
        return;
    m_members[row].online = online;
    m_members[row].lastSeenAt
        = lastSeen.isValid() ? std::optional<QDateTime>(lastSeen) : std::nullopt;
    Q_EMIT dataChanged(index(row), index(row), { OnlineRole, LastSeenRole });
}

void MemberListModel::forgetPresence()
{
    for (int row = 0; row < int(m_members.size()); ++row) {
        if (!m_members[row].online)
            continue;
        m_members[row].online = false;
        m_members[row].lastSeenAt.reset();
        Q_EMIT dataChanged(index(row), index(row), { OnlineRole, LastSeenRole });
    }
}

int MemberListModel::rowOf(qint64 userId) const
{
    for (qsizetype row = 0; row < m_members.size(); ++row) {
        if (m_members.at(row).member.user.id == userId)
            return int(row);
    }
    return -1;
}

std::optional<MemberRole> MemberListModel::roleOf(qint64 userId) const
{
    const int row = rowOf(userId);
    return row < 0 ? std::nullopt : std::optional<MemberRole>(m_members.at(row).member.role);
}

QString MemberListModel::nameOf(qint64 userId) const
{
    const int row = rowOf(userId);
    return row < 0 ? QString() : m_members.at(row).member.user.username;
}

QList<MessageRowsModel::MemberPosition> MemberListModel::othersPositions(qint64 ownUserId) const
{
    QList<MessageRowsModel::MemberPosition> positions;
    for (const MemberState &state : m_members) {
        if (state.member.user.id == ownUserId)
            continue;
        positions.append({ .userId = state.member.user.id,
            .name = state.member.user.username,
            .deliveredUpTo = state.deliveredUpTo,
            .readUpTo = state.readUpTo });
    }
    return positions;
}

} // namespace chat::client
