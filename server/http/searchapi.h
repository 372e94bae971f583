#pragma once

#include <server/services/authservice.h>

class QHttpServer;

namespace chat::server {

class SearchService;

//! The REST route of message search (GET /api/v1/search, protocol §5.23). Wiring only,
//! as in HttpApi: authenticate, read the query parameters, ask SearchService.
class SearchApi
{
public:
    SearchApi(QHttpServer &server, AuthService &auth, SearchService &search);
    //! Registers the route; call before HttpApi::registerRoutes(), as GroupApi's.
    void registerRoutes();

private:
    QHttpServer &m_server;
    AuthService &m_auth;
    SearchService &m_search;
};

} // namespace chat::server
