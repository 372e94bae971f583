#pragma once

#include <QSslCertificate>
#include <QString>
#include <QTemporaryDir>

namespace chat::test {

//! A throwaway self-signed certificate for 127.0.0.1 and localhost, made with the
//! server's SelfSignedCertificate and written as PEM files into a temporary directory
//! that goes with the object. isValid() is false (and error() says why) if that failed.
class TestCertificate
{
public:
    explicit TestCertificate(const QString &commonName = QStringLiteral("chat test"));

    [[nodiscard]] bool isValid() const { return !m_certificate.isNull(); }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] QString certificatePath() const
    {
        return m_directory.filePath(QStringLiteral("cert.pem"));
    }
    [[nodiscard]] QString keyPath() const
    {
        return m_directory.filePath(QStringLiteral("key.pem"));
    }
    [[nodiscard]] const QSslCertificate &certificate() const { return m_certificate; }

private:
    QTemporaryDir m_directory;
    QSslCertificate m_certificate;
    QString m_error;
};

} // namespace chat::test
