#include "metricsscrape.h"

#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace chat::test {

using namespace Qt::StringLiterals;

namespace {

const QRegularExpression &metricName()
{
    static const QRegularExpression name(
        QRegularExpression::anchoredPattern(u"[a-zA-Z_:][a-zA-Z0-9_:]*"_s));
    return name;
}

std::optional<double> parseValue(const QString &text)
{
    if (text == u"+Inf"_s)
        return std::numeric_limits<double>::infinity();
    if (text == u"-Inf"_s)
        return -std::numeric_limits<double>::infinity();
    if (text == u"NaN"_s)
        return std::numeric_limits<double>::quiet_NaN();
    bool ok = false;
    const double value = text.toDouble(&ok);
    return ok ? std::optional(value) : std::nullopt;
}

//! Reads `{a="x",b="y"}` from `text` at `at` (just past the '{') into `labels`; the
//! index just past the '}', or -1 when it is malformed.
qsizetype readLabels(const QString &text, qsizetype at, MetricsScrape::Labels &labels)
{
    while (at < text.size()) {
        if (text.at(at) == u'}')
            return at + 1;
        const qsizetype equals = text.indexOf(u'=', at);
        if (equals < 0 || equals + 1 >= text.size() || text.at(equals + 1) != u'"')
            return -1;
        const QString name = text.mid(at, equals - at);
        QString value;
        qsizetype i = equals + 2;
        for (; i < text.size() && text.at(i) != u'"'; ++i) {
            if (text.at(i) == u'\\' && i + 1 < text.size()) {
                ++i;
                value += text.at(i) == u'n' ? u'\n' : text.at(i);
            } else {
                value += text.at(i);
            }
        }
        if (i >= text.size() || !metricName().match(name).hasMatch() || labels.contains(name))
            return -1;
        labels.insert(name, value);
        at = i + 1;
        if (at < text.size() && text.at(at) == u',')
            ++at;
    }
    return -1;
}

} // namespace

MetricsScrape MetricsScrape::parse(const QByteArray &text)
{
    MetricsScrape scrape;
    if (!text.endsWith('\n'))
        scrape.m_problems.append(u"the text does not end with a line feed"_s);
    const QStringList lines = QString::fromUtf8(text).split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (!lines.at(i).isEmpty())
            scrape.readLine(lines.at(i), int(i + 1));
    }
    scrape.checkHistograms();
    for (const QString &family : std::as_const(scrape.m_familyOrder)) {
        if (!scrape.m_help.contains(family))
            scrape.m_problems.append(u"%1 has no # HELP"_s.arg(family));
        if (scrape.m_types.value(family) == u"counter"_s && !family.endsWith(u"_total"_s))
            scrape.m_problems.append(u"the counter %1 does not end in _total"_s.arg(family));
    }
    return scrape;
}

void MetricsScrape::readLine(const QString &line, int number)
{
    const auto problem = [&](const QString &what) {
        m_problems.append(u"line %1: %2: %3"_s.arg(number).arg(what, line));
    };
    if (line.startsWith(u"# HELP "_s) || line.startsWith(u"# TYPE "_s)) {
        const QString rest = line.mid(7);
        const qsizetype space = rest.indexOf(u' ');
        const QString family = rest.left(space);
        const QString text = space < 0 ? QString() : rest.mid(space + 1);
        if (line.startsWith(u"# HELP "_s)) {
            if (m_help.contains(family))
                problem(u"a second # HELP"_s);
            m_help.insert(family, text);
            return;
        }
        static const QStringList types { u"counter"_s, u"gauge"_s, u"histogram"_s, u"summary"_s,
            u"untyped"_s };
        if (!types.contains(text))
            problem(u"an unknown type"_s);
        if (m_types.contains(family))
            problem(u"a second # TYPE"_s);
        for (const Sample &sample : std::as_const(m_samples)) {
            if (sample.name == family || sample.name.startsWith(family + u'_'))
                problem(u"# TYPE after samples of its family"_s);
        }
        m_types.insert(family, text);
        m_familyOrder.append(family);
        return;
    }
    if (line.startsWith(u'#'))
        return; // another comment

    Sample sample;
    qsizetype at = 0;
    while (at < line.size() && line.at(at) != u'{' && line.at(at) != u' ')
        ++at;
    sample.name = line.left(at);
    if (!metricName().match(sample.name).hasMatch())
        return problem(u"not a metric name"_s);
    if (at < line.size() && line.at(at) == u'{') {
        at = readLabels(line, at + 1, sample.labels);
        if (at < 0)
            return problem(u"malformed labels"_s);
    }
    if (at >= line.size() || line.at(at) != u' ')
        return problem(u"no value"_s);
    const QStringList rest = line.mid(at + 1).split(u' ');
    // A value, then perhaps a timestamp (which this server never writes).
    const auto value = parseValue(rest.value(0));
    if (!value || rest.size() > 2)
        return problem(u"not a value"_s);
    sample.value = *value;
    const QString family = familyOf(sample.name);
    if (!m_types.contains(family))
        problem(u"a sample without # TYPE before it"_s);
    for (const Sample &other : std::as_const(m_samples)) {
        if (other.name == sample.name && other.labels == sample.labels)
            problem(u"a sample repeated"_s);
    }
    m_samples.append(sample);
}

