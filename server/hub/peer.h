#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace chat::server {

//! Names one peer for the life of the process. Services identify the origin of a request
//! by id, never by pointer: the peer may be gone by the time a commit answers, and on
//! another node there is no pointer at all.
using PeerId = quint64;
//! No peer: the request came from elsewhere (REST).
inline constexpr PeerId NoPeer = 0;

//! One live link to a signed-in client, as the hub sees it: who it acts for, and how to
//! hand it a frame or cut it off. The WebSocket class implements it; the hub and the
//! services know nothing more of the transport.
class Peer
{
public:
    Peer();
    virtual ~Peer();
    Peer(const Peer &) = delete;
    Peer &operator=(const Peer &) = delete;

    //! Unique in this process, never 0, never reused.
    [[nodiscard]] PeerId id() const { return m_id; }
    [[nodiscard]] virtual qint64 userId() const = 0;
    //! The session it authenticated with (the token digest that logout revokes).
    [[nodiscard]] virtual QByteArray sessionId() const = 0;
    //! Queues an already encoded frame (fan-out encodes once for all recipients).
    virtual void deliver(const QString &encodedFrame) = 0;
    //! The session was revoked (logout): close.
    virtual void revoke() = 0;

private:
    const PeerId m_id;
};

} // namespace chat::server
