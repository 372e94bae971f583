#pragma once

#include <shared/result.h>

#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QStringList>

namespace chat::host {

//! The hosted server's own TLS certificate: self-signed (nobody's CA knows a laptop on a
//! LAN), made on first use with server::SelfSignedCertificate and kept in the app's data
//! directory (hosted-server/tls/, the directory 0700 and both files 0600) so that the
//! fingerprint others pinned stays the same from one run to the next. Made again only
//! when the files are missing, unusable, or within 30 days of expiring.
class HostCertificate
{
public:
    struct Files
    {
        QString certificatePath;
        QString keyPath;
        QSslCertificate certificate;
        bool generated = false; //!< Made by this call (first use, or renewed).
    };

    //! The certificate in `directory`, made there if needed for `hostNames` and
    //! `addresses` (its subjectAltName).
    [[nodiscard]] static Result<Files> ensure(const QString &directory,
        const QStringList &hostNames, const QList<QHostAddress> &addresses);
    //! ensure() in the default directory for this machine's name and addresses.
    [[nodiscard]] static Result<Files> ensureDefault();
    [[nodiscard]] static QString defaultDirectory();
};

} // namespace chat::host
