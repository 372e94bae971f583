#include "instruments.h"

#include <algorithm>

namespace chat::server {

Histogram::Histogram(QList<double> upperBounds)
    : m_upperBounds(std::move(upperBounds))
    , m_bucketCounts(size_t(m_upperBounds.size()) + 1, 0)
{
    Q_ASSERT(std::is_sorted(m_upperBounds.cbegin(), m_upperBounds.cend()));
}

void Histogram::observe(double value)
{
    // The first bound at or above the value: `le` is inclusive.
    const auto bound = std::lower_bound(m_upperBounds.cbegin(), m_upperBounds.cend(), value);
    ++m_bucketCounts[size_t(bound - m_upperBounds.cbegin())];
    ++m_count;
    m_sum += value;
}

QList<double> Histogram::secondsBounds()
{
    return { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
}

QList<double> Histogram::countBounds()
{
    return { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 };
}

} // namespace chat::server
