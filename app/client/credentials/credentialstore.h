#pragma once

#include <client/credentials/savedsession.h>

#include <functional>
#include <memory>
#include <optional>

namespace chat::client {

//! Where the session token is kept between runs of the app. The real one is the
//! system keychain (KeychainCredentialStore), with a file only the user can read as the
//! fallback where no keychain service runs (FileCredentialStore).
//!
//! Failures are logged, never fatal: a session that could not be kept only means the
//! password is asked for at the next start.
class CredentialStore
{
public:
    using Loaded = std::function<void(std::optional<SavedSession>)>;

    virtual ~CredentialStore() = default;

    //! Calls `done` with the kept session (nullopt: none). Keychains answer
    //! asynchronously; `done` is not called once the store is gone.
    virtual void load(Loaded done) = 0;
    //! Keeps `session` in place of any other.
    virtual void save(const SavedSession &session) = 0;
    //! Keeps nothing any more.
    virtual void forget() = 0;
    //! Where it keeps sessions, for the log ("the system keychain", a path).
    [[nodiscard]] virtual QString location() const = 0;
};

//! The store the app uses for a profile directory: the system keychain (an entry per
//! profile) with `<profileDirectory>/session.json` as its fallback; or the file alone
//! when the environment says CHAT_CREDENTIALS=file (the tests: they never touch the
//! keychain of whoever runs them).
[[nodiscard]] std::unique_ptr<CredentialStore> credentialStoreFor(const QString &profileDirectory);

} // namespace chat::client
