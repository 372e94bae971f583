#include "outputbudget.h"

#include <server/socket/clientconnection.h>

namespace chat::server {

OutputBudget::OutputBudget(qint64 bytesPerUser)
    : m_bytesPerUser(bytesPerUser)
{ }

void OutputBudget::add(qint64 userId, ClientConnection *connection)
{
    m_byUser[userId].append(connection);
}

void OutputBudget::remove(qint64 userId, ClientConnection *connection)
{
    auto it = m_byUser.find(userId);
    if (it == m_byUser.end())
        return;
    it->removeOne(connection);
    if (it->isEmpty())
        m_byUser.erase(it);
}

ClientConnection *OutputBudget::overBudget(qint64 userId, qint64 incoming) const
{
    // At most perUser sockets (SocketCaps): a sum over them per frame is cheap.
    const auto it = m_byUser.constFind(userId);
    if (it == m_byUser.cend())
        return nullptr;
    qint64 total = incoming;
    ClientConnection *slowest = nullptr;
    for (ClientConnection *connection : *it) {
        const qint64 queued = connection->queuedBytes();
        total += queued;
        if (!slowest || queued > slowest->queuedBytes())
            slowest = connection;
    }
    // A socket with nothing queued is not what holds the memory: never cut it.
    return total > m_bytesPerUser && slowest && slowest->queuedBytes() > 0 ? slowest : nullptr;
}

} // namespace chat::server
