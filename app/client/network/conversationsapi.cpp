#include "conversationsapi.h"

#include <shared/conversationcodec.h>
#include <shared/jsoncodec.h>
#include <shared/searchcodec.h>

#include <QUrlQuery>

namespace chat::client {

using namespace Qt::StringLiterals;

namespace {

//! A query parameter's value for QUrlQuery, encoded so that '&', '+', '#' and '%' in
//! what the user typed stay text.
QString encodedValue(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

Result<Conversation> conversationIn(const QJsonObject &object)
{
    auto conversation = objectField(object, u"conversation"_s);
    if (!conversation)
        return conversation.error();
    return json::decodeConversation(conversation.value());
}

QString conversationPath(qint64 conversationId, const QString &rest = {})
{
    return u"/conversations/%1%2"_s.arg(conversationId).arg(rest);
}

} // namespace

void ConversationsApi::list(Callback<QList<ConversationEntry>> done)
{
    m_api.call("GET", u"/conversations"_s, {},
        decodedAs<QList<ConversationEntry>>(std::move(done), json::decodeConversationList));
}

void ConversationsApi::details(qint64 conversationId, Callback<Details> done)
{
    m_api.call("GET", conversationPath(conversationId), {},
        decodedAs<Details>(std::move(done), [](const QJsonObject &object) -> Result<Details> {
            auto conversation = conversationIn(object);
            if (!conversation)
                return conversation.error();
            auto entry = objectField(object, u"entry"_s);
            if (!entry)
                return entry.error();
            auto decoded = json::decodeConversationEntry(entry.value());
            if (!decoded)
                return decoded.error();
            return Details { conversation.value(), decoded.value() };
        }));
}

void ConversationsApi::createGroup(
    const json::CreateGroupRequest &request, Callback<Conversation> done)
{
    m_api.call("POST", u"/groups"_s, json::encode(request),
        decodedAs<Conversation>(std::move(done), conversationIn));
}

void ConversationsApi::updateGroup(
    qint64 conversationId, const json::UpdateGroupRequest &request, Callback<Conversation> done)
{
    m_api.call("PATCH", conversationPath(conversationId), json::encode(request),
        decodedAs<Conversation>(std::move(done), conversationIn));
}

void ConversationsApi::members(qint64 conversationId, Callback<QList<MemberState>> done)
{
    m_api.call("GET", conversationPath(conversationId, u"/members"_s), {},
        decodedAs<QList<MemberState>>(std::move(done), json::decodeMemberList));
}

void ConversationsApi::addMembers(
    qint64 conversationId, const QList<qint64> &userIds, Callback<Conversation> done)
{
    m_api.call("POST", conversationPath(conversationId, u"/members"_s),
        json::encode(json::AddMembersRequest { userIds }),
        decodedAs<Conversation>(std::move(done), conversationIn));
}

void ConversationsApi::removeMember(
    qint64 conversationId, qint64 userId, Callback<Conversation> done)
{
    m_api.call("DELETE", conversationPath(conversationId, u"/members/%1"_s.arg(userId)), {},
        decodedAs<Conversation>(std::move(done), conversationIn));
}

void ConversationsApi::setRole(
    qint64 conversationId, qint64 userId, MemberRole role, Callback<Conversation> done)
{
    m_api.call("PUT", conversationPath(conversationId, u"/members/%1"_s.arg(userId)),
        json::encode(json::SetRoleRequest { role }),
        decodedAs<Conversation>(std::move(done), conversationIn));
}

void ConversationsApi::leave(qint64 conversationId, Callback<Done> done)
{
    m_api.call("POST", conversationPath(conversationId, u"/leave"_s), {},
        [done = std::move(done)](Result<QJsonObject> reply) {
            if (!reply)
                done(reply.error());
            else
                done(Done {});
        });
}

void ConversationsApi::setMuted(qint64 conversationId, bool muted, Callback<ConversationEntry> done)
{
    m_api.call("PUT", conversationPath(conversationId, u"/settings"_s),
        json::encode(json::ConversationSettings { muted }),
        decodedAs<ConversationEntry>(
            std::move(done), [](const QJsonObject &object) -> Result<ConversationEntry> {
                auto entry = objectField(object, u"entry"_s);
                if (!entry)
                    return entry.error();
                return json::decodeConversationEntry(entry.value());
            }));
}

void ConversationsApi::searchUsers(
    const QString &query, const QString &after, int limit, Callback<DirectoryPage> done)
{
    QUrlQuery parameters;
    parameters.addQueryItem(u"q"_s, encodedValue(query));
    if (!after.isEmpty())
        parameters.addQueryItem(u"after"_s, encodedValue(after));
    parameters.addQueryItem(u"limit"_s, QString::number(limit));
    m_api.call("GET", u"/users?"_s + parameters.toString(QUrl::FullyEncoded), {},
        decodedAs<DirectoryPage>(std::move(done), json::decodeDirectoryPage));
}

void ConversationsApi::searchMessages(const MessageQuery &query, Callback<SearchPage> done)
{
    QUrlQuery parameters;
    parameters.addQueryItem(u"q"_s, encodedValue(query.text));
    if (query.conversationId != 0)
        parameters.addQueryItem(u"conversationId"_s, QString::number(query.conversationId));
    if (query.senderId != 0)
        parameters.addQueryItem(u"senderId"_s, QString::number(query.senderId));
    parameters.addQueryItem(u"offset"_s, QString::number(query.offset));
    parameters.addQueryItem(u"limit"_s, QString::number(query.limit));
    m_api.call("GET", u"/search?"_s + parameters.toString(QUrl::FullyEncoded), {},
        decodedAs<SearchPage>(std::move(done), json::decodeSearchPage));
}

} // namespace chat::client
