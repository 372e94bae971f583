#include "messageactionapi.h"

#include <server/http/httpsupport.h>
#include <server/services/messageactionservice.h>
#include <shared/actioncodec.h>

#include <QHttpServer>
#include <QUuid>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::http;

namespace {

//! 201 with the change, or 200 for a retry that changed nothing.
QHttpServerResponse changeResponse(const Result<Store::StoredUpdate> &stored)
{
    if (!stored)
        return errorResponse(stored.error());
    return created(QJsonObject { { u"update"_s, json::encode(stored->update) },
                       { u"duplicate"_s, !stored->created } },
        stored->created);
}

} // namespace

MessageActionApi::MessageActionApi(
    QHttpServer &server, AuthService &auth, MessageActionService &actions)
    : m_server(server)
    , m_auth(auth)
    , m_actions(actions)
{ }

void MessageActionApi::registerRoutes()
{
    const QString message = Api + u"/conversations/<arg>/messages/<arg>"_s;
    m_server.route(message, Method::Patch,
        [this](qint64 conversationId, qint64 messageId, const QHttpServerRequest &request) {
            auto principal = authenticate(m_auth, request);
            if (!principal)
                return errorResponse(principal.error());
            auto edit = decodeBody(request, [](const QJsonObject &body) {
                return json::decodeEditRequest(body, json::RefSource::Path);
            });
            if (!edit)
                return errorResponse(edit.error());
            edit.value().target = { conversationId, messageId };
            return changeResponse(m_actions.edit(principal->user, edit.value(), NoPeer));
        });
    m_server.route(message, Method::Delete,
        [this](qint64 conversationId, qint64 messageId, const QHttpServerRequest &request) {
            auto principal = authenticate(m_auth, request);
            if (!principal)
                return errorResponse(principal.error());
            // The body (with the client id a retry reuses) may be left out: deleting twice
            // leaves the message deleted either way.
            json::DeleteRequest deletion { {},
                u"delete!"_s + QUuid::createUuid().toString(QUuid::WithoutBraces) };
            if (!request.body().isEmpty()) {
                auto decoded = decodeBody(request, [](const QJsonObject &body) {
                    return json::decodeDeleteRequest(body, json::RefSource::Path);
                });
                if (!decoded)
                    return errorResponse(decoded.error());
                deletion = decoded.value();
            }
            deletion.target = { conversationId, messageId };
            return changeResponse(m_actions.remove(principal->user, deletion, NoPeer));
        });
    rejectOtherMethods<qint64, qint64>(m_server, message, "PATCH, DELETE");

    const QString reactions = message + u"/reactions"_s;
    m_server.route(reactions, Method::Post,
        [this](qint64 conversationId, qint64 messageId, const QHttpServerRequest &request) {
            auto principal = authenticate(m_auth, request);
            if (!principal)
                return errorResponse(principal.error());
            auto react = decodeBody(request, [](const QJsonObject &body) {
                return json::decodeReactRequest(body, json::RefSource::Path);
            });
            if (!react)
                return errorResponse(react.error());
            react.value().target = { conversationId, messageId };
            return changeResponse(m_actions.react(principal->user, react.value(), NoPeer));
        });
    rejectOtherMethods<qint64, qint64>(m_server, reactions, "POST");
}

} // namespace chat::server
