#include "testcertificate.h"

#include <server/tls/selfsignedcertificate.h>

#include <QFile>

namespace chat::test {

using namespace Qt::StringLiterals;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

TestCertificate::TestCertificate(const QString &commonName)
{
    const auto pem = server::SelfSignedCertificate::generate({
        .commonName = commonName,
        .hostNames = { u"localhost"_s },
        .addresses = { QHostAddress(QHostAddress::LocalHost) },
        .validDays = 2,
    });
    if (!pem) {
        m_error = pem.error().message;
        return;
    }
    if (!writeFile(certificatePath(), pem.value().certificate)
        || !writeFile(keyPath(), pem.value().privateKey)) {
        m_error = u"cannot write the PEM files into %1"_s.arg(m_directory.path());
        return;
    }
    m_certificate = QSslCertificate(pem.value().certificate, QSsl::Pem);
}

} // namespace chat::test
