#include "sessioncodec.h"

#include <shared/codecfields.h>
#include <shared/jsoncodec.h>

namespace chat::json {

using namespace Qt::StringLiterals;
using namespace chat::codec;

QJsonObject encode(const SessionInfo &session)
{
    return {
        { u"id"_s, session.id },
        { u"createdAt"_s, encodeTime(session.createdAt) },
        { u"lastUsedAt"_s, encodeTime(session.lastUsedAt) },
        { u"expiresAt"_s, encodeTime(session.expiresAt) },
        { u"client"_s, session.client },
        { u"address"_s, session.address },
        { u"current"_s, session.current },
    };
}

Result<SessionInfo> decodeSessionInfo(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto id = reader.integer(u"id"_s, 1, MaxId);
    const auto createdAt = readTime(reader, u"createdAt"_s);
    const auto lastUsedAt = readTime(reader, u"lastUsedAt"_s);
    const auto expiresAt = readTime(reader, u"expiresAt"_s);
    const auto client = reader.string(u"client"_s, AnyText);
    const auto address = reader.string(u"address"_s, AnyText);
    const auto current = reader.boolean(u"current"_s);
    if (!reader.ok())
        return reader.error();
    return SessionInfo { *id, *createdAt, *lastUsedAt, *expiresAt, *client, *address, *current };
}

QJsonObject encodeSessionList(const QList<SessionInfo> &sessions)
{
    QJsonArray list;
    for (const SessionInfo &session : sessions)
        list.append(encode(session));
    return { { u"sessions"_s, list } };
}

Result<QList<SessionInfo>> decodeSessionList(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto sessions = readList<SessionInfo>(reader, u"sessions"_s, decodeSessionInfo);
    if (!reader.ok())
        return reader.error();
    return *sessions;
}

} // namespace chat::json
