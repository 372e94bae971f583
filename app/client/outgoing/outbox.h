#pragma once

#include <client/outgoing/outgoingmessage.h>
#include <shared/result.h>

#include <QList>
#include <QString>

namespace chat::client {

class LocalStore;

//! Our unacknowledged messages, in the order they were written, whatever conversation is
//! on screen: the source of the Pending and Failed rows when a conversation is opened,
//! and of what the sender sends. Entries leave only when the server has the message (or
//! the user deletes a Failed one).
//!
//! With a LocalStore attached, every change is written through to disk before it is
//! made in memory, so what the user sees as Pending is never only in memory; a new
//! Outbox attached to the same store after a restart carries on where this one stopped.
//! Without one (no account open, or the disk refused) it works in memory only.
class Outbox
{
public:
    //! Replaces the contents with what `store` holds, and writes through to it from now
    //! on. nullptr detaches (and empties the outbox).
    [[nodiscard]] Status attach(LocalStore *store);
    [[nodiscard]] LocalStore *store() const { return m_store; }

    //! Appends a message (nothing if its client id is here already). An error means the
    //! disk refused it; it is still kept in memory, so it is sent, but would not survive
    //! a restart.
    Status add(const OutgoingMessage &message);
    //! Removes an entry; false if there was none.
    bool remove(const QString &clientId);
    void setState(const QString &clientId, DeliveryState state, const QString &error = {});

    [[nodiscard]] const OutgoingMessage *find(const QString &clientId) const;
    [[nodiscard]] QList<OutgoingMessage> forConversation(qint64 conversationId) const;
    [[nodiscard]] QList<OutgoingMessage> pending() const;
    //! The first Pending message of a conversation (the next to send), or nullptr.
    [[nodiscard]] const OutgoingMessage *nextPending(qint64 conversationId) const;
    //! Messages waiting to be delivered: Pending, not Failed.
    [[nodiscard]] qsizetype waitingCount() const;
    [[nodiscard]] qsizetype size() const { return m_messages.size(); }

private:
    QList<OutgoingMessage> m_messages;
    LocalStore *m_store = nullptr;
};

} // namespace chat::client
