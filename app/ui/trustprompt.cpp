#include "trustprompt.h"

#include <client/network/tlstrust.h>

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace chat::ui {

using namespace Qt::StringLiterals;

namespace {

//! The fingerprint in two lines of 16 pairs: easier to compare by eye than one of 95
//! characters, and it fits the dialog.
QString twoLines(const QString &fingerprint)
{
    const qsizetype middle = fingerprint.size() / 2;
    const qsizetype split = fingerprint.indexOf(u':', middle - 1);
    return split < 0 ? fingerprint
                     : fingerprint.left(split + 1) + u'\n' + fingerprint.mid(split + 1);
}

} // namespace

TrustPrompt::TrustPrompt(const QString &hostPort, const QSslCertificate &certificate,
    const QString &reason, QWidget *parent)
    : QDialog(parent)
    , m_hostPort(hostPort)
    , m_certificate(certificate)
{
    setWindowTitle(tr("Trust This Server?"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("<b>%1</b> uses a certificate that this computer cannot check "
                                "(%2).<br><br>If it is a server you know, for example one "
                                "hosted by a colleague, ask its owner for its fingerprint and "
                                "compare it with this one. Trust it only if they match: "
                                "from then on this app accepts only this certificate there.")
                                 .arg(hostPort.toHtmlEscaped(),
                                     reason.isEmpty() ? tr("self-signed") : reason.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_fingerprint = new QLabel(twoLines(client::TlsTrust::fingerprint(certificate)), this);
    m_fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fingerprint->setAccessibleName(tr("SHA-256 fingerprint"));
    layout->addWidget(new QLabel(tr("SHA-256 fingerprint:"), this));
    layout->addWidget(m_fingerprint);
    const QString names = certificate.subjectDisplayName();
    layout->addWidget(new QLabel(
        tr("Issued to %1, valid until %2.")
            .arg(names.isEmpty() ? tr("(no name)") : names,
                QLocale().toString(certificate.expiryDate().date(), QLocale::LongFormat)),
        this));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_trust = buttons->addButton(tr("&Trust This Server"), QDialogButtonBox::AcceptRole);
    m_trust->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString TrustPrompt::changedText(
    const QString &hostPort, const QString &pinned, const QString &presented)
{
    return tr("The certificate of %1 has CHANGED. The connection was refused.\n\n"
              "Trusted before:\n%2\n\nPresented now:\n%3\n\n"
              "Someone may be intercepting the connection. If the server's owner confirms "
              "that it has a new certificate, remove its entry from known-servers.ini in "
              "the app's data directory and connect again.")
        .arg(hostPort, pinned, presented);
}

void TrustPrompt::changedWarning(
    QWidget *parent, const QString &hostPort, const QString &pinned, const QString &presented)
{
    QMessageBox box(QMessageBox::Critical, tr("Server Certificate Changed"),
        changedText(hostPort, pinned, presented), QMessageBox::Close, parent);
    box.exec();
}

} // namespace chat::ui
