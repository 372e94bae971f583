#pragma once

#include <client/outgoing/outgoingoperation.h>
#include <shared/wireerror.h>
#include <shared/wiretypes.h>

#include <QObject>

namespace chat::client {

//! How the outgoing queue reaches the server, and how the server's verdicts come back.
//! It keeps no state of its own: which operation is on its way, and how, is the queue's.
//! SessionTransport is the real one; the queue's unit tests use a fake.
class OperationTransport : public QObject
{
    Q_OBJECT
public:
    //! The way an operation went out. One sent on the socket never hears back if the
    //! socket drops; one sent over REST always gets its reply (or a network error).
    enum class Route { Socket, Rest };
    Q_ENUM(Route)

    using QObject::QObject;

    //! Sends `operation` with its client id; the verdict comes as stored() (a send),
    //! applied() (a change of a message) or failed().
    virtual Route dispatch(const OutgoingOperation &operation) = 0;
    //! Whether the socket is live (authenticated, replay done).
    [[nodiscard]] virtual bool isLive() const = 0;

Q_SIGNALS:
    //! The server has the operation with this client id: its ack, its REST reply, or the
    //! echo or replay of it (whichever comes first; later copies are no news).
    void stored(const QString &clientId, const chat::Message &message);
    //! The same for an edit, deletion or reaction: `update` is the change as stored.
    void applied(const QString &clientId, const chat::MessageUpdate &update);
    //! It did not get through. ErrorCode::NetworkError: it may or may not have arrived and
    //! is safe to send again as is. Anything else is the server's answer.
    void failed(const QString &clientId, const chat::Error &error);
    //! The socket became live, or stopped being live.
    void liveChanged(bool live);
};

} // namespace chat::client
