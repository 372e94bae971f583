#include "outboxsender.h"

#include <client/clientlogging.h>
#include <client/outgoing/outbox.h>

#include <QTimer>

namespace chat::client {

OutboxSender::OutboxSender(Outbox &outbox, SendFunction send, QObject *parent)
    : QObject(parent)
    , m_outbox(outbox)
    , m_send(std::move(send))
{ }

void OutboxSender::pump()
{
    // Conversations in the order their first waiting message was written.
    QList<qint64> conversations;
    for (const OutgoingMessage &message : m_outbox.pending()) {
        if (!conversations.contains(message.conversationId))
            conversations.append(message.conversationId);
    }
    for (const qint64 conversationId : std::as_const(conversations)) {
        if (m_inFlight.contains(conversationId) || m_waitingForNetwork.contains(conversationId)
            || m_pausing.contains(conversationId))
            continue;
        const OutgoingMessage *next = m_outbox.nextPending(conversationId);
        if (!next)
            continue;
        m_inFlight.insert(conversationId, next->clientId);
        // Copy: sending may answer synchronously and change the outbox under us.
        const json::SendRequest request { next->conversationId, next->clientId, next->body };
        m_send(request);
    }
}

void OutboxSender::setOnline(bool online)
{
    m_online = online;
    if (!online)
        return;
    m_waitingForNetwork.clear();
    pump();
}

qint64 OutboxSender::release(const QString &clientId)
{
    for (auto it = m_inFlight.begin(); it != m_inFlight.end(); ++it) {
        if (it.value() == clientId) {
            const qint64 conversationId = it.key();
            m_inFlight.erase(it);
            return conversationId;
        }
    }
    return 0;
}

void OutboxSender::acknowledged(const QString &clientId)
{
    release(clientId);
    pump();
}

void OutboxSender::refused(const QString &clientId)
{
    release(clientId);
    pump();
}

void OutboxSender::undelivered(const QString &clientId)
{
    const qint64 conversationId = release(clientId);
    if (conversationId == 0)
        return; // An earlier attempt's late failure; the current one is still on its way.
    if (m_online) {
        // The socket is up but this attempt failed (a REST call from before it was):
        // no reconnect will come to wake us, so try again after a pause.
        deferred(clientId);
        return;
    }
    // Stop here rather than hammer a dead network; setOnline(true) resumes.
    m_waitingForNetwork.insert(conversationId);
}

void OutboxSender::deferred(const QString &clientId)
{
    qint64 conversationId = release(clientId);
    if (conversationId == 0) {
        const OutgoingMessage *message = m_outbox.find(clientId);
        if (!message)
            return;
        conversationId = message->conversationId;
    }
    m_pausing.insert(conversationId);
    QTimer::singleShot(m_retryPause, this, [this, conversationId, generation = m_generation] {
        if (generation != m_generation)
            return;
        m_pausing.remove(conversationId);
        pump();
    });
}

void OutboxSender::reset()
{
    ++m_generation;
    m_inFlight.clear();
    m_waitingForNetwork.clear();
    m_pausing.clear();
    m_online = false;
}

bool OutboxSender::isInFlight(const QString &clientId) const
{
    for (auto it = m_inFlight.cbegin(); it != m_inFlight.cend(); ++it) {
        if (it.value() == clientId)
            return true;
    }
    return false;
}

} // namespace chat::client
