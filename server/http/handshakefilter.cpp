#include "handshakefilter.h"

#include <QList>

namespace chat::server::http {

QByteArray withoutCorsHeaders(const QByteArray &response)
{
    if (!response.startsWith("HTTP/1.1 101 "))
        return response;
    const qsizetype end = response.indexOf("\r\n\r\n");
    if (end < 0)
        return response;
    QList<QByteArray> kept;
    for (QByteArray line : response.left(end).split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (!line.toLower().startsWith("access-control-"))
            kept.append(line);
    }
    return kept.join("\r\n") + response.mid(end);
}

} // namespace chat::server::http
