#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <optional>

namespace chat::server {

//! Who may read GET /metrics on the main port. The numbers say how busy the server is
//! and how many people are online, which is nobody else's business, so by default only
//! this machine (a Prometheus or node agent running beside chatd) may read them.
//! A peer that may not is answered 404, as for a path that does not exist: it learns
//! nothing, not even that the endpoint is there.
enum class MetricsAccess {
    Off, //!< No /metrics at all.
    Local, //!< Loopback peers only (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104). The default.
    Any, //!< Anyone who reaches the port.
};

//! Whether `access` lets `peer` read the metrics.
[[nodiscard]] bool metricsAllowed(MetricsAccess access, const QHostAddress &peer);

//! "off", "local", "any": the config file's and the flag's values.
[[nodiscard]] QString metricsAccessName(MetricsAccess access);
[[nodiscard]] std::optional<MetricsAccess> metricsAccessFromName(const QString &name);
[[nodiscard]] QStringList metricsAccessNames();

} // namespace chat::server
