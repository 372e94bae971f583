#include "writerthread.h"

#include <QMetaObject>

namespace chat::server {

using namespace Qt::StringLiterals;

WriterThread::WriterThread()
{
    m_thread.setObjectName(u"chat-writer"_s);
}

WriterThread::~WriterThread()
{
    stop();
}

Status WriterThread::start(const StoreOpener &open)
{
    if (m_thread.isRunning())
        return Error { ErrorCode::Internal, u"the writer thread runs already"_s };
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    Status opened = Done {};
    runBlocking([this, &open, &opened] {
        m_store = std::make_unique<Store>();
        opened = open(*m_store);
        if (opened)
            m_committer = std::make_unique<BatchCommitter>(*m_store);
        else
            m_store.reset();
    });
    if (!opened)
        stop();
    return opened;
}

void WriterThread::stop()
{
    if (!m_thread.isRunning())
        return;
    // Queued behind any batch still being stored: that one finishes first.
    runBlocking([this] {
        m_committer.reset();
        if (m_store)
            m_store->close();
        m_store.reset();
    });
    m_thread.quit();
    m_thread.wait();
    delete std::exchange(m_context, nullptr); // its thread has ended: safe from here
}

void WriterThread::runBlocking(const std::function<void()> &job)
{
    QMetaObject::invokeMethod(m_context, job, Qt::BlockingQueuedConnection);
}

std::shared_future<BatchOutcome> WriterThread::submit(
    QList<QueuedSend> batch, QObject *receiver, std::function<void()> stored)
{
    auto promise = std::make_shared<std::promise<BatchOutcome>>();
    std::shared_future<BatchOutcome> outcome = promise->get_future().share();
    QMetaObject::invokeMethod(
        m_context,
        [this, batch = std::move(batch), receiver, stored = std::move(stored), promise] {
            BatchOutcome result = m_committer
                ? m_committer->commit(batch)
                : BatchOutcome { Error { ErrorCode::Internal, u"the writer is not open"_s }, {},
                      0 };
            QMetaObject::invokeMethod(receiver, stored, Qt::QueuedConnection);
            promise->set_value(std::move(result));
        },
        Qt::QueuedConnection);
    return outcome;
}

} // namespace chat::server
