#include "healthservice.h"

#include <server/logging.h>
#include <server/store/store.h>

namespace chat::server {

using namespace Qt::StringLiterals;

HealthService::HealthService(Store &store)
    : m_store(store)
{ }

Status HealthService::check()
{
    auto written = m_store.probeWrite();
    if (!written) {
        qCWarning(lcServer).noquote()
            << "health check: the database takes no writes:" << written.error().message;
        return Error { ErrorCode::Internal,
            u"the database takes no writes: %1"_s.arg(written.error().message) };
    }
    return Done {};
}

} // namespace chat::server
