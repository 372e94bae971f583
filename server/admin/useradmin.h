#pragma once

#include <server/services/passwordhasher.h>
#include <shared/result.h>

#include <QString>

namespace chat::server {

class Store;

//! `chatd user ...`: what an administrator does to accounts, on the database directly
//! (the daemon need not run; when it does, WAL and the busy timeout let both write).
//! Usernames and passwords follow the rules of registration. Each call answers with a
//! sentence for the administrator.
class UserAdmin
{
public:
    explicit UserAdmin(Store &store, PasswordHasher::Cost cost = PasswordHasher::owaspCost());

    [[nodiscard]] Result<QString> create(const QString &username, const QString &password);
    //! Refuses the account's logins and ends its sessions. A running chatd closes its open
    //! WebSockets at their next heartbeat (they look their session up).
    [[nodiscard]] Result<QString> disable(const QString &username);
    [[nodiscard]] Result<QString> enable(const QString &username);
    //! Sets a new password and ends the account's sessions: whoever had the old one is out.
    [[nodiscard]] Result<QString> resetPassword(const QString &username, const QString &password);

private:
    struct Account
    {
        qint64 id = 0;
        QString username; //!< As stored (the lookup ignores case).
        bool disabled = false;
    };
    [[nodiscard]] Result<Account> account(const QString &username) const;

    Store &m_store;
    PasswordHasher m_hasher;
};

} // namespace chat::server
