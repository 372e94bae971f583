#pragma once

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace chat::test {

//! One scrape of GET /metrics, read the way Prometheus reads the text format 0.0.4, and
//! checked against it as it is read: problems() lists what a scraper would refuse or
//! misread (a sample without # TYPE and # HELP before it, a counter not ending in
//! _total, a histogram whose buckets are not cumulative, or do not end in le="+Inf"
//! equal to _count, or lack _sum). A test asserts problems() is empty, then reads values.
class MetricsScrape
{
public:
    using Labels = QMap<QString, QString>;
    struct Sample
    {
        QString name; //!< As written: "x_bucket" for a histogram's bucket.
        Labels labels;
        double value = 0;
    };

    [[nodiscard]] static MetricsScrape parse(const QByteArray &text);

    [[nodiscard]] const QStringList &problems() const { return m_problems; }
    //! The value of the sample with exactly this name and these labels, if there is one.
    [[nodiscard]] std::optional<double> value(const QString &name, const Labels &labels = {}) const;
    //! The same, or NaN (which fails every comparison) when it is missing.
    [[nodiscard]] double operator()(const QString &name, const Labels &labels = {}) const;
    //! "counter", "gauge" or "histogram" as # TYPE says; empty when not declared.
    [[nodiscard]] QString type(const QString &family) const { return m_types.value(family); }
    [[nodiscard]] QStringList families() const { return m_familyOrder; }
    [[nodiscard]] const QList<Sample> &samples() const { return m_samples; }

private:
    void readLine(const QString &line, int number);
    void checkHistograms();
    //! The family a sample name belongs to ("x_bucket" → "x" when x is a histogram).
    [[nodiscard]] QString familyOf(const QString &sampleName) const;

    QHash<QString, QString> m_types;
    QHash<QString, QString> m_help;
    QStringList m_familyOrder;
    QList<Sample> m_samples;
    QStringList m_problems;
};

} // namespace chat::test
