#pragma once

#include <QObject>
#include <QThreadPool>

#include <functional>

namespace chat::server {

//! Where password hashes run: a few worker threads off the event loop, so that an
//! Argon2id hash (tens of milliseconds, 19 MiB) never stalls other requests, and a bound
//! on the jobs waiting or running, so that a burst of sign-ins costs a refusal, not an
//! ever longer queue (each waiting job holds a request, each running one its memory).
class HashPool : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int threads = 0; //!< Worker threads; 0 picks one per core, at most 4.
        int maxQueued = 64; //!< Jobs waiting or running; more are refused.
    };

    //! What a job does on a worker: hashes, then returns what to do with the result back
    //! on the pool's thread (the event loop). It must not touch the store (a QSqlDatabase
    //! belongs to its thread) nor anything else of the event loop's.
    using Job = std::function<std::function<void()>()>;

    explicit HashPool(const Options &options, QObject *parent = nullptr);
    //! Waits for the running jobs; the continuations not yet run are dropped.
    ~HashPool() override;

    //! Runs `job` on a worker, then its continuation on this object's thread. False, and
    //! nothing runs, when maxQueued jobs are already waiting or running.
    [[nodiscard]] bool trySubmit(Job job);

    [[nodiscard]] int threads() const { return m_pool.maxThreadCount(); }
    [[nodiscard]] int pending() const { return m_pending; }
    //! Jobs whose continuation ran (for tests and metrics).
    [[nodiscard]] qint64 completed() const { return m_completed; }
    //! A hint for a refused caller: seconds until the queue has room, roughly.
    [[nodiscard]] int retryAfterSeconds() const;

    //! The thread count an Options::threads of 0 means on this machine.
    [[nodiscard]] static int automaticThreads();

private:
    QThreadPool m_pool;
    int m_maxQueued;
    int m_pending = 0; // touched on this object's thread only
    qint64 m_completed = 0;
};

} // namespace chat::server
