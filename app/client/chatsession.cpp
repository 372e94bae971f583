#include "chatsession.h"

#include "clientlogging.h"

namespace chat::client {

using namespace Qt::StringLiterals;

ChatSession::ChatSession(QObject *parent)
    : QObject(parent)
{
    connect(&m_live, &LiveConnection::stateChanged, this, [this](ConnectionState state) {
        if (state != ConnectionState::Online) {
            // Whatever was in flight on the dropped socket may or may not be stored: report it
            // as undelivered; a retry with the same client id is safe either way.
            const QSet<QString> lost = std::exchange(m_inFlight, {});
            for (const QString &clientId : lost) {
                Q_EMIT sendFailed(clientId,
                    Error { ErrorCode::NetworkError, u"the connection dropped while sending"_s });
            }
        }
        Q_EMIT connectionStateChanged(state);
    });
    connect(&m_live, &LiveConnection::ready, this, &ChatSession::wentLive);
    connect(&m_live, &LiveConnection::messageEvent, this, &ChatSession::messageReceived);
    connect(&m_live, &LiveConnection::acked, this,
        [this](const QString &requestId, const Message &message, bool) {
            m_inFlight.remove(requestId);
            Q_EMIT messageStored(message);
        });
    connect(&m_live, &LiveConnection::errorReceived, this,
        [this](const QString &requestId, const Error &error) {
            if (m_inFlight.remove(requestId))
                Q_EMIT sendFailed(requestId, error);
            else
                qCWarning(lcNet) << "server error:" << error.message;
        });
    connect(&m_live, &LiveConnection::rejected, this, [this](const Error &error) {
        m_user = {};
        m_api.setToken({});
        Q_EMIT signedInChanged();
        Q_EMIT sessionEnded(error);
    });
}

void ChatSession::signIn(
    const QUrl &serverUrl, const QString &username, const QString &password, SignInMode mode)
{
    m_api.setServerUrl(serverUrl);
    if (mode == SignInMode::LogIn) {
        logIn(username, password);
        return;
    }
    m_api.registerAccount(
        { username, password }, [this, username, password](Result<User> registered) {
            if (!registered) {
                Q_EMIT signInFailed(registered.error());
                return;
            }
            logIn(username, password);
        });
}

void ChatSession::logIn(const QString &username, const QString &password)
{
    m_api.logIn({ username, password }, [this](Result<Session> session) {
        if (!session) {
            Q_EMIT signInFailed(session.error());
            return;
        }
        m_user = session->user;
        m_api.setToken(session->token);
        Q_EMIT signedInChanged();
        m_live.start(m_api.serverUrl(), session->token);
    });
}

void ChatSession::signOut()
{
    if (!isSignedIn())
        return;
    m_live.stop();
    m_api.logOut([](Result<Done>) {});
    m_api.setToken({});
    m_user = {};
    Q_EMIT signedInChanged();
}

void ChatSession::sendMessage(const json::SendRequest &request)
{
    if (m_live.send(frames::Send { request.clientId, request })) {
        m_inFlight.insert(request.clientId);
        return;
    }
    sendOverRest(request);
}

void ChatSession::sendOverRest(const json::SendRequest &request)
{
    m_api.sendMessage(
        request, [this, clientId = request.clientId](Result<ApiClient::SendOutcome> outcome) {
            if (!outcome) {
                Q_EMIT sendFailed(clientId, outcome.error());
                return;
            }
            Q_EMIT messageStored(outcome->message);
        });
}

} // namespace chat::client
