#include "batchcommitter.h"

#include <QElapsedTimer>

namespace chat::server {

BatchCommitter::BatchCommitter(Store &store)
    : m_store(store)
{ }

BatchOutcome BatchCommitter::commit(const QList<QueuedSend> &batch)
{
    BatchOutcome outcome;
    outcome.results.reserve(batch.size());
    outcome.status = m_store.beginTransaction();
    if (outcome.status) {
        QList<Store::NewMessage> messages;
        messages.reserve(batch.size());
        for (const QueuedSend &send : batch) {
            messages.append(Store::NewMessage { send.request.conversationId, send.senderId,
                send.request.clientId, send.request.body, send.request.replyTo });
        }
        auto stored = m_store.insertMessages(messages);
        if (stored) {
            for (Store::StoredMessage &message : stored.value())
                outcome.results.append(std::move(message));
        } else {
            outcome.status = stored.error();
        }
    }
    if (!outcome.status) {
        m_store.rollbackTransaction();
        outcome.results.clear();
        return outcome;
    }
    // The COMMIT alone is the fsync that group commit shares out: timed apart from the
    // inserts before it.
    QElapsedTimer committing;
    committing.start();
    outcome.status = m_store.commitTransaction();
    outcome.commitSeconds = double(committing.nsecsElapsed()) / 1e9;
    if (!outcome.status)
        outcome.results.clear();
    return outcome;
}

} // namespace chat::server
