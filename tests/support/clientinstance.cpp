#include "clientinstance.h"

namespace chat::test {

ClientInstance::ClientInstance(
    const QString &name, const Session &restSession, const QString &profileDirectory)
    : label(name)
    , rest(restSession)
    , session(std::make_unique<client::ChatSession>())
    , client(std::make_unique<client::ChatClient>(*session))
{
    client->setProfileDirectory(profileDirectory.isEmpty() ? ownProfile.path() : profileDirectory);
    for (QAbstractItemModel *model : { static_cast<QAbstractItemModel *>(client->messages()),
             static_cast<QAbstractItemModel *>(client->contacts()) }) {
        testers.push_back(std::make_unique<QAbstractItemModelTester>(
            model, QAbstractItemModelTester::FailureReportingMode::QtTest));
    }
}

ClientInstance::~ClientInstance()
{
    // The testers watch the client's models: they go first.
    testers.clear();
    client.reset();
    session.reset();
}

bool ClientInstance::isOnline() const
{
    return session->isSignedIn()
        && session->connectionState() == client::ChatSession::ConnectionState::Online;
}

} // namespace chat::test
