#include "outgoingqueue.h"

#include <client/clientlogging.h>
#include <client/storage/localstore.h>

#include <QTimer>

namespace chat::client {

using State = OutgoingOperation::State;
using Route = OperationTransport::Route;

OutgoingQueue::OutgoingQueue(OperationTransport &transport, QObject *parent)
    : QObject(parent)
    , m_transport(transport)
{
    connect(&m_transport, &OperationTransport::stored, this, &OutgoingQueue::onStored);
    connect(&m_transport, &OperationTransport::applied, this, &OutgoingQueue::onApplied);
    connect(&m_transport, &OperationTransport::failed, this, &OutgoingQueue::onFailed);
    connect(&m_transport, &OperationTransport::liveChanged, this, &OutgoingQueue::onLiveChanged);
}

Status OutgoingQueue::attach(LocalStore *store)
{
    ++m_generation;
    m_entries.clear();
    m_heldUntilLive.clear();
    m_pausing.clear();
    m_store = store;
    Status status = Done {};
    if (m_store) {
        if (auto stored = m_store->operations(); !stored) {
            status = stored.error();
        } else {
            for (const OutgoingOperation &operation : std::as_const(stored.value()))
                m_entries.append(Entry { operation, Route::Rest });
        }
    }
    updateWaitingCount();
    // Nothing goes before the socket is live: it replays first, and what it replays may
    // include the server's copy of an operation that got through before the restart.
    return status;
}

Status OutgoingQueue::enqueue(const OutgoingOperation &operation)
{
    if (indexOf(operation.clientId) >= 0)
        return Done {};
    // On disk first: once it shows, a crash no longer loses it. If the disk refuses, it is
    // still sent (losing it now would be worse); the caller tells the user.
    Status written = Done {};
    if (m_store)
        written = m_store->addOperation(operation);
    m_entries.append(Entry { operation, Route::Rest });
    m_entries.last().operation.state = State::Queued;
    Q_EMIT operationQueued(m_entries.last().operation);
    updateWaitingCount();
    pump();
    return written;
}

qsizetype OutgoingQueue::indexOfFailed(const QString &clientId) const
{
    const qsizetype index = indexOf(clientId);
    return index >= 0 && m_entries.at(index).operation.state == State::Failed ? index : -1;
}

bool OutgoingQueue::retry(const QString &clientId)
{
    const qsizetype index = indexOfFailed(clientId);
    if (index < 0)
        return false;
    // Same client id: if an earlier attempt was stored after all, the server says so.
    setState(m_entries[index], State::Queued);
    Q_EMIT operationQueued(m_entries.at(index).operation);
    updateWaitingCount();
    pump();
    return true;
}

bool OutgoingQueue::discard(const QString &clientId)
{
    const qsizetype index = indexOfFailed(clientId);
    if (index < 0)
        return false;
    Q_EMIT operationDiscarded(take(index));
    return true;
}

const OutgoingOperation *OutgoingQueue::find(const QString &clientId) const
{
    const qsizetype index = indexOf(clientId);
    return index < 0 ? nullptr : &m_entries.at(index).operation;
}

QList<OutgoingOperation> OutgoingQueue::forConversation(qint64 conversationId) const
{
    QList<OutgoingOperation> operations;
    for (const Entry &entry : m_entries) {
        if (entry.operation.conversationId == conversationId)
            operations.append(entry.operation);
    }
    return operations;
}

void OutgoingQueue::onStored(const QString &clientId, const Message &message)
{
    if (auto operation = takeSettled(clientId)) {
        Q_EMIT operationStored(*operation, message);
        pump();
    }
}

void OutgoingQueue::onApplied(const QString &clientId, const MessageUpdate &update)
{
    if (auto operation = takeSettled(clientId)) {
        Q_EMIT operationApplied(*operation, update);
        pump();
    }
}

std::optional<OutgoingOperation> OutgoingQueue::takeSettled(const QString &clientId)
{
    const qsizetype index = indexOf(clientId);
    if (index < 0)
        return std::nullopt; // Not ours, or a later copy of one already settled.
    return take(index);
}

void OutgoingQueue::onFailed(const QString &clientId, const Error &error)
{
    const qsizetype index = indexOf(clientId);
    // Only the attempt on its way has a verdict to give; a late failure of an earlier
    // attempt (the operation was stored or queued again meanwhile) is no news.
    if (index < 0 || m_entries.at(index).operation.state != State::Sending)
        return;
    Entry &entry = m_entries[index];
    switch (error.code) {
    case ErrorCode::NetworkError:
        // Undelivered is not failed: it may even have arrived. Sent again as is.
        qCInfo(lcOutgoing) << clientId << "waits for the network:" << error.message;
        requeue(entry, m_transport.isLive());
        break;
    case ErrorCode::RateLimited:
    case ErrorCode::Internal:
    case ErrorCode::TooManyConnections:
    case ErrorCode::ServiceUnavailable:
    case ErrorCode::RequestTimeout:
        // Nothing was stored, and the same request may well succeed in a moment.
        qCInfo(lcOutgoing) << clientId << "deferred:" << error.message;
        requeue(entry, true);
        break;
    default:
        qCInfo(lcOutgoing) << clientId << "refused:" << error.message;
        setState(entry, State::Failed, error);
        Q_EMIT operationFailed(entry.operation);
        updateWaitingCount();
        break;
    }
    pump();
}

void OutgoingQueue::onLiveChanged(bool live)
{
    if (live) {
        m_heldUntilLive.clear();
        pump();
        return;
    }
    // What went out on the dropped socket will never hear back: it goes again, with the
    // same client id, once the socket is back. REST calls report their own outcome.
    QStringList lost;
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.operation.state == State::Sending && entry.route == Route::Socket)
            lost.append(entry.operation.clientId);
    }
    for (const QString &clientId : std::as_const(lost)) {
        if (const qsizetype index = indexOf(clientId); index >= 0) {
            qCInfo(lcOutgoing) << clientId << "was on the dropped socket: queued again";
            requeue(m_entries[index], false);
        }
    }
}

