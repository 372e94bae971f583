#include "conversationcodec.h"

#include <shared/codecfields.h>
#include <shared/jsoncodec.h>
#include <shared/protocol.h>

#include <QJsonArray>

#include <array>
#include <utility>

namespace chat::json {

using namespace Qt::StringLiterals;
using namespace chat::codec;
namespace limits = protocol::limits;

namespace {

constexpr std::array<std::pair<SystemEvent::Type, const char16_t *>, 6> EventNames { {
    { SystemEvent::Type::GroupCreated, u"created" },
    { SystemEvent::Type::MembersAdded, u"added" },
    { SystemEvent::Type::MemberRemoved, u"removed" },
    { SystemEvent::Type::MemberLeft, u"left" },
    { SystemEvent::Type::Renamed, u"renamed" },
    { SystemEvent::Type::RoleChanged, u"role" },
} };

template<typename Enum, std::size_t N>
std::optional<Enum> fromName(
    const std::array<std::pair<Enum, const char16_t *>, N> &names, const QString &name)
{
    for (const auto &[value, candidate] : names) {
        if (name == QStringView(candidate))
            return value;
    }
    return std::nullopt;
}

template<typename Enum, std::size_t N>
QString nameOf(const std::array<std::pair<Enum, const char16_t *>, N> &names, Enum value)
{
    for (const auto &[candidate, name] : names) {
        if (candidate == value)
            return QString::fromUtf16(name);
    }
    return {};
}

constexpr std::array<std::pair<MemberRole, const char16_t *>, 3> RoleNames { {
    { MemberRole::Member, u"member" },
    { MemberRole::Admin, u"admin" },
    { MemberRole::Owner, u"owner" },
} };

constexpr std::array<std::pair<ConversationKind, const char16_t *>, 2> KindNames { {
    { ConversationKind::Direct, u"direct" },
    { ConversationKind::Group, u"group" },
} };

QJsonValue encodeOptionalTime(const std::optional<QDateTime> &time)
{
    return time ? QJsonValue(encodeTime(*time)) : QJsonValue();
}

//! A nullable timestamp field that must be present.
std::optional<QDateTime> readOptionalTime(
    FieldReader &reader, const QJsonObject &object, const QString &name)
{
    if (object.value(name).isNull())
        return std::nullopt;
    return readTime(reader, name);
}

} // namespace

QString kindName(ConversationKind kind)
{
    return nameOf(KindNames, kind);
}

std::optional<ConversationKind> conversationKindFromName(const QString &name)
{
    return fromName(KindNames, name);
}

QString roleName(MemberRole role)
{
    return nameOf(RoleNames, role);
}

std::optional<MemberRole> roleFromName(const QString &name)
{
    return fromName(RoleNames, name);
}

QJsonObject encode(const Member &member)
{
    QJsonObject object = encode(member.user);
    object.insert(u"role"_s, roleName(member.role));
    return object;
}

Result<Member> decodeMember(const QJsonObject &object)
{
    auto user = decodeUser(object);
    if (!user)
        return user.error();
    FieldReader reader(object);
    const auto role = readRole(reader, u"role"_s);
    if (!reader.ok())
        return reader.error();
    return Member { user.value(), *role };
}

QJsonObject encode(const SystemEvent &event)
{
    return {
        { u"type"_s, nameOf(EventNames, event.type) },
        { u"userIds"_s, encodeIds(event.userIds) },
        { u"title"_s, event.title },
        { u"topic"_s, event.topic },
        { u"role"_s, roleName(event.role) },
    };
}

Result<SystemEvent> decodeSystemEvent(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto type = reader.string(u"type"_s, 16);
    const auto userIds = readIds(reader, u"userIds"_s);
    const auto title = reader.string(u"title"_s, AnyText);
    const auto topic = reader.string(u"topic"_s, AnyText);
    const auto role = readRole(reader, u"role"_s);
    if (!reader.ok())
        return reader.error();
    const auto decodedType = fromName(EventNames, *type);
    if (!decodedType)
        return Error { ErrorCode::InvalidField, u"unknown event type '%1'"_s.arg(*type),
            u"type"_s };
    return SystemEvent { *decodedType, *userIds, *title, *topic, *role };
}

QJsonObject encode(const ConversationEntry &entry)
{
    return {
        { u"id"_s, entry.id },
        { u"kind"_s, kindName(entry.kind) },
        { u"title"_s, entry.title },
        { u"topic"_s, entry.topic },
        { u"memberCount"_s, entry.memberCount },
        { u"role"_s, roleName(entry.role) },
        { u"active"_s, entry.active },
        { u"muted"_s, entry.muted },
        { u"lastMessage"_s,
            entry.lastMessage ? QJsonValue(encode(*entry.lastMessage)) : QJsonValue() },
        { u"unread"_s, entry.unread },
        { u"readUpTo"_s, entry.readUpTo },
        { u"peer"_s, entry.peer ? QJsonValue(encode(*entry.peer)) : QJsonValue() },
        { u"peerReadUpTo"_s, entry.peerReadUpTo },
        { u"peerDeliveredUpTo"_s, entry.peerDeliveredUpTo },
        { u"peerOnline"_s, entry.peerOnline },
        { u"peerLastSeenAt"_s, encodeOptionalTime(entry.peerLastSeenAt) },
    };
}

Result<ConversationEntry> decodeConversationEntry(const QJsonObject &object)
{
    FieldReader reader(object);
    ConversationEntry entry;
    const auto id = reader.integer(u"id"_s, 1, MaxId);
    const auto kind = reader.string(u"kind"_s, 16);
    const auto title = reader.string(u"title"_s, AnyText);
    const auto topic = reader.string(u"topic"_s, AnyText);
    const auto memberCount = reader.integer(u"memberCount"_s, 0, MaxId);
    const auto role = readRole(reader, u"role"_s);
    const auto active = reader.boolean(u"active"_s);
    const auto muted = reader.boolean(u"muted"_s);
    const auto unread = reader.integer(u"unread"_s, 0, MaxId);
    const auto readUpTo = reader.integer(u"readUpTo"_s, 0, MaxId);
    const auto peerReadUpTo = reader.integer(u"peerReadUpTo"_s, 0, MaxId);
    const auto peerDeliveredUpTo = reader.integer(u"peerDeliveredUpTo"_s, 0, MaxId);
    const auto peerOnline = reader.boolean(u"peerOnline"_s);
    entry.peerLastSeenAt = readOptionalTime(reader, object, u"peerLastSeenAt"_s);
    if (!reader.ok())
        return reader.error();
    const auto decodedKind = conversationKindFromName(*kind);
    if (!decodedKind)
        return Error { ErrorCode::InvalidField, u"unknown conversation kind"_s, u"kind"_s };
    const QJsonValue last = object.value(u"lastMessage"_s);
    if (last.isObject()) {
        auto message = decodeMessage(last.toObject());
        if (!message)
            return message.error();
        entry.lastMessage = message.value();
    }
    const QJsonValue peer = object.value(u"peer"_s);
    if (peer.isObject()) {
        auto user = decodeUser(peer.toObject());
        if (!user)
            return user.error();
        entry.peer = user.value();
    }
    entry.id = *id;
    entry.kind = *decodedKind;
    entry.title = *title;
    entry.topic = *topic;
    entry.memberCount = int(*memberCount);
    entry.role = *role;
    entry.active = *active;
    entry.muted = *muted;
    entry.unread = *unread;
    entry.readUpTo = *readUpTo;
    entry.peerReadUpTo = *peerReadUpTo;
    entry.peerDeliveredUpTo = *peerDeliveredUpTo;
    entry.peerOnline = *peerOnline;
    return entry;
}

Result<QList<ConversationEntry>> decodeConversationList(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto conversations
        = readList<ConversationEntry>(reader, u"conversations"_s, decodeConversationEntry);
    if (!reader.ok())
        return reader.error();
    return *conversations;
}

QJsonObject encode(const MemberState &state)
{
    QJsonObject object = encode(state.member);
    object.insert(u"readUpTo"_s, state.readUpTo);
    object.insert(u"deliveredUpTo"_s, state.deliveredUpTo);
    object.insert(u"online"_s, state.online);
    object.insert(u"lastSeenAt"_s, encodeOptionalTime(state.lastSeenAt));
    return object;
}

Result<QList<MemberState>> decodeMemberList(const QJsonObject &object)
{
    FieldReader listReader(object);
    const auto members = readList<MemberState>(
        listReader, u"members"_s, [](const QJsonObject &item) -> Result<MemberState> {
            auto member = decodeMember(item);
            if (!member)
                return member.error();
            FieldReader reader(item);
            MemberState state { member.value() };
            const auto readUpTo = reader.integer(u"readUpTo"_s, 0, MaxId);
            const auto deliveredUpTo = reader.integer(u"deliveredUpTo"_s, 0, MaxId);
            const auto online = reader.boolean(u"online"_s);
            state.lastSeenAt = readOptionalTime(reader, item, u"lastSeenAt"_s);
            if (!reader.ok())
                return reader.error();
            state.readUpTo = *readUpTo;
            state.deliveredUpTo = *deliveredUpTo;
            state.online = *online;
            return state;
        });
    if (!listReader.ok())
        return listReader.error();
    return *members;
}

QJsonObject encode(const MessageReceipts &receipts)
{
    QJsonArray readBy;
    for (const User &user : receipts.readBy)
        readBy.append(encode(user));
    QJsonArray deliveredTo;
    for (const User &user : receipts.deliveredTo)
        deliveredTo.append(encode(user));
    return { { u"readBy"_s, readBy }, { u"deliveredTo"_s, deliveredTo } };
}

Result<MessageReceipts> decodeMessageReceipts(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto readBy = readList<User>(reader, u"readBy"_s, decodeUser);
    const auto deliveredTo = readList<User>(reader, u"deliveredTo"_s, decodeUser);
    if (!reader.ok())
        return reader.error();
    return MessageReceipts { *readBy, *deliveredTo };
}

QJsonObject encode(const DirectoryPage &page)
{
    QJsonArray users;
    for (const User &user : page.users)
        users.append(encode(user));
    return { { u"users"_s, users }, { u"hasMore"_s, page.hasMore } };
}

Result<DirectoryPage> decodeDirectoryPage(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto users = readList<User>(reader, u"users"_s, decodeUser);
    const auto hasMore = reader.boolean(u"hasMore"_s);
    if (!reader.ok())
        return reader.error();
    return DirectoryPage { *users, *hasMore };
}

} // namespace chat::json
