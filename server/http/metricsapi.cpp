#include "metricsapi.h"

#include <server/http/httpsupport.h>
#include <server/metrics/prometheustext.h>

#include <QHttpServer>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::http;

MetricsApi::MetricsApi(QHttpServer &server, const MetricsRegistry &registry, MetricsAccess access)
    : m_server(server)
    , m_registry(registry)
    , m_access(access)
{ }

void MetricsApi::registerRoutes()
{
    if (m_access == MetricsAccess::Off)
        return; // the missing handler answers, as for any unknown path
    const QString path = u"/metrics"_s;
    // A peer that may not read is answered as for a path that does not exist, whatever
    // the method, so it learns nothing, not even that the endpoint is there.
    m_server.route(path, Method::Get, [this](const QHttpServerRequest &request) {
        if (!metricsAllowed(m_access, request.remoteAddress()))
            return errorResponse(noRoute(request));
        return QHttpServerResponse(QByteArray(PrometheusContentType), prometheusText(m_registry));
    });
    m_server.route(path, [this](const QHttpServerRequest &request) {
        if (!metricsAllowed(m_access, request.remoteAddress()))
            return errorResponse(noRoute(request));
        return methodNotAllowed(request, "GET");
    });
}

} // namespace chat::server
