#include "chatclient.h"

#include <client/clientlogging.h>
#include <client/network/chatsession.h>

#include <QUuid>

namespace chat::client {

using namespace Qt::StringLiterals;

namespace {
constexpr int PageSize = 50;
}

ChatClient::ChatClient(ChatSession &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_sender(
          m_outbox, [this](const json::SendRequest &request) { m_session.sendMessage(request); })
{
    connect(&m_messages, &MessageListModel::olderPageRequested, this, &ChatClient::fetchOlder);
    connect(&m_messages, &MessageListModel::hasOlderChanged, this,
        &ChatClient::hasOlderMessagesChanged);
    connect(&m_session, &ChatSession::messageReceived, this, &ChatClient::onStored);
    connect(&m_session, &ChatSession::messageStored, this, &ChatClient::onStored);
    connect(&m_session, &ChatSession::sendFailed, this, &ChatClient::onSendFailed);
    connect(&m_session, &ChatSession::wentLive, this, &ChatClient::onWentLive);
    connect(&m_session, &ChatSession::signedInChanged, this, &ChatClient::onSignedInChanged);
    connect(&m_session, &ChatSession::connectionStateChanged, this,
        [this](LiveConnection::State state) {
            // Going online is handled on `ready` (onWentLive), once the replay is in.
            if (state != LiveConnection::State::Online)
                m_sender.setOnline(false);
        });
    connect(
        &m_contacts, &ContactListModel::totalUnreadChanged, this, &ChatClient::totalUnreadChanged);
    connect(&m_awareness, &AwarenessTracker::typingChanged, this, &ChatClient::updateOtherIsTyping);
    connect(this, &ChatClient::currentContactChanged, this, &ChatClient::updateOtherIsTyping);
    connect(&m_awareness, &AwarenessTracker::contactsStale, this, &ChatClient::refreshContacts);
    connect(&m_awareness, &AwarenessTracker::receiptsChanged, this, [this](qint64 conversationId) {
        if (conversationId == m_messages.conversationId())
            showReceipts();
    });
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
    if (m_session.isSignedIn())
        onSignedInChanged();
}

void ChatClient::setProfileDirectory(const QString &directory)
{
    m_session.setProfileDirectory(directory);
}

void ChatClient::onSignedInChanged()
{
    m_sender.reset();
    if (m_session.isSignedIn()) {
        // The account's outbox as the last run left it: its Pending rows show when their
        // conversation opens, and go out once live.
        if (auto attached = m_outbox.attach(m_session.localStore()); !attached) {
            Q_EMIT notice(tr("Could not read the messages waiting to be sent: %1")
                              .arg(attached.error().message));
        }
        if (!m_session.localStore() && !m_session.localStoreError().isEmpty()) {
            Q_EMIT notice(tr("Messages waiting to be sent will not survive a restart: %1")
                              .arg(m_session.localStoreError()));
        }
        updateWaitingCount();
        return;
    }
    m_awareness.reset();
    m_contacts.setContacts({}, 0);
    m_messages.reset(0, 0);
    // Only forgotten here: the rows stay on disk for the next sign-in.
    (void)m_outbox.attach(nullptr);
    updateWaitingCount();
    m_currentContactId = 0;
    Q_EMIT currentContactChanged();
}

void ChatClient::refreshContacts()
{
    if (m_fetchingContacts) {
        // A burst of messages from unknown conversations (a replay) is one more fetch.
        m_contactsStale = true;
        return;
    }
    m_fetchingContacts = true;
    m_awareness.contactsFetchStarted();
    m_session.api().contacts([this](Result<QList<Contact>> contacts) {
        m_fetchingContacts = false;
        if (!contacts) {
            m_awareness.contactsFetchEnded(false);
            Q_EMIT notice(tr("Could not load contacts: %1").arg(contacts.error().message));
        } else {
            // A message that came live while the list was on its way is newer than the
            // list: its count is not in it, so fetch once more.
            const qint64 newestBefore = m_contacts.newestMessageId();
            m_contacts.setContacts(contacts.value(), m_session.user().id);
            if (m_contacts.newestMessageId() < newestBefore)
                m_contactsStale = true;
            // Events that came meanwhile may be newer than the list: applied on top.
            m_awareness.contactsFetchEnded(true);
            showReceipts();
        }
        if (std::exchange(m_contactsStale, false))
            refreshContacts();
    });
}

void ChatClient::openContact(qint64 userId)
{
    const int row = m_contacts.rowOfUser(userId);
    if (row < 0 || userId == m_currentContactId)
        return;
    const Contact contact = m_contacts.contactAt(row);
    m_currentContactId = userId;
    resetMessages(contact.conversationId);
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
                resetMessages(conversation->id);
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
    if (load == PageLoad::CatchUp && m_messages.hasNewer())
        return; // The window shows older pages; the newest loads when the user is back.
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
                resetMessages(conversationId);
                showOutbox(conversationId);
            }
            m_messages.applyStored(page->messages);
            if (load == PageLoad::Open || leavesGap)
                m_messages.setHasOlder(page->hasMore);
        });
}

