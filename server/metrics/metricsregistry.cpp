#include "metricsregistry.h"

namespace chat::server {

using namespace Qt::StringLiterals;

const MetricsRegistry::Family *MetricsRegistry::family(const QString &name) const
{
    for (const auto &family : m_families) {
        if (family->name == name)
            return family.get();
    }
    return nullptr;
}

MetricsRegistry::Family &MetricsRegistry::familyFor(
    const QString &name, const QString &help, Type type)
{
    Q_ASSERT_X(type != Type::Counter || name.endsWith(u"_total"_s), "MetricsRegistry",
        "a counter's name ends in _total");
    if (const Family *existing = family(name)) {
        Q_ASSERT_X(existing->type == type, "MetricsRegistry", "a family keeps one type");
        return const_cast<Family &>(*existing);
    }
    m_families.push_back(std::make_unique<Family>(Family { name, help, type, {} }));
    return *m_families.back();
}

Counter &MetricsRegistry::counter(const QString &name, const QString &help, const Labels &labels)
{
    Counter &counter = m_counters.emplace_back();
    familyFor(name, help, Type::Counter).samples.push_back({ labels, &counter });
    return counter;
}

Gauge &MetricsRegistry::gauge(const QString &name, const QString &help, const Labels &labels)
{
    Gauge &gauge = m_gauges.emplace_back();
    familyFor(name, help, Type::Gauge).samples.push_back({ labels, &gauge });
    return gauge;
}

Histogram &MetricsRegistry::histogram(const QString &name, const QString &help,
    const QList<double> &upperBounds, const Labels &labels)
{
    Histogram &histogram = m_histograms.emplace_back(upperBounds);
    familyFor(name, help, Type::Histogram).samples.push_back({ labels, &histogram });
    return histogram;
}

void MetricsRegistry::callback(
    const QString &name, const QString &help, Type type, Read read, const Labels &labels)
{
    Q_ASSERT(type != Type::Histogram);
    familyFor(name, help, type).samples.push_back({ labels, std::move(read) });
}

} // namespace chat::server
