#include "hub.h"

#include <server/socket/clientconnection.h>
#include <shared/frames.h>

namespace chat::server {

void Hub::attach(ClientConnection *connection)
{
    const qint64 userId = connection->principal().user.id;
    m_byUser.insert(userId, connection);
    if (m_byUser.count(userId) == 1)
        Q_EMIT userOnline(userId);
}

void Hub::detach(ClientConnection *connection)
{
    const qint64 userId = connection->principal().user.id;
    if (m_byUser.remove(userId, connection) > 0 && !m_byUser.contains(userId))
        Q_EMIT userOffline(userId);
}

void Hub::sendToUser(qint64 userId, const QString &frame, const ClientConnection *except)
{
    // Copy: a send may close (and detach) a slow consumer while we iterate.
    const QList<ClientConnection *> connections = m_byUser.values(userId);
    for (ClientConnection *connection : connections) {
        if (connection != except)
            connection->sendText(frame);
    }
}

void Hub::publish(
    const Message &message, const QList<qint64> &members, const ClientConnection *origin)
{
    // Encode once; every recipient gets the same bytes.
    const QString frame = frames::encode(frames::ServerFrame { frames::MessageEvent { message } });
    for (qint64 member : members) {
        // Copy: a send may close (and detach) a slow consumer while we iterate.
        const QList<ClientConnection *> connections = m_byUser.values(member);
        for (ClientConnection *connection : connections) {
            if (connection != origin)
                connection->sendText(frame);
        }
    }
}

void Hub::revokeSession(const QByteArray &tokenHash)
{
    const QList<ClientConnection *> connections = m_byUser.values();
    for (ClientConnection *connection : connections) {
        if (connection->principal().tokenHash == tokenHash)
            connection->revoke();
    }
}

} // namespace chat::server
