// Signing in and the conversation list, with real client stacks (ChatSession +
// ClientContext with their models) against an in-process server: two instances of alice
// (A1, A2) and one of bob (B). Signing in goes live with an empty list and everyone
// else in the people directory; signing up from the client registers, and the new user
// is found at once; a taken name is refused; a message to a
// conversation that is not open updates its row and brings it to the top, on every
// instance, and shows once when the conversation is opened.
#include <support/clientworldtest.h>
#include <support/modelrows.h>

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class TestClientSignIn : public SyncWorldTest
{
    Q_OBJECT

    //! The names the instance's people directory finds for `query`.
    static QStringList directoryNames(Instance &instance, const QString &query)
    {
        client::PeopleDirectory *people = instance.client->people();
        QSignalSpy finished(people, &client::PeopleDirectory::searchFinished);
        people->setQuery(query);
        people->searchNow();
        if (!finished.wait(Timeout))
            return { u"(no answer)"_s };
        QStringList names;
        for (int row = 0; row < people->rowCount(); ++row)
            names.append(people->at(row).username);
        return names;
    }

private Q_SLOTS:
    void signInGoesLiveAndFindsPeople()
    {
        startWorld();
        if (QTest::currentTestFailed())
            return;
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            QVERIFY(instance->session->isSignedIn());
            QCOMPARE(instance->session->serverUrl(), m_fixture.url());
            QCOMPARE(instance->client->openConversation().peerId(), 0);
            QCOMPARE(instance->messages()->rowCount(), 0);
            // Nobody has said anything yet: nothing listed.
            QCOMPARE(instance->conversations()->rowCount(), 0);
        }
        // The people are in the directory, by name, never the user.
        QCOMPARE(directoryNames(*m_a1, {}), (QStringList { u"bob"_s, u"carol"_s }));
        QCOMPARE(directoryNames(*m_b, {}), (QStringList { u"alice"_s, u"carol"_s }));
        QCOMPARE(directoryNames(*m_b, u"C"_s), QStringList { u"carol"_s });

        // Signing up from the client: registers, logs in and goes live.
        Instance *dave = addInstance(u"D"_s, Session { {}, User { 0, u"dave"_s }, {} });
        QSignalSpy daveFailed(dave->session.get(), &ChatSession::signInFailed);
        dave->session->signIn(
            m_fixture.url(), u"dave"_s, defaultPassword(), ChatSession::SignInMode::Register);
        QTRY_VERIFY_WITH_TIMEOUT(dave->isOnline() || !daveFailed.isEmpty(), Timeout);
        QVERIFY(daveFailed.isEmpty());
        QVERIFY(dave->userId() != 0);
        QTRY_VERIFY_WITH_TIMEOUT(!dave->client->conversationList().isFetching(), Timeout);
        QCOMPARE(dave->conversations()->rowCount(), 0);
        // ...and is found at once by someone signed in long before.
        QCOMPARE(directoryNames(*m_a1, u"d"_s), QStringList { u"dave"_s });
        QCOMPARE(directoryNames(*dave, {}), (QStringList { u"alice"_s, u"bob"_s, u"carol"_s }));

        // Registering a taken name fails and leaves the session signed out.
        ChatSession taken;
        QSignalSpy takenFailed(&taken, &ChatSession::signInFailed);
        taken.signIn(
            m_fixture.url(), u"alice"_s, defaultPassword(), ChatSession::SignInMode::Register);
        QTRY_COMPARE_WITH_TIMEOUT(takenFailed.size(), 1, Timeout);
        QCOMPARE(takenFailed.at(0).at(0).value<Error>().code, ErrorCode::UsernameTaken);
        QVERIFY(!taken.isSignedIn());
        QCOMPARE(taken.connectionState(), ChatSession::ConnectionState::Offline);
    }

    void messageToClosedConversationUpdatesContact()
    {
        startWorld();
        if (QTest::currentTestFailed())
            return;
        // B looks at carol; carol writes.
        open(*m_b, m_carol.user.id);
        if (QTest::currentTestFailed())
            return;
        const qint64 carolConversation = m_b->client->openConversation().conversationId();
        QCOMPARE(m_fixture.rest().openConversation(m_carol.token, u"bob"_s), carolConversation);
        QCOMPARE(m_fixture.rest()
                     .sendMessage(m_carol.token, carolConversation, u"c-1"_s, u"hi bob"_s)
                     .status,
            201);
        QTRY_VERIFY_WITH_TIMEOUT(allSent(m_b->messages(), 1), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(m_b->shownRowOfPeer(m_carol.user.id), 0, Timeout);
        QCOMPARE(contactData(m_b->shown(), 0, ConversationListModel::LastMessageRole).toString(),
            u"hi bob"_s);
        QCOMPARE(m_b->shownRowOfPeer(m_alice.user.id), -1); // nothing said between them yet

        // A1 writes to bob, whose open conversation is carol's.
        open(*m_a1, m_bob.user.id);
        if (QTest::currentTestFailed())
            return;
        const qint64 conversationId = m_a1->client->openConversation().conversationId();
        QVERIFY(conversationId != carolConversation);
        const QString clientId = m_a1->client->openConversation().send(u"are you there?"_s);
        QTRY_VERIFY_WITH_TIMEOUT(allSent(m_a1->messages(), 1), Timeout);

        // B: alice's row takes the message and moves to the top; the open list is untouched.
        QTRY_COMPARE_WITH_TIMEOUT(m_b->shownRowOfPeer(m_alice.user.id), 0, Timeout);
        const QAbstractItemModel *contacts = m_b->shown();
        QCOMPARE(contactData(contacts, 0, ConversationListModel::LastMessageRole).toString(),
            u"are you there?"_s);
        QCOMPARE(
            contactData(contacts, 0, ConversationListModel::LastMessageIsOwnRole).toBool(), false);
        QCOMPARE(contactData(contacts, 0, ConversationListModel::ConversationIdRole).toLongLong(),
            conversationId);
        QVERIFY(contactData(contacts, 0, ConversationListModel::LastMessageTimeRole)
                    .toDateTime()
                    .isValid());
        QCOMPARE(m_b->shownRowOfPeer(m_carol.user.id), 1);
        QCOMPARE(contactData(contacts, 1, ConversationListModel::LastMessageRole).toString(),
            u"hi bob"_s);
        QCOMPARE(m_b->client->openConversation().conversationId(), carolConversation);
        QCOMPARE(keysOf(m_b->messages()), keysOf(serverHistory(m_bob, carolConversation)));
        QCOMPARE(rowsWithBody(m_b->messages(), u"are you there?"_s), 0);

        // A2 has no conversation open and had not heard of this one: its bob row still
        // learns the message (ours, from the other device).
        QTRY_COMPARE_WITH_TIMEOUT(
            contactData(m_a2->shown(), 0, ConversationListModel::LastMessageRole).toString(),
            u"are you there?"_s, Timeout);
        QCOMPARE(m_a2->shownRowOfPeer(m_bob.user.id), 0);
        QCOMPARE(
            contactData(m_a2->shown(), 0, ConversationListModel::LastMessageIsOwnRole).toBool(),
            true);
        QCOMPARE(m_a2->messages()->rowCount(), 0);

        // B opens alice: the message is there, once.
        open(*m_b, m_alice.user.id);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(m_b->client->openConversation().conversationId(), conversationId);
        QCOMPARE(m_b->messages()->rowCount(), 1);
        const MessageRow row = rowsOf(m_b->messages()).at(0);
        QCOMPARE(row.body, u"are you there?"_s);
        QCOMPARE(row.clientId, clientId);
        QCOMPARE(row.senderId, m_alice.user.id);
        QVERIFY(!row.isOwn);
        QCOMPARE(row.state, DeliveryState::Sent);
        QCOMPARE(keysOf(m_b->messages()), keysOf(m_a1->messages()));

        // And stays once: a later message passes every socket after it.
        sendAndAwait(*m_a1, u"good"_s);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(allSent(m_b->messages(), 2));
        QCOMPARE(rowsWithBody(m_b->messages(), u"are you there?"_s), 1);
        QCOMPARE(keysOf(m_b->messages()), keysOf(serverHistory(m_bob, conversationId)));
        QCOMPARE(contactData(m_b->shown(), 0, ConversationListModel::LastMessageRole).toString(),
            u"good"_s);

        // Back to carol: her conversation, from history, and nothing of alice's.
        open(*m_b, m_carol.user.id);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(allSent(m_b->messages(), 1));
        QCOMPARE(rowsOf(m_b->messages()).at(0).body, u"hi bob"_s);
    }
};

QTEST_GUILESS_MAIN(TestClientSignIn)
#include "tst_clientsignin.moc"
