#pragma once

#include <server/store/store.h>
#include <shared/jsoncodec.h>
#include <shared/result.h>

#include <QList>

namespace chat::server {

//! One send as the writer stores it.
struct QueuedSend
{
    qint64 senderId = 0;
    json::SendRequest request;
};

//! What storing one batch came to: each send's stored message, in the batch's order, or
//! (all or nothing) the one error that stored none of them.
struct BatchOutcome
{
    Status status = Done {};
    QList<Result<Store::StoredMessage>> results;
    double commitSeconds = 0; //!< The COMMIT alone: the fsync that the batch shares.
};

//! Stores a batch of sends in one transaction through a Store. Knows nothing of threads
//! or callbacks, so the same code serves whichever thread owns the Store (and whichever
//! engine is behind it).
class BatchCommitter
{
public:
    explicit BatchCommitter(Store &store);

    [[nodiscard]] BatchOutcome commit(const QList<QueuedSend> &batch);

private:
    Store &m_store;
};

} // namespace chat::server
