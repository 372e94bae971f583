#include "chatsession.h"

#include <client/clientlogging.h>

namespace chat::client {

using namespace Qt::StringLiterals;

ChatSession::ChatSession(QObject *parent)
    : QObject(parent)
    , m_profileDirectory(LocalStore::defaultProfileDirectory())
{
    m_savePosition.setSingleShot(true);
    m_savePosition.setInterval(500);
    connect(&m_savePosition, &QTimer::timeout, this, &ChatSession::savePosition);
    connect(&m_live, &LiveConnection::positionChanged, this, [this] {
        if (m_store && !m_savePosition.isActive())
            m_savePosition.start();
    });
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
    connect(&m_live, &LiveConnection::ready, this,
        [this](const User &, bool caughtUp) { Q_EMIT wentLive(caughtUp); });
    connect(&m_live, &LiveConnection::messageEvent, this, &ChatSession::messageReceived);
    connect(&m_live, &LiveConnection::readPositionEvent, this, &ChatSession::readPositionReceived);
    connect(&m_live, &LiveConnection::receiptEvent, this, &ChatSession::receiptReceived);
    connect(&m_live, &LiveConnection::typingEvent, this, &ChatSession::typingReceived);
    connect(&m_live, &LiveConnection::presenceEvent, this, &ChatSession::presenceReceived);
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
        closeLocalStore();
        Q_EMIT sessionEnded(error);
    });
}

ChatSession::~ChatSession()
{
    closeLocalStore();
}

void ChatSession::openLocalStore()
{
    closeLocalStore();
    m_storeError.clear();
    const QString path
        = LocalStore::pathFor(m_profileDirectory, m_api.serverUrl(), m_user.username);
    auto store = std::make_unique<LocalStore>();
    if (auto opened = store->open(path); !opened) {
        m_storeError = opened.error().message;
        qCWarning(lcNet) << "no local store; the outbox will not survive a restart:"
                         << m_storeError;
        m_live.setPosition(0);
        return;
    }
    auto position = store->position();
    if (!position)
        qCWarning(lcNet) << "cannot read the saved position:" << position.error().message;
    m_savedPosition = position ? position.value() : 0;
    m_store = std::move(store);
    m_live.setPosition(m_savedPosition);
}

void ChatSession::savePosition()
{
    m_savePosition.stop();
    if (!m_store || m_live.position() == m_savedPosition)
        return;
    // Not fatal: an older position only means the server replays more, and replayed
    // messages are merged by id.
    if (auto saved = m_store->setPosition(m_live.position()); !saved) {
        qCWarning(lcNet) << "cannot save the position:" << saved.error().message;
        return;
    }
    m_savedPosition = m_live.position();
}

void ChatSession::closeLocalStore()
{
    savePosition();
    m_store.reset();
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
        // Before signedInChanged: listeners load the outbox from the store, and the
        // socket resumes from the saved position.
        openLocalStore();
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
    closeLocalStore();
    m_live.setPosition(0);
}

void ChatSession::sendMessage(const json::SendRequest &request)
{
    if (m_live.send(frames::Send { request.clientId, request })) {
        m_inFlight.insert(request.clientId);
        return;
    }
    sendOverRest(request);
}

bool ChatSession::sendRead(qint64 conversationId, qint64 upTo)
{
    return m_live.send(
        frames::Read { .requestId = {}, .conversationId = conversationId, .upTo = upTo });
}

bool ChatSession::sendDelivered(qint64 conversationId, qint64 upTo)
{
    return m_live.send(
        frames::Delivered { .requestId = {}, .conversationId = conversationId, .upTo = upTo });
}

bool ChatSession::sendTyping(qint64 conversationId)
{
    return m_live.send(frames::Typing { .requestId = {}, .conversationId = conversationId });
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
