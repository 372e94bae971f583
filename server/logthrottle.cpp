#include "logthrottle.h"

namespace chat::server {

LogThrottle::LogThrottle(std::chrono::milliseconds interval)
    : m_interval(interval)
{ }

bool LogThrottle::allow(int &suppressed)
{
    if (m_sinceLine.isValid() && m_sinceLine.elapsed() < m_interval.count()) {
        ++m_skipped;
        return false;
    }
    m_sinceLine.start();
    suppressed = m_skipped;
    m_skipped = 0;
    return true;
}

} // namespace chat::server
