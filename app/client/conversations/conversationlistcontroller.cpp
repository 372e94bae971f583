#include "conversationlistcontroller.h"

#include <client/network/apiclient.h>
#include <client/network/chatsession.h>

namespace chat::client {

ConversationListController::ConversationListController(
    ChatSession &session, ConversationListModel &model, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_model(model)
{ }

void ConversationListController::refresh()
{
    if (m_fetching) {
        // A burst of messages from unknown conversations (a replay) is one more fetch.
        m_stale = true;
        return;
    }
    m_fetching = true;
    Q_EMIT fetchStarted();
    m_session.api().contacts(whileAlive<QList<Contact>>(
        this, [this, generation = m_generation](Result<QList<Contact>> contacts) {
            if (generation != m_generation)
                return;
            m_fetching = false;
            if (!contacts) {
                Q_EMIT fetchEnded(false);
                Q_EMIT notice(tr("Could not load conversations: %1").arg(contacts.error().message));
            } else {
                QList<ConversationSummary> conversations;
                conversations.reserve(contacts->size());
                for (const Contact &contact : contacts.value())
                    conversations.append(ConversationSummary::fromContact(contact));
                // A message that came live while the list was on its way is newer than
                // the list: its count is not in it, so fetch once more.
                const qint64 newestBefore = m_model.newestMessageId();
                m_model.setConversations(conversations, m_session.user().id);
                if (m_model.newestMessageId() < newestBefore)
                    m_stale = true;
                // Events that came meanwhile may be newer than the list: applied on top.
                Q_EMIT fetchEnded(true);
            }
            if (std::exchange(m_stale, false))
                refresh();
        }));
}

void ConversationListController::applyMessage(const Message &message)
{
    if (!m_model.applyMessage(message))
        refresh(); // Someone new, or a conversation we have not seen yet.
}

void ConversationListController::openDirect(
    qint64 peerId, std::function<void(qint64 conversationId)> done)
{
    const int row = m_model.rowOfPeer(peerId);
    if (row < 0) {
        done(0);
        return;
    }
    if (const qint64 known = m_model.at(row).id; known != 0) {
        done(known);
        return;
    }
    m_session.api().openConversation(m_model.at(row).peer.username,
        whileAlive<Conversation>(this,
            [this, peerId, done = std::move(done), generation = m_generation](
                Result<Conversation> conversation) {
                if (generation != m_generation)
                    return;
                if (!conversation) {
                    Q_EMIT notice(tr("Could not open the conversation: %1")
                                      .arg(conversation.error().message));
                    done(0);
                    return;
                }
                m_model.setConversationId(peerId, conversation->id);
                done(conversation->id);
            }));
}

void ConversationListController::reset()
{
    ++m_generation;
    m_fetching = false;
    m_stale = false;
    m_model.setConversations({}, 0);
}

} // namespace chat::client
