#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QSslCertificate>
#include <QSslError>
#include <QString>
#include <QUrl>

#include <optional>

namespace chat::client {

//! Whom the client believes when a server speaks TLS, as SSH does with host keys:
//! - a certificate the system's CA store verifies (for the server's name) is trusted;
//! - otherwise (self-signed: a server hosted on a LAN) the certificate's SHA-256
//!   fingerprint decides. On first contact nothing is pinned: the connection is refused
//!   and confirmationNeeded() asks the user once; pin() records their yes for that
//!   host:port, and from then on exactly that certificate is accepted there, silently;
//! - a pinned host:port that presents another certificate is refused, every time, and
//!   certificateChanged() names both fingerprints so the user is warned. Nothing but an
//!   explicit forget() (or pin()) replaces a pin.
//!
//! Pins live in an INI file (`known-servers.ini` in the profile directory), one key per
//! host:port. No widgets here: the prompt and the warning are the UI's (TrustPrompt).
class TlsTrust : public QObject
{
    Q_OBJECT
public:
    enum class Verdict {
        Trusted, //!< Pinned, and this is the pinned certificate.
        Unknown, //!< Nothing pinned for the host:port: ask the user.
        Changed, //!< Pinned, and this is another certificate: refuse and warn.
    };
    Q_ENUM(Verdict)

    explicit TlsTrust(QObject *parent = nullptr);

    //! The INI file pins are read from and written to (created when the first is pinned).
    void setPinFile(const QString &path) { m_pinFile = path; }
    [[nodiscard]] QString pinFile() const { return m_pinFile; }

    //! "host:port" of a server URL (the scheme's port when it names none): what a pin is for.
    [[nodiscard]] static QString hostPort(const QUrl &url);
    //! SHA-256 of the certificate's DER bytes as "AB:CD:..." (what `openssl x509
    //! -fingerprint -sha256` and chatd's log show).
    [[nodiscard]] static QString fingerprint(const QSslCertificate &certificate);

    [[nodiscard]] std::optional<QString> pinnedFingerprint(const QString &hostPort) const;
    [[nodiscard]] Verdict verdict(const QString &hostPort, const QSslCertificate &presented) const;
    //! The user trusts `certificate` for `hostPort`: pinned, replacing any earlier pin.
    //! False when the pin could not be written.
    bool pin(const QString &hostPort, const QSslCertificate &certificate);
    void forget(const QString &hostPort);

    //! A TLS connection to `hostPort` failed the system's verification with `errors`;
    //! `presented` is the server's certificate. True: the pinned certificate, ignore the
    //! errors. False: refuse the connection (and confirmationNeeded or certificateChanged
    //! was emitted, once per certificate until it is pinned or the app restarts).
    bool acceptDespiteErrors(
        const QString &hostPort, const QList<QSslError> &errors, const QSslCertificate &presented);

    //! The server's certificate out of a failed verification's errors: the first one an
    //! error names (the leaf: it is checked first), for when the socket does not say.
    [[nodiscard]] static QSslCertificate certificateOf(const QList<QSslError> &errors);

    //! The last certificate `hostPort` presented that is not trusted (for the prompt).
    [[nodiscard]] QSslCertificate pendingCertificate(const QString &hostPort) const;

Q_SIGNALS:
    //! First contact with a server whose certificate the system does not trust: ask the
    //! user whether `certificate` (show its fingerprint) is the server's; pin() if so.
    void confirmationNeeded(
        const QString &hostPort, const QSslCertificate &certificate, const QString &reason);
    //! The pinned certificate of `hostPort` was not the one presented: the connection
    //! was refused. Possibly an attack; say so loudly.
    void certificateChanged(
        const QString &hostPort, const QString &pinnedFingerprint, const QString &newFingerprint);

private:
    QString m_pinFile;
    //! Per host:port, the last untrusted certificate seen, and whether the user heard of it.
    QHash<QString, QSslCertificate> m_pending;
    QSet<QString> m_announced;
};

} // namespace chat::client
