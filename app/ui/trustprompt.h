#pragma once

#include <QDialog>
#include <QSslCertificate>

class QLabel;
class QPushButton;

namespace chat::ui {

//! Asks, once, whether to trust a server whose certificate the system does not vouch
//! for (a self-signed one: a chat hosted on a LAN). Shows the server, the certificate's
//! SHA-256 fingerprint to compare with what its owner says (HostingStatus shows it on the
//! hosting side, chatd logs it), and who it names and until when. Accepting pins it (the
//! caller does, through TlsTrust); Cancel is the default button.
//!
//! changedWarning() is the other half: the loud, modal refusal when a pinned server
//! presents another certificate.
class TrustPrompt : public QDialog
{
    Q_OBJECT
public:
    TrustPrompt(const QString &hostPort, const QSslCertificate &certificate, const QString &reason,
        QWidget *parent = nullptr);

    [[nodiscard]] QString hostPort() const { return m_hostPort; }
    [[nodiscard]] const QSslCertificate &certificate() const { return m_certificate; }
    [[nodiscard]] QLabel *fingerprintLabel() const { return m_fingerprint; }
    [[nodiscard]] QPushButton *trustButton() const { return m_trust; }

    //! The text of the refusal when `hostPort`'s pinned certificate changed.
    [[nodiscard]] static QString changedText(
        const QString &hostPort, const QString &pinned, const QString &presented);
    //! Shows changedText() in a modal critical message box on `parent`.
    static void changedWarning(
        QWidget *parent, const QString &hostPort, const QString &pinned, const QString &presented);

private:
    QString m_hostPort;
    QSslCertificate m_certificate;
    QLabel *m_fingerprint;
    QPushButton *m_trust;
};

} // namespace chat::ui
