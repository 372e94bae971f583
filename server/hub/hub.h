#pragma once

#include <shared/wiretypes.h>

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
    //! Sends an encoded frame to every socket of `userId`, except `except` when given.
    void sendToUser(qint64 userId, const QString &frame, const ClientConnection *except = nullptr);
    //! Closes the sockets authenticated with a revoked session.
    void revokeSession(const QByteArray &tokenHash);

    //! Users with at least one authenticated socket.
    [[nodiscard]] QList<qint64> onlineUsers() const { return m_byUser.uniqueKeys(); }
    [[nodiscard]] bool isOnline(qint64 userId) const { return m_byUser.contains(userId); }

    [[nodiscard]] qsizetype connectionCount() const { return m_byUser.size(); }
    [[nodiscard]] qsizetype connectionCount(qint64 userId) const { return m_byUser.count(userId); }

Q_SIGNALS:
    //! The user's first socket authenticated.
    void userOnline(qint64 userId);
    //! The user's last socket closed.
    void userOffline(qint64 userId);

private:
    QMultiHash<qint64, ClientConnection *> m_byUser;
};

} // namespace chat::server