void ChatClient::fetchOlder()
{
    const auto oldest = m_messages.oldestId();
    const qint64 conversationId = m_messages.conversationId();
    if (m_fetchingOlder)
        return; // The page on its way ends the model's fetch too.
    if (!m_messages.hasOlder() || !oldest || conversationId == 0) {
        m_messages.olderPageFailed(); // nothing to fetch: let fetchMore() ask again later
        return;
    }
    m_fetchingOlder = true;
    m_session.api().history(
        conversationId, oldest, PageSize, [this, conversationId, oldest](Result<HistoryPage> page) {
            m_fetchingOlder = false;
            // Another conversation, or the window was replaced meanwhile (the newest page
            // again): a page before the old cursor would leave a gap.
            if (m_messages.conversationId() != conversationId || m_messages.oldestId() != oldest) {
                // A fetch asked for meanwhile was held back by this one: it goes now.
                const bool wanted = m_messages.isFetchingOlder();
                m_messages.olderPageFailed();
                if (wanted)
                    fetchOlder();
                return;
            }
            if (!page) {
                m_messages.olderPageFailed();
                Q_EMIT notice(tr("Could not load older messages: %1").arg(page.error().message));
                return;
            }
            m_messages.prependOlderPage(page->messages, page->hasMore);
        });
}

void ChatClient::showNewest()
{
    const qint64 conversationId = m_messages.conversationId();
    if (!m_messages.hasNewer() || m_fetchingNewest || conversationId == 0)
        return;
    m_fetchingNewest = true;
    m_session.api().history(
        conversationId, std::nullopt, PageSize, [this, conversationId](Result<HistoryPage> page) {
            m_fetchingNewest = false;
            if (m_messages.conversationId() != conversationId || !m_messages.hasNewer())
                return;
            if (!page) {
                Q_EMIT notice(tr("Could not load messages: %1").arg(page.error().message));
                return;
            }
            m_messages.resetToNewestPage(page->messages, page->hasMore);
        });
}

QString ChatClient::send(const QString &text)
{
    const qint64 conversationId = m_messages.conversationId();
    if (conversationId == 0 || text.trimmed().isEmpty())
        return {};
    const OutgoingMessage message { QUuid::createUuid().toString(QUuid::WithoutBraces),
        conversationId, text, QDateTime::currentDateTimeUtc(), DeliveryState::Pending, {} };
    // On disk first: once the row shows as Pending, a crash no longer loses it. If the
    // disk refuses, it is still sent (losing it now would be worse), and the user told.
    if (auto written = m_outbox.add(message); !written) {
        Q_EMIT notice(
            tr("The message could not be saved locally: %1").arg(written.error().message));
    }
    m_messages.addLocal(message.clientId, message.body, message.writtenAt);
    updateWaitingCount();
    m_sender.pump();
    // Written while reading older pages: the conversation goes back to its newest page.
    showNewest();
    return message.clientId;
}

void ChatClient::retry(const QString &clientId)
{
    const OutgoingMessage *message = m_outbox.find(clientId);
    if (!message || message->state != DeliveryState::Failed)
        return;
    m_outbox.setState(clientId, DeliveryState::Pending);
    m_messages.markPending(clientId);
    updateWaitingCount();
    // Same client id: if an earlier try was stored after all, the server says duplicate.
    m_sender.pump();
}

void ChatClient::discard(const QString &clientId)
{
    const OutgoingMessage *message = m_outbox.find(clientId);
    if (!message || message->state != DeliveryState::Failed)
        return;
    m_outbox.remove(clientId);
    m_messages.removeLocal(clientId);
    updateWaitingCount();
}

void ChatClient::onStored(const Message &message)
{
    // Ours, acknowledged by whichever came first: ack, REST reply, echo or replay.
    const bool acknowledged
        = message.senderId == m_session.user().id && m_outbox.remove(message.clientId);
    // Before the contact list takes it as its last message: is it new, and unread?
    m_awareness.messageArrived(message,
        m_visible && message.conversationId == m_messages.conversationId()
            && !m_messages.hasNewer());
    m_messages.applyStored(message);
    if (!m_contacts.applyMessage(message))
        refreshContacts(); // Someone new, or a conversation we have not seen yet.
    if (acknowledged) {
        updateWaitingCount();
        m_sender.acknowledged(message.clientId);
    }
}

