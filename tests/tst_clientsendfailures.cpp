// Sends that fail, repeat or cannot get through, with real client stacks (ChatSession +
// ClientContext with their models) against an in-process server: two instances of alice
// (A1, A2) and one of bob (B). A refused send is Failed, keeps its client id through a
// retry and can be discarded; sends repeated with one client id are stored once; while
// the server is unreachable sends stay Pending and go out, in order and once, when it
// is back.
#include <support/clientworldtest.h>
#include <support/modelrows.h>

#include <QHash>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

// A dropped socket comes back after a jittered backoff that may reach 30 s.
constexpr int ReconnectTimeout = 60000;

//! A port that was free a moment ago, for a server that must come back on the same one.
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

class TestClientSendFailures : public SyncWorldTest
{
    Q_OBJECT

private Q_SLOTS:
    void refusedSendFailsKeepsItsClientIdAndCanBeDiscarded()
    {
        const qint64 conversationId = startWorldOnOneConversation();
        if (QTest::currentTestFailed())
            return;

        QSignalSpy failures(&m_a1->client->transport(), &client::OperationTransport::failed);
        const QString tooLong(protocol::limits::MaxBodyBytes + 1, u'x');
        const QString clientId = m_a1->client->openConversation().send(tooLong);
        QVERIFY(!clientId.isEmpty());
        QCOMPARE(countState(m_a1->messages(), DeliveryState::Pending), 1);

        // The server refuses it: Failed (not Pending, which only a network error keeps).
        QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 1, Timeout);
        QCOMPARE(failures.at(0).at(0).toString(), clientId);
        QCOMPARE(failures.at(0).at(1).value<Error>().code, ErrorCode::InvalidField);
        QCOMPARE(m_a1->messages()->rowCount(), 1);
        MessageRow failed = rowsOf(m_a1->messages()).at(0);
        QCOMPARE(failed.state, DeliveryState::Failed);
        QCOMPARE(failed.clientId, clientId);
        QCOMPARE(failed.id, 0);
        QVERIFY(!failed.error.isEmpty());
        QCOMPARE(m_a1->client->outgoing().size(), 1);
        QCOMPARE(m_a1->client->outgoing().find(clientId)->state,
            client::OutgoingOperation::State::Failed);

        // A retry goes out with the same client id, as the same row; refused again.
        m_a1->client->outgoing().retry(clientId);
        QCOMPARE(m_a1->messages()->rowCount(), 1);
        QCOMPARE(rowsOf(m_a1->messages()).at(0).state, DeliveryState::Pending);
        QVERIFY(rowsOf(m_a1->messages()).at(0).error.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 2, Timeout);
        QCOMPARE(failures.at(1).at(0).toString(), clientId);
        QCOMPARE(m_a1->messages()->rowCount(), 1);
        failed = rowsOf(m_a1->messages()).at(0);
        QCOMPARE(failed.state, DeliveryState::Failed);
        QCOMPARE(failed.clientId, clientId);
        QCOMPARE(m_a1->client->outgoing().size(), 1);

        // Retrying something not Failed does nothing.
        m_a1->client->outgoing().retry(u"no-such-client-id"_s);
        QCOMPARE(m_a1->client->outgoing().size(), 1);

        // Others never hear of it; a stored message sorts before the Failed row.
        sendAndAwait(*m_b, u"did you say something?"_s);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(allSent(m_a2->messages(), 1));
        QVERIFY(allSent(m_b->messages(), 1));
        QCOMPARE(m_a1->messages()->rowCount(), 2);
        const QList<MessageRow> rows = rowsOf(m_a1->messages());
        QCOMPARE(rows.at(0).body, u"did you say something?"_s);
        QCOMPARE(rows.at(0).state, DeliveryState::Sent);
        QCOMPARE(rows.at(1).clientId, clientId);
        QCOMPARE(rows.at(1).state, DeliveryState::Failed);
        QCOMPARE(serverHistory(m_alice, conversationId).size(), 1);
        QCOMPARE(contactData(m_a1->shown(), 0, ConversationListModel::LastMessageRole).toString(),
            u"did you say something?"_s);

