#include "lastconversation.h"

#include <client/clientlogging.h>
#include <client/conversations/conversationlistcontroller.h>
#include <client/conversations/openconversation.h>
#include <client/models/conversationlistmodel.h>
#include <client/network/chatsession.h>

namespace chat::client {

LastConversation::LastConversation(ChatSession &session, ConversationListModel &list,
    ConversationListController &listController, OpenConversation &open, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_list(list)
    , m_open(open)
{
    connect(&m_session, &ChatSession::signedInChanged, this, [this] {
        m_toReopen = 0;
        if (LocalStore *store = m_session.localStore()) {
            auto last = store->lastConversation();
            if (!last)
                qCWarning(lcStorage)
                    << "cannot read the last conversation:" << last.error().message;
            m_toReopen = last ? last.value() : 0;
        }
    });
    connect(&m_open, &OpenConversation::changed, this, &LastConversation::remember);
    connect(
        &listController, &ConversationListController::fetchEnded, this, &LastConversation::reopen);
}

void LastConversation::remember()
{
    const qint64 open = m_open.conversationId();
    LocalStore *store = m_session.localStore();
    // Signing out closes the conversation: the one before is what the next start opens.
    if (open == 0 || !store)
        return;
    m_toReopen = 0;
    if (auto saved = store->setLastConversation(open); !saved)
        qCWarning(lcStorage) << "cannot save the last conversation:" << saved.error().message;
}

void LastConversation::reopen(bool listApplied)
{
    if (!listApplied || m_toReopen == 0)
        return;
    const qint64 conversationId = std::exchange(m_toReopen, 0);
    if (m_open.conversationId() != 0 || m_open.peerId() != 0)
        return;
    if (m_list.rowOf(conversationId) >= 0)
        m_open.open(conversationId);
}

} // namespace chat::client
