#pragma once

#include <support/clientinstance.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>

#include <QObject>

#include <memory>
#include <vector>

namespace chat::test {

//! The base of the tests that run several real client stacks against one in-process
//! server: alice, bob and carol signed up over REST, and any number of ClientInstances,
//! each its own machine. cleanup() drops the instances, then the server.
class ClientWorldTest : public QObject
{
    Q_OBJECT

protected:
    using Instance = ClientInstance;
    // The client names these tests use most (others they name as client::X).
    using ChatSession = client::ChatSession;
    using ConversationListModel = client::ConversationListModel;
    using DeliveryState = client::DeliveryState;
    using ReceiptMark = client::ReceiptMark;

    //! A server (with `tweak`) where alice, bob and carol are signed up; nobody signed in.
    void startWithUsers(const TestServer::Tweak &tweak = {});
    //! A new client stack for `user`, not signed in; it lives until cleanup().
    Instance *addInstance(const QString &label, const Session &user);
    //! addInstance() and signIn(); nullptr when that failed (the test has failed then).
    Instance *addSignedIn(const QString &label, const Session &user);
    //! Signs in with the password and waits until live with every other user as a contact.
    void signIn(Instance &instance);
    //! The stored messages of a conversation as the server has them, oldest first.
    QList<Message> serverHistory(const Session &member, qint64 conversationId);
    //! Opens the conversation with `userId` and waits until it shows the server's history.
    void open(Instance &instance, qint64 userId);
    //! alice's, bob's or carol's User.
    [[nodiscard]] User userWithId(qint64 userId) const;
    //! Sends from `from` and waits until every instance on the conversation shows it stored:
    //! also a barrier, since each socket delivers in order whatever the server sent before.
    void sendAndAwait(Instance &from, const QString &body);
    //! `role` of row `row` of a list model.
    [[nodiscard]] static QVariant contactData(const QAbstractItemModel *model, int row, int role);

    ServerFixture m_fixture;
    Session m_alice;
    Session m_bob;
    Session m_carol;
    std::vector<std::unique_ptr<Instance>> m_instances;

private Q_SLOTS:
    void cleanup();
};

//! The world of the sync tests (tst_clientsync, tst_clientsignin, tst_clientsendfailures):
//! two instances of alice (A1, A2) and one of bob (B).
class SyncWorldTest : public ClientWorldTest
{
    Q_OBJECT

protected:
    //! A server with alice, bob and carol, and A1, A2 (alice) and B (bob) signed in and
    //! live, each with its contact list loaded.
    void startWorld(const TestServer::Tweak &tweak = {});
    //! A1 and A2 open bob, B opens alice: all three on the same conversation.
    void openAll();
    //! startWorld() and openAll(); the id of the conversation all three have open (also
    //! in m_conversationId), 0 when that failed.
    qint64 startWorldOnOneConversation(const TestServer::Tweak &tweak = {});

    qint64 m_conversationId = 0;
    Instance *m_a1 = nullptr;
    Instance *m_a2 = nullptr;
    Instance *m_b = nullptr;
};

} // namespace chat::test
