#include "frames.h"

#include <shared/conversationcodec.h>
#include <shared/messagejsonwriter.h>
#include <shared/protocol.h>
#include <shared/validation.h>

#include <QJsonArray>
#include <QJsonDocument>

#include <optional>

namespace chat::frames {

using namespace Qt::StringLiterals;
namespace limits = protocol::limits;

namespace {
constexpr qint64 MaxSafeInteger = (qint64(1) << 53) - 1;

template<class... Ts> struct Overloaded : Ts...
{
    using Ts::operator()...;
};
template<class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

QString toText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

//! A JSON string literal, escaped as QJsonDocument does (messagejsonwriter.h).
QByteArray jsonString(const QString &text)
{
    QByteArray literal;
    json::appendJsonString(literal, text);
    return literal;
}

//! A message's JSON, remembered for the next frame that carries the same message: a send
//! is encoded twice, as the ack to its sender and as the message to everyone else, and
//! encoding was most of the event loop's time per send. Keyed by the whole value, so a
//! hit is always exact; only how often it hits depends on the order of calls.
const QByteArray &messageJson(const Message &message)
{
    struct Remembered
    {
        Message message;
        QByteArray json;
    };
    thread_local std::optional<Remembered> last;
    if (!last || last->message.id != message.id || !(last->message == message)) {
        last = Remembered { message, json::messageJson(message) };
    }
    return last->json;
}

QJsonValue idOrNull(const QString &requestId)
{
    return requestId.isEmpty() ? QJsonValue() : QJsonValue(requestId);
}

QString actionText(const QString &type, const QString &requestId, QJsonObject object)
{
    object.insert(u"type"_s, type);
    object.insert(u"id"_s, requestId);
    return toText(object);
}

//! Decodes an action frame's request into `Frame { id, request }`.
template<typename Frame, typename Decode>
Result<ClientFrame> actionFrame(const QString &requestId, const QJsonObject &object, Decode decode)
{
    if (requestId.isEmpty())
        return Error { ErrorCode::InvalidField, u"this frame needs a non-empty 'id'"_s, u"id"_s };
    auto request = decode(object, json::RefSource::Object);
    if (!request)
        return request.error();
    return ClientFrame { Frame { requestId, std::move(request).value() } };
}

Result<QJsonObject> parseFrame(const QString &text)
{
    return parseJsonObject(text.toUtf8(), limits::MaxFrameBytes);
}
} // namespace

QString encode(const ClientFrame &frame)
{
    return std::visit(
        Overloaded {
            [](const Auth &auth) {
                QJsonObject object { { u"type"_s, u"auth"_s }, { u"token"_s, auth.token } };
                if (auth.after)
                    object.insert(u"after"_s, *auth.after);
                return toText(object);
            },
            [](const Send &send) {
                QJsonObject object = json::encode(send.request, true);
                object.insert(u"type"_s, u"send"_s);
                object.insert(u"id"_s, send.requestId);
                return toText(object);
            },
            [](const Ping &ping) {
                return toText({ { u"type"_s, u"ping"_s }, { u"id"_s, idOrNull(ping.requestId) } });
            },
            [](const Read &read) {
                return toText({ { u"type"_s, u"read"_s }, { u"id"_s, idOrNull(read.requestId) },
                    { u"conversationId"_s, read.conversationId }, { u"upTo"_s, read.upTo } });
            },
            [](const Delivered &delivered) {
                return toText(
                    { { u"type"_s, u"delivered"_s }, { u"id"_s, idOrNull(delivered.requestId) },
                        { u"conversationId"_s, delivered.conversationId },
                        { u"upTo"_s, delivered.upTo } });
            },
            [](const Typing &typing) {
                return toText({ { u"type"_s, u"typing"_s }, { u"id"_s, idOrNull(typing.requestId) },
                    { u"conversationId"_s, typing.conversationId } });
            },
            [](const Edit &edit) {
                return actionText(
                    u"edit"_s, edit.requestId, json::encode(edit.request, json::RefSource::Object));
            },
            [](const Delete &deletion) {
                return actionText(u"delete"_s, deletion.requestId,
                    json::encode(deletion.request, json::RefSource::Object));
            },
            [](const React &react) {
                return actionText(u"react"_s, react.requestId,
                    json::encode(react.request, json::RefSource::Object));
            },
        },
        frame);
}

Result<ClientFrame> decodeClientFrame(const QString &text, QString *requestId)
{
    auto parsed = parseFrame(text);
    if (!parsed)
        return parsed.error();
    const QJsonObject object = parsed.value();

    FieldReader reader(object);
    const auto id = reader.optionalString(u"id"_s, limits::MaxRequestIdLength);
    if (!reader.ok())
        return reader.error();
    if (requestId)
        *requestId = *id;
    const auto type = reader.string(u"type"_s, 32);
    if (!reader.ok())
        return reader.error();

    if (*type == u"auth") {
        const auto token = reader.string(u"token"_s, 256);
        std::optional<qint64> after;
        if (!object.value(u"after"_s).isUndefined() && !object.value(u"after"_s).isNull())
            after = reader.integer(u"after"_s, 0, MaxSafeInteger);
        if (!reader.ok())
            return reader.error();
        return ClientFrame { Auth { *token, after } };
    }
    if (*type == u"send") {
        if (id->isEmpty()) {
            return Error { ErrorCode::InvalidField, u"a send frame needs a non-empty 'id'"_s,
                u"id"_s };
        }
        auto request = json::decodeSendRequest(object, true);
        if (!request)
            return request.error();
        return ClientFrame { Send { *id, request.value() } };
    }
    if (*type == u"ping")
        return ClientFrame { Ping { *id } };
    if (*type == u"read" || *type == u"delivered") {
        const auto conversationId = reader.integer(u"conversationId"_s, 1, MaxSafeInteger);
        const auto upTo = reader.integer(u"upTo"_s, 1, MaxSafeInteger);
        if (!reader.ok())
            return reader.error();
        if (*type == u"read")
            return ClientFrame { Read { *id, *conversationId, *upTo } };
        return ClientFrame { Delivered { *id, *conversationId, *upTo } };
    }
    if (*type == u"typing") {
        const auto conversationId = reader.integer(u"conversationId"_s, 1, MaxSafeInteger);
        if (!reader.ok())
            return reader.error();
        return ClientFrame { Typing { *id, *conversationId } };
    }
    if (*type == u"edit")
        return actionFrame<Edit>(*id, object, json::decodeEditRequest);
    if (*type == u"delete")
        return actionFrame<Delete>(*id, object, json::decodeDeleteRequest);
    if (*type == u"react")
        return actionFrame<React>(*id, object, json::decodeReactRequest);
    return Error { ErrorCode::UnknownType, u"unknown frame type '%1'"_s.arg(*type), u"type"_s };
}

QString encode(const ServerFrame &frame)
{
    return std::visit(
        Overloaded {
            [](const Ready &ready) {
                return toText({ { u"type"_s, u"ready"_s }, { u"protocol"_s, ready.protocol },
                    { u"user"_s, json::encode(ready.user) }, { u"position"_s, ready.cursor },
                    { u"resync"_s, ready.resync } });
            },
            // The two frames of every send, put together around the message's JSON
            // (messageJson()), byte for byte what QJsonDocument writes for the whole
            // object: keys in its sorted order.
            [](const Ack &ack) {
                return QString::fromUtf8(QByteArray("{\"duplicate\":")
                    + (ack.duplicate ? "true" : "false") + ",\"id\":" + jsonString(ack.requestId)
                    + ",\"message\":" + messageJson(ack.message) + ",\"type\":\"ack\"}");
            },
            [](const MessageEvent &event) {
                return QString::fromUtf8(QByteArray("{\"message\":") + messageJson(event.message)
                    + ",\"type\":\"message\"}");
            },
            [](const ErrorFrame &error) {
                return toText({ { u"type"_s, u"error"_s }, { u"id"_s, idOrNull(error.requestId) },
                    { u"error"_s, error.error.toJson() } });
            },
            [](const Pong &pong) {
                return toText({ { u"type"_s, u"pong"_s }, { u"id"_s, idOrNull(pong.requestId) } });
            },
            [](const ReadPosition &position) {
                return toText({ { u"type"_s, u"readPosition"_s },
                    { u"conversationId"_s, position.conversationId },
                    { u"upTo"_s, position.upTo } });
            },
            [](const Receipt &receipt) {
                return toText({ { u"type"_s, u"receipt"_s },
                    { u"conversationId"_s, receipt.conversationId },
                    { u"userId"_s, receipt.userId },
                    { u"kind"_s, receipt.kind == ReceiptKind::Read ? u"read"_s : u"delivered"_s },
                    { u"upTo"_s, receipt.upTo } });
            },
            [](const TypingEvent &typing) {
                return toText(
                    { { u"type"_s, u"typing"_s }, { u"conversationId"_s, typing.conversationId },
                        { u"userId"_s, typing.userId }, { u"expiresInMs"_s, typing.expiresInMs } });
            },
            [](const PresenceEvent &presence) {
                return toText({ { u"type"_s, u"presence"_s }, { u"userId"_s, presence.userId },
                    { u"online"_s, presence.online },
                    { u"lastSeenAt"_s,
                        presence.lastSeenAt ? QJsonValue(json::encodeTime(*presence.lastSeenAt))
                                            : QJsonValue() } });
            },
            [](const ConversationUpdate &update) {
                return toText({ { u"type"_s, u"conversation"_s },
                    { u"conversation"_s, json::encode(update.conversation) } });
            },
            [](const ActionAck &ack) {
                return toText({ { u"type"_s, u"ack"_s }, { u"id"_s, ack.requestId },
                    { u"update"_s, json::encode(ack.update) }, { u"duplicate"_s, ack.duplicate } });
            },
            [](const UpdateEvent &event) {
                return toText(
                    { { u"type"_s, u"update"_s }, { u"update"_s, json::encode(event.update) } });
            },
        },
        frame);
}

Result<ServerFrame> decodeServerFrame(const QString &text)
{
    auto parsed = parseFrame(text);
    if (!parsed)
        return parsed.error();
    const QJsonObject object = parsed.value();
    FieldReader reader(object);
    const auto type = reader.string(u"type"_s, 32);
    const auto id = reader.optionalString(u"id"_s, limits::MaxRequestIdLength);
    if (!reader.ok())
        return reader.error();

    auto messageField = [&reader]() -> Result<Message> {
        const auto message = reader.object(u"message"_s);
        if (!reader.ok())
            return reader.error();
        return json::decodeMessage(*message);
    };

    if (*type == u"ready") {
        const auto protocolVersion = reader.integer(u"protocol"_s, 1, 1 << 30);
        const auto user = reader.object(u"user"_s);
        const auto cursor = reader.integer(u"position"_s, 0, MaxSafeInteger);
        const auto resync = reader.boolean(u"resync"_s);
        if (!reader.ok())
            return reader.error();
        auto decodedUser = json::decodeUser(*user);
        if (!decodedUser)
            return decodedUser.error();
        return ServerFrame { Ready {
            int(*protocolVersion), decodedUser.value(), *cursor, *resync } };
    }
    auto updateField = [&reader]() -> Result<MessageUpdate> {
        const auto update = reader.object(u"update"_s);
        if (!reader.ok())
            return reader.error();
        return json::decodeMessageUpdate(*update);
    };
    // The ack of an edit, delete or react carries the update instead of a message.
    if (*type == u"ack" && object.contains(u"update"_s)) {
        auto update = updateField();
        const auto duplicate = reader.boolean(u"duplicate"_s);
        if (!update)
            return update.error();
        if (!reader.ok())
            return reader.error();
        return ServerFrame { ActionAck { *id, update.value(), *duplicate } };
    }
    if (*type == u"update") {
        auto update = updateField();
        if (!update)
            return update.error();
        return ServerFrame { UpdateEvent { update.value() } };
    }
    if (*type == u"ack") {
        auto message = messageField();
        const auto duplicate = reader.boolean(u"duplicate"_s);
        if (!message)
            return message.error();
        if (!reader.ok())
            return reader.error();
        return ServerFrame { Ack { *id, message.value(), *duplicate } };
    }
    if (*type == u"message") {
        auto message = messageField();
        if (!message)
            return message.error();
        return ServerFrame { MessageEvent { message.value() } };
    }
    if (*type == u"error") {
        const auto error = reader.object(u"error"_s);
        if (!reader.ok())
            return reader.error();
        auto decoded = Error::fromJson(*error);
        if (!decoded)
            return Error { ErrorCode::InvalidField, u"'error' lacks a message"_s, u"error"_s };
        return ServerFrame { ErrorFrame { *id, *decoded } };
    }
    if (*type == u"pong")
        return ServerFrame { Pong { *id } };
    if (*type == u"readPosition") {
        const auto conversationId = reader.integer(u"conversationId"_s, 1, MaxSafeInteger);
        const auto upTo = reader.integer(u"upTo"_s, 1, MaxSafeInteger);
        if (!reader.ok())
            return reader.error();
        return ServerFrame { ReadPosition { *conversationId, *upTo } };
    }
    if (*type == u"receipt") {
        const auto conversationId = reader.integer(u"conversationId"_s, 1, MaxSafeInteger);
        const auto userId = reader.integer(u"userId"_s, 1, MaxSafeInteger);
        const auto kind = reader.string(u"kind"_s, 16);
        const auto upTo = reader.integer(u"upTo"_s, 1, MaxSafeInteger);
        if (kind && *kind != u"read" && *kind != u"delivered")
            reader.fail(u"kind"_s, u"'kind' must be \"read\" or \"delivered\""_s);
        if (!reader.ok())
            return reader.error();
        return ServerFrame { Receipt { *conversationId, *userId,
            *kind == u"read" ? ReceiptKind::Read : ReceiptKind::Delivered, *upTo } };
    }
    if (*type == u"typing") {
        const auto conversationId = reader.integer(u"conversationId"_s, 1, MaxSafeInteger);
        const auto userId = reader.integer(u"userId"_s, 1, MaxSafeInteger);
        const auto expires = reader.integer(u"expiresInMs"_s, 1, 60 * 60 * 1000);
        if (!reader.ok())
            return reader.error();
        return ServerFrame { TypingEvent { *conversationId, *userId, int(*expires) } };
    }
    if (*type == u"presence") {
        const auto userId = reader.integer(u"userId"_s, 1, MaxSafeInteger);
        const auto online = reader.boolean(u"online"_s);
        std::optional<QDateTime> lastSeenAt;
        const QJsonValue seen = object.value(u"lastSeenAt"_s);
        if (seen.isUndefined()) {
            reader.fail(u"lastSeenAt"_s, u"'lastSeenAt' is missing (it may be null)"_s);
        } else if (!seen.isNull()) {
            const QDateTime time = QDateTime::fromString(seen.toString(), Qt::ISODateWithMs);
            if (!seen.isString() || !time.isValid())
                reader.fail(u"lastSeenAt"_s, u"'lastSeenAt' must be an ISO 8601 timestamp"_s);
            else
                lastSeenAt = time.toUTC();
        }
        if (!reader.ok())
            return reader.error();
        return ServerFrame { PresenceEvent { *userId, *online, lastSeenAt } };
    }
    if (*type == u"conversation") {
        const auto conversation = reader.object(u"conversation"_s);
        if (!reader.ok())
            return reader.error();
        auto entry = json::decodeConversationEntry(*conversation);
        if (!entry)
            return entry.error();
        return ServerFrame { ConversationUpdate { entry.value() } };
    }
    return Error { ErrorCode::UnknownType, u"unknown frame type '%1'"_s.arg(*type), u"type"_s };
}

} // namespace chat::frames