        // Discarding forgets it; it cannot come back.
        m_a1->client->outgoing().discard(clientId);
        QCOMPARE(m_a1->client->outgoing().size(), 0);
        QVERIFY(allSent(m_a1->messages(), 1));
        QCOMPARE(m_a1->messages()->rowOfClientId(clientId), -1);
        m_a1->client->outgoing().retry(clientId);
        QCOMPARE(m_a1->messages()->rowCount(), 1);
        QCOMPARE(failures.size(), 2);

        // A stored message cannot be discarded.
        const QString storedClientId = rows.at(0).clientId;
        m_b->client->outgoing().discard(storedClientId);
        QVERIFY(allSent(m_b->messages(), 1));
    }

    void repeatedSendsWithOneClientIdStoreOnce()
    {
        const qint64 conversationId = startWorldOnOneConversation();
        if (QTest::currentTestFailed())
            return;

        const QString clientId = u"fixed-client-id-1"_s;
        client::OutgoingOperation operation
            = client::OutgoingOperation::send(conversationId, u"only once"_s);
        operation.clientId = clientId;
        QSignalSpy storedA1(&m_a1->client->transport(), &client::OperationTransport::stored);
        QSignalSpy storedA2(&m_a2->client->transport(), &client::OperationTransport::stored);
        QSignalSpy failuresA1(&m_a1->client->transport(), &client::OperationTransport::failed);
        // Twice from A1 (through its queue, and a retry racing it straight through the
        // transport, as a queue restarted mid-send would), once from A2 (the same user).
        QVERIFY(m_a1->client->outgoing().enqueue(operation).ok());
        m_a1->client->transport().dispatch(operation);
        m_a2->client->transport().dispatch(operation);
        // A2 hears of it twice: the echo of A1's original (our own message from another
        // device) and its own ack. Both are the one stored message.
        QTRY_COMPARE_WITH_TIMEOUT(storedA1.size(), 2, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(storedA2.size(), 2, Timeout);
        QCOMPARE(failuresA1.size(), 0);
        QCOMPARE(storedA1.at(0).at(0).toString(), clientId);
        const Message message = storedA1.at(0).at(1).value<Message>();
        QVERIFY(message.id > 0);
        QCOMPARE(message.clientId, clientId);
        QCOMPARE(message.senderId, m_alice.user.id);
        QCOMPARE(storedA1.at(1).at(1).value<Message>(), message);
        QCOMPARE(storedA2.at(0).at(1).value<Message>(), message);
        QCOMPARE(storedA2.at(1).at(1).value<Message>(), message);

        // And over REST: the original comes back, marked a duplicate.
        const HttpReply again
            = m_fixture.rest().sendMessage(m_alice.token, conversationId, clientId, u"only once"_s);
        QCOMPARE(again.status, 200);
        QVERIFY(again.json.value(u"duplicate"_s).toBool());
        QCOMPARE(again.json.value(u"message"_s).toObject().value(u"id"_s).toInteger(), message.id);

        // Let everything that could still be on its way arrive: a message behind it.
        sendAndAwait(*m_b, u"got it"_s);
        if (QTest::currentTestFailed())
            return;
        const QStringList expected = keysOf(serverHistory(m_bob, conversationId));
        QCOMPARE(expected.size(), 2);
        QCOMPARE(expected.at(0), keyOf(message.id, m_alice.user.id, clientId, u"only once"_s));
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            QVERIFY2(allSent(instance->messages(), 2), qPrintable(instance->label));
            QCOMPARE(keysOf(instance->messages()), expected);
            QCOMPARE(rowsWithBody(instance->messages(), u"only once"_s), 1);
        }
    }

    void unreachableServerKeepsSendsPendingUntilBack()
    {
        // The server must come back where the clients look for it.
        const quint16 port = freePort();
        QVERIFY(port != 0);
        const qint64 conversationId = startWorldOnOneConversation(
            [port](server::ServerConfig &config) { config.port = port; });
        if (QTest::currentTestFailed())
            return;
        sendAndAwait(*m_b, u"before"_s);
        if (QTest::currentTestFailed())
            return;

        QSignalSpy failuresA1(&m_a1->client->transport(), &client::OperationTransport::failed);
        QSignalSpy failuresB(&m_b->client->transport(), &client::OperationTransport::failed);
        QSignalSpy queuedA1(&m_a1->client->outgoing(), &client::OutgoingQueue::operationQueued);
        // Written to the socket, not yet out, when the server goes away.
        const QString inFlight = m_a1->client->openConversation().send(u"in flight"_s);
        QVERIFY(!inFlight.isEmpty());
        m_fixture.chatServer().stop();
        for (Instance *instance : { m_a1, m_a2, m_b })
            QTRY_VERIFY_WITH_TIMEOUT(!instance->isOnline(), Timeout);
        QVERIFY(m_a1->session->isSignedIn());

        // Offline: over REST, which cannot connect either.
        const QString offlineA1 = m_a1->client->openConversation().send(u"while offline"_s);
        const QString offlineB = m_b->client->openConversation().send(u"me too"_s);
        QVERIFY(!offlineA1.isEmpty() && !offlineB.isEmpty());
        const auto reported = [](const QSignalSpy &spy, const QString &clientId) {
            for (const QList<QVariant> &arguments : spy) {
                if (arguments.at(0).toString() == clientId)
                    return true;
            }
            return false;
        };
        // A1 sends one message per conversation at a time: "while offline" waits behind
        // "in flight", whose drop puts it back in line (queued a second time).
        const auto requeued = [&queuedA1](const QString &clientId) {
            return std::count_if(queuedA1.cbegin(), queuedA1.cend(),
                       [&clientId](const QList<QVariant> &arguments) {
                           return arguments.at(0).value<client::OutgoingOperation>().clientId
                               == clientId;
                       })
                >= 2;
        };
        QTRY_VERIFY_WITH_TIMEOUT(requeued(inFlight) || reported(failuresA1, offlineA1), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(reported(failuresB, offlineB), Timeout);
        for (const QSignalSpy *spy : { &failuresA1, &failuresB }) {
            for (const QList<QVariant> &arguments : *spy)
                QCOMPARE(arguments.at(1).value<Error>().code, ErrorCode::NetworkError);
        }
        // Undelivered is not Failed.
        QCOMPARE(m_a1->messages()->rowCount(), 3);
        QCOMPARE(countState(m_a1->messages(), DeliveryState::Pending), 2);
        QCOMPARE(countState(m_a1->messages(), DeliveryState::Failed), 0);
        QCOMPARE(m_a1->client->outgoing().size(), 2);
        QCOMPARE(m_b->messages()->rowCount(), 2);
        QCOMPARE(countState(m_b->messages(), DeliveryState::Pending), 1);
        QCOMPARE(countState(m_b->messages(), DeliveryState::Failed), 0);
        QVERIFY(allSent(m_a2->messages(), 1));

        // Back on the same port and database: the clients reconnect and send what waited,
        // with the client ids they were written with.
        QVERIFY2(m_fixture.restart(), qPrintable(m_fixture.error()));
        QCOMPARE(m_fixture.url().port(), int(port));
        for (Instance *instance : { m_a1, m_a2, m_b })
            QTRY_VERIFY_WITH_TIMEOUT(instance->isOnline(), ReconnectTimeout);
        for (Instance *instance : { m_a1, m_a2, m_b })
            QTRY_VERIFY_WITH_TIMEOUT(allSent(instance->messages(), 4), ReconnectTimeout);

        const QList<Message> history = serverHistory(m_alice, conversationId);
        QCOMPARE(history.size(), 4);
        const QStringList expected = keysOf(history);
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            QCOMPARE(keysOf(instance->messages()), expected);
            QCOMPARE(instance->client->outgoing().size(), 0);
        }
        QHash<QString, QString> clientIdOf;
        for (const Message &message : history)
            clientIdOf.insert(message.body, message.clientId);
        QCOMPARE(clientIdOf.value(u"in flight"_s), inFlight);
        QCOMPARE(clientIdOf.value(u"while offline"_s), offlineA1);
        QCOMPARE(clientIdOf.value(u"me too"_s), offlineB);
        // A1's waiting messages went out in the order they were written.
        QVERIFY(
            m_a1->messages()->rowOfClientId(inFlight) < m_a1->messages()->rowOfClientId(offlineA1));

        // Live again: the next message arrives the usual way.
        sendAndAwait(*m_a2, u"welcome back"_s);
        if (QTest::currentTestFailed())
            return;
        for (Instance *instance : { m_a1, m_a2, m_b })
            QCOMPARE(keysOf(instance->messages()), keysOf(serverHistory(m_bob, conversationId)));
    }
};

QTEST_GUILESS_MAIN(TestClientSendFailures)
#include "tst_clientsendfailures.moc"
