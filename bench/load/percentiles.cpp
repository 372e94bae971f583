#include "percentiles.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace chat::bench {

namespace {

double rounded(double value)
{
    return std::round(value * 1000) / 1000; // microseconds are as fine as it gets
}

} // namespace

QJsonObject Percentiles::toJson() const
{
    return { { u"p50"_s, rounded(p50) }, { u"p90"_s, rounded(p90) }, { u"p99"_s, rounded(p99) },
        { u"max"_s, rounded(max) } };
}

Percentiles percentilesOf(std::vector<double> &values)
{
    if (values.empty())
        return {};
    std::sort(values.begin(), values.end());
    const auto rank = [&values](double fraction) {
        const auto index = size_t(std::ceil(fraction * double(values.size()))) - 1;
        return values[std::min(index, values.size() - 1)];
    };
    return { rank(0.50), rank(0.90), rank(0.99), values.back() };
}

} // namespace chat::bench
