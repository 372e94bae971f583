#pragma once

#include <client/credentials/credentialstore.h>

namespace chat::client {

//! Keeps the session in a JSON file readable and writable by its owner only (0600),
//! written atomically: the fallback where no keychain service runs (a server without a
//! desktop session, a minimal window manager). Answers at once.
class FileCredentialStore : public CredentialStore
{
public:
    explicit FileCredentialStore(const QString &path);

    void load(Loaded done) override;
    void save(const SavedSession &session) override;
    void forget() override;
    [[nodiscard]] QString location() const override { return m_path; }

private:
    QString m_path;
};

} // namespace chat::client