QString MetricsScrape::familyOf(const QString &sampleName) const
{
    for (const QString &suffix : { u"_bucket"_s, u"_sum"_s, u"_count"_s }) {
        if (!sampleName.endsWith(suffix))
            continue;
        const QString base = sampleName.chopped(suffix.size());
        if (m_types.value(base) == u"histogram"_s)
            return base;
    }
    return sampleName;
}

void MetricsScrape::checkHistograms()
{
    for (const QString &family : std::as_const(m_familyOrder)) {
        if (m_types.value(family) != u"histogram"_s)
            continue;
        // The series of the family, by their labels without le, in the order written.
        QList<Labels> series;
        QHash<QString, QList<std::pair<double, double>>> buckets;
        const auto key = [](const Labels &labels) {
            QStringList parts;
            for (auto it = labels.cbegin(); it != labels.cend(); ++it)
                parts.append(it.key() + u'=' + it.value());
            return parts.join(u',');
        };
        for (const Sample &sample : std::as_const(m_samples)) {
            if (sample.name != family + u"_bucket"_s)
                continue;
            Labels labels = sample.labels;
            const auto bound = parseValue(labels.take(u"le"_s));
            if (!bound) {
                m_problems.append(u"%1: a bucket without a numeric le"_s.arg(family));
                continue;
            }
            if (!buckets.contains(key(labels)))
                series.append(labels);
            buckets[key(labels)].append({ *bound, sample.value });
        }
        if (series.isEmpty())
            m_problems.append(u"%1: a histogram without buckets"_s.arg(family));
        for (const Labels &labels : std::as_const(series)) {
            const auto &list = buckets.value(key(labels));
            for (qsizetype i = 1; i < list.size(); ++i) {
                if (!(list[i].first > list[i - 1].first) || list[i].second < list[i - 1].second)
                    m_problems.append(
                        u"%1{%2}: buckets not ascending and cumulative"_s.arg(family, key(labels)));
            }
            if (!std::isinf(list.last().first))
                m_problems.append(u"%1{%2}: no le=\"+Inf\" bucket last"_s.arg(family, key(labels)));
            const auto count = value(family + u"_count"_s, labels);
            if (!count || *count != list.last().second)
                m_problems.append(
                    u"%1{%2}: _count missing or not the +Inf bucket"_s.arg(family, key(labels)));
            if (!value(family + u"_sum"_s, labels))
                m_problems.append(u"%1{%2}: no _sum"_s.arg(family, key(labels)));
        }
    }
}

std::optional<double> MetricsScrape::value(const QString &name, const Labels &labels) const
{
    for (const Sample &sample : m_samples) {
        if (sample.name == name && sample.labels == labels)
            return sample.value;
    }
    return std::nullopt;
}

double MetricsScrape::operator()(const QString &name, const Labels &labels) const
{
    return value(name, labels).value_or(std::numeric_limits<double>::quiet_NaN());
}

} // namespace chat::test
