#include "hub.h"

#include "clientconnection.h"
#include "frames.h"

namespace chat::server {

void Hub::attach(ClientConnection *connection)
{
    m_byUser.insert(connection->principal().user.id, connection);
}

void Hub::detach(ClientConnection *connection)
{
    m_byUser.remove(connection->principal().user.id, connection);
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
