#include "hostcertificate.h"

#include <server/tls/selfsignedcertificate.h>
#include <server/tls/tlscredentials.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QNetworkInterface>
#include <QStandardPaths>
#include <QSysInfo>

namespace chat::host {

using namespace Qt::StringLiterals;

namespace {

constexpr int ValidDays = 730;
constexpr int RenewDaysBefore = 30;

//! Writes `bytes` to a file only its owner may read: the permissions are set on the empty
//! file before a byte of the key is in it.
std::optional<QString> writePrivateFile(const QString &path, const QByteArray &bytes)
{
    QFile::remove(path);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(bytes) != bytes.size() || !file.flush()) {
        return u"cannot write '%1': %2"_s.arg(path, file.errorString());
    }
    return std::nullopt;
}

} // namespace

QString HostCertificate::defaultDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(u"hosted-server/tls"_s);
}

Result<HostCertificate::Files> HostCertificate::ensure(
    const QString &directory, const QStringList &hostNames, const QList<QHostAddress> &addresses)
{
    const QDir dir(directory);
    Files files { dir.filePath(u"cert.pem"_s), dir.filePath(u"key.pem"_s), QSslCertificate(),
        false };
    // Kept while it loads, matches its key and is not about to expire.
    if (auto existing = server::TlsCredentials::load(files.certificatePath, files.keyPath)) {
        const QSslCertificate &certificate = existing.value().certificate();
        if (certificate.expiryDate() > QDateTime::currentDateTimeUtc().addDays(RenewDaysBefore)) {
            files.certificate = certificate;
            return files;
        }
    }

    if (!QDir().mkpath(directory))
        return Error { ErrorCode::Internal, u"cannot create the directory '%1'"_s.arg(directory) };
    QFile::setPermissions(
        directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QString machine = QSysInfo::machineHostName();
    auto pem = server::SelfSignedCertificate::generate({
        .commonName = machine.isEmpty() ? u"chat server"_s : machine,
        .hostNames = hostNames,
        .addresses = addresses,
        .validDays = ValidDays,
    });
    if (!pem)
        return pem.error();
    if (auto failed = writePrivateFile(files.keyPath, pem.value().privateKey))
        return Error { ErrorCode::Internal, *failed };
    if (auto failed = writePrivateFile(files.certificatePath, pem.value().certificate))
        return Error { ErrorCode::Internal, *failed };
    files.certificate = QSslCertificate(pem.value().certificate, QSsl::Pem);
    files.generated = true;
    return files;
}

Result<HostCertificate::Files> HostCertificate::ensureDefault()
{
    QStringList names { u"localhost"_s };
    const QString machine = QSysInfo::machineHostName();
    if (!machine.isEmpty()) {
        names << machine;
        if (!machine.contains(u'.'))
            names << machine + u".local"_s; // mDNS, as LANs often name a laptop
    }
    QList<QHostAddress> addresses;
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (!address.isLinkLocal())
            addresses << address;
    }
    return ensure(defaultDirectory(), names, addresses);
}

} // namespace chat::host
