#pragma once

#include <QList>
#include <QtGlobal>

#include <vector>

namespace chat::server {

// The three kinds of measurement Prometheus knows, as plain numbers. The server runs on
// one thread (routes, sockets, the group-commit writer and the store share one event
// loop; docs/ARCHITECTURE.md §2), so counting is an ordinary increment: no atomics, no
// locks. An instrument used from another thread would need std::atomic here.

//! A count that only goes up (Prometheus "counter"), from 0 when the server started.
class Counter
{
public:
    void increment(quint64 by = 1) { m_value += by; }
    [[nodiscard]] quint64 value() const { return m_value; }

private:
    quint64 m_value = 0;
};

//! A value that goes up and down (Prometheus "gauge").
class Gauge
{
public:
    void set(double value) { m_value = value; }
    void add(double by) { m_value += by; }
    [[nodiscard]] double value() const { return m_value; }

private:
    double m_value = 0;
};

//! Observations counted into fixed buckets (Prometheus "histogram"). A bucket holds the
//! observations up to and including its upper bound and above the previous one; the
//! exposition adds them up into Prometheus' cumulative `le` buckets.
class Histogram
{
public:
    //! `upperBounds` ascending; the +Inf bucket is implied.
    explicit Histogram(QList<double> upperBounds);

    void observe(double value);

    [[nodiscard]] const QList<double> &upperBounds() const { return m_upperBounds; }
    //! Observations in each bucket alone (not cumulative); one more than upperBounds(),
    //! the last being above every bound.
    [[nodiscard]] const std::vector<quint64> &bucketCounts() const { return m_bucketCounts; }
    [[nodiscard]] quint64 count() const { return m_count; }
    [[nodiscard]] double sum() const { return m_sum; }

    //! Bounds for durations in seconds, from 0.5 ms to 10 s: a commit's fsync on a laptop
    //! SSD takes about 1 ms, on this project's VM about 50 ms.
    [[nodiscard]] static QList<double> secondsBounds();
    //! Bounds for counts from 1 to 1000 (messages per commit).
    [[nodiscard]] static QList<double> countBounds();

private:
    QList<double> m_upperBounds;
    std::vector<quint64> m_bucketCounts;
    quint64 m_count = 0;
    double m_sum = 0;
};

} // namespace chat::server
