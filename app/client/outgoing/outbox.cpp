#include "outbox.h"

#include <client/clientlogging.h>
#include <client/storage/localstore.h>

namespace chat::client {

Status Outbox::attach(LocalStore *store)
{
    m_messages.clear();
    m_store = store;
    if (!m_store)
        return Done {};
    auto stored = m_store->outgoing();
    if (!stored)
        return stored.error();
    m_messages = stored.value();
    return Done {};
}

Status Outbox::add(const OutgoingMessage &message)
{
    if (find(message.clientId))
        return Done {};
    Status written = Done {};
    if (m_store)
        written = m_store->addOutgoing(message);
    m_messages.append(message);
    return written;
}

bool Outbox::remove(const QString &clientId)
{
    const bool removed = m_messages.removeIf([&clientId](const OutgoingMessage &message) {
        return message.clientId == clientId;
    }) > 0;
    if (removed && m_store) {
        // Not fatal: the row would come back after a restart and be sent again with its
        // client id, which the server answers as a duplicate. Nothing doubles.
        if (auto status = m_store->removeOutgoing(clientId); !status)
            qCWarning(lcNet) << "cannot remove a sent message from the outbox:"
                             << status.error().message;
    }
    return removed;
}

void Outbox::setState(const QString &clientId, DeliveryState state, const QString &error)
{
    for (OutgoingMessage &message : m_messages) {
        if (message.clientId != clientId)
            continue;
        message.state = state;
        message.error = error;
        if (m_store) {
            if (auto status = m_store->setOutgoingState(clientId, state, error); !status)
                qCWarning(lcNet) << "cannot save a message's state:" << status.error().message;
        }
    }
}

const OutgoingMessage *Outbox::find(const QString &clientId) const
{
    for (const OutgoingMessage &message : m_messages) {
        if (message.clientId == clientId)
            return &message;
    }
    return nullptr;
}

QList<OutgoingMessage> Outbox::forConversation(qint64 conversationId) const
{
    QList<OutgoingMessage> result;
    for (const OutgoingMessage &message : m_messages) {
        if (message.conversationId == conversationId)
            result.append(message);
    }
    return result;
}

QList<OutgoingMessage> Outbox::pending() const
{
    QList<OutgoingMessage> result;
    for (const OutgoingMessage &message : m_messages) {
        if (message.state == DeliveryState::Pending)
            result.append(message);
    }
    return result;
}

const OutgoingMessage *Outbox::nextPending(qint64 conversationId) const
{
    for (const OutgoingMessage &message : m_messages) {
        if (message.conversationId == conversationId && message.state == DeliveryState::Pending)
            return &message;
    }
    return nullptr;
}

qsizetype Outbox::waitingCount() const
{
    return std::count_if(m_messages.cbegin(), m_messages.cend(),
        [](const OutgoingMessage &message) { return message.state == DeliveryState::Pending; });
}

} // namespace chat::client
