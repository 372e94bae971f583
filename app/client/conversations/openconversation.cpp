#include "openconversation.h"

#include <client/awareness/awarenesstracker.h>
#include <client/conversations/conversationlistcontroller.h>
#include <client/conversations/draftkeeper.h>
#include <client/models/conversationlistmodel.h>
#include <client/network/chatsession.h>
#include <client/network/conversationsapi.h>
#include <client/outgoing/outgoingqueue.h>
#include <shared/messagerules.h>

#include <algorithm>

namespace chat::client {

OpenConversation::OpenConversation(ChatSession &session, OutgoingQueue &outgoing,
    ConversationListModel &list, ConversationListController &listController,
    AwarenessTracker &awareness, DraftKeeper &drafts, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_outgoing(outgoing)
    , m_list(list)
    , m_listController(listController)
    , m_awareness(awareness)
    , m_drafts(drafts)
    , m_pager(session.api(), m_messages)
    , m_readMarker(awareness, m_messages, list)
    , m_firstUnread(m_messages)
{
    connect(&m_pager, &HistoryPager::notice, this, &OpenConversation::notice);
    connect(&m_pager, &HistoryPager::jumpedTo, this, &OpenConversation::jumpedToMessage);
    connect(&m_pager, &HistoryPager::jumpFailed, this, &OpenConversation::jumpFailed);
    connect(&m_pager, &HistoryPager::windowRestarted, this, [this](qint64 conversationId) {
        showReceipts();
        showLocalOperations(conversationId);
    });
    // Receipt marks follow the other member's positions in the list.
    connect(&m_list, &QAbstractItemModel::modelReset, this, &OpenConversation::showReceipts);
    connect(&m_awareness, &AwarenessTracker::receiptsChanged, this, [this](qint64 conversationId) {
        if (conversationId == m_messages.conversationId())
            showReceipts();
    });
    connect(&m_awareness, &AwarenessTracker::typingChanged, this,
        &OpenConversation::updateOtherIsTyping);
    // A group's members: their positions ("read by N"), presence, and who is in it.
    connect(&m_members, &MemberListModel::positionsChanged, this, &OpenConversation::showReceipts);
    connect(
        &m_session, &ChatSession::receiptReceived, this, [this](const frames::Receipt &receipt) {
            if (isGroup() && receipt.conversationId == conversationId())
                m_members.applyReceipt(receipt);
        });
    connect(&m_session, &ChatSession::presenceReceived, this,
        [this](const frames::PresenceEvent &presence) {
            m_members.setPresence(
                presence.userId, presence.online, presence.lastSeenAt.value_or(QDateTime()));
        });
    connect(&m_session, &ChatSession::conversationReceived, this,
        [this](const ConversationEntry &entry) {
            if (isGroup() && entry.id == conversationId())
                loadMembers();
        });
    // Offline, the members' presence is unknown; live again, presence and read positions
    // (not replayed by a resume) are fetched anew.
    connect(&m_session, &ChatSession::connectionStateChanged, this,
        [this](LiveConnection::State state) {
            if (state != LiveConnection::State::Online)
                m_members.forgetPresence();
        });
    connect(&m_session, &ChatSession::wentLive, this, [this] {
        if (isGroup())
            loadMembers();
    });
    connect(this, &OpenConversation::changed, this, &OpenConversation::updateOtherIsTyping);
}

void OpenConversation::open(qint64 conversationId)
{
    if (m_list.rowOf(conversationId) < 0 || conversationId == m_messages.conversationId())
        return;
    openListed(conversationId, 0);
}

int OpenConversation::jumpToMessage(qint64 conversationId, qint64 messageId)
{
    if (conversationId == m_messages.conversationId() && conversationId != 0)
        return m_pager.jumpTo(messageId);
    if (m_list.rowOf(conversationId) < 0 || messageId <= 0) {
        const QString reason = tr("That conversation is not in your list.");
        Q_EMIT notice(reason);
        Q_EMIT jumpFailed(messageId, reason);
        return -1;
    }
    openListed(conversationId, messageId);
    return -1;
}

void OpenConversation::openListed(qint64 conversationId, qint64 aroundMessageId)
{
    const ConversationSummary &conversation = m_list.at(m_list.rowOf(conversationId));
    m_peerId = conversation.isGroup() ? 0 : conversation.peer.id;
    resetMessages(conversationId);
    Q_EMIT changed();
    start(conversationId, aroundMessageId);
}

void OpenConversation::openDirect(const User &peer)
{
    if (peer.id == 0 || peer.id == m_session.user().id
        || (peer.id == m_peerId && conversationId() != 0))
        return;
    if (const int row = m_list.rowOfPeer(peer.id); row >= 0) {
        open(m_list.at(row).id);
        return;
    }
    // Someone from the directory: nothing shows until the conversation exists.
    m_peerId = peer.id;
    resetMessages(0);
    Q_EMIT changed();
    m_listController.openDirect(peer, [this, peerId = peer.id](qint64 id) {
        if (id == 0 || m_peerId != peerId || conversationId() != 0)
            return;
        if (!m_draftWhileCreating.isEmpty())
            m_drafts.setDraft(id, m_draftWhileCreating);
        open(id);
    });
}

void OpenConversation::close()
{
    m_draftWhileCreating.clear();
    m_messages.reset(0, 0);
    m_members.setMembers({});
    m_peerId = 0;
    Q_EMIT changed();
}

void OpenConversation::resetMessages(qint64 conversationId)
{
    m_draftWhileCreating.clear();
    m_firstUnread.stop();
    m_messages.reset(conversationId, m_session.user().id);
    const int row = m_list.rowOf(conversationId);
    m_messages.setGroup(row >= 0 && m_list.at(row).isGroup());
    m_members.setMembers({});
    showReceipts();
}

void OpenConversation::loadMembers()
{
    const qint64 id = conversationId();
    ConversationsApi(m_session.api())
        .members(id,
            whileAlive<QList<MemberState>>(this, [this, id](Result<QList<MemberState>> members) {
                if (id != conversationId())
                    return; // another conversation opened meanwhile
                if (!members) {
                    // A former member is no longer shown who is in it: not an error.
                    if (members.error().code != ErrorCode::NotFound)
                        Q_EMIT notice(
                            tr("Could not load the members: %1").arg(members.error().message));
                    m_members.setMembers({});
                    return;
                }
                m_members.setMembers(members.value());
                updateOtherIsTyping(); // typers' names are known now
            }));
}

void OpenConversation::start(qint64 conversationId, qint64 aroundMessageId)
{
    if (isGroup())
        loadMembers();
    // The "New messages" line: where the user's reading stopped, as the list has it now.
    const ConversationSummary &conversation = m_list.at(m_list.rowOf(conversationId));
    m_firstUnread.start(
        conversation.readUpTo, conversation.lastActivity(), int(conversation.unread));
    showLocalOperations(conversationId);
    Q_EMIT ready(conversationId);
    if (aroundMessageId != 0)
        m_pager.jumpTo(aroundMessageId);
    else if (conversation.unread > UnreadOnNewestPage && conversation.readUpTo > 0)
        m_pager.loadAround(conversation.readUpTo); // opens where the reading stopped
    else
        m_pager.loadNewest(HistoryPager::Load::Open);
}

void OpenConversation::showLocalOperations(qint64 conversationId)
{
    // What is not stored yet comes from the queue, so it shows even before (or without)
    // the network.
    for (const OutgoingOperation &operation : m_outgoing.forConversation(conversationId))
        m_messages.showOperation(operation);
}

QString OpenConversation::send(const QString &text, qint64 replyTo)
{
    const qint64 conversationId = m_messages.conversationId();
    if (conversationId == 0 || text.trimmed().isEmpty())
        return {};
    const OutgoingOperation operation = OutgoingOperation::send(conversationId, text, replyTo);
    // The queue shows it (the model listens) before it returns, disk error or not.
    if (auto written = m_outgoing.enqueue(operation); !written) {
        Q_EMIT notice(
            tr("The message could not be saved locally: %1").arg(written.error().message));
    }
    m_drafts.clear(conversationId);
    m_firstUnread.stop(); // the user is back in the conversation: nothing is new any more
    // Written while reading older pages: the conversation goes back to its newest page.
    m_pager.showNewest();
    return operation.clientId;
}

MemberRole OpenConversation::ownRole() const
{
    const int row = m_list.rowOf(conversationId());
    return row >= 0 ? m_list.at(row).role : MemberRole::Member;
}

bool OpenConversation::canEdit(int row) const
{
    return row >= 0 && row < m_messages.storedRowCount()
        && rules::canEdit(m_messages.shownMessage(row), m_session.user().id);
}

bool OpenConversation::canDelete(int row) const
{
    return row >= 0 && row < m_messages.storedRowCount()
        && rules::canDelete(m_messages.shownMessage(row), m_session.user().id, ownRole());
}

bool OpenConversation::canReact(int row) const
{
    return row >= 0 && row < m_messages.storedRowCount()
        && rules::canReact(m_messages.shownMessage(row));
}

qint64 OpenConversation::lastEditableMessage() const
{
    for (int row = m_messages.storedRowCount() - 1; row >= 0; --row) {
        if (canEdit(row))
            return m_messages.shownMessage(row).id;
    }
    return 0;
}

QString OpenConversation::edit(qint64 messageId, const QString &text)
{
    const int row = m_messages.rowOfId(messageId);
    if (!canEdit(row) || text.trimmed().isEmpty() || m_messages.shownMessage(row).body == text)
        return {};
    return enqueueChange(OutgoingOperation::edit(conversationId(), messageId, text));
}

QString OpenConversation::remove(qint64 messageId)
{
    if (!canDelete(m_messages.rowOfId(messageId)))
        return {};
    return enqueueChange(OutgoingOperation::remove(conversationId(), messageId));
}

QString OpenConversation::toggleReaction(qint64 messageId, const QString &emoji)
{
    const int row = m_messages.rowOfId(messageId);
    if (!canReact(row) || json::checkReaction(emoji))
        return {};
    const QList<Reaction> reactions = m_messages.shownMessage(row).reactions;
    const bool mine = std::any_of(reactions.cbegin(), reactions.cend(), [&](const Reaction &r) {
        return r.emoji == emoji && r.userIds.contains(m_session.user().id);
    });
    return enqueueChange(OutgoingOperation::react(conversationId(), messageId, emoji, !mine));
}

QString OpenConversation::enqueueChange(const OutgoingOperation &change)
{
    if (auto written = m_outgoing.enqueue(change); !written) {
        Q_EMIT notice(tr("The change could not be saved locally: %1").arg(written.error().message));
    }
    return change.clientId;
}

QString OpenConversation::draft() const
{
    const qint64 id = conversationId();
    return id != 0 ? m_drafts.draft(id) : m_draftWhileCreating;
}

void OpenConversation::setDraft(const QString &text)
{
    if (const qint64 id = conversationId(); id != 0)
        m_drafts.setDraft(id, text);
    else if (m_peerId != 0)
        m_draftWhileCreating = text;
}

void OpenConversation::catchUp()
{
    // Merged by id, so nothing doubles; restarted if it does not reach what is shown, so
    // no gap either.
    m_pager.loadNewest(HistoryPager::Load::CatchUp);
}

void OpenConversation::showReceipts()
{
    if (isGroup()) {
        m_messages.setMemberPositions(m_members.othersPositions(m_session.user().id));
        return;
    }
    const int row = m_list.rowOf(m_messages.conversationId());
    if (row < 0)
        return;
    const ConversationSummary &conversation = m_list.at(row);
    m_messages.setReceiptPositions(
        conversation.peerDeliveredUpTo, conversation.peerReadUpTo, conversation.peer);
}

void OpenConversation::userTyped()
{
    m_awareness.userTyped(m_messages.conversationId());
}

QStringList OpenConversation::typingNames() const
{
    const qint64 id = m_messages.conversationId();
    QStringList names;
    if (id == 0)
        return names;
    const int row = m_list.rowOf(id);
    for (const qint64 userId : m_list.typers(id)) {
        QString name = m_members.nameOf(userId);
        if (name.isEmpty() && row >= 0 && m_list.at(row).peer.id == userId)
            name = m_list.at(row).peer.username;
        if (!name.isEmpty())
            names.append(name);
    }
    return names;
}

void OpenConversation::updateOtherIsTyping()
{
    const qint64 conversationId = m_messages.conversationId();
    const bool typing = conversationId != 0 && !m_list.typers(conversationId).isEmpty();
    if (typing == m_otherIsTyping && !isGroup())
        return;
    // In a group the names change while someone is still typing: always tell the view.
    m_otherIsTyping = typing;
    Q_EMIT otherIsTypingChanged(typing);
}

} // namespace chat::client
