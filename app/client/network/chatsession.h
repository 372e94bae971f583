#pragma once

#include <client/network/apiclient.h>
#include <client/network/liveconnection.h>
#include <client/network/tlstrust.h>
#include <client/storage/localstore.h>
#include <shared/wiretypes.h>

#include <QObject>
#include <QTimer>

#include <memory>

namespace chat::client {

//! A signed-in user's link to one server: signs in and out, owns the REST client and the
//! live socket, exposes the connection state, and turns frames into signals. It holds no
//! conversation state and sends no operation of its own accord: the controllers and the
//! outgoing queue (through SessionTransport) do.
//!
//! It also opens the user's LocalStore for this server (in the profile directory) on
//! sign-in, and keeps the resume cursor there, so that a restarted app resumes where the
//! last one stopped.
class ChatSession : public QObject
{
    Q_OBJECT
    Q_PROPERTY(ConnectionState connectionState READ connectionState NOTIFY connectionStateChanged)
    Q_PROPERTY(bool signedIn READ isSignedIn NOTIFY signedInChanged)
    Q_PROPERTY(QString username READ username NOTIFY signedInChanged)
public:
    using ConnectionState = LiveConnection::State;
    enum class SignInMode { LogIn, Register };
    Q_ENUM(SignInMode)

    explicit ChatSession(QObject *parent = nullptr);
    ~ChatSession() override;

    //! Where the per-account stores live (LocalStore::defaultProfileDirectory() unless
    //! set). Takes effect at the next sign-in.
    void setProfileDirectory(const QString &directory);
    [[nodiscard]] QString profileDirectory() const { return m_profileDirectory; }
    //! The signed-in account's store; nullptr when signed out or when it could not be
    //! opened (then localStoreError() says why, and nothing survives a restart).
    [[nodiscard]] LocalStore *localStore() const { return m_store.get(); }
    [[nodiscard]] QString localStoreError() const { return m_storeError; }

    //! Registers first when asked, then logs in and goes live.
    void signIn(const QUrl &serverUrl, const QString &username, const QString &password,
        SignInMode mode = SignInMode::LogIn);
    //! Signs in with a token kept from an earlier sign-in (see SessionKeeper), without the
    //! network: signed in at once, the socket connects and authenticates when it can. A
    //! token the server no longer accepts ends the session (sessionEnded).
    void resume(const QUrl &serverUrl, const User &user, const QString &token);
    //! Logs out on the server (best effort: the token is revoked there) and goes offline.
    void signOut();

    [[nodiscard]] bool isSignedIn() const { return m_user.id != 0; }
    [[nodiscard]] const User &user() const { return m_user; }
    [[nodiscard]] QString username() const { return m_user.username; }
    [[nodiscard]] QUrl serverUrl() const { return m_api.serverUrl(); }
    //! The bearer token of the session; empty when signed out.
    [[nodiscard]] QString token() const { return m_api.token(); }
    [[nodiscard]] ConnectionState connectionState() const { return m_live.state(); }
    [[nodiscard]] ApiClient &api() { return m_api; }
    //! The socket, for its heartbeat and reconnect settings.
    [[nodiscard]] LiveConnection &liveConnection() { return m_live; }
    //! The certificates trusted beyond the system's (pinned in the profile directory's
    //! known-servers.ini): the REST client and the socket both ask it.
    [[nodiscard]] TlsTrust &tlsTrust() { return m_trust; }

    //! Awareness frames go over the socket only; each returns false (nothing sent) when
    //! not online. Nothing answers them; a refusal is only logged.
    //! Our read position in the conversation moves forward to `upTo`.
    bool sendRead(qint64 conversationId, qint64 upTo);
    //! This instance has received the conversation's messages up to `upTo`.
    bool sendDelivered(qint64 conversationId, qint64 upTo);
    //! The user is typing in the conversation.
    bool sendTyping(qint64 conversationId);

Q_SIGNALS:
    void signedInChanged();
    void signInFailed(const chat::Error &error);
    //! The server ended the session (token expired or revoked elsewhere).
    void sessionEnded(const chat::Error &reason);
    void connectionStateChanged(chat::client::LiveConnection::State state);
    //! The socket is (again) authenticated. `caughtUp`: what was missed while offline
    //! has been replayed (as messageReceived, before this). Otherwise the server could
    //! not replay it (or we had no resume cursor yet): it must be fetched.
    void wentLive(bool caughtUp);
    //! A message arrived live or replayed: someone else's, or ours from another device
    //! (or the echo of one of ours).
    void messageReceived(const chat::Message &message);
    //! The server stored what the socket request `requestId` sent (`duplicate`: stored
    //! by an earlier attempt).
    void acked(const QString &requestId, const chat::Message &message, bool duplicate);
    //! The server stored the edit, deletion or reaction socket request `requestId` sent.
    void actionAcked(const QString &requestId, const chat::MessageUpdate &update, bool duplicate);
    //! A message was edited, deleted or reacted to, live or replayed: by someone else, or
    //! by us on another device (or the echo of one of ours).
    void updateReceived(const chat::MessageUpdate &update);
    //! The server refused the socket request `requestId`.
    void requestFailed(const QString &requestId, const chat::Error &error);
    //! Awareness events from the socket (see LiveConnection).
    void readPositionReceived(const chat::frames::ReadPosition &position);
    void receiptReceived(const chat::frames::Receipt &receipt);
    void typingReceived(const chat::frames::TypingEvent &typing);
    void presenceReceived(const chat::frames::PresenceEvent &presence);
    //! One of the user's conversations appeared (a group they were added to) or changed.
    void conversationReceived(const chat::ConversationEntry &entry);
    //! localStore() is about to be closed (sign-out, another sign-in, or the session
    //! going): the last chance to write to it. localStore() is still valid here.
    void localStoreAboutToClose();

private:
    void logIn(const QString &username, const QString &password);
    //! Signed in as `user` with `token`: the store opens, listeners hear of it, the socket
    //! starts.
    void start(const User &user, const QString &token);
    void openLocalStore();
    //! Writes the resume cursor if it moved since the last write, then forgets the store.
    void closeLocalStore();
    void saveResumeCursor();

    TlsTrust m_trust;
    ApiClient m_api;
    LiveConnection m_live;
    User m_user;
    QString m_profileDirectory;
    std::unique_ptr<LocalStore> m_store;
    QString m_storeError;
    //! Coalesces cursor writes: a replay of thousands of messages is one write.
    QTimer m_saveCursor;
    qint64 m_savedCursor = 0;
};

} // namespace chat::client
