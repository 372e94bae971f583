#pragma once

#include <server/hub/peer.h>
#include <shared/wiretypes.h>

#include <QList>
#include <QObject>

namespace chat::server {

//! Delivery to connected peers: which peers belong to which user, and who is online.
//! Services talk to this interface only. LocalHub is the in-process implementation; a
//! multi-node deployment implements the same on a pub/sub bus, so the calls name users,
//! sessions and peer ids, never a transport object.
class Hub : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    //! Starts delivering to an authenticated peer (it stays owned by its caller).
    virtual void attach(Peer *peer) = 0;
    //! Stops delivering to `peer`; call before it is destroyed.
    virtual void detach(Peer *peer) = 0;

    //! Sends a stored message to every peer of the `members`, except `origin` (which the
    //! caller answers with an ack).
    virtual void publish(const Message &message, const QList<qint64> &members, PeerId origin) = 0;
    //! Sends an encoded frame to every peer of `userId`, except `except`.
    virtual void sendToUser(qint64 userId, const QString &frame, PeerId except = NoPeer) = 0;
    //! Sends an encoded frame to one peer; nothing when it is gone.
    virtual void sendToPeer(PeerId peer, const QString &frame) = 0;
    //! Closes the peers authenticated with a revoked session.
    virtual void revokeSession(const QByteArray &sessionId) = 0;

    //! Users with at least one authenticated peer.
    [[nodiscard]] virtual QList<qint64> onlineUsers() const = 0;
    [[nodiscard]] virtual bool isOnline(qint64 userId) const = 0;

Q_SIGNALS:
    //! The user's first peer attached.
    void userOnline(qint64 userId);
    //! The user's last peer detached.
    void userOffline(qint64 userId);
};

} // namespace chat::server
