#include "outgoingoperation.h"

#include <QUuid>

namespace chat::client {

using namespace Qt::StringLiterals;

OutgoingOperation OutgoingOperation::send(qint64 conversationId, const QString &body)
{
    // Whole milliseconds: what the local store keeps, so a reloaded operation is equal.
    const QDateTime now
        = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    return { .kind = Kind::Send,
        .clientId = QUuid::createUuid().toString(QUuid::WithoutBraces),
        .conversationId = conversationId,
        .body = body,
        .createdAt = now,
        .state = State::Queued,
        .error = {} };
}

QString kindName(OutgoingOperation::Kind kind)
{
    switch (kind) {
    case OutgoingOperation::Kind::Send:
        return u"send"_s;
    }
    return {};
}

std::optional<OutgoingOperation::Kind> kindFromName(const QString &name)
{
    if (name == u"send")
        return OutgoingOperation::Kind::Send;
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
