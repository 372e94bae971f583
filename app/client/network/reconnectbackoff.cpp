#include "reconnectbackoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace chat::client {

ReconnectBackoff::ReconnectBackoff(std::chrono::milliseconds base, std::chrono::milliseconds cap)
    : m_base(base)
    , m_cap(cap)
{ }

std::chrono::milliseconds ReconnectBackoff::ceiling() const
{
    // Past 2^20 the cap has long been reached; stop shifting before it overflows.
    const qint64 factor = qint64(1) << std::min(m_attempt, 20);
    return std::min<std::chrono::milliseconds>(m_cap, m_base * factor);
}

std::chrono::milliseconds ReconnectBackoff::next()
{
    const auto limit = ceiling();
    ++m_attempt;
    return std::chrono::milliseconds(
        QRandomGenerator::global()->bounded(qint64(limit.count()) + 1));
}

} // namespace chat::client
