#include "websocketapi.h"

#include <server/http/httpsupport.h>
#include <server/logging.h>
#include <server/logthrottle.h>
#include <server/metrics/servermetrics.h>
#include <server/socket/socketcaps.h>

#include <QHttpServerRouterRule>

#include <functional>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::http;

namespace {

bool isWebSocketUpgrade(const QHttpServerRequest &request)
{
    // Both headers, as RFC 6455 requires: with only one, Qt's WebSocket side would take
    // the request and never answer it.
    return request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0
        && request.value("connection").toLower().contains("upgrade");
}

//! A route rule that declines the upgrades `admits` refuses (see WebSocketApi).
class UpgradeRule : public QHttpServerRouterRule
{
public:
    using Admits = std::function<bool(const QHttpServerRequest &)>;

    UpgradeRule(Admits admits, const QString &path, RouterHandler handler)
        : QHttpServerRouterRule(path, std::move(handler))
        , m_admits(std::move(admits))
    { }

protected:
    bool matches(const QHttpServerRequest &request, QRegularExpressionMatch *match) const override
    {
        return QHttpServerRouterRule::matches(request, match)
            && (!isWebSocketUpgrade(request) || m_admits(request));
    }

private:
    Admits m_admits;
};

} // namespace

WebSocketApi::WebSocketApi(
    QHttpServer &server, OriginPolicy origins, const SocketCaps &caps, ServerMetrics &metrics)
    : m_server(server)
    , m_origins(std::move(origins))
    , m_caps(caps)
    , m_metrics(metrics)
{ }

WebSocketApi::Verdict WebSocketApi::judge(const QHttpServerRequest &request) const
{
    if (!m_origins.allows(request.value("origin"), request.value("host"), request.url().scheme()))
        return Verdict::ForeignOrigin;
    if (!m_caps.admitsAddress(request.remoteAddress()))
        return Verdict::AddressFull;
    return Verdict::Admit;
}

void WebSocketApi::registerRoutes()
{
    // Qt 6.4 hands an upgrade to the WebSocket side only if a route for the path accepts
    // it; ChatServer then takes the socket from nextPendingWebSocketConnection().
    m_server.route<UpgradeRule>(
        [this](const QHttpServerRequest &request) { return judge(request) == Verdict::Admit; },
        QString::fromLatin1(protocol::WebSocketPath),
        [](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            if (isWebSocketUpgrade(request))
                return; // write nothing: Qt's WebSocket side answers 101
            auto response = errorResponse(Error { ErrorCode::BadRequest,
                                              u"this endpoint speaks WebSocket only; send an "
                                              u"upgrade request"_s },
                StatusCode::UpgradeRequired);
            response.setHeader("Upgrade", "websocket");
            response.setHeader("Connection", "Upgrade");
            response.write(std::move(responder));
        });
}

std::optional<QHttpServerResponse> WebSocketApi::refusal(const QHttpServerRequest &request)
{
    if (request.url().path() != QLatin1StringView(protocol::WebSocketPath)
        || !isWebSocketUpgrade(request))
        return std::nullopt;
    const Verdict verdict = judge(request);
    // Every refusal is counted; the log gets one line per interval, as a peer can
    // provoke them at will.
    static LogThrottle originThrottle;
    static LogThrottle addressThrottle;
    int suppressed = 0;
    switch (verdict) {
    case Verdict::Admit:
        return std::nullopt;
    case Verdict::ForeignOrigin: {
        m_metrics.countSocketLimit(ServerMetrics::SocketLimit::Origin);
        const QByteArray origin = request.value("origin");
        if (originThrottle.allow(suppressed)) {
            qCWarning(lcHttp).nospace()
                << "refused a WebSocket from " << request.remoteAddress().toString()
                << " for its Origin " << origin << " (" << suppressed
                << " more refusals not logged)";
        }
        return errorResponse(Error { ErrorCode::Forbidden,
            u"WebSockets from the origin '%1' are not allowed"_s.arg(
                QString::fromLatin1(origin)) });
    }
    case Verdict::AddressFull:
        m_metrics.countSocketLimit(ServerMetrics::SocketLimit::SocketsPerAddress);
        if (addressThrottle.allow(suppressed)) {
            qCWarning(lcHttp).nospace()
                << "refused a WebSocket from " << request.remoteAddress().toString() << ": "
                << m_caps.limits().perAddress << " already open (" << suppressed
                << " more refusals not logged)";
        }
        QHttpServerResponse response = errorResponse(
            Error { ErrorCode::LimitExceeded,
                u"too many WebSockets are open from this address (at most %1)"_s.arg(
                    m_caps.limits().perAddress) },
            StatusCode::TooManyRequests);
        // Every 429 says when to try again (PROTOCOL.md §2.2): a place frees up as soon
        // as one of the address's sockets closes.
        response.setHeader("Retry-After", "1");
        return response;
    }
    return std::nullopt;
}

} // namespace chat::server
