#pragma once

#include <shared/result.h>
#include <shared/wiretypes.h>

#include <QJsonObject>

#include <optional>

//! The request bodies of protocol version 2's group endpoints. Decoders validate every
//! field and apply the rules (title and topic length, client id, user id lists).
namespace chat::json {

//! Body of POST /groups. `clientId` makes a retried create return the same group.
struct CreateGroupRequest
{
    QString clientId;
    QString title;
    QString topic;
    QList<qint64> memberIds; //!< Besides the creator, who becomes the owner.
};
[[nodiscard]] QJsonObject encode(const CreateGroupRequest &request);
[[nodiscard]] Result<CreateGroupRequest> decodeCreateGroup(const QJsonObject &object);

//! Body of PATCH /conversations/{id}: the title, the topic, or both.
struct UpdateGroupRequest
{
    std::optional<QString> title;
    std::optional<QString> topic;
};
[[nodiscard]] QJsonObject encode(const UpdateGroupRequest &request);
[[nodiscard]] Result<UpdateGroupRequest> decodeUpdateGroup(const QJsonObject &object);

//! Body of POST /conversations/{id}/members.
struct AddMembersRequest
{
    QList<qint64> userIds;
};
[[nodiscard]] QJsonObject encode(const AddMembersRequest &request);
[[nodiscard]] Result<AddMembersRequest> decodeAddMembers(const QJsonObject &object);

//! Body of PUT /conversations/{id}/members/{userId}.
struct SetRoleRequest
{
    MemberRole role = MemberRole::Member;
};
[[nodiscard]] QJsonObject encode(const SetRoleRequest &request);
[[nodiscard]] Result<SetRoleRequest> decodeSetRole(const QJsonObject &object);

//! Body of PUT /conversations/{id}/settings.
struct ConversationSettings
{
    bool muted = false;
};
[[nodiscard]] QJsonObject encode(const ConversationSettings &settings);
[[nodiscard]] Result<ConversationSettings> decodeConversationSettings(const QJsonObject &object);

} // namespace chat::json
