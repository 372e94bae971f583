#include "tlstrust.h"

#include <client/clientlogging.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace chat::client {

using namespace Qt::StringLiterals;

namespace {

//! QSettings keys may not hold '/' or '\\'; a host:port never does, but IPv6 brackets and
//! colons are fine. The group keeps the file readable: [pins] host:port=AB:CD:...
QString keyFor(const QString &hostPort)
{
    return u"pins/"_s + QString::fromLatin1(QUrl::toPercentEncoding(hostPort, "[]:"));
}

} // namespace

TlsTrust::TlsTrust(QObject *parent)
    : QObject(parent)
{ }

QString TlsTrust::hostPort(const QUrl &url)
{
    const int defaultPort = url.scheme() == u"https" || url.scheme() == u"wss" ? 443 : 80;
    const QString host = url.host().toLower();
    // An IPv6 address is bracketed, as in a URL, so the port stays apart.
    const QString shown = host.contains(u':') ? u"[%1]"_s.arg(host) : host;
    return u"%1:%2"_s.arg(shown).arg(url.port(defaultPort));
}

QString TlsTrust::fingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

std::optional<QString> TlsTrust::pinnedFingerprint(const QString &hostPort) const
{
    if (m_pinFile.isEmpty())
        return std::nullopt;
    const QSettings settings(m_pinFile, QSettings::IniFormat);
    const QString pinned = settings.value(keyFor(hostPort)).toString();
    return pinned.isEmpty() ? std::nullopt : std::optional(pinned);
}

TlsTrust::Verdict TlsTrust::verdict(const QString &hostPort, const QSslCertificate &presented) const
{
    const auto pinned = pinnedFingerprint(hostPort);
    if (!pinned)
        return Verdict::Unknown;
    return !presented.isNull() && *pinned == fingerprint(presented) ? Verdict::Trusted
                                                                    : Verdict::Changed;
}

bool TlsTrust::pin(const QString &hostPort, const QSslCertificate &certificate)
{
    if (m_pinFile.isEmpty() || certificate.isNull())
        return false;
    QDir().mkpath(QFileInfo(m_pinFile).absolutePath());
    QSettings settings(m_pinFile, QSettings::IniFormat);
    settings.setValue(keyFor(hostPort), fingerprint(certificate));
    settings.sync();
    m_pending.remove(hostPort);
    m_announced.remove(hostPort);
    qCInfo(lcNet).noquote() << "pinned the certificate of" << hostPort << fingerprint(certificate);
    return settings.status() == QSettings::NoError;
}

void TlsTrust::forget(const QString &hostPort)
{
    if (m_pinFile.isEmpty())
        return;
    QSettings settings(m_pinFile, QSettings::IniFormat);
    settings.remove(keyFor(hostPort));
}

QSslCertificate TlsTrust::certificateOf(const QList<QSslError> &errors)
{
    for (const QSslError &error : errors) {
        if (!error.certificate().isNull())
            return error.certificate();
    }
    return QSslCertificate();
}

QSslCertificate TlsTrust::pendingCertificate(const QString &hostPort) const
{
    return m_pending.value(hostPort);
}

bool TlsTrust::acceptDespiteErrors(
    const QString &hostPort, const QList<QSslError> &errors, const QSslCertificate &presented)
{
    const Verdict verdict = this->verdict(hostPort, presented);
    if (verdict == Verdict::Trusted)
        return true;
    const QString presentedFingerprint = fingerprint(presented);
    // One prompt or warning per certificate: the REST client and the socket (and each
    // reconnect) all meet the same one.
    const QString announcement = hostPort + u' ' + presentedFingerprint;
    const bool announced = m_announced.contains(announcement);
    m_announced.insert(announcement);
    m_pending.insert(hostPort, presented);
    if (verdict == Verdict::Changed) {
        const QString pinned = pinnedFingerprint(hostPort).value_or(QString());
        qCWarning(lcNet).noquote()
            << "refusing" << hostPort << ": its certificate changed from the pinned" << pinned
            << "to" << presentedFingerprint;
        if (!announced)
            Q_EMIT certificateChanged(hostPort, pinned, presentedFingerprint);
        return false;
    }
    QStringList reasons;
    for (const QSslError &error : errors)
        reasons << error.errorString();
    qCInfo(lcNet).noquote() << "the certificate of" << hostPort
                            << "is not trusted yet:" << presentedFingerprint << "-"
                            << reasons.join(u"; "_s);
    if (!announced && !presented.isNull())
        Q_EMIT confirmationNeeded(hostPort, presented, reasons.join(u"; "_s));
    return false;
}

} // namespace chat::client
