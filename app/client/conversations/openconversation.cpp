#include "openconversation.h"

#include <client/awareness/awarenesstracker.h>
#include <client/conversations/conversationlistcontroller.h>
#include <client/models/conversationlistmodel.h>
#include <client/network/chatsession.h>
#include <client/outgoing/outgoingqueue.h>

namespace chat::client {

OpenConversation::OpenConversation(ChatSession &session, OutgoingQueue &outgoing,
    ConversationListModel &list, ConversationListController &listController,
    AwarenessTracker &awareness, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_outgoing(outgoing)
    , m_list(list)
    , m_listController(listController)
    , m_awareness(awareness)
    , m_pager(session.api(), m_messages)
{
    connect(&m_pager, &HistoryPager::notice, this, &OpenConversation::notice);
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
    connect(this, &OpenConversation::changed, this, &OpenConversation::updateOtherIsTyping);

    // Whatever makes the newest stored message newer (a live message, a page, our own
    // send stored) is read while the conversation is seen: checked once per turn.
    m_readCheck.setSingleShot(true);
    m_readCheck.setInterval(0);
    connect(&m_readCheck, &QTimer::timeout, this, [this] { markRead(false); });
    const auto checkRead = [this] {
        if (m_visible)
            m_readCheck.start();
    };
    connect(&m_messages, &QAbstractItemModel::rowsInserted, this, checkRead);
    connect(&m_messages, &QAbstractItemModel::rowsMoved, this, checkRead);
    connect(&m_messages, &QAbstractItemModel::modelReset, this, checkRead);
    connect(&m_messages, &QAbstractItemModel::dataChanged, this, checkRead);
}

void OpenConversation::open(qint64 conversationId)
{
    const int row = m_list.rowOf(conversationId);
    if (row < 0 || conversationId == m_messages.conversationId())
        return;
    m_peerId = m_list.at(row).peer.id;
    resetMessages(conversationId);
    Q_EMIT changed();
    start(conversationId);
}

void OpenConversation::openDirect(qint64 peerId)
{
    const int row = m_list.rowOfPeer(peerId);
    if (row < 0 || peerId == m_peerId)
        return;
    const qint64 known = m_list.at(row).id;
    m_peerId = peerId;
    resetMessages(known);
    Q_EMIT changed();
    if (known != 0) {
        start(known);
        return;
    }
    m_listController.openDirect(peerId, [this, peerId](qint64 conversationId) {
        if (conversationId == 0 || m_peerId != peerId)
            return; // Failed (the list controller said why), or the user moved on.
        resetMessages(conversationId);
        start(conversationId);
    });
}

void OpenConversation::close()
{
    m_messages.reset(0, 0);
    m_peerId = 0;
    Q_EMIT changed();
}

void OpenConversation::resetMessages(qint64 conversationId)
{
    m_messages.reset(conversationId, m_session.user().id);
    showReceipts();
}

void OpenConversation::start(qint64 conversationId)
{
    showLocalOperations(conversationId);
    Q_EMIT ready(conversationId);
    m_pager.loadNewest(HistoryPager::Load::Open);
}

void OpenConversation::showLocalOperations(qint64 conversationId)
{
    // What is not stored yet comes from the queue, so it shows even before (or without)
    // the network.
    for (const OutgoingOperation &operation : m_outgoing.forConversation(conversationId))
        m_messages.showOperation(operation);
}

QString OpenConversation::send(const QString &text)
{
    const qint64 conversationId = m_messages.conversationId();
    if (conversationId == 0 || text.trimmed().isEmpty())
        return {};
    const OutgoingOperation operation = OutgoingOperation::send(conversationId, text);
    // The queue shows it (the model listens) before it returns, disk error or not.
    if (auto written = m_outgoing.enqueue(operation); !written) {
        Q_EMIT notice(
            tr("The message could not be saved locally: %1").arg(written.error().message));
    }
    // Written while reading older pages: the conversation goes back to its newest page.
    m_pager.showNewest();
    return operation.clientId;
}

void OpenConversation::catchUp()
{
    // Merged by id, so nothing doubles; restarted if it does not reach what is shown, so
    // no gap either.
    m_pager.loadNewest(HistoryPager::Load::CatchUp);
}

void OpenConversation::showReceipts()
{
    const int row = m_list.rowOf(m_messages.conversationId());
    if (row < 0)
        return;
    const ConversationSummary &conversation = m_list.at(row);
    m_messages.setReceiptPositions(conversation.peerDeliveredUpTo, conversation.peerReadUpTo);
}

void OpenConversation::setVisible(bool visible)
{
    if (m_visible == visible)
        return;
    m_visible = visible;
    markRead(true);
}

bool OpenConversation::isInView(qint64 conversationId) const
{
    return m_visible && conversationId != 0 && conversationId == m_messages.conversationId()
        && !m_messages.hasNewer();
}

void OpenConversation::markRead(bool force)
{
    const auto newest = m_messages.newestStoredId();
    if (m_visible && newest)
        m_awareness.markRead(m_messages.conversationId(), *newest, force);
}

void OpenConversation::userTyped()
{
    m_awareness.userTyped(m_messages.conversationId());
}

void OpenConversation::updateOtherIsTyping()
{
    const qint64 conversationId = m_messages.conversationId();
    const bool typing = conversationId != 0 && !m_list.typers(conversationId).isEmpty();
    if (typing == m_otherIsTyping)
        return;
    m_otherIsTyping = typing;
    Q_EMIT otherIsTypingChanged(typing);
}

} // namespace chat::client
