#pragma once

#include <client/credentials/credentialstore.h>

#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

namespace chat::client {

class ChatSession;

//! Keeps the user signed in across restarts, as a messenger does: each sign-in's token is
//! saved in the profile's CredentialStore (the system keychain), the next start resumes
//! with it (restore()), and a sign-out, or the server ending the session, forgets it.
//!
//! The token is a secret: it is never written anywhere else, and never logged.
class SessionKeeper : public QObject
{
    Q_OBJECT
public:
    //! `session` must outlive the keeper.
    explicit SessionKeeper(ChatSession &session, QObject *parent = nullptr);
    ~SessionKeeper() override;

    using Restored = std::function<void(bool resumed)>;
    //! Resumes the kept session if there is one for `server` and `username` (either empty:
    //! any), then calls `done` (not called if the keeper goes first). The store of the
    //! session's profile directory is asked; keychains answer asynchronously.
    void restore(const QUrl &server, const QString &username, Restored done);

private:
    void onSignedInChanged();
    //! The store for the session's current profile directory.
    CredentialStore &store();

    ChatSession &m_session;
    std::unique_ptr<CredentialStore> m_store;
    //! The profile directory m_store was made for.
    QString m_storeDirectory;
    //! What the store holds as far as we know: saved again only when it changed.
    std::optional<SavedSession> m_kept;
};

} // namespace chat::client
