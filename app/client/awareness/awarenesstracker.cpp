#include "awarenesstracker.h"

#include <client/clientlogging.h>
#include <client/network/chatsession.h>

namespace chat::client {

namespace {
constexpr int DefaultTypingExpiryMs = 5000;
}

AwarenessTracker::AwarenessTracker(
    ChatSession &session, ConversationListModel &conversations, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_conversations(conversations)
{
    m_deliveredFlush.setSingleShot(true);
    m_deliveredFlush.setInterval(0);
    connect(&m_deliveredFlush, &QTimer::timeout, this, &AwarenessTracker::flushDelivered);
    connect(&m_session, &ChatSession::wentLive, this, &AwarenessTracker::flushDelivered);
    connect(&m_session, &ChatSession::connectionStateChanged, this,
        [this](LiveConnection::State state) {
            if (state == LiveConnection::State::Online)
                return;
            // Nobody's typing or presence can be known without the socket; the next one
            // to type after reconnecting is told at once, presence comes with the list.
            clearTyping();
            m_typingSent.invalidate();
            m_conversations.forgetPresence();
        });
    connect(
        &m_session, &ChatSession::readPositionReceived, this, &AwarenessTracker::onReadPosition);
    connect(&m_session, &ChatSession::receiptReceived, this, &AwarenessTracker::onReceipt);
    connect(&m_session, &ChatSession::typingReceived, this, &AwarenessTracker::onTyping);
    connect(&m_session, &ChatSession::presenceReceived, this, &AwarenessTracker::onPresence);
}

void AwarenessTracker::listFetchStarted()
{
    m_fetching = true;
    m_duringFetch.clear();
}

void AwarenessTracker::listFetchEnded(bool applied)
{
    m_fetching = false;
    const QList<std::function<void()>> events = std::exchange(m_duringFetch, {});
    if (!applied)
        return;
    for (const auto &event : events)
        event();
}

void AwarenessTracker::keep(std::function<void()> event)
{
    if (m_fetching)
        m_duringFetch.append(std::move(event));
}

void AwarenessTracker::onPresence(const frames::PresenceEvent &presence)
{
    keep([this, presence] { onPresence(presence); });
    m_conversations.setPresence(
        presence.userId, presence.online, presence.lastSeenAt.value_or(QDateTime()));
}

void AwarenessTracker::reset()
{
    clearTyping();
    m_pendingDelivered.clear();
    m_deliveredFlush.stop();
    listFetchEnded(false);
    m_readSent.clear();
    m_typingConversation = 0;
    m_typingSent.invalidate();
}

void AwarenessTracker::messageArrived(const Message &message, bool inView)
{
    if (message.senderId == m_session.user().id)
        return; // Ours (from any instance): never unread, nothing to confirm.
    qint64 &delivered = m_pendingDelivered[message.conversationId];
    delivered = std::max(delivered, message.id);
    m_deliveredFlush.start();
    // Their message ends their typing.
    setTyping(message.conversationId, message.senderId, false);
    // Read, not unread, when seen; a change of the conversation is never unread.
    if (inView || message.isSystem())
        return;
    const int row = m_conversations.rowOf(message.conversationId);
    if (row < 0)
        return; // Unknown: the client fetches the list again, with its counts.
    const ConversationSummary &conversation = m_conversations.at(row);
    const bool seen = conversation.lastActivity() >= message.id; // a copy, or older
    if (seen || message.id <= conversation.readUpTo)
        return;
    m_conversations.setUnread(message.conversationId, conversation.unread + 1);
}

void AwarenessTracker::flushDelivered()
{
    if (m_session.connectionState() != LiveConnection::State::Online)
        return; // A replay before `ready`: sent once live.
    const QHash<qint64, qint64> pending = std::exchange(m_pendingDelivered, {});
    for (auto it = pending.cbegin(); it != pending.cend(); ++it)
        m_session.sendDelivered(it.key(), it.value());
}

void AwarenessTracker::markRead(qint64 conversationId, qint64 upTo, bool force)
{
    if (conversationId == 0 || upTo <= 0)
        return;
    qint64 known = m_readSent.value(conversationId);
    if (const int row = m_conversations.rowOf(conversationId); row >= 0)
        known = std::max(known, m_conversations.at(row).readUpTo);
    if (!force && upTo <= known)
        return;
    if (!m_session.sendRead(conversationId, upTo))
        return; // Offline: the next read once live catches up.
    m_readSent[conversationId] = std::max(m_readSent.value(conversationId), upTo);
}

const ConversationSummary *AwarenessTracker::knownConversation(qint64 conversationId)
{
    const int row = m_conversations.rowOf(conversationId);
    if (row < 0) {
        Q_EMIT listStale(); // an event about a conversation the list has not heard of
        return nullptr;
    }
    return &m_conversations.at(row);
}

void AwarenessTracker::onReadPosition(const frames::ReadPosition &position)
{
    keep([this, position] { onReadPosition(position); });
    const ConversationSummary *found = knownConversation(position.conversationId);
    if (!found)
        return;
    const ConversationSummary &conversation = *found;
    const qint64 lastId = conversation.lastActivity();
    const qint64 unread = conversation.unread;
    m_conversations.setReadUpTo(position.conversationId, position.upTo);
    if (position.upTo >= lastId)
        m_conversations.setUnread(position.conversationId, 0);
    else if (unread > 0)
        Q_EMIT listStale(); // Read part of them: only the server can count the rest.
}

void AwarenessTracker::onReceipt(const frames::Receipt &receipt)
{
    keep([this, receipt] { onReceipt(receipt); });
    const ConversationSummary *found = knownConversation(receipt.conversationId);
    if (!found)
        return;
    const ConversationSummary &conversation = *found;
    if (conversation.peer.id != receipt.userId)
        return;
    qint64 delivered = conversation.peerDeliveredUpTo;
    qint64 read = conversation.peerReadUpTo;
    if (receipt.kind == frames::ReceiptKind::Read)
        read = std::max(read, receipt.upTo);
    else
        delivered = std::max(delivered, receipt.upTo);
    delivered = std::max(delivered, read); // reading implies delivery
    if (delivered == conversation.peerDeliveredUpTo && read == conversation.peerReadUpTo)
        return;
    m_conversations.setPeerPositions(receipt.conversationId, delivered, read);
    Q_EMIT receiptsChanged(receipt.conversationId);
}

void AwarenessTracker::onTyping(const frames::TypingEvent &typing)
{
    if (typing.userId == m_session.user().id)
        return;
    setTyping(typing.conversationId, typing.userId, true,
        typing.expiresInMs > 0 ? typing.expiresInMs : DefaultTypingExpiryMs);
}

void AwarenessTracker::setTyping(qint64 conversationId, qint64 userId, bool typing, int expiresInMs)
{
    const auto key = std::make_pair(conversationId, userId);
    if (typing) {
        auto &timer = m_typingTimers[key];
        if (!timer) {
            timer = std::make_unique<QTimer>();
            timer->setSingleShot(true);
            connect(timer.get(), &QTimer::timeout, this,
                [this, conversationId, userId] { setTyping(conversationId, userId, false); });
        }
        timer->start(expiresInMs); // renewed by every event
    } else if (auto it = m_typingTimers.find(key); it != m_typingTimers.end()) {
        it->second->stop();
    }
    if (m_conversations.typers(conversationId).contains(userId) == typing)
        return;
    m_conversations.setTyping(conversationId, userId, typing);
    Q_EMIT typingChanged(conversationId, userId, typing);
}

void AwarenessTracker::clearTyping()
{
    for (const auto &[key, timer] : m_typingTimers) {
        timer->stop();
        const auto [conversationId, userId] = key;
        if (m_conversations.typers(conversationId).contains(userId)) {
            m_conversations.setTyping(conversationId, userId, false);
            Q_EMIT typingChanged(conversationId, userId, false);
        }
    }
}

void AwarenessTracker::ownMessageStored(qint64 conversationId)
{
    if (conversationId == m_typingConversation)
        m_typingSent.invalidate();
}

void AwarenessTracker::userTyped(qint64 conversationId)
{
    if (conversationId == 0)
        return;
    if (conversationId == m_typingConversation && m_typingSent.isValid()
        && m_typingSent.elapsed() < TypingIntervalMs)
        return;
    if (!m_session.sendTyping(conversationId))
        return;
    m_typingConversation = conversationId;
    m_typingSent.start();
}

} // namespace chat::client
