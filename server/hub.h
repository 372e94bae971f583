#pragma once

#include "wiretypes.h"

#include <QList>
#include <QMultiHash>
#include <QObject>

namespace chat::server {

class ClientConnection;

//! In-process fan-out: which authenticated sockets belong to which user, and delivery of
//! a stored message to every socket of every member. (A multi-node deployment replaces
//! this with a pub/sub bus; the interface stays.)
class Hub : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    void attach(ClientConnection *connection);
    void detach(ClientConnection *connection);

    //! Sends `message` to every socket of the `members`, except `origin` (which gets an ack).
    void publish(
        const Message &message, const QList<qint64> &members, const ClientConnection *origin);
    //! Closes the sockets authenticated with a revoked session.
    void revokeSession(const QByteArray &tokenHash);

    [[nodiscard]] qsizetype connectionCount() const { return m_byUser.size(); }
    [[nodiscard]] qsizetype connectionCount(qint64 userId) const { return m_byUser.count(userId); }

private:
    QMultiHash<qint64, ClientConnection *> m_byUser;
};

} // namespace chat::server
