#pragma once

#include <QByteArray>

namespace chat::server {

class MetricsRegistry;

//! The Content-Type of Prometheus' text exposition format, version 0.0.4.
inline constexpr char PrometheusContentType[] = "text/plain; version=0.0.4; charset=utf-8";

//! Every family of `registry` in Prometheus' text exposition format 0.0.4: for each, a
//! `# HELP` and a `# TYPE` line, then its samples (`name{label="value"} number`); a
//! histogram as cumulative `_bucket{le="..."}` lines ending with `le="+Inf"`, then
//! `_sum` and `_count`. Help text and label values are escaped as the format asks.
[[nodiscard]] QByteArray prometheusText(const MetricsRegistry &registry);

} // namespace chat::server
