#include "groupapi.h"

#include <server/http/httpsupport.h>
#include <server/services/conversationservice.h>
#include <server/services/groupservice.h>
#include <shared/conversationcodec.h>
#include <shared/grouprequests.h>

#include <QHttpServer>
#include <QJsonArray>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::http;

namespace {

//! 200 (or `status`) with the encoded value, or the error's response.
template<typename T, typename Encode>
QHttpServerResponse answer(
    const Result<T> &result, Encode encode, StatusCode status = StatusCode::Ok)
{
    if (!result)
        return errorResponse(result.error());
    return QHttpServerResponse(encode(result.value()), status);
}

QJsonObject conversationBody(const Conversation &conversation)
{
    return { { u"conversation"_s, json::encode(conversation) } };
}

template<typename T> QJsonObject listBody(const QString &name, const QList<T> &items)
{
    QJsonArray array;
    for (const T &item : items)
        array.append(json::encode(item));
    return { { name, array } };
}

} // namespace

GroupApi::GroupApi(QHttpServer &server, AuthService &auth, ConversationService &conversations,
    GroupService &groups)
    : m_server(server)
    , m_auth(auth)
    , m_conversations(conversations)
    , m_groups(groups)
{ }

void GroupApi::registerRoutes()
{
    addConversationRoutes();
    addMemberRoutes();
    addDirectoryRoutes();
}

void GroupApi::addConversationRoutes()
{
    m_server.route(Api + u"/groups"_s, Method::Post, [this](const QHttpServerRequest &request) {
        auto principal = authenticate(m_auth, request);
        if (!principal)
            return errorResponse(principal.error());
        auto create = decodeBody(request, json::decodeCreateGroup);
        if (!create)
            return errorResponse(create.error());
        auto created = m_groups.create(principal->user, create.value());
        if (!created)
            return errorResponse(created.error());
        return QHttpServerResponse(conversationBody(created->conversation),
            created->created ? StatusCode::Created : StatusCode::Ok);
    });
    rejectOtherMethods(m_server, Api + u"/groups"_s, "POST");

    const QString one = Api + u"/conversations/<arg>"_s;
    m_server.route(one, Method::Get, [this](qint64 id, const QHttpServerRequest &request) {
        auto principal = authenticate(m_auth, request);
        if (!principal)
            return errorResponse(principal.error());
        auto conversation = m_conversations.conversation(principal->user, id);
        if (!conversation)
            return errorResponse(conversation.error());
        return answer(m_conversations.entry(principal->user.id, id),
            [&conversation](const ConversationEntry &entry) {
                return QJsonObject { { u"conversation"_s, json::encode(conversation.value()) },
                    { u"entry"_s, json::encode(entry) } };
            });
    });
    m_server.route(one, Method::Patch, [this](qint64 id, const QHttpServerRequest &request) {
        auto principal = authenticate(m_auth, request);
        if (!principal)
            return errorResponse(principal.error());
        auto update = decodeBody(request, json::decodeUpdateGroup);
        if (!update)
            return errorResponse(update.error());
        return answer(m_groups.update(principal->user, id, update.value()), conversationBody);
    });
    rejectOtherMethods<qint64>(m_server, one, "GET, PATCH");

    const QString settings = Api + u"/conversations/<arg>/settings"_s;
    m_server.route(settings, Method::Put, [this](qint64 id, const QHttpServerRequest &request) {
        auto principal = authenticate(m_auth, request);
        if (!principal)
            return errorResponse(principal.error());
        auto body = decodeBody(request, json::decodeConversationSettings);
        if (!body)
            return errorResponse(body.error());
        return answer(m_conversations.setMuted(principal->user, id, body->muted),
            [](const ConversationEntry &entry) {
                return QJsonObject { { u"entry"_s, json::encode(entry) } };
            });
    });
    rejectOtherMethods<qint64>(m_server, settings, "PUT");

    const QString receipts = Api + u"/conversations/<arg>/messages/<arg>/receipts"_s;
    m_server.route(receipts, Method::Get,
        [this](qint64 id, qint64 messageId, const QHttpServerRequest &request) {
            auto principal = authenticate(m_auth, request);
            if (!principal)
                return errorResponse(principal.error());
            return answer(m_conversations.receipts(principal->user, id, messageId),
                [](const MessageReceipts &found) { return json::encode(found); });
        });
    rejectOtherMethods<qint64, qint64>(m_server, receipts, "GET");
}

