#include "contactlistmodel.h"

namespace chat::client {

ContactListModel::ContactListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int ContactListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_contacts.size());
}

QVariant ContactListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Contact &contact = m_contacts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case UsernameRole:
        return contact.user.username;
    case UserIdRole:
        return contact.user.id;
    case ConversationIdRole:
        return contact.conversationId;
    case LastMessageRole:
        return contact.lastMessage ? contact.lastMessage->body : QString();
    case LastMessageTimeRole:
        return contact.lastMessage ? contact.lastMessage->createdAt : QDateTime();
    case LastMessageIsOwnRole:
        return contact.lastMessage && contact.lastMessage->senderId == m_ownUserId;
    case UnreadCountRole:
        return int(contact.unread);
    case OnlineRole:
        return contact.online;
    case LastSeenRole:
        return contact.lastSeenAt.value_or(QDateTime());
    case TypingRole:
        return m_typing.contains(contact.user.id);
    default:
        return {};
    }
}

QHash<int, QByteArray> ContactListModel::roleNames() const
{
    return {
        { UserIdRole, "userId" },
        { UsernameRole, "username" },
        { ConversationIdRole, "conversationId" },
        { LastMessageRole, "lastMessage" },
        { LastMessageTimeRole, "lastMessageTime" },
        { LastMessageIsOwnRole, "lastMessageIsOwn" },
        { UnreadCountRole, "unreadCount" },
        { OnlineRole, "online" },
        { LastSeenRole, "lastSeen" },
        { TypingRole, "typing" },
    };
}

void ContactListModel::setContacts(const QList<Contact> &contacts, qint64 ownUserId)
{
    beginResetModel();
    m_contacts = contacts;
    m_ownUserId = ownUserId;
    endResetModel();
    updateTotalUnread();
}

void ContactListModel::updateTotalUnread()
{
    qint64 total = 0;
    for (const Contact &contact : std::as_const(m_contacts))
        total += contact.unread;
    if (int(total) == m_totalUnread)
        return;
    m_totalUnread = int(total);
    Q_EMIT totalUnreadChanged(m_totalUnread);
}

qint64 ContactListModel::newestMessageId() const
{
    qint64 newest = 0;
    for (const Contact &contact : m_contacts) {
        if (contact.lastMessage)
            newest = std::max(newest, contact.lastMessage->id);
    }
    return newest;
}

void ContactListModel::setUnread(qint64 userId, int count)
{
    const int row = rowOfUser(userId);
    if (row < 0 || m_contacts.at(row).unread == count)
        return;
    m_contacts[row].unread = std::max(count, 0);
    Q_EMIT dataChanged(index(row), index(row), { UnreadCountRole });
    updateTotalUnread();
}

void ContactListModel::setPresence(qint64 userId, bool online, const QDateTime &lastSeen)
{
    const int row = rowOfUser(userId);
    if (row < 0)
        return;
    Contact &contact = m_contacts[row];
    const std::optional<QDateTime> seen
        = lastSeen.isValid() ? std::optional<QDateTime>(lastSeen) : std::nullopt;
    if (contact.online == online && contact.lastSeenAt == seen)
        return;
    contact.online = online;
    contact.lastSeenAt = seen;
    Q_EMIT dataChanged(index(row), index(row), { OnlineRole, LastSeenRole });
}

void ContactListModel::setTyping(qint64 userId, bool typing)
{
    if (typing == m_typing.contains(userId))
        return;
    if (typing)
        m_typing.insert(userId);
    else
        m_typing.remove(userId);
    if (const int row = rowOfUser(userId); row >= 0)
        Q_EMIT dataChanged(index(row), index(row), { TypingRole });
}

void ContactListModel::setReadUpTo(qint64 userId, qint64 upTo)
{
    if (const int row = rowOfUser(userId); row >= 0)
        m_contacts[row].readUpTo = std::max(m_contacts.at(row).readUpTo, upTo);
}

void ContactListModel::setTheirPositions(qint64 userId, qint64 deliveredUpTo, qint64 readUpTo)
{
    if (const int row = rowOfUser(userId); row >= 0) {
        m_contacts[row].theirDeliveredUpTo = deliveredUpTo;
        m_contacts[row].theirReadUpTo = readUpTo;
    }
}

int ContactListModel::rowOfUser(qint64 userId) const
{
    for (qsizetype row = 0; row < m_contacts.size(); ++row) {
        if (m_contacts.at(row).user.id == userId)
            return int(row);
    }
    return -1;
}

int ContactListModel::rowOfConversation(qint64 conversationId) const
{
    if (conversationId == 0)
        return -1;
    for (qsizetype row = 0; row < m_contacts.size(); ++row) {
        if (m_contacts.at(row).conversationId == conversationId)
            return int(row);
    }
    return -1;
}

void ContactListModel::setConversationId(qint64 userId, qint64 conversationId)
{
    const int row = rowOfUser(userId);
    if (row < 0 || m_contacts.at(row).conversationId == conversationId)
        return;
    m_contacts[row].conversationId = conversationId;
    Q_EMIT dataChanged(index(row), index(row), { ConversationIdRole });
}

bool ContactListModel::applyMessage(const Message &message)
{
    int row = rowOfConversation(message.conversationId);
    if (row < 0 && message.senderId != m_ownUserId) {
        // The other side opened the conversation: we learn its id from their message.
        row = rowOfUser(message.senderId);
        if (row >= 0)
            setConversationId(message.senderId, message.conversationId);
    }
    if (row < 0)
        return false;
    const auto &last = m_contacts.at(row).lastMessage;
    if (last && last->id >= message.id)
        return true; // Older than what we show (a late copy): nothing to update.
    m_contacts[row].lastMessage = message;
    Q_EMIT dataChanged(
        index(row), index(row), { LastMessageRole, LastMessageTimeRole, LastMessageIsOwnRole });
    moveToTop(row);
    return true;
}

void ContactListModel::moveToTop(int row)
{
    if (row == 0)
        return;
    beginMoveRows({}, row, row, {}, 0);
    m_contacts.move(row, 0);
    endMoveRows();
}

} // namespace chat::client
