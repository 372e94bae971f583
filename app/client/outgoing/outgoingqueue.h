#pragma once

#include <client/outgoing/operationtransport.h>
#include <client/outgoing/outgoingoperation.h>
#include <shared/result.h>

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>

#include <chrono>
#include <optional>

namespace chat::client {

class LocalStore;

//! The one owner of every outgoing operation, from the keystroke to the server's verdict.
//!
//! enqueue() writes the operation to the local store before anything shows it, so what
//! the user sees as pending survives a crash. Operations go out in the order they were
//! made, one at a time per conversation (so the server stores them in that order
//! whatever the network does), over the socket when it is live and REST otherwise.
//! The verdict moves the operation on:
//! - the server has it (ack, REST reply, echo or replay; the stored message for a send,
//!   the stored change for an edit, deletion or reaction): it leaves the queue, and its
//!   conversation's next operation goes;
//! - a network failure: back to Queued, sent again with the same client id once the
//!   socket is live (or after a pause, when it already is);
//! - "come back later" (rate limited, server error): back to Queued, after a pause;
//! - any other refusal: Failed with the reason, until the user retries or discards it;
//!   the conversation's next operation is not held up.
//!
//! Each transition is announced by one signal carrying the operation as it is now, so
//! listeners (the message model, the status bar) keep no state of their own about it.
class OutgoingQueue : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int waitingCount READ waitingCount NOTIFY waitingCountChanged)
public:
    //! `transport` must outlive the queue.
    explicit OutgoingQueue(OperationTransport &transport, QObject *parent = nullptr);

    //! How long a conversation waits after "come back later" before trying again.
    void setRetryPause(std::chrono::milliseconds pause) { m_retryPause = pause; }

    //! Takes over what `store` holds (an account signed in: what the last run left) and
    //! writes through to it from now on; what was on its way goes again. nullptr (signed
    //! out) forgets everything in memory; it stays on disk for the next sign-in.
    [[nodiscard]] Status attach(LocalStore *store);

    //! Writes the operation down and queues it (operationQueued()). An error means the
    //! disk refused it: it is kept and sent all the same, but would not survive a restart.
    Status enqueue(const OutgoingOperation &operation);
    //! Queues a Failed operation again, with the same client id. False if there is none.
    bool retry(const QString &clientId);
    //! Forgets a Failed operation. False if there is none.
    bool discard(const QString &clientId);

    [[nodiscard]] const OutgoingOperation *find(const QString &clientId) const;
    //! A conversation's operations, in the order they were made.
    [[nodiscard]] QList<OutgoingOperation> forConversation(qint64 conversationId) const;
    [[nodiscard]] qsizetype size() const { return m_entries.size(); }
    //! Operations not yet stored and not Failed: what "N messages waiting" counts.
    [[nodiscard]] int waitingCount() const { return m_waitingCount; }

Q_SIGNALS:
    //! Made, retried after a refusal, or back in line after an attempt that did not get
    //! through (network, "come back later"): waits for its turn.
    void operationQueued(const chat::client::OutgoingOperation &operation);
    //! Handed to the transport: on its way.
    void operationSent(const chat::client::OutgoingOperation &operation);
    //! The server has it; `message` is the server's copy. The queue has let go of it.
    void operationStored(
        const chat::client::OutgoingOperation &operation, const chat::Message &message);
    //! The server has the edit, deletion or reaction; `update` is the change as stored.
    //! The queue has let go of it.
    void operationApplied(
        const chat::client::OutgoingOperation &operation, const chat::MessageUpdate &update);
    //! The server refused it; `operation.error` says why.
    void operationFailed(const chat::client::OutgoingOperation &operation);
    //! The user discarded it (it was Failed). The queue has let go of it.
    void operationDiscarded(const chat::client::OutgoingOperation &operation);
    void waitingCountChanged(int count);

private:
    struct Entry
    {
        OutgoingOperation operation;
        OperationTransport::Route route = OperationTransport::Route::Rest; //!< While Sending.
    };

    void onStored(const QString &clientId, const Message &message);
    void onApplied(const QString &clientId, const MessageUpdate &update);
    void onFailed(const QString &clientId, const Error &error);
    void onLiveChanged(bool live);
    //! Sends the next operation of every conversation that has none on its way.
    void pump();
    [[nodiscard]] Entry *nextToSend();
    //! Back to Queued after a failed attempt; the conversation waits for the socket (or
    //! a pause).
    void requeue(Entry &entry, bool pause);
    void pause(qint64 conversationId);
    //! `refusal`: why, when Failed.
    void setState(Entry &entry, OutgoingOperation::State state, const Error &refusal = {});
    [[nodiscard]] qsizetype indexOf(const QString &clientId) const;
    //! The index of a Failed operation (what retry and discard act on), or -1.
    [[nodiscard]] qsizetype indexOfFailed(const QString &clientId) const;
    //! The server has operation `clientId`: it leaves the queue. None if it is not here.
    [[nodiscard]] std::optional<OutgoingOperation> takeSettled(const QString &clientId);
    //! Removes the entry (and its row on disk); returns the operation.
    OutgoingOperation take(qsizetype index);
    void updateWaitingCount();

    OperationTransport &m_transport;
    LocalStore *m_store = nullptr;
    QList<Entry> m_entries; //!< In the order the operations were made.
    //! Conversations whose first operation waits for the socket to be live again...
    QSet<qint64> m_heldUntilLive;
    //! ...or for a pause to end.
    QSet<qint64> m_pausing;
    std::chrono::milliseconds m_retryPause = std::chrono::seconds(2);
    //! Bumped by attach(), so a pause that ends after it changes nothing.
    quint64 m_generation = 0;
    int m_waitingCount = 0;
    bool m_pumping = false;
};

} // namespace chat::client
