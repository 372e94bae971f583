#include "savedsession.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace chat::client {

using namespace Qt::StringLiterals;

QByteArray SavedSession::toJson() const
{
    const QJsonObject object {
        { u"server"_s, server.toString() },
        { u"userId"_s, user.id },
        { u"username"_s, user.username },
        { u"token"_s, token },
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<SavedSession> SavedSession::fromJson(const QByteArray &json)
{
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    SavedSession session;
    session.server = QUrl(object.value(u"server"_s).toString(), QUrl::StrictMode);
    session.user.id = object.value(u"userId"_s).toInteger();
    session.user.username = object.value(u"username"_s).toString();
    session.token = object.value(u"token"_s).toString();
    const bool complete = session.server.isValid()
        && (session.server.scheme() == u"http"_s || session.server.scheme() == u"https"_s)
        && session.user.id > 0 && !session.user.username.isEmpty() && !session.token.isEmpty();
    if (!complete)
        return std::nullopt;
    return session;
}

} // namespace chat::client
