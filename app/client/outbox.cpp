#include "outbox.h"

namespace chat::client {

void Outbox::add(const OutgoingMessage &message)
{
    if (!find(message.clientId))
        m_messages.append(message);
}

bool Outbox::remove(const QString &clientId)
{
    return m_messages.removeIf([&clientId](const OutgoingMessage &message) {
        return message.clientId == clientId;
    }) > 0;
}

void Outbox::setState(const QString &clientId, DeliveryState state, const QString &error)
{
    for (OutgoingMessage &message : m_messages) {
        if (message.clientId == clientId) {
            message.state = state;
            message.error = error;
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

} // namespace chat::client
