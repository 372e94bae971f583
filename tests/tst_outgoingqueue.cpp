// The outgoing queue's state machine, with a fake transport that records what is sent and
// gives the verdicts the test asks for: every transition from every state (data-driven),
// the sending discipline (one per conversation, in order), pauses, the socket dropping,
// and a restart of the app in each state, with the local store on disk.
#include <client/outgoing/operationtransport.h>
#include <client/outgoing/outgoingqueue.h>
#include <client/storage/localstore.h>
#include <support/fieldsof.h>
#include <support/timeouts.h>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace chat;
using namespace chat::test;
using chat::client::OutgoingOperation;
using chat::client::OutgoingQueue;
using State = chat::client::OutgoingOperation::State;
using Route = chat::client::OperationTransport::Route;

namespace {

//! Sends nothing anywhere: records each dispatch, and gives verdicts when told.
class FakeTransport : public client::OperationTransport
{
    Q_OBJECT
public:
    struct Dispatch
    {
        QString clientId;
        Route route;
    };

    Route dispatch(const OutgoingOperation &operation) override
    {
        const Route route = m_live ? Route::Socket : Route::Rest;
        dispatched.append({ operation.clientId, route });
        if (answer)
            answer(operation);
        return route;
    }
    [[nodiscard]] bool isLive() const override { return m_live; }

    void setLive(bool live)
    {
        m_live = live;
        Q_EMIT liveChanged(live);
    }
    void store(const QString &clientId, qint64 conversationId = 1)
    {
        Message message;
        message.id = ++m_nextId;
        message.conversationId = conversationId;
        message.senderId = 1;
        message.clientId = clientId;
        message.body = u"stored"_s;
        message.createdAt = QDateTime::currentDateTimeUtc();
        Q_EMIT stored(clientId, message);
    }
    void fail(const QString &clientId, ErrorCode code)
    {
        Q_EMIT failed(clientId, Error { code, u"the fake says no"_s });
    }
    [[nodiscard]] QStringList sentIds() const
    {
        return test::fieldsOf(dispatched, &Dispatch::clientId);
    }

    QList<Dispatch> dispatched;
    //! Runs inside dispatch(): a verdict given before dispatch() returns.
    std::function<void(const OutgoingOperation &)> answer;

private:
    bool m_live = false;
    qint64 m_nextId = 100;
};

OutgoingOperation operation(const QString &clientId, qint64 conversationId = 1)
{
    OutgoingOperation made = OutgoingOperation::send(conversationId, u"body of "_s + clientId);
    made.clientId = clientId;
    return made;
}

//! Which of the queue's signals fired, in order, by name.
class Transitions : public QObject
{
public:
    explicit Transitions(OutgoingQueue &queue)
    {
        const auto record = [this](const QString &name) {
            return [this, name](const OutgoingOperation &operation) {
                names.append(name + u':' + operation.clientId);
            };
        };
        connect(&queue, &OutgoingQueue::operationQueued, this, record(u"queued"_s));
        connect(&queue, &OutgoingQueue::operationSent, this, record(u"sent"_s));
        connect(&queue, &OutgoingQueue::operationFailed, this, record(u"failed"_s));
        connect(&queue, &OutgoingQueue::operationDiscarded, this, record(u"discarded"_s));
        connect(&queue, &OutgoingQueue::operationStored, this,
            [this](const OutgoingOperation &operation, const Message &message) {
                QCOMPARE(message.clientId, operation.clientId);
                names.append(u"stored:"_s + operation.clientId);
            });
    }
    QStringList names;
};

} // namespace

