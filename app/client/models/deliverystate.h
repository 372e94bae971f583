#pragma once

#include <QObject>

namespace chat::client {

Q_NAMESPACE

//! Where one of our own messages is on its way to the server. Others' messages are Sent.
enum class DeliveryState {
    Pending, //!< Shown at once; not yet acknowledged by the server.
    Sent, //!< Stored on the server: it has its server id and time.
    Failed, //!< Not delivered; the user may retry (same client id) or delete it.
};
Q_ENUM_NS(DeliveryState)

//! The mark a stored (Sent) message of ours shows: how far it got with the other member,
//! from their delivered and read positions (the wire's `receipt` frames move those).
//! Others' messages, and ours not yet stored, are None.
enum class ReceiptMark {
    None, //!< Stored on the server; not known to have reached the other member.
    Delivered, //!< Reached at least one of the other member's instances.
    Read, //!< The other member's read position passed it (implies Delivered).
};
Q_ENUM_NS(ReceiptMark)

} // namespace chat::client