void ChatClient::onSendFailed(const QString &clientId, const Error &error)
{
    if (!m_outbox.find(clientId))
        return; // Already stored (a late failure of an earlier try).
    if (error.code == ErrorCode::NetworkError) {
        // Undelivered is not failed: it stays Pending and goes out again when the
        // connection is back. A retry with its client id is always safe.
        qCInfo(lcNet) << "send of" << clientId << "waits for the connection:" << error.message;
        if (m_session.connectionState() != LiveConnection::State::Online)
            m_sender.setOnline(false);
        m_sender.undelivered(clientId);
        return;
    }
    if (error.code == ErrorCode::RateLimited || error.code == ErrorCode::Internal) {
        // Nothing was stored, and the same request may well succeed in a moment.
        qCInfo(lcNet) << "send of" << clientId << "deferred:" << error.message;
        m_sender.deferred(clientId);
        return;
    }
    m_outbox.setState(clientId, DeliveryState::Failed, error.message);
    m_messages.markFailed(clientId, error.message);
    updateWaitingCount();
    m_sender.refused(clientId); // the next one of its conversation is not held up
}

void ChatClient::onWentLive(bool caughtUp)
{
    // Replayed messages came in as messageReceived already. When the server could not
    // replay them (resync), or we had no position, fetch what we may have missed.
    // Counts, positions and presence are not replayed: after every `ready` the contact
    // list is fetched again (protocol §6.11).
    if (!caughtUp)
        catchUp();
    else
        refreshContacts();
    m_sender.setOnline(true);
    markRead(false); // a read skipped while offline
}

void ChatClient::catchUp()
{
    // Fresh contacts and the open conversation's newest page merged in (by id, so nothing
    // doubles; reset if it does not reach what is shown, so no gap either).
    refreshContacts();
    if (m_messages.conversationId() != 0)
        loadNewestPage(m_messages.conversationId(), PageLoad::CatchUp);
}

void ChatClient::updateWaitingCount()
{
    const int count = int(m_outbox.waitingCount());
    if (count == m_waitingCount)
        return;
    m_waitingCount = count;
    Q_EMIT waitingCountChanged(count);
}

void ChatClient::resetMessages(qint64 conversationId)
{
    m_messages.reset(conversationId, m_session.user().id);
    showReceipts();
}

void ChatClient::showReceipts()
{
    const int row = m_contacts.rowOfUser(m_currentContactId);
    if (row < 0 || m_messages.conversationId() == 0
        || m_contacts.contactAt(row).conversationId != m_messages.conversationId())
        return;
    const Contact &contact = m_contacts.contactAt(row);
    m_messages.setReceiptPositions(contact.theirDeliveredUpTo, contact.theirReadUpTo);
}

void ChatClient::setConversationVisible(bool visible)
{
    if (m_visible == visible)
        return;
    m_visible = visible;
    markRead(true);
}

void ChatClient::markRead(bool force)
{
    const auto newest = m_messages.newestStoredId();
    if (m_visible && newest)
        m_awareness.markRead(m_messages.conversationId(), *newest, force);
}

void ChatClient::userTyped()
{
    m_awareness.userTyped(m_messages.conversationId());
}

void ChatClient::updateOtherIsTyping()
{
    const bool typing = m_currentContactId != 0 && m_contacts.isTyping(m_currentContactId);
    if (typing == m_otherIsTyping)
        return;
    m_otherIsTyping = typing;
    Q_EMIT otherIsTypingChanged(typing);
}

void ChatClient::loadSettings()
{
    m_session.api().settings([this](Result<Settings> settings) {
        if (!settings) {
            Q_EMIT notice(tr("Could not load the settings: %1").arg(settings.error().message));
            return;
        }
        Q_EMIT settingsLoaded(toPrivacySettings(settings.value()));
    });
}

void ChatClient::saveSettings(const PrivacySettings &settings)
{
    m_session.api().updateSettings(toUpdate(settings), [this](Result<Settings> saved) {
        if (!saved) {
            Q_EMIT notice(tr("Could not save the settings: %1").arg(saved.error().message));
            return;
        }
        // Others' receipts and presence may have appeared or gone (protocol §7.10).
        if (!saved->shareTyping)
            m_awareness.clearTyping();
        refreshContacts();
        Q_EMIT settingsSaved(toPrivacySettings(saved.value()));
    });
}

} // namespace chat::client
