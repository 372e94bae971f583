#include "useradmin.h"

#include <server/services/passwordpolicy.h>
#include <server/store/store.h>
#include <shared/validation.h>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {
QString sessionsEnded(int count)
{
    return count == 1 ? u"ended 1 session"_s : u"ended %1 sessions"_s.arg(count);
}
} // namespace

UserAdmin::UserAdmin(Store &store, PasswordHasher::Cost cost)
    : m_store(store)
    , m_hasher(cost)
{ }

Result<UserAdmin::Account> UserAdmin::account(const QString &username) const
{
    auto stored = m_store.credentials(username);
    if (!stored)
        return stored.error();
    if (!stored.value())
        return Error { ErrorCode::NotFound, u"no user named '%1'"_s.arg(username) };
    return Account { stored.value()->user.id, stored.value()->user.username,
        stored.value()->disabled };
}

Result<QString> UserAdmin::create(const QString &username, const QString &password)
{
    if (auto invalid = checkUsername(username))
        return *invalid;
    if (auto invalid = PasswordPolicy::check(username, password))
        return *invalid;
    auto hash = m_hasher.hash(password);
    if (!hash)
        return hash.error();
    auto user = m_store.createUser(username, hash.value());
    if (!user)
        return user.error();
    return u"created user '%1' (id %2)"_s.arg(user->username).arg(user->id);
}

Result<QString> UserAdmin::disable(const QString &username)
{
    auto found = account(username);
    if (!found)
        return found.error();
    // Already disabled: its sessions ended then, and none could start since.
    if (found->disabled)
        return u"'%1' was disabled already"_s.arg(found->username);
    auto ended = m_store.disableUser(found->id);
    if (!ended)
        return ended.error();
    return u"disabled '%1'; %2"_s.arg(found->username, sessionsEnded(ended.value()));
}

Result<QString> UserAdmin::enable(const QString &username)
{
    auto found = account(username);
    if (!found)
        return found.error();
    if (!found->disabled)
        return u"'%1' was not disabled"_s.arg(found->username);
    if (auto enabled = m_store.enableUser(found->id); !enabled)
        return enabled.error();
    return u"enabled '%1'"_s.arg(found->username);
}

Result<QString> UserAdmin::resetPassword(const QString &username, const QString &password)
{
    auto found = account(username);
    if (!found)
        return found.error();
    if (auto invalid = PasswordPolicy::check(found->username, password))
        return *invalid;
    auto hash = m_hasher.hash(password);
    if (!hash)
        return hash.error();
    auto ended = m_store.replacePassword(found->id, hash.value());
    if (!ended)
        return ended.error();
    return u"set a new password for '%1'; %2"_s.arg(found->username, sessionsEnded(ended.value()));
}

} // namespace chat::server
