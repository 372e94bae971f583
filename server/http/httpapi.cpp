#include "httpapi.h"

#include <server/http/httpsupport.h>
#include <server/logging.h>
#include <server/metrics/servermetrics.h>
#include <server/services/awarenessservice.h>
#include <server/services/chatservice.h>
#include <server/services/conversationservice.h>
#include <shared/conversationcodec.h>
#include <shared/messagejsonwriter.h>
#include <shared/protocol.h>
#include <shared/validation.h>

#include <QCoreApplication>
#include <QHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::http;
namespace limits = protocol::limits;

HttpApi::HttpApi(QHttpServer &server, AuthService &auth, ChatService &chat,
    AwarenessService &awareness, ConversationService &conversations, ServerMetrics &metrics)
    : m_server(server)
    , m_auth(auth)
    , m_chat(chat)
    , m_awareness(awareness)
    , m_conversations(conversations)
    , m_metrics(metrics)
{ }

void HttpApi::registerRoutes()
{
    addAccountRoutes();
    addConversationRoutes();
    addAwarenessRoutes();

    m_server.setMissingHandler(
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            if (m_missingRouteAnswer) {
                if (auto answer = m_missingRouteAnswer(request)) {
                    answer->write(std::move(responder));
                    return;
                }
            }
            errorResponse(noRoute(request)).write(std::move(responder));
        });
    m_server.afterRequest(
        [this](QHttpServerResponse &&response, const QHttpServerRequest &request) {
            qCDebug(lcHttp) << request.method() << request.url().path() << "->"
                            << int(response.statusCode());
            // Every route's answer passes here, but those of responder routes.
            finishResponse(m_metrics, response);
            return std::move(response);
        });
}

Result<Principal> HttpApi::authenticate(const QHttpServerRequest &request)
{
    return http::authenticate(m_auth, request);
}

void HttpApi::addAccountRoutes()
{
    m_server.route(Api + u"/info"_s, Method::Get, [] {
        return QHttpServerResponse(QJsonObject {
            { u"server"_s, u"chatd"_s },
            { u"version"_s, QCoreApplication::applicationVersion() },
            { u"protocol"_s, protocol::Version },
        });
    });
    rejectOtherMethods(m_server, Api + u"/info"_s, "GET");

    m_server.route(Api + u"/me"_s, Method::Get, [this](const QHttpServerRequest &request) {
        auto principal = authenticate(request);
        if (!principal)
            return errorResponse(principal.error());
        return QHttpServerResponse(QJsonObject { { u"user"_s, json::encode(principal->user) } });
    });
    rejectOtherMethods(m_server, Api + u"/me"_s, "GET");
}

