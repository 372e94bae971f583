#include "tlscredentials.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QSslSocket>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {

struct BioFree
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
struct X509Free
{
    void operator()(X509 *x509) const { X509_free(x509); }
};
struct PkeyFree
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};

Result<QByteArray> readFile(const QString &path, const QString &what)
{
    if (path.isEmpty())
        return Error { ErrorCode::Internal, u"no %1 file given"_s.arg(what) };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error { ErrorCode::Internal,
            u"cannot read the TLS %1 '%2': %3"_s.arg(what, path, file.errorString()) };
    }
    // A certificate chain or a key is a few KiB; anything huge is the wrong file.
    return file.read(1024 * 1024);
}

std::unique_ptr<BIO, BioFree> memoryBio(const QByteArray &bytes)
{
    return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(bytes.constData(), int(bytes.size())));
}

//! The QSslKey algorithm of an OpenSSL key, or nothing for one Qt cannot use.
std::optional<QSsl::KeyAlgorithm> algorithmOf(EVP_PKEY *key)
{
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
        return QSsl::Rsa;
    case EVP_PKEY_EC:
        return QSsl::Ec;
    case EVP_PKEY_DSA:
        return QSsl::Dsa;
    default:
        return std::nullopt;
    }
}

} // namespace

Result<TlsCredentials> TlsCredentials::load(const QString &certificatePath, const QString &keyPath)
{
    const auto certificate = readFile(certificatePath, u"certificate"_s);
    if (!certificate)
        return certificate.error();
    const auto key = readFile(keyPath, u"key"_s);
    if (!key)
        return key.error();
    auto credentials = fromPem(certificate.value(), key.value());
    if (!credentials) {
        return Error { ErrorCode::Internal,
            u"%1 (certificate '%2', key '%3')"_s.arg(
                credentials.error().message, certificatePath, keyPath) };
    }
    return credentials;
}

Result<TlsCredentials> TlsCredentials::fromPem(
    const QByteArray &certificatePem, const QByteArray &keyPem)
{
    if (!QSslSocket::supportsSsl()) {
        return Error { ErrorCode::Internal, u"this Qt has no TLS backend (is libssl missing?)"_s };
    }
    TlsCredentials credentials;
    credentials.m_chain = QSslCertificate::fromData(certificatePem, QSsl::Pem);
    if (credentials.m_chain.isEmpty() || credentials.m_chain.first().isNull())
        return Error { ErrorCode::Internal, u"the certificate file holds no PEM certificate"_s };

    // OpenSSL reads the key whatever its type, and says whether it belongs to the
    // certificate: Qt has no such check, and a mismatch would only show as failed
    // handshakes once clients come.
    auto certBio = memoryBio(certificatePem);
    auto keyBio = memoryBio(keyPem);
    std::unique_ptr<X509, X509Free> x509(
        PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
    // A null password callback with an empty password: an encrypted key fails here
    // instead of asking on a terminal.
    char noPassword[] = "";
    std::unique_ptr<EVP_PKEY, PkeyFree> pkey(
        PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, noPassword));
    if (!x509)
        return Error { ErrorCode::Internal, u"the certificate file holds no PEM certificate"_s };
    if (!pkey) {
        return Error { ErrorCode::Internal,
            u"the key file holds no unencrypted PEM private key"_s };
    }
    const auto algorithm = algorithmOf(pkey.get());
    if (!algorithm) {
        return Error { ErrorCode::Internal,
            u"the private key's type is not supported (use RSA or EC)"_s };
    }
    if (X509_check_private_key(x509.get(), pkey.get()) != 1)
        return Error { ErrorCode::Internal, u"the private key does not match the certificate"_s };

    credentials.m_key = QSslKey(keyPem, *algorithm, QSsl::Pem, QSsl::PrivateKey);
    if (credentials.m_key.isNull())
        return Error { ErrorCode::Internal, u"Qt cannot use the private key"_s };
    return credentials;
}

QSslConfiguration TlsCredentials::serverConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(m_chain);
    configuration.setPrivateKey(m_key);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates
    return configuration;
}

QString certificateFingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

} // namespace chat::server
