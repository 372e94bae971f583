#include "clientcontext.h"

#include <client/network/chatsession.h>

namespace chat::client {

namespace {

//! What the user is told when the server refused one of their changes.
QString failedChangeText(const OutgoingOperation &operation)
{
    switch (operation.kind) {
    case OutgoingOperation::Kind::Send:
        break;
    case OutgoingOperation::Kind::Edit:
        return ClientContext::tr("The message could not be edited: %1").arg(operation.error);
    case OutgoingOperation::Kind::Delete:
        return ClientContext::tr("The message could not be deleted: %1").arg(operation.error);
    case OutgoingOperation::Kind::React:
    case OutgoingOperation::Kind::Unreact:
        return ClientContext::tr("The reaction could not be changed: %1").arg(operation.error);
    }
    return ClientContext::tr("The message could not be sent: %1").arg(operation.error);
}

} // namespace

ClientContext::ClientContext(ChatSession &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    m_sortedConversations.setSourceModel(&m_conversations);
    m_unlistedPeople.setSourceModel(&m_people);

    connect(&m_session, &ChatSession::signedInChanged, this, &ClientContext::onSignedInChanged);
    connect(&m_session, &ChatSession::wentLive, this, &ClientContext::onWentLive);
    connect(&m_session, &ChatSession::messageReceived, this, &ClientContext::onMessageReceived);
    connect(&m_session, &ChatSession::conversationReceived, &m_conversationList,
        &ConversationListController::apply);
    // Changes of messages are never new or unread: they only change what shows.
    connect(&m_session, &ChatSession::updateReceived, this, [this](const MessageUpdate &update) {
        m_open.messages()->applyUpdate(update);
        m_conversations.applyUpdate(update);
    });

    // The outgoing queue's transitions show in the open conversation; what the server
    // stored of ours is the conversation's newest activity too.
    MessageListModel *messages = m_open.messages();
    connect(
        &m_outgoing, &OutgoingQueue::operationQueued, messages, &MessageListModel::showOperation);
    connect(&m_outgoing, &OutgoingQueue::operationFailed, messages, &MessageListModel::showFailure);
    connect(&m_outgoing, &OutgoingQueue::operationStored, messages, &MessageListModel::showStored);
    connect(&m_outgoing, &OutgoingQueue::operationDiscarded, messages,
        &MessageListModel::showDiscarded);
    connect(
        &m_outgoing, &OutgoingQueue::operationApplied, messages, &MessageListModel::showApplied);
    connect(&m_outgoing, &OutgoingQueue::operationApplied, &m_conversations,
        [this](const OutgoingOperation &, const MessageUpdate &update) {
            m_conversations.applyUpdate(update);
        });
    // A refused change is not kept for a retry, as a refused message is: the message shows
    // as the server has it again, and the user is told why.
    connect(&m_outgoing, &OutgoingQueue::operationFailed, this,
        [this](const OutgoingOperation &operation) {
            if (!operation.changesMessage())
                return;
            Q_EMIT notice(failedChangeText(operation));
            m_outgoing.discard(operation.clientId);
        });
    connect(&m_outgoing, &OutgoingQueue::operationStored, &m_conversationList,
        [this](const OutgoingOperation &, const Message &message) {
            m_conversationList.applyMessage(message);
            m_awareness.ownMessageStored(message.conversationId);
        });

    // A fetch of the list brackets the awareness events that came meanwhile.
    connect(&m_conversationList, &ConversationListController::fetchStarted, &m_awareness,
        &AwarenessTracker::listFetchStarted);
    connect(&m_conversationList, &ConversationListController::fetchEnded, &m_awareness,
        &AwarenessTracker::listFetchEnded);
    connect(&m_awareness, &AwarenessTracker::listStale, &m_conversationList,
        &ConversationListController::refresh);
    connect(
        &m_privacy, &PrivacySettingsController::saved, this, [this](const PrivacySettings &saved) {
            // Others' receipts and presence may have appeared or gone (protocol §7.10).
            if (!saved.shareTyping)
                m_awareness.clearTyping();
            m_conversationList.refresh();
        });

    // Leaving a conversation writes what was typed in it, not only after the save delay;
    // so does the account's store closing, whatever closes it. The list shows each
    // conversation's draft.
    connect(&m_open, &OpenConversation::changed, &m_drafts, &DraftKeeper::flush);
    connect(&m_session, &ChatSession::localStoreAboutToClose, &m_drafts,
        [this] { (void)m_drafts.attach(nullptr); });
    connect(
        &m_drafts, &DraftKeeper::draftChanged, &m_conversations, &ConversationListModel::setDraft);

    connect(&m_conversations, &ConversationListModel::totalUnreadChanged, this,
        &ClientContext::totalUnreadChanged);
    connect(&m_conversationList, &ConversationListController::notice, this, &ClientContext::notice);
    connect(&m_open, &OpenConversation::notice, this, &ClientContext::notice);
    connect(&m_privacy, &PrivacySettingsController::notice, this, &ClientContext::notice);
    connect(&m_people, &PeopleDirectory::notice, this, &ClientContext::notice);
    connect(&m_drafts, &DraftKeeper::notice, this, &ClientContext::notice);

    if (m_session.isSignedIn())
        onSignedInChanged();
}

void ClientContext::setProfileDirectory(const QString &directory)
{
    m_session.setProfileDirectory(directory);
}

void ClientContext::onSignedInChanged()
{
    if (m_session.isSignedIn()) {
        // The account's outbox as the last run left it: it shows when its conversation
        // opens, and goes out once live.
        if (auto attached = m_outgoing.attach(m_session.localStore()); !attached) {
            Q_EMIT notice(tr("Could not read the messages waiting to be sent: %1")
                              .arg(attached.error().message));
        }
        if (auto attached = m_drafts.attach(m_session.localStore()); !attached)
            Q_EMIT notice(tr("Could not read the drafts: %1").arg(attached.error().message));
        if (!m_session.localStore() && !m_session.localStoreError().isEmpty()) {
            Q_EMIT notice(
                tr("Messages waiting to be sent and drafts will not survive a restart: %1")
                    .arg(m_session.localStoreError()));
        }
        m_conversationList.refresh();
        return;
    }
    m_awareness.reset();
    m_conversationList.reset();
    m_open.close();
    // Only forgotten here: the outbox and the drafts stay on disk for the next sign-in
    // (the store is still open: the session closes it after telling us, and the drafts
    // typed last are written to it now).
    (void)m_outgoing.attach(nullptr);
    (void)m_drafts.attach(nullptr);
}

void ClientContext::onWentLive(bool caughtUp)
{
    // Replayed messages came in as messageReceived already. Counts, positions and presence
    // are not replayed: after every `ready` the list is fetched again (protocol §6.11).
    // When the server could not replay (resync), or we had no cursor, the open
    // conversation's newest page is merged in too.
    m_conversationList.refresh();
    if (!caughtUp)
        m_open.catchUp();
    m_open.markRead(false); // a read skipped while offline
}

void ClientContext::onMessageReceived(const Message &message)
{
    // Before the list takes it as its last message: is it new, and unread?
    m_awareness.messageArrived(message, m_open.isInView(message.conversationId));
    m_open.messages()->applyStored(message);
    m_conversationList.applyMessage(message);
}

} // namespace chat::client
