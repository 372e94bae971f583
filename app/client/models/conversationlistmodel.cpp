#include "conversationlistmodel.h"

#include <client/models/messagestate.h>

namespace chat::client {

ConversationListModel::ConversationListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConversationSummary &conversation = m_rows.at(index.row());
    const auto &last = conversation.lastMessage;
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return conversation.title;
    case ConversationIdRole:
        return conversation.id;
    case PeerIdRole:
        return conversation.peer.id;
    case LastMessageRole:
        if (last && last->deleted)
            return tr("Message deleted");
        return last ? last->body : QString();
    case LastMessageTimeRole:
        return last ? last->createdAt : QDateTime();
    case LastMessageIsOwnRole:
        return last && last->senderId == m_ownUserId;
    case LastActivityRole:
        return conversation.lastActivity();
    case UnreadCountRole:
        return int(conversation.unread);
    case OnlineRole:
        return conversation.peerOnline;
    case LastSeenRole:
        return conversation.peerLastSeen.value_or(QDateTime());
    case TypingRole:
        return !m_typing.value(conversation.id).isEmpty();
    case IsGroupRole:
        return conversation.isGroup();
    case MemberCountRole:
        return conversation.memberCount;
    case MutedRole:
        return conversation.muted;
    case ActiveRole:
        return conversation.active;
    case LastSenderRole:
        return last ? last->senderName : QString();
    case LastMessageIsSystemRole:
        return last && last->isSystem();
    case DraftRole:
        return m_drafts.value(conversation.id);
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    return {
        { ConversationIdRole, "conversationId" },
        { TitleRole, "title" },
        { PeerIdRole, "peerId" },
        { LastMessageRole, "lastMessage" },
        { LastMessageTimeRole, "lastMessageTime" },
        { LastMessageIsOwnRole, "lastMessageIsOwn" },
        { LastActivityRole, "lastActivity" },
        { UnreadCountRole, "unreadCount" },
        { OnlineRole, "online" },
        { LastSeenRole, "lastSeen" },
        { TypingRole, "typing" },
        { IsGroupRole, "isGroup" },
        { MemberCountRole, "memberCount" },
        { MutedRole, "muted" },
        { ActiveRole, "active" },
        { LastSenderRole, "lastSender" },
        { LastMessageIsSystemRole, "lastMessageIsSystem" },
        { DraftRole, "draft" },
    };
}

void ConversationListModel::setConversations(
    const QList<ConversationSummary> &conversations, qint64 ownUserId)
{
    beginResetModel();
    m_rows = conversations;
    m_ownUserId = ownUserId;
    endResetModel();
    updateTotalUnread();
}

void ConversationListModel::changed(int row, const QList<int> &roles)
{
    Q_EMIT dataChanged(index(row), index(row), roles);
}

void ConversationListModel::updateTotalUnread()
{
    qint64 total = 0;
    for (const ConversationSummary &conversation : std::as_const(m_rows)) {
        if (!conversation.muted)
            total += conversation.unread;
    }
    if (int(total) == m_totalUnread)
        return;
    m_totalUnread = int(total);
    Q_EMIT totalUnreadChanged(m_totalUnread);
}

qint64 ConversationListModel::newestMessageId() const
{
    qint64 newest = 0;
    for (const ConversationSummary &conversation : m_rows)
        newest = std::max(newest, conversation.lastActivity());
    return newest;
}

void ConversationListModel::upsert(const ConversationSummary &conversation)
{
    if (const int row = rowOf(conversation.id); row >= 0) {
        // A later last message than the entry brings stays (the entry may be older).
        ConversationSummary updated = conversation;
        if (m_rows.at(row).lastActivity() > updated.lastActivity())
            updated.lastMessage = m_rows.at(row).lastMessage;
        m_rows[row] = updated;
        Q_EMIT dataChanged(index(row), index(row));
    } else {
        const int end = int(m_rows.size());
        beginInsertRows({}, end, end);
        m_rows.append(conversation);
        endInsertRows();
    }
    updateTotalUnread();
}

