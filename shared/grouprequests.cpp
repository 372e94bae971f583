#include "grouprequests.h"

#include <shared/codecfields.h>
#include <shared/conversationcodec.h>
#include <shared/protocol.h>

#include <QJsonArray>

namespace chat::json {

using namespace Qt::StringLiterals;
using namespace chat::codec;
namespace limits = protocol::limits;

QJsonObject encode(const CreateGroupRequest &request)
{
    return {
        { u"clientId"_s, request.clientId },
        { u"title"_s, request.title },
        { u"topic"_s, request.topic },
        { u"memberIds"_s, encodeIds(request.memberIds) },
    };
}

Result<CreateGroupRequest> decodeCreateGroup(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto clientId = reader.string(u"clientId"_s, limits::MaxClientIdLength);
    const auto title = reader.string(u"title"_s, AnyText);
    const auto topic = reader.optionalString(u"topic"_s, AnyText);
    const auto memberIds = readIds(reader, u"memberIds"_s);
    if (!reader.ok())
        return reader.error();
    if (auto error = checkClientId(*clientId))
        return *error;
    if (auto error = checkGroupTitle(*title))
        return *error;
    if (auto error = checkTopic(*topic))
        return *error;
    return CreateGroupRequest { *clientId, title->trimmed(), *topic, *memberIds };
}

QJsonObject encode(const UpdateGroupRequest &request)
{
    QJsonObject object;
    if (request.title)
        object.insert(u"title"_s, *request.title);
    if (request.topic)
        object.insert(u"topic"_s, *request.topic);
    return object;
}

Result<UpdateGroupRequest> decodeUpdateGroup(const QJsonObject &object)
{
    FieldReader reader(object);
    UpdateGroupRequest request;
    if (!object.value(u"title"_s).isUndefined()) {
        const auto title = reader.string(u"title"_s, AnyText);
        if (!reader.ok())
            return reader.error();
        if (auto error = checkGroupTitle(*title))
            return *error;
        request.title = title->trimmed();
    }
    if (!object.value(u"topic"_s).isUndefined()) {
        const auto topic = reader.string(u"topic"_s, AnyText);
        if (!reader.ok())
            return reader.error();
        if (auto error = checkTopic(*topic))
            return *error;
        request.topic = *topic;
    }
    if (!request.title && !request.topic)
        return Error { ErrorCode::InvalidField, u"name a 'title', a 'topic' or both"_s };
    return request;
}

QJsonObject encode(const AddMembersRequest &request)
{
    return { { u"userIds"_s, encodeIds(request.userIds) } };
}

Result<AddMembersRequest> decodeAddMembers(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto userIds = readIds(reader, u"userIds"_s);
    if (!reader.ok())
        return reader.error();
    if (userIds->isEmpty())
        return Error { ErrorCode::InvalidField, u"name at least one user"_s, u"userIds"_s };
    return AddMembersRequest { *userIds };
}

QJsonObject encode(const SetRoleRequest &request)
{
    return { { u"role"_s, roleName(request.role) } };
}

Result<SetRoleRequest> decodeSetRole(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto role = readRole(reader, u"role"_s);
    if (!reader.ok())
        return reader.error();
    return SetRoleRequest { *role };
}

QJsonObject encode(const ConversationSettings &settings)
{
    return { { u"muted"_s, settings.muted } };
}

Result<ConversationSettings> decodeConversationSettings(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto muted = reader.boolean(u"muted"_s);
    if (!reader.ok())
        return reader.error();
    return ConversationSettings { *muted };
}

} // namespace chat::json
