#include "messagewriter.h"

#include <server/logging.h>
#include <server/metrics/servermetrics.h>

#include <QTimer>

namespace chat::server {

using namespace Qt::StringLiterals;

MessageWriter::MessageWriter(
    ServerMetrics &metrics, HighestCommitted highestCommitted, QObject *parent)
    : QObject(parent)
    , m_metrics(metrics)
    , m_highestCommitted(std::move(highestCommitted))
{ }

MessageWriter::~MessageWriter()
{
    stop();
}

Status MessageWriter::start(const WriterThread::StoreOpener &open)
{
    return m_thread.start(open);
}

void MessageWriter::stop()
{
    if (!m_thread.isRunning())
        return;
    flush();
    // After this no batch can post to this object any more.
    m_thread.stop();
}

void MessageWriter::enqueue(qint64 senderId, const json::SendRequest &request, Done done)
{
    if (!m_thread.isRunning()) {
        done(Error { ErrorCode::Internal, u"the message could not be stored"_s });
        return;
    }
    m_queue.append(Pending { QueuedSend { senderId, request }, std::move(done) });
    // While a batch is in flight, its commit takes what queued up meanwhile.
    if (!m_inFlight && !m_dispatchScheduled) {
        m_dispatchScheduled = true;
        QTimer::singleShot(0, this, [this] {
            m_dispatchScheduled = false;
            dispatch();
        });
    }
}

void MessageWriter::dispatch()
{
    if (m_inFlight || m_queue.isEmpty() || !m_thread.isRunning())
        return;
    QList<Pending> batch = std::exchange(m_queue, {});
    QList<QueuedSend> sends;
    sends.reserve(batch.size());
    for (const Pending &pending : std::as_const(batch))
        sends.append(pending.send);
    std::optional<qint64> announced;
    if (m_highestCommitted) {
        // On failure no bound: a replay may then repeat a message that also arrives live
        // (clients drop a repeated id), which is better than stopping short.
        if (auto highest = m_highestCommitted())
            announced = highest.value();
    }
    const quint64 number = ++m_batchesTaken;
    auto outcome = m_thread.submit(std::move(sends), this, [this, number] { batchStored(number); });
    m_inFlight = InFlight { number, announced, std::move(batch), std::move(outcome) };
    Q_EMIT batchTaken(m_inFlight->batch.size());
}

void MessageWriter::batchStored(quint64 number)
{
    // flush() may have answered this batch already and sent the next: leave that one be.
    if (!m_inFlight || m_inFlight->number != number) {
        dispatch();
        return;
    }
    InFlight finished = std::move(*m_inFlight);
    m_inFlight.reset();
    // The next batch leaves before this one is answered: the writer thread stores it
    // while this thread encodes and sends the acks and messages of this one, instead of
    // each waiting for the other. The next batch's announcedUpTo then counts this one as
    // published, which it is before this turn of the event loop ends (answer() below),
    // so before any replay can read it.
    dispatch();
    answer(finished.batch, finished.outcome.get());
}

std::optional<qint64> MessageWriter::announcedUpTo() const
{
    return m_inFlight ? m_inFlight->announcedUpTo : std::nullopt;
}

void MessageWriter::flush()
{
    finishInFlight();
    while (!m_queue.isEmpty() && m_thread.isRunning()) {
        dispatch();
        finishInFlight();
    }
}

void MessageWriter::finishInFlight()
{
    if (!m_inFlight)
        return;
    // Taken out before the callbacks run: they may flush (or enqueue) in turn.
    InFlight finished = std::move(*m_inFlight);
    m_inFlight.reset();
    // At most the moment between the writer posting its notice and setting the value.
    const BatchOutcome &outcome = finished.outcome.get();
    answer(finished.batch, outcome);
}

void MessageWriter::answer(const QList<Pending> &batch, const BatchOutcome &outcome)
{
    if (!outcome.status) {
        m_metrics.commitFailures.increment();
        // All or nothing: a failed commit stored none of the batch, and says so to each.
        qCWarning(lcStore) << "a batch of" << batch.size()
                           << "messages failed:" << outcome.status.error().message;
        for (const Pending &pending : batch)
            pending.done(Error { ErrorCode::Internal, u"the message could not be stored"_s });
        return;
    }
    m_metrics.commitSeconds.observe(outcome.commitSeconds);
    m_metrics.commitBatchMessages.observe(double(batch.size()));
    for (const Result<Store::StoredMessage> &result : outcome.results) {
        if (result->created)
            m_metrics.messagesStored.increment();
    }
    Q_EMIT batchCommitted(batch.size());
    for (qsizetype i = 0; i < batch.size(); ++i)
        batch.at(i).done(outcome.results.at(i));
}

} // namespace chat::server
