#include "hashpool.h"

#include <QThread>

#include <algorithm>

namespace chat::server {

HashPool::HashPool(const Options &options, QObject *parent)
    : QObject(parent)
    , m_maxQueued(std::max(1, options.maxQueued))
{
    m_pool.setMaxThreadCount(options.threads > 0 ? options.threads : automaticThreads());
    // Idle workers stay: hashing comes in bursts, and a thread start costs more than it saves.
    m_pool.setExpiryTimeout(-1);
}

HashPool::~HashPool()
{
    m_pool.clear();
    m_pool.waitForDone();
}

int HashPool::automaticThreads()
{
    // Each hash is CPU and memory bound: more threads than cores only adds memory, and
    // beyond 4 the 19 MiB each adds up while sign-ins are rarely that many at once.
    return std::clamp(QThread::idealThreadCount(), 1, 4);
}

bool HashPool::trySubmit(Job job)
{
    if (m_pending >= m_maxQueued)
        return false;
    ++m_pending;
    m_pool.start([this, job = std::move(job)] {
        std::function<void()> continuation = job();
        // Queued to this object: if it is gone by then (the server stopped), Qt drops the
        // call, and the destructor waited for this worker, so `this` is valid here.
        QMetaObject::invokeMethod(
            this,
            [this, continuation = std::move(continuation)] {
                --m_pending;
                ++m_completed;
                if (continuation)
                    continuation();
            },
            Qt::QueuedConnection);
    });
    return true;
}

int HashPool::retryAfterSeconds() const
{
    // A hash takes tens of milliseconds: a full queue drains within about a second per
    // hundred jobs a thread. Never less than one second (Retry-After is whole seconds).
    const int perThread = m_pending / std::max(1, m_pool.maxThreadCount());
    return std::max(1, perThread / 20);
}

} // namespace chat::server
