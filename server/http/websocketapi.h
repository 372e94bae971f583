#pragma once

#include <server/http/originpolicy.h>

#include <QHttpServerResponse>

#include <optional>

class QHttpServer;
class QHttpServerRequest;

namespace chat::server {

class ServerMetrics;
class SocketCaps;

//! The WebSocket upgrade route, /api/v1/ws: what is checked before Qt's WebSocket side
//! answers 101 and ChatServer takes the socket. A page of a foreign origin gets 403 and
//! an address with as many sockets as allowed gets 429, both before the upgrade, so that
//! neither costs a socket; a request that is no upgrade gets 426.
//!
//! Qt 6.4 upgrades every upgrade request that a route accepted, whatever the route wrote
//! (a 403 would be followed by a 101 on the same connection). So a refused upgrade must
//! match no route at all: its rule declines it, Qt then calls the missing handler and
//! closes the connection, and the missing handler writes refusal() for it.
class WebSocketApi
{
public:
    WebSocketApi(QHttpServer &server, http::OriginPolicy origins, const SocketCaps &caps,
        ServerMetrics &metrics);

    //! Registers the route; call once, before listening.
    void registerRoutes();

    //! For the missing handler: the answer to an upgrade this route declined (counted
    //! and logged here), or nullopt for any other request.
    [[nodiscard]] std::optional<QHttpServerResponse> refusal(const QHttpServerRequest &request);

private:
    enum class Verdict { Admit, ForeignOrigin, AddressFull };
    [[nodiscard]] Verdict judge(const QHttpServerRequest &request) const;

    QHttpServer &m_server;
    http::OriginPolicy m_origins;
    const SocketCaps &m_caps;
    ServerMetrics &m_metrics;
};

} // namespace chat::server
