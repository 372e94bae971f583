#pragma once

#include <client/models/deliverystate.h>

#include <QDateTime>
#include <QString>

namespace chat::client {

//! A message of ours the server has not acknowledged yet (Pending), or has refused
//! (Failed, with the server's reason in `error`).
struct OutgoingMessage
{
    QString clientId;
    qint64 conversationId = 0;
    QString body;
    QDateTime writtenAt;
    DeliveryState state = DeliveryState::Pending;
    QString error;
};

} // namespace chat::client
