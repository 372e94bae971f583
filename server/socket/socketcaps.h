#pragma once

#include <QHash>
#include <QHostAddress>

namespace chat::server {

//! How many WebSockets one remote address and one user may hold open on this server
//! process. Each socket costs memory and a file descriptor; without a cap one account
//! (or one machine) could open sockets until chatd runs out of either.
//!
//! Addresses are counted from the upgrade (ChatServer), users from authentication
//! (ClientConnection); each count is given back exactly once, when the socket goes.
class SocketCaps
{
public:
    struct Limits
    {
        int perUser; //!< Authenticated sockets of one user.
        int perAddress; //!< Sockets from one remote address, authenticated or not.
    };

    explicit SocketCaps(Limits limits);

    [[nodiscard]] const Limits &limits() const { return m_limits; }

    //! Whether one more socket from `address` is within the cap.
    [[nodiscard]] bool admitsAddress(const QHostAddress &address) const;
    void addAddress(const QHostAddress &address);
    void removeAddress(const QHostAddress &address);

    //! Whether one more authenticated socket of `userId` is within the cap.
    [[nodiscard]] bool admitsUser(qint64 userId) const;
    void addUser(qint64 userId);
    void removeUser(qint64 userId);

private:
    //! IPv4 seen through an IPv6 socket (::ffff:a.b.c.d) counts as the IPv4 address.
    [[nodiscard]] static QHostAddress key(const QHostAddress &address);

    Limits m_limits;
    QHash<QHostAddress, int> m_byAddress;
    QHash<qint64, int> m_byUser;
};

} // namespace chat::server
