#pragma once

#include <shared/result.h>

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

namespace chat::server {

//! Makes a self-signed server certificate and its key with OpenSSL's EVP and X509 API:
//! for a server nobody's CA vouches for (the desktop app hosting a chat on a LAN, tests).
//! Clients trust such a certificate by its fingerprint (trust on first use), not by a CA.
//!
//! The key is EC P-256 (as strong as RSA 3072, generated in a millisecond instead of a
//! second); the certificate is X.509 v3, SHA-256 signed, with a random 128-bit serial, the
//! names and addresses as subjectAltName (what clients check, not the common name), and
//! marked as a server certificate that is not a CA.
class SelfSignedCertificate
{
public:
    struct Options
    {
        QString commonName = QStringLiteral("chat server");
        QStringList hostNames; //!< DNS names in subjectAltName ("localhost", "alice-laptop").
        QList<QHostAddress> addresses; //!< IP addresses in subjectAltName.
        int validDays = 730; //!< From an hour ago (clocks differ) until this many days on.
    };
    //! A certificate and key, both PEM (the key unencrypted PKCS#8).
    struct Pem
    {
        QByteArray certificate;
        QByteArray privateKey;
    };

    [[nodiscard]] static Result<Pem> generate(const Options &options);
};

} // namespace chat::server
