#include "passwordhasher.h"

#include <sodium.h>

namespace chat::server {

using namespace Qt::StringLiterals;

PasswordHasher::Cost PasswordHasher::owaspCost()
{
    return Cost { 2, 19 * 1024 * 1024 };
}

PasswordHasher::PasswordHasher(Cost cost)
    : m_cost(cost)
{
    // sodium_init is idempotent and thread-safe; -1 means no usable randomness source.
    if (sodium_init() < 0)
        qFatal("libsodium could not be initialised");
    m_dummyHash = hash(u"dummy password for timing"_s).value();
}

Result<QByteArray> PasswordHasher::hash(const QString &password) const
{
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, utf8.constData(), quint64(utf8.size()), m_cost.operations,
            m_cost.memoryBytes, crypto_pwhash_ALG_ARGON2ID13)
        != 0) {
        return Error { ErrorCode::Internal, u"out of memory while hashing a password"_s };
    }
    return QByteArray(out);
}

bool PasswordHasher::verify(const QByteArray &storedHash, const QString &password) const
{
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(storedHash.constData(), utf8.constData(), quint64(utf8.size()))
        == 0;
}

void PasswordHasher::verifyDummy(const QString &password) const
{
    (void)verify(m_dummyHash, password);
}

} // namespace chat::server
