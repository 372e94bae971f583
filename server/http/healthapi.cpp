#include "healthapi.h"

#include <server/http/httpsupport.h>
#include <server/services/healthservice.h>

#include <QHttpServer>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::http;

HealthApi::HealthApi(QHttpServer &server, HealthService &health)
    : m_server(server)
    , m_health(health)
{ }

void HealthApi::registerRoutes()
{
    const QString path = u"/healthz"_s;
    m_server.route(path, Method::Get, [this] {
        auto healthy = m_health.check();
        if (!healthy) {
            return QHttpServerResponse(QJsonObject { { u"status"_s, u"unavailable"_s },
                                           { u"reason"_s, healthy.error().message } },
                StatusCode::ServiceUnavailable);
        }
        return QHttpServerResponse(QJsonObject { { u"status"_s, u"ok"_s } });
    });
    rejectOtherMethods(m_server, path, "GET");
}

} // namespace chat::server
