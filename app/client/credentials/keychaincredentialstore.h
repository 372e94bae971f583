#pragma once

#include <client/credentials/credentialstore.h>

#include <QObject>

#include <memory>

namespace QKeychain {
class Job;
}

namespace chat::client {

//! Keeps the session in the system keychain through QtKeychain (the Secret Service of
//! GNOME Keyring or KWallet on Linux, the Keychain on macOS, the Credential Manager on
//! Windows), one entry per profile. Where the keychain cannot be used (no service
//! running, no D-Bus session) it keeps the session in `fallback` instead, and says so
//! once in the log.
//!
//! A session kept in the keychain removes any copy the fallback holds, so the token is
//! never left in a file once a keychain is there to hold it; loading looks in the
//! keychain first, then in the fallback (what a run without a keychain left).
class KeychainCredentialStore : public QObject, public CredentialStore
{
    Q_OBJECT
public:
    //! `key` names the entry under the service "chat" (the profile directory).
    KeychainCredentialStore(const QString &key, std::unique_ptr<CredentialStore> fallback);
    ~KeychainCredentialStore() override;

    void load(Loaded done) override;
    void save(const SavedSession &session) override;
    void forget() override;
    [[nodiscard]] QString location() const override;

    //! The service name of the entries.
    static constexpr auto Service = "chat";

private:
    //! Logs, once, that the keychain failed and the fallback is used.
    void useFallbackBecause(const QKeychain::Job &job);

    QString m_key;
    std::unique_ptr<CredentialStore> m_fallback;
    bool m_toldFallback = false;
};

} // namespace chat::client