bool ConversationListModel::applyMessage(const Message &message)
{
    const int row = rowOf(message.conversationId);
    if (row < 0)
        return false;
    const auto &last = m_rows.at(row).lastMessage;
    if (last && last->id >= message.id)
        return true; // Older than what we show (a late copy): nothing to update.
    m_rows[row].lastMessage = message;
    changed(row,
        { LastMessageRole, LastMessageTimeRole, LastMessageIsOwnRole, LastActivityRole,
            LastSenderRole, LastMessageIsSystemRole });
    return true;
}

void ConversationListModel::applyUpdate(const MessageUpdate &update)
{
    const int row = rowOf(update.message.conversationId);
    if (row < 0)
        return;
    auto &last = m_rows[row].lastMessage;
    if (last && last->id == update.message.id && messagestate::takeState(*last, update.message))
        changed(row, { LastMessageRole });
}

void ConversationListModel::setUnread(qint64 conversationId, qint64 count)
{
    const int row = rowOf(conversationId);
    count = std::max<qint64>(count, 0);
    if (row < 0 || m_rows.at(row).unread == count)
        return;
    m_rows[row].unread = count;
    changed(row, { UnreadCountRole });
    updateTotalUnread();
}

void ConversationListModel::setReadUpTo(qint64 conversationId, qint64 upTo)
{
    if (const int row = rowOf(conversationId); row >= 0)
        m_rows[row].readUpTo = std::max(m_rows.at(row).readUpTo, upTo);
}

void ConversationListModel::setPeerPositions(
    qint64 conversationId, qint64 deliveredUpTo, qint64 readUpTo)
{
    if (const int row = rowOf(conversationId); row >= 0) {
        m_rows[row].peerDeliveredUpTo = deliveredUpTo;
        m_rows[row].peerReadUpTo = readUpTo;
    }
}

void ConversationListModel::setPresence(qint64 userId, bool online, const QDateTime &lastSeen)
{
    const std::optional<QDateTime> seen
        = lastSeen.isValid() ? std::optional<QDateTime>(lastSeen) : std::nullopt;
    for (int row = 0; row < int(m_rows.size()); ++row) {
        ConversationSummary &conversation = m_rows[row];
        if (conversation.peer.id != userId
            || (conversation.peerOnline == online && conversation.peerLastSeen == seen))
            continue;
        conversation.peerOnline = online;
        conversation.peerLastSeen = seen;
        changed(row, { OnlineRole, LastSeenRole });
    }
}

void ConversationListModel::forgetPresence()
{
    for (int row = 0; row < int(m_rows.size()); ++row) {
        ConversationSummary &conversation = m_rows[row];
        if (!conversation.peerOnline)
            continue;
        conversation.peerOnline = false;
        conversation.peerLastSeen.reset();
        changed(row, { OnlineRole, LastSeenRole });
    }
}

void ConversationListModel::setTyping(qint64 conversationId, qint64 userId, bool typing)
{
    QSet<qint64> &typers = m_typing[conversationId];
    if (typing == typers.contains(userId))
        return;
    const bool wasTyping = !typers.isEmpty();
    if (typing)
        typers.insert(userId);
    else
        typers.remove(userId);
    const bool isTyping = !typers.isEmpty();
    if (!isTyping)
        m_typing.remove(conversationId);
    if (const int row = rowOf(conversationId); row >= 0 && wasTyping != isTyping)
        changed(row, { TypingRole });
}

void ConversationListModel::setDraft(qint64 conversationId, const QString &text)
{
    if (text == m_drafts.value(conversationId))
        return;
    if (text.isEmpty())
        m_drafts.remove(conversationId);
    else
        m_drafts.insert(conversationId, text);
    if (const int row = rowOf(conversationId); row >= 0)
        changed(row, { DraftRole });
}

QList<qint64> ConversationListModel::typers(qint64 conversationId) const
{
    const QSet<qint64> typers = m_typing.value(conversationId);
    QList<qint64> sorted(typers.cbegin(), typers.cend());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

int ConversationListModel::rowOf(qint64 conversationId) const
{
    if (conversationId == 0)
        return -1;
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == conversationId)
            return int(row);
    }
    return -1;
}

int ConversationListModel::rowOfPeer(qint64 userId) const
{
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (!m_rows.at(row).isGroup() && m_rows.at(row).peer.id == userId)
            return int(row);
    }
    return -1;
}

} // namespace chat::client
