#pragma once

#include <server/store/store.h>
#include <shared/jsoncodec.h>
#include <shared/result.h>

#include <QObject>

#include <functional>

namespace chat::server {

class ServerMetrics;

//! Group commit for sends. Writes queue up and are stored together, in arrival order,
//! in one transaction: the sends that arrive while a commit (and its fsync) runs all go
//! into the next one, so durability costs one fsync per batch, not one per message.
//! Each send's callback runs only after its batch committed.
class MessageWriter : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(Result<Store::StoredMessage>)>;

    //! Counts into `metrics` the messages stored, each batch's size and COMMIT time.
    MessageWriter(Store &store, ServerMetrics &metrics, QObject *parent = nullptr);

    //! Queues a send; it is written at the next flush (scheduled for the next turn of the
    //! event loop, by which time everything that arrived meanwhile has queued up too).
    void enqueue(qint64 senderId, const json::SendRequest &request, Done done);
    //! Writes everything queued now, in one transaction, and runs the callbacks.
    void flush();
    [[nodiscard]] qsizetype queued() const { return m_queue.size(); }

Q_SIGNALS:
    //! A batch committed: `size` messages in one transaction (for tests and logging).
    void batchCommitted(qsizetype size);

private:
    struct Pending
    {
        qint64 senderId = 0;
        json::SendRequest request;
        Done done;
    };

    Store &m_store;
    ServerMetrics &m_metrics;
    QList<Pending> m_queue;
    bool m_flushScheduled = false;
};

} // namespace chat::server
