#pragma once

#include <shared/result.h>
#include <shared/wiretypes.h>

#include <QJsonObject>

#include <optional>

//! JSON of protocol version 2's conversations: kinds, roles and members, the system
//! events of a timeline, the conversation list, member states, read receipts and the
//! people directory (the group endpoints' request bodies are in grouprequests.h).
//! Decoders validate every field, as in jsoncodec.h.
namespace chat::json {

[[nodiscard]] QString kindName(ConversationKind kind);
[[nodiscard]] std::optional<ConversationKind> conversationKindFromName(const QString &name);
[[nodiscard]] QString roleName(MemberRole role);
[[nodiscard]] std::optional<MemberRole> roleFromName(const QString &name);

//! A member is a user object with its "role".
[[nodiscard]] QJsonObject encode(const Member &member);
[[nodiscard]] Result<Member> decodeMember(const QJsonObject &object);
[[nodiscard]] QJsonObject encode(const SystemEvent &event);
[[nodiscard]] Result<SystemEvent> decodeSystemEvent(const QJsonObject &object);
[[nodiscard]] QJsonObject encode(const ConversationEntry &entry);
[[nodiscard]] Result<ConversationEntry> decodeConversationEntry(const QJsonObject &object);
[[nodiscard]] Result<QList<ConversationEntry>> decodeConversationList(const QJsonObject &object);
[[nodiscard]] QJsonObject encode(const MemberState &state);
[[nodiscard]] Result<QList<MemberState>> decodeMemberList(const QJsonObject &object);
[[nodiscard]] QJsonObject encode(const MessageReceipts &receipts);
[[nodiscard]] Result<MessageReceipts> decodeMessageReceipts(const QJsonObject &object);
[[nodiscard]] QJsonObject encode(const DirectoryPage &page);
[[nodiscard]] Result<DirectoryPage> decodeDirectoryPage(const QJsonObject &object);

} // namespace chat::json
