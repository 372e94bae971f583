#include "chatsession.h"

#include <client/clientlogging.h>

#include <QDir>

namespace chat::client {

using namespace Qt::StringLiterals;

ChatSession::ChatSession(QObject *parent)
    : QObject(parent)
    , m_profileDirectory(LocalStore::defaultProfileDirectory())
{
    m_api.setTlsTrust(&m_trust);
    m_live.setTlsTrust(&m_trust);
    setProfileDirectory(m_profileDirectory);
    m_saveCursor.setSingleShot(true);
    m_saveCursor.setInterval(500);
    connect(&m_saveCursor, &QTimer::timeout, this, &ChatSession::saveResumeCursor);
    connect(&m_live, &LiveConnection::resumeCursorChanged, this, [this] {
        if (m_store && !m_saveCursor.isActive())
            m_saveCursor.start();
    });
    connect(&m_live, &LiveConnection::stateChanged, this, &ChatSession::connectionStateChanged);
    connect(&m_live, &LiveConnection::ready, this,
        [this](const User &, bool caughtUp) { Q_EMIT wentLive(caughtUp); });
    connect(&m_live, &LiveConnection::messageEvent, this, &ChatSession::messageReceived);
    connect(&m_live, &LiveConnection::readPositionEvent, this, &ChatSession::readPositionReceived);
    connect(&m_live, &LiveConnection::receiptEvent, this, &ChatSession::receiptReceived);
    connect(&m_live, &LiveConnection::typingEvent, this, &ChatSession::typingReceived);
    connect(&m_live, &LiveConnection::presenceEvent, this, &ChatSession::presenceReceived);
    connect(&m_live, &LiveConnection::conversationEvent, this, &ChatSession::conversationReceived);
    connect(&m_live, &LiveConnection::acked, this, &ChatSession::acked);
    connect(&m_live, &LiveConnection::actionAcked, this, &ChatSession::actionAcked);
    connect(&m_live, &LiveConnection::updateEvent, this, &ChatSession::updateReceived);
    connect(&m_live, &LiveConnection::errorReceived, this,
        [this](const QString &requestId, const Error &error) {
            qCInfo(lcNet) << "the server refused request" << requestId << ":" << error.message;
            Q_EMIT requestFailed(requestId, error);
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

void ChatSession::setProfileDirectory(const QString &directory)
{
    m_profileDirectory = directory;
    m_trust.setPinFile(QDir(directory).filePath(u"known-servers.ini"_s));
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
        qCWarning(lcStorage) << "no local store; the outbox will not survive a restart:"
                             << m_storeError;
        m_live.setResumeCursor(0);
        return;
    }
    auto cursor = store->resumeCursor();
    if (!cursor)
        qCWarning(lcStorage) << "cannot read the resume cursor:" << cursor.error().message;
    m_savedCursor = cursor ? cursor.value() : 0;
    m_store = std::move(store);
    m_live.setResumeCursor(m_savedCursor);
}

void ChatSession::saveResumeCursor()
{
    m_saveCursor.stop();
    if (!m_store || m_live.resumeCursor() == m_savedCursor)
        return;
    // Not fatal: an older cursor only means the server replays more, and replayed
    // messages are merged by id.
    if (auto saved = m_store->setResumeCursor(m_live.resumeCursor()); !saved) {
        qCWarning(lcStorage) << "cannot save the resume cursor:" << saved.error().message;
        return;
    }
    m_savedCursor = m_live.resumeCursor();
}

void ChatSession::closeLocalStore()
{
    if (m_store)
        Q_EMIT localStoreAboutToClose();
    saveResumeCursor();
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
        start(session->user, session->token);
    });
}

void ChatSession::resume(const QUrl &serverUrl, const User &user, const QString &token)
{
    m_api.setServerUrl(serverUrl);
    start(user, token);
}

void ChatSession::start(const User &user, const QString &token)
{
    m_user = user;
    m_api.setToken(token);
    // Before signedInChanged: listeners load the outbox from the store, and the
    // socket resumes from the saved cursor.
    openLocalStore();
    Q_EMIT signedInChanged();
    m_live.start(m_api.serverUrl(), token);
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
    m_live.setResumeCursor(0);
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

} // namespace chat::client
