#pragma once

#include <QHash>
#include <QList>

namespace chat::server {

class ClientConnection;

//! The unread output all of one user's sockets may hold together. Each socket is also
//! bounded alone (ClientConnection's maxQueuedBytes), but a user with 32 sockets at 4 MiB
//! each could still make the server hold 128 MiB; past this budget the user's socket with
//! the most output queued (the one that reads slowest) is cut off, and catches up from
//! history when it reconnects.
class OutputBudget
{
public:
    explicit OutputBudget(qint64 bytesPerUser);

    [[nodiscard]] qint64 bytesPerUser() const { return m_bytesPerUser; }

    void add(qint64 userId, ClientConnection *connection);
    void remove(qint64 userId, ClientConnection *connection);

    //! The socket of `userId` to cut off because the user's sockets together hold more
    //! than the budget (`incoming` more bytes about to be queued included), or null.
    [[nodiscard]] ClientConnection *overBudget(qint64 userId, qint64 incoming) const;

private:
    qint64 m_bytesPerUser;
    QHash<qint64, QList<ClientConnection *>> m_byUser;
};

} // namespace chat::server
