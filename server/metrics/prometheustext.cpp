#include "prometheustext.h"

#include <server/metrics/metricsregistry.h>

#include <QLocale>

#include <cmath>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {

using Labels = MetricsRegistry::Labels;

QString escapeHelp(QString text)
{
    return text.replace(u'\\', u"\\\\"_s).replace(u'\n', u"\\n"_s);
}

QString escapeLabelValue(QString text)
{
    return text.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s).replace(u'\n', u"\\n"_s);
}

//! A float as Prometheus reads it: the shortest form that reads back the same, and
//! +Inf, -Inf and NaN spelt its way. Plain decimals where they are short enough, as
//! Prometheus' own clients write them: a bucket's `le` is compared as text across
//! scrapes and exporters, and Qt's 'g' would write 0.0005 as "5e-04".
QString number(double value)
{
    if (std::isnan(value))
        return u"NaN"_s;
    if (std::isinf(value))
        return value > 0 ? u"+Inf"_s : u"-Inf"_s;
    const double magnitude = std::abs(value);
    const bool plain = value == 0 || (magnitude >= 1e-4 && magnitude < 1e15);
    return QString::number(value, plain ? 'f' : 'g', QLocale::FloatingPointShortest);
}

QString labelText(const Labels &labels)
{
    if (labels.isEmpty())
        return {};
    QStringList parts;
    parts.reserve(labels.size());
    for (const auto &[name, value] : labels)
        parts.append(u"%1=\"%2\""_s.arg(name, escapeLabelValue(value)));
    return u'{' + parts.join(u',') + u'}';
}

void appendLine(QString &out, const QString &name, const Labels &labels, const QString &value)
{
    out += name;
    out += labelText(labels);
    out += u' ';
    out += value;
    out += u'\n';
}

void appendHistogram(QString &out, const QString &name, const Labels &labels, const Histogram &h)
{
    // Buckets are kept apart and added up here, once per scrape, not per observation.
    quint64 cumulative = 0;
    const std::vector<quint64> &counts = h.bucketCounts();
    for (qsizetype i = 0; i <= h.upperBounds().size(); ++i) {
        cumulative += counts[size_t(i)];
        Labels withBound = labels;
        withBound.append(
            { u"le"_s, i < h.upperBounds().size() ? number(h.upperBounds().at(i)) : u"+Inf"_s });
        appendLine(out, name + u"_bucket"_s, withBound, QString::number(cumulative));
    }
    appendLine(out, name + u"_sum"_s, labels, number(h.sum()));
    appendLine(out, name + u"_count"_s, labels, QString::number(h.count()));
}

QString typeName(MetricsRegistry::Type type)
{
    switch (type) {
    case MetricsRegistry::Type::Counter:
        return u"counter"_s;
    case MetricsRegistry::Type::Gauge:
        return u"gauge"_s;
    case MetricsRegistry::Type::Histogram:
        break;
    }
    return u"histogram"_s;
}

} // namespace

QByteArray prometheusText(const MetricsRegistry &registry)
{
    QString out;
    for (const auto &family : registry.families()) {
        out += u"# HELP %1 %2\n"_s.arg(family->name, escapeHelp(family->help));
        out += u"# TYPE %1 %2\n"_s.arg(family->name, typeName(family->type));
        for (const MetricsRegistry::Sample &sample : family->samples) {
            const QString &name = family->name;
            std::visit(
                [&](const auto &source) {
                    using Source = std::decay_t<decltype(source)>;
                    if constexpr (std::is_same_v<Source, const Counter *>)
                        appendLine(out, name, sample.labels, QString::number(source->value()));
                    else if constexpr (std::is_same_v<Source, const Gauge *>)
                        appendLine(out, name, sample.labels, number(source->value()));
                    else if constexpr (std::is_same_v<Source, const Histogram *>)
                        appendHistogram(out, name, sample.labels, *source);
                    else
                        appendLine(out, name, sample.labels, number(source()));
                },
                sample.source);
        }
    }
    return out.toUtf8();
}

} // namespace chat::server
