#include "filecredentialstore.h"

#include <client/clientlogging.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace chat::client {

FileCredentialStore::FileCredentialStore(const QString &path)
    : m_path(path)
{ }

void FileCredentialStore::load(Loaded done)
{
    QFile file(m_path);
    if (!file.exists()) {
        done(std::nullopt);
        return;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcStorage) << "cannot read the saved session" << m_path << ":"
                             << file.errorString();
        done(std::nullopt);
        return;
    }
    auto session = SavedSession::fromJson(file.read(64 * 1024));
    if (!session)
        qCWarning(lcStorage) << "the saved session in" << m_path << "is damaged; ignored";
    done(session);
}

void FileCredentialStore::save(const SavedSession &session)
{
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        qCWarning(lcStorage) << "cannot create the directory of" << m_path;
        return;
    }
    QSaveFile file(m_path);
    // The token is a password: owner-only from the first byte, the temporary file too.
    const bool saved = file.open(QIODevice::WriteOnly)
        && file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        && file.write(session.toJson()) >= 0 && file.commit();
    if (!saved)
        qCWarning(lcStorage) << "cannot save the session to" << m_path << ":" << file.errorString();
}

void FileCredentialStore::forget()
{
    if (QFile::exists(m_path) && !QFile::remove(m_path))
        qCWarning(lcStorage) << "cannot remove the saved session" << m_path;
}

} // namespace chat::client