class TestOutgoingQueue : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Every event from every state of operation "a" (conversation 1). "Queued" is "a"
    // waiting behind "first", on its way in the same conversation.
    void transitions_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("event");
        QTest::addColumn<QString>("to"); // Queued, Sending, Failed, or gone
        QTest::addColumn<QStringList>("signals_"); // what the event made the queue say
        QTest::addColumn<int>("waiting");

        const QStringList none;
        const QStringList stored { u"stored:a"_s };
        // Sending over REST (the socket is not live), over the socket, waiting, refused.
        for (const QString &from :
            { u"SendingRest"_s, u"SendingSocket"_s, u"Queued"_s, u"Failed"_s }) {
            const bool sending = from.startsWith(u"Sending"_s);
            const QString state = sending ? u"Sending"_s : from;
            const int waiting = from == u"Failed"_s ? 0 : 1;
            const QByteArray tag = from.toUtf8() + ": ";
            QTest::addRow("%s stored", tag.constData())
                << from << u"stored"_s << u"gone"_s << stored << 0;
            QTest::addRow("%s refused", tag.constData())
                << from << u"refused"_s << (sending ? u"Failed"_s : state)
                << (sending ? QStringList { u"failed:a"_s } : none) << (sending ? 0 : waiting);
            for (const QString &comeBack :
                { u"network"_s, u"rateLimited"_s, u"internal"_s, u"unavailable"_s }) {
                QTest::addRow("%s %s", tag.constData(), qPrintable(comeBack))
                    << from << comeBack << (sending ? u"Queued"_s : state)
                    << (sending ? QStringList { u"queued:a"_s } : none) << waiting;
            }
            const bool lost = from == u"SendingSocket"_s;
            QTest::addRow("%s socket dropped", tag.constData())
                << from << u"dropped"_s << (lost ? u"Queued"_s : state)
                << (lost ? QStringList { u"queued:a"_s } : none) << waiting;
            const bool failed = from == u"Failed"_s;
            QTest::addRow("%s retry", tag.constData())
                << from << u"retry"_s << (failed ? u"Sending"_s : state)
                << (failed ? QStringList { u"queued:a"_s, u"sent:a"_s } : none) << 1;
            QTest::addRow("%s discard", tag.constData())
                << from << u"discard"_s << (failed ? u"gone"_s : state)
                << (failed ? QStringList { u"discarded:a"_s } : none) << waiting;
        }
    }

    void transitions()
    {
        QFETCH(QString, from);
        QFETCH(QString, event);
        QFETCH(QString, to);
        QFETCH(QStringList, signals_);
        QFETCH(int, waiting);

        FakeTransport transport;
        OutgoingQueue queue(transport);
        queue.setRetryPause(1h); // a pause never ends during the test
        if (from != u"SendingRest"_s)
            transport.setLive(true);
        if (from == u"Queued"_s)
            QVERIFY(queue.enqueue(operation(u"first"_s)).ok());
        QVERIFY(queue.enqueue(operation(u"a"_s)).ok());
        if (from == u"Failed"_s)
            transport.fail(u"a"_s, ErrorCode::InvalidField);
        const State expectedFrom = from == u"Failed"_s ? State::Failed
            : from == u"Queued"_s                      ? State::Queued
                                                       : State::Sending;
        QVERIFY(queue.find(u"a"_s));
        QCOMPARE(queue.find(u"a"_s)->state, expectedFrom);
        if (from.startsWith(u"Sending"_s)) {
            QCOMPARE(transport.dispatched.last().route,
                from == u"SendingRest"_s ? Route::Rest : Route::Socket);
        }

        Transitions transitions(queue);
        QSignalSpy waitingChanged(&queue, &OutgoingQueue::waitingCountChanged);
        const qsizetype dispatchedBefore = transport.dispatched.size();
        if (event == u"stored")
            transport.store(u"a"_s);
        else if (event == u"refused")
            transport.fail(u"a"_s, ErrorCode::InvalidField);
        else if (event == u"network")
            transport.fail(u"a"_s, ErrorCode::NetworkError);
        else if (event == u"rateLimited")
            transport.fail(u"a"_s, ErrorCode::RateLimited);
        else if (event == u"internal")
            transport.fail(u"a"_s, ErrorCode::Internal);
        else if (event == u"unavailable") // the server's database is down for a moment
            transport.fail(u"a"_s, ErrorCode::ServiceUnavailable);
        else if (event == u"dropped")
            transport.setLive(false);
        else if (event == u"retry")
            QCOMPARE(queue.retry(u"a"_s), from == u"Failed"_s);
        else if (event == u"discard")
            QCOMPARE(queue.discard(u"a"_s), from == u"Failed"_s);

        // Only "a" is watched: "first" (ahead of a Queued "a") stays on its way.
        QStringList ofA;
        for (const QString &name : std::as_const(transitions.names)) {
            if (name.endsWith(u":a"_s))
                ofA.append(name);
        }
        QCOMPARE(ofA, signals_);
        if (to == u"gone") {
            QVERIFY(!queue.find(u"a"_s));
        } else {
            QVERIFY(queue.find(u"a"_s));
            const State expected = to == u"Failed" ? State::Failed
                : to == u"Queued"                  ? State::Queued
                                                   : State::Sending;
            QCOMPARE(queue.find(u"a"_s)->state, expected);
            QCOMPARE(queue.find(u"a"_s)->error.isEmpty(), expected != State::Failed);
        }
        // "first" counts too while it waits.
        const int first = from == u"Queued"_s ? 1 : 0;
        QCOMPARE(queue.waitingCount(), waiting + first);
        if (!waitingChanged.isEmpty())
            QCOMPARE(waitingChanged.last().at(0).toInt(), waiting + first);
        // Nothing goes out again before its time: a retry sends once; a network failure
        // waits for the socket; "come back later" waits for the pause.
        const qsizetype sentNow = transport.dispatched.size() - dispatchedBefore;
        QCOMPARE(sentNow, qsizetype(signals_.contains(u"sent:a"_s) ? 1 : 0));
    }

    void oneInFlightPerConversationInOrder()
    {
        FakeTransport transport;
        transport.setLive(true);
        OutgoingQueue queue(transport);
        for (const auto &[id, conversation] : QList<std::pair<QString, qint64>> {
                 { u"a1"_s, 1 }, { u"b1"_s, 2 }, { u"a2"_s, 1 }, { u"a3"_s, 1 }, { u"b2"_s, 2 } }) {
            QVERIFY(queue.enqueue(operation(id, conversation)).ok());
        }
        QCOMPARE(transport.sentIds(), (QStringList { u"a1"_s, u"b1"_s }));

        // Stored: the next of that conversation goes, and only that.
        transport.store(u"a1"_s);
        QCOMPARE(transport.sentIds().last(), u"a2"_s);
        QCOMPARE(transport.dispatched.size(), 3);

        // Refused: Failed, and it does not hold up the next.
        transport.fail(u"a2"_s, ErrorCode::InvalidField);
        QCOMPARE(transport.sentIds().last(), u"a3"_s);
        QCOMPARE(queue.find(u"a2"_s)->state, State::Failed);

        // On the socket when it drops: both wait, and go again (same ids) once it is back.
        transport.setLive(false);
        QCOMPARE(queue.find(u"a3"_s)->state, State::Queued);
        QCOMPARE(queue.find(u"b1"_s)->state, State::Queued);
        QCOMPARE(transport.dispatched.size(), 4);
        transport.setLive(true);
        QCOMPARE(transport.sentIds().mid(4), (QStringList { u"b1"_s, u"a3"_s }));
        QCOMPARE(queue.find(u"a3"_s)->state, State::Sending);
        QCOMPARE(queue.find(u"b1"_s)->state, State::Sending);

        // A retried Failed one goes once its conversation is free, before newer ones.
        QVERIFY(queue.enqueue(operation(u"a4"_s, 1)).ok());
        QVERIFY(queue.retry(u"a2"_s));
        QCOMPARE(transport.dispatched.size(), 6);
        transport.store(u"a3"_s);
        QCOMPARE(transport.sentIds().last(), u"a2"_s);
        transport.store(u"a2"_s);
        QCOMPARE(transport.sentIds().last(), u"a4"_s);
        QCOMPARE(queue.size(), 3); // a4, b1, b2
    }

    void retriesAfterAPause()
    {
        FakeTransport transport;
        transport.setLive(true);
        OutgoingQueue queue(transport);
        queue.setRetryPause(50ms);
        QVERIFY(queue.enqueue(operation(u"r1"_s)).ok());
        QCOMPARE(transport.dispatched.size(), 1);
        transport.fail(u"r1"_s, ErrorCode::RateLimited);
        QCOMPARE(queue.find(u"r1"_s)->state, State::Queued);
        QTRY_COMPARE_WITH_TIMEOUT(transport.dispatched.size(), 2, Timeout);
        QCOMPARE(transport.sentIds().last(), u"r1"_s);
        // A network failure while the socket is up (a REST call from before it was): no
        // reconnect would wake it, so it tries again after a pause too.
        transport.fail(u"r1"_s, ErrorCode::NetworkError);
        QTRY_COMPARE_WITH_TIMEOUT(transport.dispatched.size(), 3, Timeout);
    }

    void networkFailureOfflineWaitsForTheSocket()
    {
        FakeTransport transport;
        OutgoingQueue queue(transport);
        queue.setRetryPause(1ms);
        QVERIFY(queue.enqueue(operation(u"n1"_s)).ok());
        QVERIFY(queue.enqueue(operation(u"n2"_s)).ok());
        QCOMPARE(transport.dispatched.size(), 1);
        QCOMPARE(transport.dispatched.first().route, Route::Rest);
        transport.fail(u"n1"_s, ErrorCode::NetworkError);
        // Not hammering a dead network: nothing until the socket is live, pause or not.
        QSignalSpy waitingChanged(&queue, &OutgoingQueue::waitingCountChanged);
        QVERIFY(!waitingChanged.wait(50));
        QCOMPARE(transport.dispatched.size(), 1);
        QCOMPARE(queue.waitingCount(), 2);
        transport.setLive(true);
        QCOMPARE(transport.sentIds(), (QStringList { u"n1"_s, u"n1"_s }));
        QCOMPARE(transport.dispatched.last().route, Route::Socket);
    }

    void echoOrLateCopiesStoreOnce()
    {
        FakeTransport transport;
        transport.setLive(true);
        OutgoingQueue queue(transport);
        Transitions transitions(queue);
        QVERIFY(queue.enqueue(operation(u"e1"_s)).ok());
        // The echo (or a replay) before the ack, then the ack, then a late failure of an
        // earlier attempt: one stored, nothing else.
        transport.store(u"e1"_s);
        transport.store(u"e1"_s);
        transport.fail(u"e1"_s, ErrorCode::NetworkError);
        QCOMPARE(transitions.names, (QStringList { u"queued:e1"_s, u"sent:e1"_s, u"stored:e1"_s }));
        QCOMPARE(queue.size(), 0);
        // Someone else's client id is not ours to store.
        transport.store(u"not-ours"_s);
        QCOMPARE(transitions.names.size(), 3);
    }

    void enqueueingTwiceIsOne()
    {
        FakeTransport transport;
        OutgoingQueue queue(transport);
        const OutgoingOperation once = operation(u"d1"_s);
        QVERIFY(queue.enqueue(once).ok());
        QVERIFY(queue.enqueue(once).ok());
        QCOMPARE(queue.size(), 1);
        QCOMPARE(transport.dispatched.size(), 1);
        QCOMPARE(queue.waitingCount(), 1);
    }

    void verdictDuringDispatch()
    {
        // A transport that answers before dispatch() returns (a cached reply, say).
        FakeTransport transport;
        transport.setLive(true);
        transport.answer = [&transport](const OutgoingOperation &sent) {
            transport.store(sent.clientId, sent.conversationId);
        };
        OutgoingQueue queue(transport);
        Transitions transitions(queue);
        for (const QString &id : { u"s1"_s, u"s2"_s, u"s3"_s })
            QVERIFY(queue.enqueue(operation(id)).ok());
        QCOMPARE(transport.sentIds(), (QStringList { u"s1"_s, u"s2"_s, u"s3"_s }));
        QCOMPARE(queue.size(), 0);
        QCOMPARE(queue.waitingCount(), 0);
        QCOMPARE(transitions.names.count(u"stored:s2"_s), 1);
        // Announced on its way before its verdict.
        QVERIFY(
            transitions.names.indexOf(u"sent:s1"_s) < transitions.names.indexOf(u"stored:s1"_s));
    }

    void inMemoryWithoutStore()
    {
        FakeTransport transport;
        OutgoingQueue queue(transport);
        QVERIFY(queue.enqueue(operation(u"m1"_s)).ok());
        QCOMPARE(queue.size(), 1);
        // Signed out: forgotten in memory.
        QVERIFY(queue.attach(nullptr).ok());
        QCOMPARE(queue.size(), 0);
        QCOMPARE(queue.waitingCount(), 0);
    }

    void persistsThroughTheStore()
    {
        const QString path = m_dir.filePath(u"persist.sqlite3"_s);
        QList<OutgoingOperation> written;
        {
            client::LocalStore store;
            QVERIFY(store.open(path).ok());
            FakeTransport transport;
            OutgoingQueue queue(transport);
            QVERIFY(queue.attach(&store).ok());
            for (int i = 0; i < 20; ++i) {
                written.append(operation(u"c%1"_s.arg(i), i % 3 + 1));
                QVERIFY(queue.enqueue(written.last()).ok());
            }
            QVERIFY(queue.enqueue(written.first()).ok()); // the same client id: one entry
            QCOMPARE(queue.size(), 20);
            transport.fail(u"c1"_s, ErrorCode::InvalidField); // refused: Failed on disk
            transport.store(u"c0"_s, 1); // stored: off the disk
            QCOMPARE(queue.waitingCount(), 18);
        }
        written.removeFirst();

        client::LocalStore store;
        QVERIFY(store.open(path).ok());
        FakeTransport transport;
        OutgoingQueue queue(transport);
        QVERIFY(queue.attach(&store).ok());
        QCOMPARE(queue.size(), 19);
        QCOMPARE(queue.waitingCount(), 18);
        for (const OutgoingOperation &operation : written) {
            const OutgoingOperation *reloaded = queue.find(operation.clientId);
            QVERIFY(reloaded);
            QCOMPARE(reloaded->conversationId, operation.conversationId);
            QCOMPARE(reloaded->body, operation.body);
            QCOMPARE(reloaded->createdAt, operation.createdAt);
        }
        QCOMPARE(queue.find(u"c1"_s)->state, State::Failed);
        QCOMPARE(queue.find(u"c1"_s)->error, u"the fake says no"_s);
        // In the order written: conversation 2's c1 is Failed, so c4 goes first there.
        QCOMPARE(queue.forConversation(2).first().clientId, u"c1"_s);
        QCOMPARE(transport.dispatched.size(), 0); // nothing before the socket is live
        transport.setLive(true);
        QCOMPARE(transport.sentIds(), (QStringList { u"c2"_s, u"c3"_s, u"c4"_s }));
    }

    // An app restart with operation "a" in each state, on the same local store.
    void restartInEachState_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<bool>("goesAgain");
        QTest::addColumn<int>("waiting");
        QTest::newRow("queued") << u"Queued"_s << true << 2;
        QTest::newRow("sending") << u"Sending"_s << true << 1;
        QTest::newRow("failed") << u"Failed"_s << false << 0;
    }

    void restartInEachState()
    {
        QFETCH(QString, state);
        QFETCH(bool, goesAgain);
        QFETCH(int, waiting);
        const QString path = m_dir.filePath(u"restart-%1.sqlite3"_s.arg(state));
        {
            client::LocalStore store;
            QVERIFY(store.open(path).ok());
            FakeTransport transport;
            transport.setLive(true);
            OutgoingQueue queue(transport);
            QVERIFY(queue.attach(&store).ok());
            if (state == u"Queued")
                QVERIFY(queue.enqueue(operation(u"first"_s)).ok()); // "a" waits behind it
            QVERIFY(queue.enqueue(operation(u"a"_s)).ok());
            if (state == u"Failed")
                transport.fail(u"a"_s, ErrorCode::InvalidField);
            QCOMPARE(queue.find(u"a"_s)->state,
                state == u"Failed"       ? State::Failed
                    : state == u"Queued" ? State::Queued
                                         : State::Sending);
        } // the app stops here, whatever was on its way

        client::LocalStore store;
        QVERIFY(store.open(path).ok());
        FakeTransport transport;
        OutgoingQueue queue(transport);
        QSignalSpy waitingChanged(&queue, &OutgoingQueue::waitingCountChanged);
        QVERIFY(queue.attach(&store).ok());
        QVERIFY(queue.find(u"a"_s));
        QCOMPARE(queue.find(u"a"_s)->state, goesAgain ? State::Queued : State::Failed);
        QCOMPARE(queue.find(u"a"_s)->error.isEmpty(), goesAgain);
        QCOMPARE(queue.waitingCount(), waiting);
        if (waiting > 0) {
            QCOMPARE(waitingChanged.size(), 1);
            QCOMPARE(waitingChanged.last().at(0).toInt(), waiting);
        }

        // Live again: what was queued or on its way goes with the same client id, in order.
        transport.setLive(true);
        if (state == u"Queued") {
            QCOMPARE(transport.sentIds(), QStringList { u"first"_s });
            transport.store(u"first"_s);
        }
        QCOMPARE(transport.sentIds().contains(u"a"_s), goesAgain);
        if (!goesAgain) {
            // Failed stays Failed until the user says; a retry sends it as it was.
            QVERIFY(queue.retry(u"a"_s));
            QCOMPARE(transport.sentIds().last(), u"a"_s);
        }
        transport.store(u"a"_s);
        QCOMPARE(queue.size(), 0);
        QCOMPARE(store.operations().value().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestOutgoingQueue)
#include "tst_outgoingqueue.moc"
