#pragma once

#include <server/store/batchcommitter.h>
#include <server/store/store.h>
#include <server/store/writerthread.h>
#include <shared/jsoncodec.h>
#include <shared/result.h>

#include <QObject>

#include <functional>
#include <future>
#include <optional>

namespace chat::server {

class ServerMetrics;

//! Group commit for sends. Writes queue up and are stored together, in arrival order,
//! in one transaction on the WriterThread: the sends that arrive while a batch commits
//! (and fsyncs) there all go into the next one, so durability costs one fsync per batch,
//! not one per message, and the event loop never waits for the disk. One batch is in
//! flight at a time, so batches commit in the order they were taken. Each send's
//! callback runs on this object's thread only after its batch committed, in arrival
//! order.
class MessageWriter : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(Result<Store::StoredMessage>)>;

    //! The highest timeline id committed so far (Store::highestMessageId on the event
    //! loop's connection).
    using HighestCommitted = std::function<Result<qint64>()>;

    //! Counts into `metrics` the messages stored, each batch's size and COMMIT time.
    //! `highestCommitted` is asked as each batch leaves (see announcedUpTo()); none for
    //! a writer whose commits no replay reads (tests).
    explicit MessageWriter(
        ServerMetrics &metrics, HighestCommitted highestCommitted = {}, QObject *parent = nullptr);
    ~MessageWriter() override;

    //! Opens the writer thread's own connection (see WriterThread::StoreOpener).
    [[nodiscard]] Status start(const WriterThread::StoreOpener &open);
    //! Stores what is queued, then ends the writer thread; enqueue() refuses after this.
    void stop();

    //! Queues a send. It is written with the next batch: at the next turn of the event
    //! loop (by which time everything that arrived meanwhile has queued up too), or as
    //! soon as the batch in flight has committed.
    void enqueue(qint64 senderId, const json::SendRequest &request, Done done);
    //! Stores everything queued now and runs the callbacks before returning: whoever
    //! writes to the timeline outside the writer (a group change, an edit) calls it
    //! first, so positions follow the order the server received things in.
    void flush();
    [[nodiscard]] qsizetype queued() const { return m_queue.size(); }
    //! While a batch is in flight, it may be committed (and so visible to a reader of
    //! the database) before its messages are published: this is the highest id known to
    //! be published, for a replay to stop at (the rest reach it live). None when no
    //! batch is in flight: then everything committed has been published.
    [[nodiscard]] std::optional<qint64> announcedUpTo() const;

Q_SIGNALS:
    //! A batch of `size` sends was handed to the writer thread (for tests).
    void batchTaken(qsizetype size);
    //! A batch committed: `size` messages in one transaction (for tests and logging).
    void batchCommitted(qsizetype size);

private:
    struct Pending
    {
        QueuedSend send;
        Done done;
    };
    struct InFlight
    {
        quint64 number = 0;
        //! The highest id committed when the batch left: all of it published by the end
        //! of that turn of the event loop (the batch before is answered right after the
        //! next leaves), since everything else that writes the timeline runs on this
        //! thread, after a flush(), and publishes at once.
        std::optional<qint64> announcedUpTo;
        QList<Pending> batch;
        std::shared_future<BatchOutcome> outcome;
    };

    //! Hands the queue to the writer thread as one batch, unless one is in flight.
    void dispatch();
    //! Waits for the batch in flight (if any) and answers its sends.
    void finishInFlight();
    //! The writer's notice that batch `number` is stored: sends the next, answers it.
    void batchStored(quint64 number);
    void answer(const QList<Pending> &batch, const BatchOutcome &outcome);

    ServerMetrics &m_metrics;
    HighestCommitted m_highestCommitted;
    WriterThread m_thread;
    QList<Pending> m_queue;
    std::optional<InFlight> m_inFlight;
    quint64 m_batchesTaken = 0;
    bool m_dispatchScheduled = false;
};

} // namespace chat::server
