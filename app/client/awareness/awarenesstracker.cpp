#include "awarenesstracker.h"

#include <client/clientlogging.h>
#include <client/network/chatsession.h>

namespace chat::client {

namespace {
constexpr int DefaultTypingExpiryMs = 5000;
}

AwarenessTracker::AwarenessTracker(
    ChatSession &session, ContactListModel &contacts, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_contacts(contacts)
{
    m_deliveredFlush.setSingleShot(true);
    m_deliveredFlush.setInterval(0);
    connect(&m_deliveredFlush, &QTimer::timeout, this, &AwarenessTracker::flushDelivered);
    connect(&m_session, &ChatSession::wentLive, this, &AwarenessTracker::flushDelivered);
    connect(&m_session, &ChatSession::connectionStateChanged, this,
        [this](LiveConnection::State state) {
            if (state == LiveConnection::State::Online)
                return;
            // Nobody's typing can be known without the socket; the next one to type
            // after reconnecting is told at once.
            clearTyping();
            m_typingSent.invalidate();
        });
    connect(
        &m_session, &ChatSession::readPositionReceived, this, &AwarenessTracker::onReadPosition);
    connect(&m_session, &ChatSession::receiptReceived, this, &AwarenessTracker::onReceipt);
    connect(&m_session, &ChatSession::typingReceived, this, &AwarenessTracker::onTyping);
    connect(&m_session, &ChatSession::presenceReceived, this, &AwarenessTracker::onPresence);
}

void AwarenessTracker::contactsFetchStarted()
{
    m_fetching = true;
    m_duringFetch.clear();
}

void AwarenessTracker::contactsFetchEnded(bool applied)
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
    m_contacts.setPresence(
        presence.userId, presence.online, presence.lastSeenAt.value_or(QDateTime()));
}

void AwarenessTracker::reset()
{
    clearTyping();
    m_pendingDelivered.clear();
    m_deliveredFlush.stop();
    contactsFetchEnded(false);
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
    setTyping(message.senderId, false);
    if (inView)
        return; // Read, not unread: the client sends `read` for it.

    int row = m_contacts.rowOfConversation(message.conversationId);
    if (row < 0) {
        // Their first message in a conversation they opened: the contact list learns the
        // conversation from it.
        row = m_contacts.rowOfUser(message.senderId);
        if (row >= 0 && m_contacts.contactAt(row).conversationId != 0)
            row = -1;
    }
    if (row < 0)
        return; // Unknown: the client refetches the list, with its counts.
    const Contact &contact = m_contacts.contactAt(row);
    const bool seen
        = contact.lastMessage && contact.lastMessage->id >= message.id; // a copy, or older
    if (seen || message.id <= contact.readUpTo)
        return;
    m_contacts.setUnread(contact.user.id, int(contact.unread) + 1);
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
    if (const int row = m_contacts.rowOfConversation(conversationId); row >= 0)
        known = std::max(known, m_contacts.contactAt(row).readUpTo);
    if (!force && upTo <= known)
        return;
    if (!m_session.sendRead(conversationId, upTo))
        return; // Offline: the next read once live catches up.
    m_readSent[conversationId] = std::max(m_readSent.value(conversationId), upTo);
}

void AwarenessTracker::onReadPosition(const frames::ReadPosition &position)
{
    keep([this, position] { onReadPosition(position); });
    const int row = m_contacts.rowOfConversation(position.conversationId);
    if (row < 0) {
        Q_EMIT contactsStale();
        return;
    }
    const Contact &contact = m_contacts.contactAt(row);
    const qint64 userId = contact.user.id;
    const qint64 lastId = contact.lastMessage ? contact.lastMessage->id : 0;
    const qint64 unread = contact.unread;
    m_contacts.setReadUpTo(userId, position.upTo);
    if (position.upTo >= lastId)
        m_contacts.setUnread(userId, 0);
    else if (unread > 0)
        Q_EMIT contactsStale(); // Read part of them: only the server can count the rest.
}

void AwarenessTracker::onReceipt(const frames::Receipt &receipt)
{
    keep([this, receipt] { onReceipt(receipt); });
    const int row = m_contacts.rowOfConversation(receipt.conversationId);
    if (row < 0) {
        Q_EMIT contactsStale();
        return;
    }
    const Contact &contact = m_contacts.contactAt(row);
    if (contact.user.id != receipt.userId)
        return;
    qint64 delivered = contact.theirDeliveredUpTo;
    qint64 read = contact.theirReadUpTo;
    if (receipt.kind == frames::ReceiptKind::Read)
        read = std::max(read, receipt.upTo);
    else
        delivered = std::max(delivered, receipt.upTo);
    delivered = std::max(delivered, read); // reading implies delivery
    if (delivered == contact.theirDeliveredUpTo && read == contact.theirReadUpTo)
        return;
    m_contacts.setTheirPositions(receipt.userId, delivered, read);
    Q_EMIT receiptsChanged(receipt.conversationId);
}

void AwarenessTracker::onTyping(const frames::TypingEvent &typing)
{
    if (typing.userId == m_session.user().id)
        return;
    setTyping(
        typing.userId, true, typing.expiresInMs > 0 ? typing.expiresInMs : DefaultTypingExpiryMs);
}

void AwarenessTracker::setTyping(qint64 userId, bool typing, int expiresInMs)
{
    if (typing) {
        auto &timer = m_typingTimers[userId];
        if (!timer) {
            timer = std::make_unique<QTimer>();
            timer->setSingleShot(true);
            connect(
                timer.get(), &QTimer::timeout, this, [this, userId] { setTyping(userId, false); });
        }
        timer->start(expiresInMs); // renewed by every event
    } else if (auto it = m_typingTimers.find(userId); it != m_typingTimers.end()) {
        it->second->stop();
    }
    if (m_contacts.isTyping(userId) == typing)
        return;
    m_contacts.setTyping(userId, typing);
    Q_EMIT typingChanged(userId, typing);
}

void AwarenessTracker::clearTyping()
{
    for (const auto &[userId, timer] : m_typingTimers) {
        timer->stop();
        if (m_contacts.isTyping(userId)) {
            m_contacts.setTyping(userId, false);
            Q_EMIT typingChanged(userId, false);
        }
    }
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
