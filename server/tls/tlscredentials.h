#pragma once

#include <shared/result.h>

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>

namespace chat::server {

//! A server's certificate chain and private key, read from PEM files and checked to
//! belong together, so that a wrong file is a startup error an operator can act on
//! ("the key does not match the certificate") instead of every handshake failing later.
class TlsCredentials
{
public:
    //! Reads `certificatePath` (PEM: the server's certificate first, then any
    //! intermediates) and `keyPath` (a PEM private key, RSA, EC or DSA, unencrypted).
    [[nodiscard]] static Result<TlsCredentials> load(
        const QString &certificatePath, const QString &keyPath);
    //! The same from PEM bytes (the hosting window's generated pair, tests).
    [[nodiscard]] static Result<TlsCredentials> fromPem(
        const QByteArray &certificatePem, const QByteArray &keyPem);

    [[nodiscard]] const QSslCertificate &certificate() const { return m_chain.first(); }
    [[nodiscard]] const QList<QSslCertificate> &chain() const { return m_chain; }
    [[nodiscard]] const QSslKey &privateKey() const { return m_key; }
    //! What a server socket is set up with: this chain and key, TLS 1.2 or later, no
    //! client certificates asked for.
    [[nodiscard]] QSslConfiguration serverConfiguration() const;

private:
    QList<QSslCertificate> m_chain;
    QSslKey m_key;
};

//! The SHA-256 fingerprint of `certificate` as people compare it: 32 upper-case hex
//! pairs separated by colons ("AB:CD:..."), as `openssl x509 -fingerprint -sha256` shows.
[[nodiscard]] QString certificateFingerprint(const QSslCertificate &certificate);

} // namespace chat::server
