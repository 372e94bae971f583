#include "sessionkeeper.h"

#include <client/clientlogging.h>
#include <client/network/chatsession.h>

#include <QPointer>

namespace chat::client {

SessionKeeper::SessionKeeper(ChatSession &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    connect(&m_session, &ChatSession::signedInChanged, this, &SessionKeeper::onSignedInChanged);
}

SessionKeeper::~SessionKeeper() = default;

CredentialStore &SessionKeeper::store()
{
    const QString directory = m_session.profileDirectory();
    if (!m_store || directory != m_storeDirectory) {
        m_store = credentialStoreFor(directory);
        m_storeDirectory = directory;
        m_kept.reset();
    }
    return *m_store;
}

void SessionKeeper::restore(const QUrl &server, const QString &username, Restored done)
{
    QPointer<SessionKeeper> self(this);
    store().load(
        [self, server, username, done = std::move(done)](std::optional<SavedSession> kept) {
            if (!self)
                return;
            // A session for another server or account (named on the command line) is left
            // alone: it is still the one for the next start without arguments.
            const bool fits = kept && (server.isEmpty() || kept->server == server)
                && (username.isEmpty() || kept->user.username == username);
            if (!fits || self->m_session.isSignedIn()) {
                done(false);
                return;
            }
            qCInfo(lcNet).noquote()
                << "signing in again as" << kept->user.username << "on" << kept->server.toString();
            self->m_kept = kept;
            self->m_session.resume(kept->server, kept->user, kept->token);
            done(true);
        });
}

void SessionKeeper::onSignedInChanged()
{
    if (!m_session.isSignedIn()) {
        // Signed out here or ended by the server (expired, revoked elsewhere): the token
        // is of no use any more, and must not outlive the sign-out on this machine.
        store().forget();
        m_kept.reset();
        return;
    }
    const SavedSession current { m_session.serverUrl(), m_session.user(), m_session.token() };
    if (m_kept == current)
        return;
    store().save(current);
    m_kept = current;
}

} // namespace chat::client
