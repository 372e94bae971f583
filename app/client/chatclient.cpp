#include "chatclient.h"

#include "chatsession.h"
#include "clientlogging.h"

#include <QUuid>

namespace chat::client {

using namespace Qt::StringLiterals;

namespace {
constexpr int PageSize = 50;
}

ChatClient::ChatClient(ChatSession &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    connect(&m_session, &ChatSession::messageReceived, this, &ChatClient::onStored);
    connect(&m_session, &ChatSession::messageStored, this, &ChatClient::onStored);
    connect(&m_session, &ChatSession::sendFailed, this, &ChatClient::onSendFailed);
    connect(&m_session, &ChatSession::wentLive, this, &ChatClient::catchUp);
    connect(&m_session, &ChatSession::signedInChanged, this, [this] {
        if (m_session.isSignedIn())
            return;
        m_contacts.setContacts({}, 0);
        m_messages.reset(0, 0);
        m_outbox = Outbox();
        m_currentContactId = 0;
        Q_EMIT currentContactChanged();
    });
}

void ChatClient::refreshContacts()
{
    m_session.api().contacts([this](Result<QList<Contact>> contacts) {
        if (!contacts) {
            Q_EMIT notice(tr("Could not load contacts: %1").arg(contacts.error().message));
            return;
        }
        m_contacts.setContacts(contacts.value(), m_session.user().id);
    });
}

void ChatClient::openContact(qint64 userId)
{
    const int row = m_contacts.rowOfUser(userId);
    if (row < 0 || userId == m_currentContactId)
        return;
    const Contact contact = m_contacts.contactAt(row);
    m_currentContactId = userId;
    m_messages.reset(contact.conversationId, m_session.user().id);
    setHasOlder(false);
    Q_EMIT currentContactChanged();

    if (contact.conversationId != 0) {
        loadNewestPage(contact.conversationId, PageLoad::Open);
        return;
    }
    m_session.api().openConversation(
        contact.user.username, [this, userId](Result<Conversation> conversation) {
            if (!conversation) {
                Q_EMIT notice(
                    tr("Could not open the conversation: %1").arg(conversation.error().message));
                return;
            }
            m_contacts.setConversationId(userId, conversation->id);
            if (m_currentContactId == userId) {
                m_messages.reset(conversation->id, m_session.user().id);
                loadNewestPage(conversation->id, PageLoad::Open);
            }
        });
}

void ChatClient::showOutbox(qint64 conversationId)
{
    // Our undelivered messages come from the outbox, so they show even before (or
    // without) the network.
    for (const OutgoingMessage &message : m_outbox.forConversation(conversationId))
        m_messages.addLocal(message.clientId, message.body, message.writtenAt, message.state);
}

void ChatClient::loadNewestPage(qint64 conversationId, PageLoad load)
{
    if (load == PageLoad::Open) {
        showOutbox(conversationId);
        Q_EMIT conversationReady(conversationId);
    }
    m_session.api().history(conversationId, std::nullopt, PageSize,
        [this, conversationId, load](Result<HistoryPage> page) {
            if (m_messages.conversationId() != conversationId)
                return; // The user moved on meanwhile.
            if (!page) {
                Q_EMIT notice(tr("Could not load messages: %1").arg(page.error().message));
                return;
            }
            const auto newestShown = m_messages.newestStoredId();
            // After a long absence the newest page may not reach what is shown: rather than
            // show a gap, start over from the newest page (older pages load on scroll).
            const bool leavesGap = load == PageLoad::CatchUp && page->hasMore && newestShown
                && !page->messages.isEmpty() && page->messages.last().id > *newestShown;
            if (leavesGap) {
                m_messages.reset(conversationId, m_session.user().id);
                showOutbox(conversationId);
            }
            m_messages.applyStored(page->messages);
            if (load == PageLoad::Open || leavesGap)
                setHasOlder(page->hasMore);
        });
}

void ChatClient::fetchOlder()
{
    const auto oldest = m_messages.oldestId();
    const qint64 conversationId = m_messages.conversationId();
    if (!m_hasOlder || m_fetchingOlder || !oldest || conversationId == 0)
        return;
    m_fetchingOlder = true;
    m_session.api().history(
        conversationId, oldest, PageSize, [this, conversationId](Result<HistoryPage> page) {
            m_fetchingOlder = false;
            if (m_messages.conversationId() != conversationId)
                return;
            if (!page) {
                Q_EMIT notice(tr("Could not load older messages: %1").arg(page.error().message));
                return;
            }
            m_messages.applyStored(page->messages);
            setHasOlder(page->hasMore);
        });
}

QString ChatClient::send(const QString &text)
{
    const qint64 conversationId = m_messages.conversationId();
    if (conversationId == 0 || text.trimmed().isEmpty())
        return {};
    const OutgoingMessage message { QUuid::createUuid().toString(QUuid::WithoutBraces),
        conversationId, text, QDateTime::currentDateTimeUtc(), DeliveryState::Pending, {} };
    m_outbox.add(message);
    m_messages.addLocal(message.clientId, message.body, message.writtenAt);
    m_session.sendMessage({ conversationId, message.clientId, message.body });
    return message.clientId;
}

void ChatClient::retry(const QString &clientId)
{
    const OutgoingMessage *message = m_outbox.find(clientId);
    if (!message || message->state != DeliveryState::Failed)
        return;
    m_outbox.setState(clientId, DeliveryState::Pending);
    m_messages.markPending(clientId);
    m_session.sendMessage({ message->conversationId, message->clientId, message->body });
}

void ChatClient::discard(const QString &clientId)
{
    const OutgoingMessage *message = m_outbox.find(clientId);
    if (!message || message->state != DeliveryState::Failed)
        return;
    m_outbox.remove(clientId);
    m_messages.removeLocal(clientId);
}

void ChatClient::onStored(const Message &message)
{
    if (message.senderId == m_session.user().id)
        m_outbox.remove(message.clientId);
    m_messages.applyStored(message);
    if (!m_contacts.applyMessage(message))
        refreshContacts(); // Someone new, or a conversation we have not seen yet.
}

void ChatClient::onSendFailed(const QString &clientId, const Error &error)
{
    if (!m_outbox.find(clientId))
        return; // Already stored (a late failure of an earlier try).
    if (error.code == ErrorCode::NetworkError) {
        // Undelivered is not failed: it stays Pending and goes out again when the
        // connection is back (see catchUp). A retry with its client id is always safe.
        qCInfo(lcNet) << "send of" << clientId << "waits for the connection:" << error.message;
        return;
    }
    m_outbox.setState(clientId, DeliveryState::Failed, error.message);
    m_messages.markFailed(clientId, error.message);
}

void ChatClient::catchUp()
{
    // Whatever happened while we were offline: fresh contacts, the open conversation's
    // newest page merged in (by id, so nothing doubles), and our waiting messages sent.
    refreshContacts();
    if (m_messages.conversationId() != 0)
        loadNewestPage(m_messages.conversationId(), PageLoad::CatchUp);
    for (const OutgoingMessage &message : m_outbox.pending())
        m_session.sendMessage({ message.conversationId, message.clientId, message.body });
}

void ChatClient::setHasOlder(bool hasOlder)
{
    if (m_hasOlder == hasOlder)
        return;
    m_hasOlder = hasOlder;
    Q_EMIT hasOlderMessagesChanged();
}

} // namespace chat::client
