#pragma once

#include "deliverystate.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace chat::client {

//! A message of ours the server has not acknowledged yet.
struct OutgoingMessage
{
    QString clientId;
    qint64 conversationId = 0;
    QString body;
    QDateTime writtenAt;
    DeliveryState state = DeliveryState::Pending;
    QString error;
};

//! Our unacknowledged messages, in the order they were written, whatever conversation is
//! on screen: the source of the Pending and Failed rows when a conversation is opened.
//! Entries leave only when the server has the message (or the user deletes it).
class Outbox
{
public:
    void add(const OutgoingMessage &message);
    //! Removes an entry; false if there was none.
    bool remove(const QString &clientId);
    void setState(const QString &clientId, DeliveryState state, const QString &error = {});

    [[nodiscard]] const OutgoingMessage *find(const QString &clientId) const;
    [[nodiscard]] QList<OutgoingMessage> forConversation(qint64 conversationId) const;
    [[nodiscard]] QList<OutgoingMessage> pending() const;
    [[nodiscard]] qsizetype size() const { return m_messages.size(); }

private:
    QList<OutgoingMessage> m_messages;
};

} // namespace chat::client
