#include "actioncodec.h"

#include <shared/codecfields.h>
#include <shared/jsoncodec.h>
#include <shared/protocol.h>
#include <shared/validation.h>

#include <QJsonArray>

namespace chat::json {

using namespace Qt::StringLiterals;
using namespace chat::codec;
namespace limits = protocol::limits;

namespace {

Result<ReplyPreview> decodeReplyPreview(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto id = reader.integer(u"id"_s, 1, MaxId);
    const auto available = reader.boolean(u"available"_s);
    const auto deleted = reader.boolean(u"deleted"_s);
    const auto senderId = reader.integer(u"senderId"_s, 0, MaxId);
    const auto senderName = reader.string(u"senderName"_s, limits::MaxUsernameLength);
    const auto excerpt = reader.string(u"excerpt"_s, limits::MaxExcerptLength);
    if (!reader.ok())
        return reader.error();
    return ReplyPreview { *id, *available, *deleted, *senderId, *senderName, *excerpt };
}

QJsonObject encode(const Reaction &reaction)
{
    return { { u"emoji"_s, reaction.emoji }, { u"userIds"_s, encodeIds(reaction.userIds) } };
}

Result<Reaction> decodeReaction(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto emoji = reader.string(u"emoji"_s, limits::MaxReactionLength);
    const auto userIds = reader.array(u"userIds"_s);
    if (!reader.ok())
        return reader.error();
    Reaction reaction { *emoji, {} };
    for (const QJsonValue &value : *userIds) {
        const double id = value.toDouble(-1);
        if (!value.isDouble() || id < 1 || id > double(MaxId) || qint64(id) != id)
            return Error { ErrorCode::InvalidField, u"'userIds' must hold user ids"_s,
                u"userIds"_s };
        reaction.userIds.append(qint64(id));
    }
    return reaction;
}

std::optional<MessageUpdate::Kind> changeFromName(const QString &name)
{
    for (auto kind : { MessageUpdate::Kind::Edited, MessageUpdate::Kind::Deleted,
             MessageUpdate::Kind::ReactionAdded, MessageUpdate::Kind::ReactionRemoved }) {
        if (changeName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

//! The target's ids: from the object for a frame; left for the caller (the path) else.
std::optional<MessageRef> readRef(FieldReader &reader, RefSource source)
{
    if (source == RefSource::Path)
        return MessageRef {};
    const auto conversationId = reader.integer(u"conversationId"_s, 1, MaxId);
    const auto messageId = reader.integer(u"messageId"_s, 1, MaxId);
    if (!reader.ok())
        return std::nullopt;
    return MessageRef { *conversationId, *messageId };
}

void writeRef(const MessageRef &target, RefSource source, QJsonObject &object)
{
    if (source == RefSource::Object) {
        object.insert(u"conversationId"_s, target.conversationId);
        object.insert(u"messageId"_s, target.messageId);
    }
}

} // namespace

QJsonObject encode(const ReplyPreview &preview)
{
    return {
        { u"id"_s, preview.id },
        { u"available"_s, preview.available },
        { u"deleted"_s, preview.deleted },
        { u"senderId"_s, preview.senderId },
        { u"senderName"_s, preview.senderName },
        { u"excerpt"_s, preview.excerpt },
    };
}

QJsonArray encodeReactions(const QList<Reaction> &reactions)
{
    QJsonArray array;
    for (const Reaction &reaction : reactions)
        array.append(encode(reaction));
    return array;
}

void encodeMessageState(const Message &message, QJsonObject &object)
{
    object.insert(
        u"replyTo"_s, message.replyTo ? QJsonValue(encode(*message.replyTo)) : QJsonValue());
    object.insert(
        u"editedAt"_s, message.editedAt ? QJsonValue(encodeTime(*message.editedAt)) : QJsonValue());
    object.insert(u"deleted"_s, message.deleted);
    object.insert(u"reactions"_s, encodeReactions(message.reactions));
}

Status decodeMessageState(const QJsonObject &object, Message &message)
{
    FieldReader reader(object);
    const auto nullable = [&](const QString &name) {
        const QJsonValue value = object.value(name);
        if (value.isUndefined())
            reader.fail(name, u"'%1' is missing (it may be null)"_s.arg(name));
        return reader.ok() && !value.isNull();
    };
    if (nullable(u"replyTo"_s)) {
        if (const auto replyTo = reader.object(u"replyTo"_s)) {
            auto preview = decodeReplyPreview(*replyTo);
            if (preview)
                message.replyTo = preview.value();
            else
                reader.fail(u"replyTo"_s, preview.error().message);
        }
    }
    if (nullable(u"editedAt"_s))
        message.editedAt = readTime(reader, u"editedAt"_s);
    const auto deleted = reader.boolean(u"deleted"_s);
    auto reactions = readList<Reaction>(reader, u"reactions"_s, decodeReaction);
    if (!reader.ok())
        return reader.error();
    message.deleted = *deleted;
    message.reactions = std::move(*reactions);
    return Done {};
}

QString changeName(MessageUpdate::Kind kind)
{
    switch (kind) {
    case MessageUpdate::Kind::Edited:
        return u"edited"_s;
    case MessageUpdate::Kind::Deleted:
        return u"deleted"_s;
    case MessageUpdate::Kind::ReactionAdded:
        return u"reactionAdded"_s;
    case MessageUpdate::Kind::ReactionRemoved:
        return u"reactionRemoved"_s;
    }
    return {};
}

QJsonObject encode(const MessageUpdate &update)
{
    return {
        { u"position"_s, update.position },
        { u"change"_s, changeName(update.kind) },
        { u"userId"_s, update.userId },
        { u"clientId"_s, update.clientId },
        { u"emoji"_s, update.emoji },
        { u"createdAt"_s, encodeTime(update.createdAt) },
        { u"message"_s, encode(update.message) },
    };
}

Result<MessageUpdate> decodeMessageUpdate(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto position = reader.integer(u"position"_s, 1, MaxId);
    const auto change = reader.string(u"change"_s, 32);
    const auto userId = reader.integer(u"userId"_s, 1, MaxId);
    const auto clientId = reader.string(u"clientId"_s, limits::MaxClientIdLength);
    const auto emoji = reader.string(u"emoji"_s, limits::MaxReactionLength);
    const auto createdAt = readTime(reader, u"createdAt"_s);
    const auto message = reader.object(u"message"_s);
    if (!reader.ok())
        return reader.error();
    const auto kind = changeFromName(*change);
    if (!kind)
        return Error { ErrorCode::InvalidField, u"unknown change '%1'"_s.arg(*change),
            u"change"_s };
    auto decoded = decodeMessage(*message);
    if (!decoded)
        return Error { ErrorCode::InvalidField, decoded.error().message, u"message"_s };
    return MessageUpdate { *position, *kind, *userId, *clientId, *emoji, *createdAt,
        std::move(decoded).value() };
}

QJsonObject encode(const EditRequest &request, RefSource source)
{
    QJsonObject object { { u"clientId"_s, request.clientId }, { u"body"_s, request.body } };
    writeRef(request.target, source, object);
    return object;
}

Result<EditRequest> decodeEditRequest(const QJsonObject &object, RefSource source)
{
    FieldReader reader(object);
    const auto target = readRef(reader, source);
    const auto clientId = reader.string(u"clientId"_s, limits::MaxClientIdLength);
    const auto body = reader.string(u"body"_s, AnyText);
    if (!reader.ok())
        return reader.error();
    if (auto error = checkClientId(*clientId))
        return *error;
    if (auto error = checkMessageBody(*body))
        return *error;
    return EditRequest { *target, *clientId, *body };
}

QJsonObject encode(const DeleteRequest &request, RefSource source)
{
    QJsonObject object { { u"clientId"_s, request.clientId } };
    writeRef(request.target, source, object);
    return object;
}

Result<DeleteRequest> decodeDeleteRequest(const QJsonObject &object, RefSource source)
{
    FieldReader reader(object);
    const auto target = readRef(reader, source);
    const auto clientId = reader.string(u"clientId"_s, limits::MaxClientIdLength);
    if (!reader.ok())
        return reader.error();
    if (auto error = checkClientId(*clientId))
        return *error;
    return DeleteRequest { *target, *clientId };
}

QJsonObject encode(const ReactRequest &request, RefSource source)
{
    QJsonObject object { { u"clientId"_s, request.clientId }, { u"emoji"_s, request.emoji },
        { u"remove"_s, request.remove } };
    writeRef(request.target, source, object);
    return object;
}

Result<ReactRequest> decodeReactRequest(const QJsonObject &object, RefSource source)
{
    FieldReader reader(object);
    const auto target = readRef(reader, source);
    const auto clientId = reader.string(u"clientId"_s, limits::MaxClientIdLength);
    const auto emoji = reader.string(u"emoji"_s, limits::MaxReactionLength);
    // "remove" may be left out: adding is the default.
    bool remove = false;
    if (reader.ok() && object.contains(u"remove"_s)) {
        if (const auto value = reader.boolean(u"remove"_s))
            remove = *value;
    }
    if (!reader.ok())
        return reader.error();
    if (auto error = checkClientId(*clientId))
        return *error;
    if (auto error = checkReaction(*emoji))
        return *error;
    return ReactRequest { *target, *clientId, *emoji, remove };
}

std::optional<Error> checkReaction(const QString &emoji)
{
    const auto invalid = [](const QString &why) {
        return Error { ErrorCode::InvalidField, why, u"emoji"_s };
    };
    if (emoji.isEmpty())
        return invalid(u"'emoji' must not be empty"_s);
    if (emoji.size() > limits::MaxReactionLength)
        return invalid(
            u"'emoji' is one emoji, at most %1 characters"_s.arg(limits::MaxReactionLength));
    bool outsideAscii = false;
    for (const QChar c : emoji) {
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return invalid(u"'emoji' must not contain spaces or control characters"_s);
        outsideAscii = outsideAscii || c.unicode() >= 0x80;
    }
    if (!outsideAscii)
        return invalid(u"'emoji' must be an emoji, not plain text"_s);
    return std::nullopt;
}

} // namespace chat::json
