#pragma once

#include <server/store/batchcommitter.h>
#include <server/store/store.h>
#include <shared/result.h>

#include <QThread>

#include <functional>
#include <future>
#include <memory>

namespace chat::server {

//! The thread the group commit runs on. It owns a Store connection of its own (opened,
//! used and closed on that thread, as a QSqlDatabase connection must be) and stores one
//! batch at a time, so that the event loop goes on reading sockets, parsing JSON and
//! fanning out while a batch's transaction and fsync run here. See MessageWriter.
class WriterThread
{
public:
    //! Opens the writer's own connection to the database the server uses, on the writer
    //! thread. The engine is the opener's business: the writer only calls Store.
    using StoreOpener = std::function<Status(Store &)>;

    WriterThread();
    ~WriterThread();
    WriterThread(const WriterThread &) = delete;
    WriterThread &operator=(const WriterThread &) = delete;

    //! Starts the thread and opens its Store; returns when it is open (or could not be).
    [[nodiscard]] Status start(const StoreOpener &open);
    //! Waits for the batch being stored, closes the Store and ends the thread.
    void stop();
    [[nodiscard]] bool isRunning() const { return m_thread.isRunning(); }

    //! Stores `batch` on the writer thread. Then `stored` is posted to `receiver`'s thread,
    //! and the future becomes ready (in that order, so a receiver that waited on the
    //! future and was deleted cannot be posted to afterwards). `receiver` must outlive
    //! the call or stop() this writer before it goes.
    std::shared_future<BatchOutcome> submit(
        QList<QueuedSend> batch, QObject *receiver, std::function<void()> stored);

private:
    //! Runs `job` on the writer thread and waits for it.
    void runBlocking(const std::function<void()> &job);

    QThread m_thread;
    QObject *m_context = nullptr; //!< Lives in m_thread: what jobs are posted to.
    //! Created, used and destroyed on m_thread only.
    std::unique_ptr<Store> m_store;
    std::unique_ptr<BatchCommitter> m_committer;
};

} // namespace chat::server