void OutgoingQueue::pump()
{
    if (m_pumping)
        return; // A verdict given during dispatch(): the loop below goes on.
    m_pumping = true;
    while (Entry *next = nextToSend()) {
        setState(*next, State::Sending);
        const OutgoingOperation operation = next->operation;
        Q_EMIT operationSent(operation);
        const Route route = m_transport.dispatch(operation);
        // The transport may have answered already, and changed the list under us.
        if (const qsizetype index = indexOf(operation.clientId);
            index >= 0 && m_entries.at(index).operation.state == State::Sending)
            m_entries[index].route = route;
    }
    m_pumping = false;
}

OutgoingQueue::Entry *OutgoingQueue::nextToSend()
{
    QSet<qint64> busy = m_heldUntilLive + m_pausing;
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.operation.state == State::Sending)
            busy.insert(entry.operation.conversationId);
    }
    for (Entry &entry : m_entries) {
        if (entry.operation.state == State::Queued
            && !busy.contains(entry.operation.conversationId))
            return &entry;
    }
    return nullptr;
}

void OutgoingQueue::requeue(Entry &entry, bool pausing)
{
    setState(entry, State::Queued);
    // Stop here rather than hammer a dead network: the socket coming back resumes it. With
    // the socket up already, nothing will wake it, so it tries again after a pause.
    if (pausing)
        pause(entry.operation.conversationId);
    else
        m_heldUntilLive.insert(entry.operation.conversationId);
    Q_EMIT operationQueued(entry.operation);
}

void OutgoingQueue::pause(qint64 conversationId)
{
    m_pausing.insert(conversationId);
    QTimer::singleShot(m_retryPause, this, [this, conversationId, generation = m_generation] {
        if (generation != m_generation)
            return;
        m_pausing.remove(conversationId);
        pump();
    });
}

void OutgoingQueue::setState(Entry &entry, State state, const Error &refusal)
{
    const bool wasFailed = entry.operation.state == State::Failed;
    const bool failed = state == State::Failed;
    entry.operation.state = state;
    entry.operation.error = failed ? refusal.message : QString();
    entry.operation.errorCode = failed ? refusal.code : ErrorCode::Internal;
    // On disk an operation is waiting or Failed; Queued and Sending look the same there.
    if (m_store && wasFailed != (state == State::Failed)) {
        if (auto saved = m_store->setOperationState(
                entry.operation.clientId, state, entry.operation.error, entry.operation.errorCode);
            !saved)
            qCWarning(lcStorage) << "cannot save an operation's state:" << saved.error().message;
    }
}

qsizetype OutgoingQueue::indexOf(const QString &clientId) const
{
    for (qsizetype index = 0; index < m_entries.size(); ++index) {
        if (m_entries.at(index).operation.clientId == clientId)
            return index;
    }
    return -1;
}

OutgoingOperation OutgoingQueue::take(qsizetype index)
{
    const OutgoingOperation operation = m_entries.takeAt(index).operation;
    if (m_store) {
        // Not fatal: the row would come back after a restart and go again with its
        // client id, which the server answers with the stored original. Nothing doubles.
        if (auto removed = m_store->removeOperation(operation.clientId); !removed)
            qCWarning(lcStorage) << "cannot remove an operation from the outbox:"
                                 << removed.error().message;
    }
    updateWaitingCount();
    return operation;
}

void OutgoingQueue::updateWaitingCount()
{
    const int count = int(std::count_if(m_entries.cbegin(), m_entries.cend(),
        [](const Entry &entry) { return entry.operation.state != State::Failed; }));
    if (count == m_waitingCount)
        return;
    m_waitingCount = count;
    Q_EMIT waitingCountChanged(count);
}

} // namespace chat::client
