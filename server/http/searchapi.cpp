#include "searchapi.h"

#include <server/http/httpsupport.h>
#include <server/services/searchservice.h>
#include <shared/searchcodec.h>

#include <QHttpServer>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::http;
namespace limits = protocol::limits;

SearchApi::SearchApi(QHttpServer &server, AuthService &auth, SearchService &search)
    : m_server(server)
    , m_auth(auth)
    , m_search(search)
{ }

void SearchApi::registerRoutes()
{
    m_server.route(Api + u"/search"_s, Method::Get, [this](const QHttpServerRequest &request) {
        auto principal = authenticate(m_auth, request);
        if (!principal)
            return errorResponse(principal.error());
        const QUrlQuery parameters(request.url());
        SearchService::Query query;
        query.text = parameters.queryItemValue(u"q"_s, QUrl::FullyDecoded);
        auto conversationId = queryInteger(parameters, u"conversationId"_s, 1);
        auto senderId = queryInteger(parameters, u"senderId"_s, 1);
        auto offset = queryInteger(parameters, u"offset"_s, 0);
        auto limit = queryInteger(parameters, u"limit"_s, 1);
        for (const auto *parameter : { &conversationId, &senderId, &offset, &limit }) {
            if (!*parameter)
                return errorResponse(parameter->error());
        }
        query.conversationId = conversationId.value();
        query.senderId = senderId.value();
        query.offset = int(std::min<qint64>(offset.value().value_or(0), limits::MaxSearchDepth));
        query.limit = int(std::min<qint64>(
            limit.value().value_or(limits::DefaultSearchPage), limits::MaxSearchPage));
        auto page = m_search.search(principal->user, query);
        if (!page)
            return errorResponse(page.error());
        return QHttpServerResponse(json::encode(page.value()));
    });
    rejectOtherMethods(m_server, Api + u"/search"_s, "GET");
}

} // namespace chat::server
