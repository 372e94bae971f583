#include "conversationlistcontroller.h"

#include <client/network/apiclient.h>
#include <client/network/chatsession.h>
#include <client/network/conversationsapi.h>

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
    ConversationsApi(m_session.api())
        .list(whileAlive<QList<ConversationEntry>>(
            this, [this, generation = m_generation](Result<QList<ConversationEntry>> entries) {
                if (generation != m_generation)
                    return;
                m_fetching = false;
                if (!entries) {
                    Q_EMIT fetchEnded(false);
                    Q_EMIT notice(
                        tr("Could not load conversations: %1").arg(entries.error().message));
                } else {
                    QList<ConversationSummary> conversations;
                    conversations.reserve(entries->size());
                    for (const ConversationEntry &entry : entries.value())
                        conversations.append(ConversationSummary::fromEntry(entry));
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
    const User &peer, std::function<void(qint64 conversationId)> done)
{
    if (const int row = m_model.rowOfPeer(peer.id); row >= 0) {
        done(m_model.at(row).id);
        return;
    }
    m_session.api().openConversation(peer.username,
        whileAlive<Conversation>(this,
            [this, done = std::move(done), generation = m_generation](
                Result<Conversation> conversation) {
                if (generation != m_generation)
                    return;
                if (!conversation) {
                    Q_EMIT notice(tr("Could not open the conversation: %1")
                                      .arg(conversation.error().message));
                    done(0);
                    return;
                }
                fetch(conversation->id, done);
            }));
}

void ConversationListController::fetch(
    qint64 conversationId, std::function<void(qint64 conversationId)> done)
{
    ConversationsApi(m_session.api())
        .details(conversationId,
            whileAlive<ConversationsApi::Details>(this,
                [this, conversationId, done = std::move(done), generation = m_generation](
                    Result<ConversationsApi::Details> details) {
                    if (generation != m_generation)
                        return;
                    if (!details) {
                        Q_EMIT notice(
                            tr("Could not load the conversation: %1").arg(details.error().message));
                    } else {
                        apply(details->entry);
                    }
                    if (done)
                        done(details ? conversationId : 0);
                }));
}

void ConversationListController::apply(const ConversationEntry &entry)
{
    m_model.upsert(ConversationSummary::fromEntry(entry));
    // A list on its way may predate this change (a mute, a rename) and would undo it:
    // fetch once more after it. Such changes are rare; a stale list is not.
    if (m_fetching)
        m_stale = true;
}

void ConversationListController::setMuted(qint64 conversationId, bool muted)
{
    // The answer comes back as a `conversation` frame too, on every instance.
    ConversationsApi(m_session.api())
        .setMuted(conversationId, muted,
            whileAlive<ConversationEntry>(this, [this](Result<ConversationEntry> entry) {
                if (!entry) {
                    Q_EMIT notice(
                        tr("Could not change the conversation: %1").arg(entry.error().message));
                    return;
                }
                apply(entry.value());
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
