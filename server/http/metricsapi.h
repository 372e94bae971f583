#pragma once

#include <server/metrics/metricsaccess.h>

class QHttpServer;

namespace chat::server {

class MetricsRegistry;

//! GET /metrics, for Prometheus: every metric of the registry in the text exposition
//! format 0.0.4. Unauthenticated and outside /api/v1 like /healthz, but readable only by
//! the peers `access` allows; any other peer gets the 404 of a path that does not exist
//! (PROTOCOL.md §5.28). With MetricsAccess::Off no route is registered at all.
class MetricsApi
{
public:
    MetricsApi(QHttpServer &server, const MetricsRegistry &registry, MetricsAccess access);
    //! Registers the route; call before HttpApi::registerRoutes(), as HealthApi's.
    void registerRoutes();

private:
    QHttpServer &m_server;
    const MetricsRegistry &m_registry;
    MetricsAccess m_access;
};

} // namespace chat::server
