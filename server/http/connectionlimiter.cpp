#include "connectionlimiter.h"

#include <sys/resource.h>

#include <algorithm>
#include <limits>

namespace chat::server {

struct ConnectionLimiter::Ticket::Counts
{
    QHash<QHostAddress, int> perAddress;
    int total = 0;
};

namespace {

//! Descriptors kept for all that is not a client connection: the database and its
//! journal, the log, the listening socket, a scrape, a backup (and some to spare).
constexpr qint64 ReservedDescriptors = 64;
//! The least total cap derivedTotal() gives, however low the open-file limit.
constexpr int LeastTotal = 16;

//! An IPv4 peer of a dual-stack listener (::ffff:a.b.c.d) counts as a.b.c.d.
QHostAddress normalized(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

} // namespace

ConnectionLimiter::Ticket::~Ticket()
{
    if (!m_counts)
        return;
    m_counts->total -= 1;
    auto it = m_counts->perAddress.find(m_address);
    if (it != m_counts->perAddress.end() && --it.value() <= 0)
        m_counts->perAddress.erase(it);
}

ConnectionLimiter::Ticket::Ticket(Ticket &&other) noexcept
    : m_counts(std::move(other.m_counts))
    , m_address(std::move(other.m_address))
{ }

ConnectionLimiter::Ticket &ConnectionLimiter::Ticket::operator=(Ticket &&other) noexcept
{
    if (this != &other) {
        Ticket dropped(std::move(*this));
        m_counts = std::move(other.m_counts);
        m_address = std::move(other.m_address);
    }
    return *this;
}

ConnectionLimiter::ConnectionLimiter(int maxPerAddress, int maxInTotal)
    : m_counts(std::make_shared<Ticket::Counts>())
    , m_maxPerAddress(maxPerAddress)
    , m_maxInTotal(maxInTotal)
{ }

ConnectionLimiter::Verdict ConnectionLimiter::tryAccept(const QHostAddress &address, Ticket &ticket)
{
    ticket = Ticket();
    const QHostAddress key = normalized(address);
    if (m_counts->total >= m_maxInTotal)
        return Verdict::TooManyInTotal;
    int &fromAddress = m_counts->perAddress[key];
    if (fromAddress >= m_maxPerAddress) {
        if (fromAddress == 0)
            m_counts->perAddress.remove(key);
        return Verdict::TooManyFromAddress;
    }
    ++fromAddress;
    ++m_counts->total;
    ticket.m_counts = m_counts;
    ticket.m_address = key;
    return Verdict::Accepted;
}

int ConnectionLimiter::open() const
{
    return m_counts->total;
}

int ConnectionLimiter::openFrom(const QHostAddress &address) const
{
    return m_counts->perAddress.value(normalized(address));
}

int ConnectionLimiter::derivedTotal(qint64 openFiles)
{
    const qint64 left = openFiles - ReservedDescriptors;
    return int(std::clamp<qint64>(left, LeastTotal, std::numeric_limits<int>::max()));
}

qint64 ConnectionLimiter::openFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return std::numeric_limits<int>::max();
    return qint64(limit.rlim_cur);
}

} // namespace chat::server
