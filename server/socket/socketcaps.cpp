#include "socketcaps.h"

namespace chat::server {

namespace {

template<typename Key> void release(QHash<Key, int> &counts, const Key &key)
{
    auto it = counts.find(key);
    if (it == counts.end())
        return;
    if (--it.value() <= 0)
        counts.erase(it); // a map of everyone who ever connected would only grow
}

} // namespace

SocketCaps::SocketCaps(Limits limits)
    : m_limits(limits)
{ }

QHostAddress SocketCaps::key(const QHostAddress &address)
{
    bool isIpv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIpv4);
    return isIpv4 ? QHostAddress(ipv4) : address;
}

bool SocketCaps::admitsAddress(const QHostAddress &address) const
{
    return m_byAddress.value(key(address)) < m_limits.perAddress;
}

void SocketCaps::addAddress(const QHostAddress &address)
{
    ++m_byAddress[key(address)];
}

void SocketCaps::removeAddress(const QHostAddress &address)
{
    release(m_byAddress, key(address));
}

bool SocketCaps::admitsUser(qint64 userId) const
{
    return m_byUser.value(userId) < m_limits.perUser;
}

void SocketCaps::addUser(qint64 userId)
{
    ++m_byUser[userId];
}

void SocketCaps::removeUser(qint64 userId)
{
    release(m_byUser, userId);
}

} // namespace chat::server
