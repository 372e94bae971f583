#pragma once

#include <shared/result.h>

#include <QByteArray>
#include <QString>

namespace chat::server {

//! Argon2id password hashing through libsodium's crypto_pwhash_str. The stored string
//! carries its own salt and parameters, so raising the cost later keeps old hashes valid.
class PasswordHasher
{
public:
    struct Cost
    {
        unsigned long long operations = 0;
        size_t memoryBytes = 0;
    };
    //! OWASP's Argon2id recommendation: 19 MiB, 2 iterations, 1 lane (about 20 ms here).
    static Cost owaspCost();

    explicit PasswordHasher(Cost cost = owaspCost());

    [[nodiscard]] Result<QByteArray> hash(const QString &password) const;
    //! Constant-time with respect to the password; false for a malformed stored hash.
    [[nodiscard]] bool verify(const QByteArray &storedHash, const QString &password) const;
    //! Burns the time of a verification, so an unknown username is not revealed by timing.
    void verifyDummy(const QString &password) const;

private:
    Cost m_cost;
    QByteArray m_dummyHash;
};

} // namespace chat::server
