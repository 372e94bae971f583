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

} // namespace chat::client
