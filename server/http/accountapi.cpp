#include "accountapi.h"

#include <server/http/httpsupport.h>
#include <server/hub/hub.h>
#include <server/logging.h>
#include <shared/sessioncodec.h>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::http;

namespace {

ClientInfo clientOf(const QHttpServerRequest &request)
{
    // The address is the peer's: X-Forwarded-For and the like are not trusted, or
    // anyone could pick the address they are throttled as.
    return ClientInfo { originOf(request), QString::fromUtf8(request.value("user-agent")) };
}

} // namespace

AccountApi::AccountApi(QHttpServer &server, AuthService &auth, Hub &hub, ServerMetrics &metrics)
    : m_server(server)
    , m_auth(auth)
    , m_hub(hub)
    , m_metrics(metrics)
{ }

void AccountApi::registerRoutes()
{
    addSignInRoutes();
    addSessionRoutes();
}

std::shared_ptr<DeferredResponder> AccountApi::defer(QHttpServerResponder &&responder)
{
    return deferResponse(std::move(responder), m_metrics);
}

void AccountApi::addSignInRoutes()
{
    m_server.route(Api + u"/register"_s, Method::Post,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            auto answer = defer(std::move(responder));
            auto credentials = credentialsFrom(request, json::CredentialsUse::Register);
            if (!credentials)
                return (void)answer->write(errorResponse(credentials.error()));
            m_auth.registerUser(
                credentials.value(), clientOf(request), [answer](const Result<User> &user) {
                    if (!user)
                        return (void)answer->write(errorResponse(user.error()));
                    answer->write(QHttpServerResponse(
                        QJsonObject { { u"user"_s, json::encode(user.value()) } },
                        StatusCode::Created));
                });
        });
    rejectOtherMethods(m_server, Api + u"/register"_s, "POST");

    m_server.route(Api + u"/login"_s, Method::Post,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            auto answer = defer(std::move(responder));
            auto credentials = credentialsFrom(request, json::CredentialsUse::Login);
            if (!credentials)
                return (void)answer->write(errorResponse(credentials.error()));
            m_auth.login(
                credentials.value(), clientOf(request), [answer](const Result<Session> &session) {
                    if (!session)
                        return (void)answer->write(errorResponse(session.error()));
                    answer->write(QHttpServerResponse(json::encode(session.value())));
                });
        });
    rejectOtherMethods(m_server, Api + u"/login"_s, "POST");

    m_server.route(Api + u"/logout"_s, Method::Post, [this](const QHttpServerRequest &request) {
        auto principal = authenticate(m_auth, request);
        if (!principal)
            return errorResponse(principal.error());
        if (auto status = m_auth.logout(principal.value()); !status)
            return errorResponse(status.error());
        m_hub.revokeSession(principal->tokenHash);
        return QHttpServerResponse(StatusCode::NoContent);
    });
    rejectOtherMethods(m_server, Api + u"/logout"_s, "POST");
}

void AccountApi::addSessionRoutes()
{
    const QString sessions = Api + u"/sessions"_s;
    m_server.route(sessions, Method::Get, [this](const QHttpServerRequest &request) {
        auto principal = authenticate(m_auth, request);
        if (!principal)
            return errorResponse(principal.error());
        auto list = m_auth.sessions(principal.value());
        if (!list)
            return errorResponse(list.error());
        return QHttpServerResponse(json::encodeSessionList(list.value()));
    });
    rejectOtherMethods(m_server, sessions, "GET");

    // Registered before /sessions/<arg>: rules match in order (and "others" is no number).
    const QString others = Api + u"/sessions/others"_s;
    m_server.route(others, Method::Delete, [this](const QHttpServerRequest &request) {
        auto principal = authenticate(m_auth, request);
        if (!principal)
            return errorResponse(principal.error());
        auto ended = m_auth.revokeOtherSessions(principal.value());
        if (!ended)
            return errorResponse(ended.error());
        // Their sockets close now, not at their next heartbeat.
        for (const QByteArray &tokenHash : ended.value())
            m_hub.revokeSession(tokenHash);
        return QHttpServerResponse(QJsonObject { { u"ended"_s, int(ended->size()) } });
    });
    rejectOtherMethods(m_server, others, "DELETE");

    const QString one = Api + u"/sessions/<arg>"_s;
    m_server.route(
        one, Method::Delete, [this](qint64 sessionId, const QHttpServerRequest &request) {
            auto principal = authenticate(m_auth, request);
            if (!principal)
                return errorResponse(principal.error());
            auto ended = m_auth.revokeSession(principal.value(), sessionId);
            if (!ended)
                return errorResponse(ended.error());
            m_hub.revokeSession(ended.value());
            return QHttpServerResponse(StatusCode::NoContent);
        });
    rejectOtherMethods<qint64>(m_server, one, "DELETE");
}

} // namespace chat::server
