#pragma once

#include <shared/result.h>
#include <shared/wiretypes.h>

#include <QJsonObject>

//! JSON of the session list (GET /api/v1/sessions, PROTOCOL §5.29).
namespace chat::json {

[[nodiscard]] QJsonObject encode(const SessionInfo &session);
[[nodiscard]] Result<SessionInfo> decodeSessionInfo(const QJsonObject &object);
//! {"sessions":[...]}
[[nodiscard]] QJsonObject encodeSessionList(const QList<SessionInfo> &sessions);
[[nodiscard]] Result<QList<SessionInfo>> decodeSessionList(const QJsonObject &object);

} // namespace chat::json
