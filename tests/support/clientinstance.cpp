#include "clientinstance.h"

namespace chat::test {

ClientInstance::ClientInstance(
    const QString &name, const Session &restSession, const QString &profileDirectory)
    : label(name)
    , rest(restSession)
    , session(std::make_unique<client::ChatSession>())
    , client(std::make_unique<client::ClientContext>(*session))
{
    client->setProfileDirectory(profileDirectory.isEmpty() ? ownProfile.path() : profileDirectory);
    for (QAbstractItemModel *model : { static_cast<QAbstractItemModel *>(client->messages()),
             static_cast<QAbstractItemModel *>(client->conversations()) }) {
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

int ClientInstance::shownRowOfPeer(qint64 peerId) const
{
    const int row = conversations()->rowOfPeer(peerId);
    return row < 0 ? -1 : shown()->mapFromSource(conversations()->index(row)).row();
}

bool ClientInstance::isOnline() const
{
    return session->isSignedIn()
        && session->connectionState() == client::ChatSession::ConnectionState::Online;
}

} // namespace chat::test
