#include "metricsaccess.h"

namespace chat::server {

using namespace Qt::StringLiterals;

bool metricsAllowed(MetricsAccess access, const QHostAddress &peer)
{
    switch (access) {
    case MetricsAccess::Off:
        return false;
    case MetricsAccess::Any:
        return true;
    case MetricsAccess::Local:
        break;
    }
    // A server listening on :: sees IPv4 peers as IPv4-mapped IPv6 addresses.
    bool isIPv4 = false;
    const quint32 v4 = peer.toIPv4Address(&isIPv4);
    if (isIPv4)
        return QHostAddress(v4).isLoopback();
    return peer.isLoopback();
}

QStringList metricsAccessNames()
{
    // In the order of MetricsAccess.
    return { u"off"_s, u"local"_s, u"any"_s };
}

QString metricsAccessName(MetricsAccess access)
{
    return metricsAccessNames().at(int(access));
}

std::optional<MetricsAccess> metricsAccessFromName(const QString &name)
{
    const qsizetype index = metricsAccessNames().indexOf(name);
    if (index < 0)
        return std::nullopt;
    return MetricsAccess(index);
}

} // namespace chat::server
