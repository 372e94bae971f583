#include "messagewriter.h"

#include <server/logging.h>
#include <server/metrics/servermetrics.h>

#include <QElapsedTimer>
#include <QTimer>

namespace chat::server {

using namespace Qt::StringLiterals;

MessageWriter::MessageWriter(Store &store, ServerMetrics &metrics, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_metrics(metrics)
{ }

void MessageWriter::enqueue(qint64 senderId, const json::SendRequest &request, Done done)
{
    m_queue.append(Pending { senderId, request, std::move(done) });
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QTimer::singleShot(0, this, &MessageWriter::flush);
    }
}

void MessageWriter::flush()
{
    m_flushScheduled = false;
    if (m_queue.isEmpty())
        return;
    const QList<Pending> batch = std::exchange(m_queue, {});

    QList<Result<Store::StoredMessage>> results;
    results.reserve(batch.size());
    Status status = m_store.beginTransaction();
    if (status) {
        for (const Pending &pending : batch) {
            results.append(m_store.insertMessage(pending.request.conversationId, pending.senderId,
                pending.request.clientId, pending.request.body, pending.request.replyTo));
            if (!results.last()) {
                status = results.last().error();
                break;
            }
        }
    }
    if (status) {
        // The COMMIT alone is the fsync that group commit shares out: timed apart from
        // the inserts before it.
        QElapsedTimer committing;
        committing.start();
        status = m_store.commitTransaction();
        m_metrics.commitSeconds.observe(double(committing.nsecsElapsed()) / 1e9);
    } else {
        m_store.rollbackTransaction();
    }

    if (!status) {
        m_metrics.commitFailures.increment();
        // All or nothing: a failed commit stored none of the batch, and says so to each.
        qCWarning(lcStore) << "a batch of" << batch.size()
                           << "messages failed:" << status.error().message;
        for (const Pending &pending : batch)
            pending.done(Error { ErrorCode::Internal, u"the message could not be stored"_s });
        return;
    }
    m_metrics.commitBatchMessages.observe(double(batch.size()));
    for (const Result<Store::StoredMessage> &result : std::as_const(results)) {
        if (result->created)
            m_metrics.messagesStored.increment();
    }
    Q_EMIT batchCommitted(batch.size());
    for (qsizetype i = 0; i < batch.size(); ++i)
        batch.at(i).done(results.at(i));
}

} // namespace chat::server
