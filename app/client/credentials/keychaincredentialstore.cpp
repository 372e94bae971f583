#include "keychaincredentialstore.h"

#include <client/clientlogging.h>
#include <client/credentials/filecredentialstore.h>

#include <qt6keychain/keychain.h>

#include <QDir>

namespace chat::client {

using namespace Qt::StringLiterals;

std::unique_ptr<CredentialStore> credentialStoreFor(const QString &profileDirectory)
{
    const QString directory = QDir(profileDirectory).absolutePath();
    auto file = std::make_unique<FileCredentialStore>(QDir(directory).filePath(u"session.json"_s));
    if (qEnvironmentVariable("CHAT_CREDENTIALS") == u"file"_s)
        return file;
    return std::make_unique<KeychainCredentialStore>(directory, std::move(file));
}

namespace {

//! The job configured for our entry; it deletes itself once finished.
template<typename Job> Job *keychainJob(const QString &key)
{
    auto *job = new Job(QString::fromLatin1(KeychainCredentialStore::Service));
    job->setKey(key);
    job->setAutoDelete(true);
    // Never QtKeychain's own plain-text fallback (QSettings, readable by anyone who may
    // read the settings): ours is a file only the owner can read.
    job->setInsecureFallback(false);
    return job;
}

} // namespace

KeychainCredentialStore::KeychainCredentialStore(
    const QString &key, std::unique_ptr<CredentialStore> fallback)
    : m_key(key)
    , m_fallback(std::move(fallback))
{ }

KeychainCredentialStore::~KeychainCredentialStore() = default;

QString KeychainCredentialStore::location() const
{
    return u"the system keychain (%1: %2), else %3"_s.arg(
        QString::fromLatin1(Service), m_key, m_fallback->location());
}

void KeychainCredentialStore::load(Loaded done)
{
    auto *job = keychainJob<QKeychain::ReadPasswordJob>(m_key);
    connect(job, &QKeychain::Job::finished, this, [this, job, done = std::move(done)] {
        if (job->error() == QKeychain::NoError) {
            auto session = SavedSession::fromJson(job->textData().toUtf8());
            if (!session)
                qCWarning(lcStorage) << "the session in the keychain is damaged; ignored";
            done(session);
            return;
        }
        if (job->error() != QKeychain::EntryNotFound)
            useFallbackBecause(*job);
        m_fallback->load(done);
    });
    job->start();
}

void KeychainCredentialStore::save(const SavedSession &session)
{
    auto *job = keychainJob<QKeychain::WritePasswordJob>(m_key);
    job->setTextData(QString::fromUtf8(session.toJson()));
    connect(job, &QKeychain::Job::finished, this, [this, job, session] {
        if (job->error() == QKeychain::NoError) {
            m_fallback->forget();
            return;
        }
        useFallbackBecause(*job);
        m_fallback->save(session);
    });
    job->start();
}

void KeychainCredentialStore::forget()
{
    auto *job = keychainJob<QKeychain::DeletePasswordJob>(m_key);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        // Without a keychain there is nothing in it to remove (said once already).
        if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound
            && !m_toldFallback)
            qCInfo(lcStorage) << "cannot remove the session from the keychain:"
                              << job->errorString();
    });
    job->start();
    m_fallback->forget();
}

void KeychainCredentialStore::useFallbackBecause(const QKeychain::Job &job)
{
    if (std::exchange(m_toldFallback, true))
        return;
    qCInfo(lcStorage).noquote().nospace() << "no system keychain (" << job.errorString()
                                          << "); the session is kept in " << m_fallback->location();
}

} // namespace chat::client
