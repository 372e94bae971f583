#pragma once

#include <QJsonObject>

#include <vector>

namespace chat::bench {

//! The figures a latency distribution is reported by, in milliseconds.
struct Percentiles
{
    double p50 = 0;
    double p90 = 0;
    double p99 = 0;
    double max = 0;

    [[nodiscard]] QJsonObject toJson() const;
};

//! Nearest-rank percentiles of `values` (sorted in place); all 0 when empty.
[[nodiscard]] Percentiles percentilesOf(std::vector<double> &values);

} // namespace chat::bench
