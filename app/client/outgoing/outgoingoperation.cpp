#include "outgoingoperation.h"

#include <QUuid>

#include <array>
#include <utility>

namespace chat::client {

using namespace Qt::StringLiterals;
using Kind = OutgoingOperation::Kind;

namespace {

//! An operation of `kind` with a fresh client id, made now.
OutgoingOperation made(Kind kind, qint64 conversationId)
{
    OutgoingOperation operation;
    operation.kind = kind;
    operation.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    operation.conversationId = conversationId;
    // Whole milliseconds: what the local store keeps, so a reloaded operation is equal.
    operation.createdAt
        = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    return operation;
}

const std::array<std::pair<Kind, QStringView>, 5> KindNames { {
    { Kind::Send, u"send" },
    { Kind::Edit, u"edit" },
    { Kind::Delete, u"delete" },
    { Kind::React, u"react" },
    { Kind::Unreact, u"unreact" },
} };

} // namespace

OutgoingOperation OutgoingOperation::send(
    qint64 conversationId, const QString &body, qint64 replyTo)
{
    OutgoingOperation operation = made(Kind::Send, conversationId);
    operation.body = body;
    operation.replyTo = replyTo;
    return operation;
}

OutgoingOperation OutgoingOperation::edit(
    qint64 conversationId, qint64 messageId, const QString &body)
{
    OutgoingOperation operation = made(Kind::Edit, conversationId);
    operation.targetId = messageId;
    operation.body = body;
    return operation;
}

OutgoingOperation OutgoingOperation::remove(qint64 conversationId, qint64 messageId)
{
    OutgoingOperation operation = made(Kind::Delete, conversationId);
    operation.targetId = messageId;
    return operation;
}

OutgoingOperation OutgoingOperation::react(
    qint64 conversationId, qint64 messageId, const QString &emoji, bool add)
{
    OutgoingOperation operation = made(add ? Kind::React : Kind::Unreact, conversationId);
    operation.targetId = messageId;
    operation.emoji = emoji;
    return operation;
}

bool OutgoingOperation::isRefusedForGood() const
{
    if (state != State::Failed)
        return false;
    switch (errorCode) {
    case ErrorCode::BadRequest:
    case ErrorCode::MalformedJson:
    case ErrorCode::InvalidField:
    case ErrorCode::UnknownType:
    case ErrorCode::NotFound:
    case ErrorCode::Forbidden:
    case ErrorCode::LimitExceeded:
    case ErrorCode::PayloadTooLarge:
        return true;
    default:
        // A session that ended, a server that answered nonsense: it may go through later.
        return false;
    }
}

json::SendRequest OutgoingOperation::sendRequest() const
{
    return { .conversationId = conversationId,
        .clientId = clientId,
        .body = body,
        .replyTo = replyTo > 0 ? std::optional(replyTo) : std::nullopt };
}

json::EditRequest OutgoingOperation::editRequest() const
{
    return { .target = { conversationId, targetId }, .clientId = clientId, .body = body };
}

json::DeleteRequest OutgoingOperation::deleteRequest() const
{
    return { .target = { conversationId, targetId }, .clientId = clientId };
}

json::ReactRequest OutgoingOperation::reactRequest() const
{
    return { .target = { conversationId, targetId },
        .clientId = clientId,
        .emoji = emoji,
        .remove = kind == Kind::Unreact };
}

QString kindName(OutgoingOperation::Kind kind)
{
    for (const auto &[value, name] : KindNames) {
        if (value == kind)
            return name.toString();
    }
    return {};
}

std::optional<OutgoingOperation::Kind> kindFromName(const QString &name)
{
    for (const auto &[value, known] : KindNames) {
        if (known == name)
            return value;
    }
    return std::nullopt;
}

QString stateName(OutgoingOperation::State state)
{
    switch (state) {
    case OutgoingOperation::State::Queued:
        return u"queued"_s;
    case OutgoingOperation::State::Sending:
        return u"sending"_s;
    case OutgoingOperation::State::Failed:
        return u"failed"_s;
    }
    return {};
}

} // namespace chat::client
