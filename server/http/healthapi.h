#pragma once

class QHttpServer;

namespace chat::server {

class HealthService;

//! GET /healthz, for load balancers, supervisors and monitors: 200 {"status":"ok"} when
//! HealthService finds the server healthy, 503 {"status":"unavailable","reason":...}
//! otherwise. Unauthenticated, and outside /api/v1: it is about this process, not the
//! chat protocol (PROTOCOL.md §5.27).
class HealthApi
{
public:
    HealthApi(QHttpServer &server, HealthService &health);
    //! Registers the route; call before HttpApi::registerRoutes(), as GroupApi's.
    void registerRoutes();

private:
    QHttpServer &m_server;
    HealthService &m_health;
};

} // namespace chat::server
