#include "localhub.h"

#include <shared/frames.h>

namespace chat::server {

void LocalHub::attach(Peer *peer)
{
    const qint64 userId = peer->userId();
    m_byUser.insert(userId, peer);
    m_byId.insert(peer->id(), peer);
    if (m_byUser.count(userId) == 1)
        Q_EMIT userOnline(userId);
    Q_EMIT connectionCountChanged();
}

void LocalHub::detach(Peer *peer)
{
    const qint64 userId = peer->userId();
    const bool attached = m_byId.remove(peer->id());
    if (m_byUser.remove(userId, peer) > 0 && !m_byUser.contains(userId))
        Q_EMIT userOffline(userId);
    if (attached)
        Q_EMIT connectionCountChanged();
}

void LocalHub::sendToUser(qint64 userId, const QString &frame, PeerId except)
{
    // Copy: a send may close (and detach) a slow consumer while we iterate.
    const QList<Peer *> peers = m_byUser.values(userId);
    for (Peer *peer : peers) {
        if (peer->id() != except)
            peer->deliver(frame);
    }
}

void LocalHub::sendToPeer(PeerId peer, const QString &frame)
{
    if (Peer *target = m_byId.value(peer))
        target->deliver(frame);
}

void LocalHub::publish(const Message &message, const QList<qint64> &members, PeerId origin)
{
    // Encode once; every recipient gets the same bytes.
    const QString frame = frames::encode(frames::ServerFrame { frames::MessageEvent { message } });
    for (qint64 member : members)
        sendToUser(member, frame, origin);
}

void LocalHub::revokeSession(const QByteArray &sessionId)
{
    const QList<Peer *> peers = m_byUser.values();
    for (Peer *peer : peers) {
        if (peer->sessionId() == sessionId)
            peer->revoke();
    }
}

} // namespace chat::server
