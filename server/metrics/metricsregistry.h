#pragma once

#include <server/metrics/instruments.h>

#include <QList>
#include <QString>

#include <deque>
#include <functional>
#include <memory>
#include <utility>
#include <variant>
#include <vector>

namespace chat::server {

//! The metrics one server exposes, grouped into families as Prometheus shows them: a
//! name, a help line, a type, and one sample (instrument) per set of labels. It owns the
//! instruments it hands out, at addresses that stay valid as long as it lives, so the
//! counting code keeps a reference and pays nothing per event but the increment.
//! Values that something else already knows (sockets open, users online, memory) are
//! read at scrape time through a function instead of being kept twice.
class MetricsRegistry
{
public:
    enum class Type { Counter, Gauge, Histogram };
    //! Label names and values, in the order shown.
    using Labels = QList<std::pair<QString, QString>>;
    using Read = std::function<double()>;
    using Source = std::variant<const Counter *, const Gauge *, const Histogram *, Read>;

    struct Sample
    {
        Labels labels;
        Source source;
    };
    struct Family
    {
        QString name;
        QString help;
        Type type = Type::Counter;
        std::vector<Sample> samples;
    };

    MetricsRegistry() = default;
    Q_DISABLE_COPY_MOVE(MetricsRegistry)

    //! A new sample of the family `name` (created with `help` on first use; a family keeps
    //! one type). A counter's name ends in "_total", as Prometheus' conventions ask.
    Counter &counter(const QString &name, const QString &help, const Labels &labels = {});
    Gauge &gauge(const QString &name, const QString &help, const Labels &labels = {});
    Histogram &histogram(const QString &name, const QString &help, const QList<double> &upperBounds,
        const Labels &labels = {});
    //! A counter or gauge sample whose value `read` returns when scraped.
    void callback(
        const QString &name, const QString &help, Type type, Read read, const Labels &labels = {});

    //! In the order the families were first registered.
    [[nodiscard]] const std::vector<std::unique_ptr<Family>> &families() const
    {
        return m_families;
    }
    [[nodiscard]] const Family *family(const QString &name) const;

private:
    Family &familyFor(const QString &name, const QString &help, Type type);

    std::vector<std::unique_ptr<Family>> m_families;
    // Deques: adding an element never moves the others, which the callers point at.
    std::deque<Counter> m_counters;
    std::deque<Gauge> m_gauges;
    std::deque<Histogram> m_histograms;
};

} // namespace chat::server
