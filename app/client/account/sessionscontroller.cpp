#include "sessionscontroller.h"

#include <client/network/apiclient.h>
#include <shared/sessioncodec.h>

namespace chat::client {

using namespace Qt::StringLiterals;

SessionsController::SessionsController(ApiClient &api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{ }

void SessionsController::load()
{
    m_api.call("GET", u"/sessions"_s, {},
        decodedAs<QList<SessionInfo>>(
            whileAlive<QList<SessionInfo>>(this,
                [this](Result<QList<SessionInfo>> sessions) {
                    if (!sessions) {
                        Q_EMIT notice(
                            tr("Could not load the sessions: %1").arg(sessions.error().message));
                        return;
                    }
                    Q_EMIT loaded(sessions.value());
                }),
            json::decodeSessionList));
}

void SessionsController::signOut(qint64 id)
{
    m_api.call("DELETE", u"/sessions/%1"_s.arg(id), {},
        [self = QPointer<SessionsController>(this)](Result<QJsonObject> reply) {
            if (!self)
                return;
            // not_found: it ended meanwhile (expired, or signed out elsewhere): all the same.
            if (!reply && reply.error().code != ErrorCode::NotFound) {
                Q_EMIT self->notice(tr("Could not sign out: %1").arg(reply.error().message));
                return;
            }
            self->load();
        });
}

void SessionsController::signOutOthers()
{
    m_api.call("DELETE", u"/sessions/others"_s, {},
        [self = QPointer<SessionsController>(this)](Result<QJsonObject> reply) {
            if (!self)
                return;
            if (!reply) {
                Q_EMIT self->notice(tr("Could not sign out: %1").arg(reply.error().message));
                return;
            }
            self->load();
        });
}

} // namespace chat::client
