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
        for (const QueuedSend &send : batch) {
            outcome.results.append(m_store.insertMessage(send.request.conversationId, send.senderId,
                send.request.clientId, send.request.body, send.request.replyTo));
            if (!outcome.results.last()) {
                outcome.status = outcome.results.last().error();
                break;
            }
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