void HttpApi::addConversationRoutes()
{
    m_server.route(Api + u"/contacts"_s, Method::Get, [this](const QHttpServerRequest &request) {
        auto principal = authenticate(request);
        if (!principal)
            return errorResponse(principal.error());
        auto contacts = m_awareness.contacts(principal->user);
        if (!contacts)
            return errorResponse(contacts.error());
        QJsonArray list;
        for (const Contact &contact : contacts.value())
            list.append(json::encode(contact));
        return QHttpServerResponse(QJsonObject { { u"contacts"_s, list } });
    });
    rejectOtherMethods(m_server, Api + u"/contacts"_s, "GET");

    m_server.route(
        Api + u"/conversations"_s, Method::Get, [this](const QHttpServerRequest &request) {
            auto principal = authenticate(request);
            if (!principal)
                return errorResponse(principal.error());
            auto entries = m_conversations.list(principal->user);
            if (!entries)
                return errorResponse(entries.error());
            QJsonArray list;
            for (const ConversationEntry &entry : entries.value())
                list.append(json::encode(entry));
            return QHttpServerResponse(QJsonObject { { u"conversations"_s, list } });
        });
    m_server.route(
        Api + u"/conversations"_s, Method::Post, [this](const QHttpServerRequest &request) {
            auto principal = authenticate(request);
            if (!principal)
                return errorResponse(principal.error());
            auto open = decodeBody(request, json::decodeOpenConversation);
            if (!open)
                return errorResponse(open.error());
            auto opened = m_chat.openDirect(principal->user, open->username);
            if (!opened)
                return errorResponse(opened.error());
            return created(
                QJsonObject { { u"conversation"_s, json::encode(opened->conversation) } },
                opened->created);
        });
    rejectOtherMethods(m_server, Api + u"/conversations"_s, "GET, POST");

    const QString messages = Api + u"/conversations/<arg>/messages"_s;
    m_server.route(
        messages, Method::Get, [this](qint64 conversationId, const QHttpServerRequest &request) {
            auto principal = authenticate(request);
            if (!principal)
                return errorResponse(principal.error());
            const QUrlQuery query(request.url());
            auto before = queryInteger(query, u"before"_s, 1);
            if (!before)
                return errorResponse(before.error());
            auto limit = queryInteger(query, u"limit"_s, 1);
            if (!limit)
                return errorResponse(limit.error());
            auto around = queryInteger(query, u"around"_s, 1);
            if (!around)
                return errorResponse(around.error());
            if (around.value() && before.value()) {
                return errorResponse(Error { ErrorCode::InvalidField,
                    u"give 'before' or 'around', not both"_s, u"around"_s });
            }
            // A larger limit is not an error: it is capped, as the contract says.
            const int pageSize = int(std::min<qint64>(
                limit.value().value_or(limits::DefaultPageSize), limits::MaxPageSize));
            auto page = around.value()
                ? m_chat.historyAround(principal->user, conversationId, *around.value(), pageSize)
                : m_chat.history(principal->user, conversationId, before.value(), pageSize);
            if (!page)
                return errorResponse(page.error());
            // Written straight to bytes: the QJsonObject of a page of 200 was over half
            // of chatd's CPU per page (issue 13).
            return jsonResponse(json::historyPageJson(page.value()));
        });
    m_server.route(messages, Method::Post,
        [this](qint64 conversationId, const QHttpServerRequest &request,
            QHttpServerResponder &&responder) {
            auto answer = deferResponse(std::move(responder), m_metrics);
            auto principal = authenticate(request);
            if (!principal)
                return (void)answer->write(errorResponse(principal.error()));
            auto send = decodeBody(request,
                [](const QJsonObject &body) { return json::decodeSendRequest(body, false); });
            if (!send)
                return (void)answer->write(errorResponse(send.error()));
            send.value().conversationId = conversationId;
            // Answered once the group commit that stores it is on disk, like a WebSocket ack.
            m_chat.send(principal->user, send.value(), NoPeer,
                [answer](Result<Store::StoredMessage> stored) {
                    if (!stored)
                        return (void)answer->write(errorResponse(stored.error()));
                    answer->write(
                        created(QJsonObject { { u"message"_s, json::encode(stored->message) },
                                    { u"duplicate"_s, !stored->created } },
                            stored->created));
                });
        });
    rejectOtherMethods<qint64>(m_server, messages, "GET, POST");
}

void HttpApi::addAwarenessRoutes()
{
    const QString read = Api + u"/conversations/<arg>/read"_s;
    m_server.route(
        read, Method::Post, [this](qint64 conversationId, const QHttpServerRequest &request) {
            auto principal = authenticate(request);
            if (!principal)
                return errorResponse(principal.error());
            auto body = decodeBody(request, json::decodeReadRequest);
            if (!body)
                return errorResponse(body.error());
            auto status = m_awareness.markRead(principal->user, conversationId, body->upTo, NoPeer);
            if (!status)
                return errorResponse(status.error());
            return QHttpServerResponse(StatusCode::NoContent);
        });
    rejectOtherMethods<qint64>(m_server, read, "POST");

    const QString settings = Api + u"/settings"_s;
    m_server.route(settings, Method::Get, [this](const QHttpServerRequest &request) {
        auto principal = authenticate(request);
        if (!principal)
            return errorResponse(principal.error());
        auto current = m_awareness.settings(principal->user);
        if (!current)
            return errorResponse(current.error());
        return QHttpServerResponse(json::encode(current.value()));
    });
    m_server.route(settings, Method::Put, [this](const QHttpServerRequest &request) {
        auto principal = authenticate(request);
        if (!principal)
            return errorResponse(principal.error());
        auto update = decodeBody(request, json::decodeSettingsUpdate);
        if (!update)
            return errorResponse(update.error());
        auto updated = m_awareness.updateSettings(principal->user, update.value());
        if (!updated)
            return errorResponse(updated.error());
        return QHttpServerResponse(json::encode(updated.value()));
    });
    rejectOtherMethods(m_server, settings, "GET, PUT");
}

} // namespace chat::server