void GroupApi::addMemberRoutes()
{
    const QString members = Api + u"/conversations/<arg>/members"_s;
    m_server.route(members, Method::Get, [this](qint64 id, const QHttpServerRequest &request) {
        auto principal = authenticate(m_auth, request);
        if (!principal)
            return errorResponse(principal.error());
        return answer(m_conversations.members(principal->user, id),
            [](const QList<MemberState> &states) { return listBody(u"members"_s, states); });
    });
    m_server.route(members, Method::Post, [this](qint64 id, const QHttpServerRequest &request) {
        auto principal = authenticate(m_auth, request);
        if (!principal)
            return errorResponse(principal.error());
        auto add = decodeBody(request, json::decodeAddMembers);
        if (!add)
            return errorResponse(add.error());
        return answer(m_groups.addMembers(principal->user, id, add->userIds), conversationBody);
    });
    rejectOtherMethods<qint64>(m_server, members, "GET, POST");

    const QString member = Api + u"/conversations/<arg>/members/<arg>"_s;
    m_server.route(
        member, Method::Put, [this](qint64 id, qint64 userId, const QHttpServerRequest &request) {
            auto principal = authenticate(m_auth, request);
            if (!principal)
                return errorResponse(principal.error());
            auto role = decodeBody(request, json::decodeSetRole);
            if (!role)
                return errorResponse(role.error());
            return answer(
                m_groups.setRole(principal->user, id, userId, role->role), conversationBody);
        });
    m_server.route(member, Method::Delete,
        [this](qint64 id, qint64 userId, const QHttpServerRequest &request) {
            auto principal = authenticate(m_auth, request);
            if (!principal)
                return errorResponse(principal.error());
            return answer(m_groups.removeMember(principal->user, id, userId), conversationBody);
        });
    rejectOtherMethods<qint64, qint64>(m_server, member, "PUT, DELETE");

    const QString leave = Api + u"/conversations/<arg>/leave"_s;
    m_server.route(leave, Method::Post, [this](qint64 id, const QHttpServerRequest &request) {
        auto principal = authenticate(m_auth, request);
        if (!principal)
            return errorResponse(principal.error());
        auto left = m_groups.removeMember(principal->user, id, principal->user.id);
        if (!left)
            return errorResponse(left.error());
        return QHttpServerResponse(StatusCode::NoContent);
    });
    rejectOtherMethods<qint64>(m_server, leave, "POST");
}

void GroupApi::addDirectoryRoutes()
{
    m_server.route(Api + u"/users"_s, Method::Get, [this](const QHttpServerRequest &request) {
        auto principal = authenticate(m_auth, request);
        if (!principal)
            return errorResponse(principal.error());
        const QUrlQuery query(request.url());
        const QString text = query.queryItemValue(u"q"_s, QUrl::FullyDecoded);
        if (text.size() > limits::MaxSearchLength) {
            return errorResponse(Error { ErrorCode::InvalidField,
                u"'q' is at most %1 characters"_s.arg(limits::MaxSearchLength), u"q"_s });
        }
        auto limit = queryInteger(query, u"limit"_s, 1);
        if (!limit)
            return errorResponse(limit.error());
        const int pageSize = int(std::min<qint64>(
            limit.value().value_or(limits::DefaultDirectoryPage), limits::MaxDirectoryPage));
        const QString after = query.queryItemValue(u"after"_s, QUrl::FullyDecoded);
        return answer(m_conversations.directory(principal->user, text, after, pageSize),
            [](const DirectoryPage &page) { return json::encode(page); });
    });
    rejectOtherMethods(m_server, Api + u"/users"_s, "GET");
}

} // namespace chat::server
