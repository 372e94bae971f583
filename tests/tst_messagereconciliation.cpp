// Unit tests of MessageListModel's reconciliation: our own messages shown at once as
// Pending, reconciled into Sent by whichever server copy (ack, REST reply, echo) comes
// first, later copies ignored; Failed and retried rows keep their client id; stored rows
// ordered by server id, local rows after them; other conversations' messages ignored.
// Every test runs on a fresh model watched by QAbstractItemModelTester.
#include <support/messagemodeltest.h>
#include <support/modelrows.h>
#include <support/samplemessages.h>

#include <QHash>
#include <QMetaEnum>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

//! Every role of one row, to find out which ones a change touched.
QHash<int, QVariant> snapshot(const QAbstractItemModel &model, int row)
{
    QHash<int, QVariant> values;
    for (int role : allRoles<client::MessageListModel>())
        values.insert(role, model.data(model.index(row, 0), role));
    return values;
}

} // namespace

class MessageReconciliationTest : public MessageModelTest
{
    Q_OBJECT

private Q_SLOTS:
    void addLocalAppendsPendingRow_data();
    void addLocalAppendsPendingRow();
    void addLocalIgnoresKnownClientId();
    void reconcileSecondCopyIsNoOp_data();
    void reconcileSecondCopyIsNoOp();
    void reconcileReportsEveryChangedRole();
    void echoFromAnotherInstance_data();
    void echoFromAnotherInstance();
    void failThenRetry_data();
    void failThenRetry();
    void lateFailureAfterSent();
    void markPendingOnlyAfterFailure();
    void storedOrderedById_data();
    void storedOrderedById();
    void localRowsStayAfterStored();
    void reconcileMovesToServerPlace_data();
    void reconcileMovesToServerPlace();
    void pendingReconciledInReverse();
    void otherConversationIgnored();
    void removeLocal_data();
    void removeLocal();
};

void MessageReconciliationTest::addLocalAppendsPendingRow_data()
{
    QTest::addColumn<QList<qint64>>("history");

    QTest::newRow("empty conversation") << QList<qint64> {};
    QTest::newRow("after stored messages") << QList<qint64> { 3, 4 };
}

void MessageReconciliationTest::addLocalAppendsPendingRow()
{
    QFETCH(QList<qint64>, history);
    for (qint64 id : history)
        m_model->applyStored(theirs(id));
    const int end = m_model->rowCount();

    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->addLocal(u"c1"_s, u"Hi Bob"_s, writtenTime(1));

    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), end);
    QCOMPARE(inserted.at(0).at(2).toInt(), end);
    QCOMPARE(m_model->rowCount(), end + 1);
    QCOMPARE(stateAt(end), DeliveryState::Pending);
    QCOMPARE(clientIdAt(end), u"c1"_s);
    QCOMPARE(value(end, MessageListModel::BodyRole).toString(), u"Hi Bob"_s);
    QCOMPARE(value(end, Qt::DisplayRole).toString(), u"Hi Bob"_s);
    QCOMPARE(value(end, MessageListModel::IsOwnRole).toBool(), true);
    QCOMPARE(idAt(end), qint64(0));
    QCOMPARE(value(end, MessageListModel::SenderIdRole).toLongLong(), OwnUserId);
    QCOMPARE(value(end, MessageListModel::CreatedAtRole).toDateTime(), writtenTime(1));
    QVERIFY(value(end, MessageListModel::ErrorRole).toString().isEmpty());
    QCOMPARE(m_model->rowOfClientId(u"c1"_s), end);
}

void MessageReconciliationTest::addLocalIgnoresKnownClientId()
{
    m_model->addLocal(u"c1"_s, u"first"_s, writtenTime(1));
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

    // The outbox shown again (reopening the conversation) must not double a row.
    m_model->addLocal(u"c1"_s, u"first"_s, writtenTime(1));
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(m_model->rowCount(), 1);

    // Nor once it is stored.
    m_model->applyStored(ours(10, u"c1"_s, u"first"_s));
    m_model->addLocal(u"c1"_s, u"first"_s, writtenTime(1));
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(stateAt(0), DeliveryState::Sent);
}

void MessageReconciliationTest::reconcileSecondCopyIsNoOp_data()
{
    QTest::addColumn<QList<qint64>>("history");

    // The echo over the socket and the REST reply carry the same stored message: whichever
    // comes first reconciles, the other must change nothing.
    QTest::newRow("echo then reply") << QList<qint64> {};
    QTest::newRow("reply then echo") << QList<qint64> {};
    QTest::newRow("echo then reply, after history") << QList<qint64> { 2, 5 };
    QTest::newRow("reply then echo, after history") << QList<qint64> { 2, 5 };
}

void MessageReconciliationTest::reconcileSecondCopyIsNoOp()
{
    QFETCH(QList<qint64>, history);
    for (qint64 id : history)
        m_model->applyStored(theirs(id));
    m_model->addLocal(u"c1"_s, u"Hi Bob"_s, writtenTime(1));
    const int row = m_model->rowCount() - 1;
    const Message server = ours(10, u"c1"_s, u"Hi Bob"_s);

    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);

    m_model->applyStored(server); // first copy
    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(rowOf(dataChanged, 0, 0), row);
    QCOMPARE(rowOf(dataChanged, 0, 1), row);
    QVERIFY(rolesOf(dataChanged, 0).contains(MessageListModel::DeliveryStateRole));
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(moved.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(m_model->rowCount(), row + 1);
    QCOMPARE(stateAt(row), DeliveryState::Sent);
    QCOMPARE(idAt(row), qint64(10));
    QCOMPARE(value(row, MessageListModel::CreatedAtRole).toDateTime(), serverTime(10));
    QCOMPARE(clientIdAt(row), u"c1"_s);

    dataChanged.clear();
    m_model->applyStored(server); // second copy
    QCOMPARE(dataChanged.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(moved.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(m_model->rowCount(), row + 1);
    QCOMPARE(stateAt(row), DeliveryState::Sent);
    QCOMPARE(m_model->rowOfId(10), row);
}

void MessageReconciliationTest::reconcileReportsEveryChangedRole()
{
    m_model->addLocal(u"c1"_s, u"Hi Bob"_s, writtenTime(1));
    const QHash<int, QVariant> before = snapshot(*m_model, 0);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->applyStored(ours(10, u"c1"_s, u"Hi Bob"_s));

    QCOMPARE(dataChanged.count(), 1);
    const QList<int> reported = rolesOf(dataChanged, 0);
    const QHash<int, QVariant> after = snapshot(*m_model, 0);
    const QMetaEnum names = QMetaEnum::fromType<MessageListModel::Role>();
    for (int role : allRoles<MessageListModel>()) {
        if (before.value(role) != after.value(role)) {
            QVERIFY2(reported.contains(role),
                qPrintable(u"%1 changed but dataChanged does not say so"_s.arg(
                    QString::fromLatin1(names.valueToKey(role)))));
        }
    }
}

void MessageReconciliationTest::echoFromAnotherInstance_data()
{
    QTest::addColumn<bool>("withPendingRow");

    QTest::newRow("nothing pending here") << false;
    QTest::newRow("a pending row of our own") << true;
}

void MessageReconciliationTest::echoFromAnotherInstance()
{
    QFETCH(bool, withPendingRow);
    m_model->applyStored(theirs(3));
    if (withPendingRow)
        m_model->addLocal(u"mine"_s, u"from here"_s, writtenTime(1));

    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    // Written on our other device: our user id, a client id this model never saw.
    const Message echo = ours(8, u"elsewhere"_s, u"from the phone"_s);
    m_model->applyStored(echo);

    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 1); // after Bob's message, before ours pending
    QCOMPARE(dataChanged.count(), 0);
    QCOMPARE(m_model->rowCount(), withPendingRow ? 3 : 2);
    QCOMPARE(m_model->rowOfId(8), 1);
    QCOMPARE(stateAt(1), DeliveryState::Sent);
    QCOMPARE(value(1, MessageListModel::IsOwnRole).toBool(), true);
    QCOMPARE(clientIdAt(1), u"elsewhere"_s);
    if (withPendingRow) {
        QCOMPARE(stateAt(2), DeliveryState::Pending);
        QCOMPARE(clientIdAt(2), u"mine"_s);
    }

    m_model->applyStored(echo);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(dataChanged.count(), 0);
    QCOMPARE(m_model->rowCount(), withPendingRow ? 3 : 2);
    QCOMPARE(structureError(*m_model), QString());
}

void MessageReconciliationTest::failThenRetry_data()
{
    QTest::addColumn<bool>("retry");

    QTest::newRow("retried, then stored") << true;
    // A timeout reported as a failure although the server did store the message.
    QTest::newRow("stored while failed") << false;
}

void MessageReconciliationTest::failThenRetry()
{
    QFETCH(bool, retry);
    m_model->applyStored(theirs(4));
    m_model->addLocal(u"c1"_s, u"Hi Bob"_s, writtenTime(1));
    const int row = 1;
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);

    const QString reason = u"The message is too long"_s;
    m_model->markFailed(u"c1"_s, reason);
    QCOMPARE(stateAt(row), DeliveryState::Failed);
    QCOMPARE(value(row, MessageListModel::ErrorRole).toString(), reason);
    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(rowOf(dataChanged, 0), row);
    QVERIFY(rolesOf(dataChanged, 0).contains(MessageListModel::DeliveryStateRole));
    QVERIFY(rolesOf(dataChanged, 0).contains(MessageListModel::ErrorRole));

    if (retry) {
        m_model->markPending(u"c1"_s);
        QCOMPARE(stateAt(row), DeliveryState::Pending);
        QVERIFY(value(row, MessageListModel::ErrorRole).toString().isEmpty());
        QCOMPARE(dataChanged.count(), 2);
        QCOMPARE(rowOf(dataChanged, 1), row);
        QVERIFY(rolesOf(dataChanged, 1).contains(MessageListModel::DeliveryStateRole));
        QCOMPARE(clientIdAt(row), u"c1"_s);
    }

    m_model->applyStored(ours(9, u"c1"_s, u"Hi Bob"_s));
    QCOMPARE(stateAt(row), DeliveryState::Sent);
    QVERIFY(value(row, MessageListModel::ErrorRole).toString().isEmpty());
    QCOMPARE(idAt(row), qint64(9));
    QCOMPARE(clientIdAt(row), u"c1"_s);
    QCOMPARE(dataChanged.count(), retry ? 3 : 2);
    QVERIFY(rolesOf(dataChanged, dataChanged.count() - 1)
                .contains(MessageListModel::DeliveryStateRole));
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(clientIds().count(u"c1"_s), 1);
}

void MessageReconciliationTest::lateFailureAfterSent()
{
    m_model->addLocal(u"c1"_s, u"Hi Bob"_s, writtenTime(1));
    m_model->applyStored(ours(9, u"c1"_s, u"Hi Bob"_s));
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->markFailed(u"c1"_s, u"timed out"_s); // an earlier try's failure, reported late

    QCOMPARE(dataChanged.count(), 0);
    QCOMPARE(stateAt(0), DeliveryState::Sent);
    QVERIFY(value(0, MessageListModel::ErrorRole).toString().isEmpty());
    QCOMPARE(idAt(0), qint64(9));

    // Nor does it touch someone else's message that happens to use the same client id.
    m_model->applyStored(storedMessage(11, BobId, u"c2"_s, u"hey"_s));
    m_model->markFailed(u"c2"_s, u"timed out"_s);
    QCOMPARE(dataChanged.count(), 0);
    QCOMPARE(stateAt(1), DeliveryState::Sent);
}

void MessageReconciliationTest::markPendingOnlyAfterFailure()
{
    m_model->addLocal(u"c1"_s, u"one"_s, writtenTime(1));
    m_model->addLocal(u"c2"_s, u"two"_s, writtenTime(2));
    m_model->applyStored(ours(9, u"c2"_s, u"two"_s));
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->markPending(u"c1"_s); // already Pending
    m_model->markPending(u"c2"_s); // Sent
    m_model->markPending(u"unknown"_s);
    m_model->markFailed(u"unknown"_s, u"gone"_s);

    QCOMPARE(dataChanged.count(), 0);
    QCOMPARE(stateAt(m_model->rowOfClientId(u"c1"_s)), DeliveryState::Pending);
    QCOMPARE(stateAt(m_model->rowOfClientId(u"c2"_s)), DeliveryState::Sent);
}

void MessageReconciliationTest::storedOrderedById_data()
{
    QTest::addColumn<QList<qint64>>("arrival");

    QTest::newRow("5 2 9 7") << QList<qint64> { 5, 2, 9, 7 };
    QTest::newRow("in order") << QList<qint64> { 2, 5, 7, 9 };
    QTest::newRow("reversed") << QList<qint64> { 9, 7, 5, 2 };
    QTest::newRow("with repeats") << QList<qint64> { 7, 5, 7, 2, 9, 5, 2 };
}

void MessageReconciliationTest::storedOrderedById()
{
    QFETCH(QList<qint64>, arrival);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

    for (qint64 id : arrival)
        m_model->applyStored(theirs(id));

    QCOMPARE(ids(), (QList<qint64> { 2, 5, 7, 9 }));
    QCOMPARE(inserted.count(), 4);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        QCOMPARE(stateAt(row), DeliveryState::Sent);
        QCOMPARE(value(row, MessageListModel::IsOwnRole).toBool(), false);
        QCOMPARE(value(row, MessageListModel::CreatedAtRole).toDateTime(), serverTime(idAt(row)));
    }
}

void MessageReconciliationTest::localRowsStayAfterStored()
{
    m_model->applyStored(theirs(5));
    m_model->addLocal(u"a"_s, u"first"_s, writtenTime(1));
    m_model->addLocal(u"b"_s, u"second"_s, writtenTime(2), DeliveryState::Failed);
    m_model->applyStored(theirs(9));
    m_model->applyStored(theirs(2));
    m_model->addLocal(u"c"_s, u"third"_s, writtenTime(3));
    m_model->applyStored(theirs(7));

    QCOMPARE(ids(), (QList<qint64> { 2, 5, 7, 9, 0, 0, 0 }));
    QCOMPARE(clientIds().mid(4), (QStringList { u"a"_s, u"b"_s, u"c"_s }));
    QCOMPARE(stateAt(4), DeliveryState::Pending);
    QCOMPARE(stateAt(5), DeliveryState::Failed);
    QCOMPARE(stateAt(6), DeliveryState::Pending);
    QCOMPARE(m_model->newestStoredId(), std::optional<qint64>(9));
    QCOMPARE(structureError(*m_model), QString());
}

void MessageReconciliationTest::reconcileMovesToServerPlace_data()
{
    QTest::addColumn<qint64>("serverId");
    QTest::addColumn<int>("expectedRow");

    // Stored rows 10, 20, 30, then our pending rows "x" (row 3) and "y" (row 4).
    QTest::newRow("before everything") << qint64(5) << 0;
    QTest::newRow("between 10 and 20") << qint64(15) << 1;
    QTest::newRow("between 20 and 30") << qint64(25) << 2;
    QTest::newRow("newest: stays") << qint64(35) << 3;
}

void MessageReconciliationTest::reconcileMovesToServerPlace()
{
    QFETCH(qint64, serverId);
    QFETCH(int, expectedRow);
    for (qint64 id : { 10, 20, 30 })
        m_model->applyStored(theirs(id));
    m_model->addLocal(u"x"_s, u"ex"_s, writtenTime(1));
    m_model->addLocal(u"y"_s, u"why"_s, writtenTime(2));
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);

    m_model->applyStored(ours(serverId, u"x"_s, u"ex"_s));

    QCOMPARE(m_model->rowOfClientId(u"x"_s), expectedRow);
    QCOMPARE(m_model->rowOfId(serverId), expectedRow);
    QCOMPARE(stateAt(expectedRow), DeliveryState::Sent);
    if (expectedRow == 3) {
        QCOMPARE(moved.count(), 0);
    } else {
        QCOMPARE(moved.count(), 1);
        QCOMPARE(moved.at(0).at(1).toInt(), 3); // source start
        QCOMPARE(moved.at(0).at(2).toInt(), 3); // source end
        QCOMPARE(moved.at(0).at(4).toInt(), expectedRow); // destination, before the move
    }
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(m_model->rowCount(), 5);
    QCOMPARE(clientIdAt(4), u"y"_s);
    QCOMPARE(stateAt(4), DeliveryState::Pending);
    QCOMPARE(structureError(*m_model), QString());
}

void MessageReconciliationTest::pendingReconciledInReverse()
{
    m_model->applyStored(theirs(3));
    m_model->addLocal(u"a"_s, u"first"_s, writtenTime(1));
    m_model->addLocal(u"b"_s, u"second"_s, writtenTime(2));
    m_model->addLocal(u"c"_s, u"third"_s, writtenTime(3));
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);

    // The server stored them as 10 and 11, but the copy of b came back first.
    m_model->applyStored(ours(11, u"b"_s, u"second"_s));
    QCOMPARE(ids(), (QList<qint64> { 3, 11, 0, 0 }));
    QCOMPARE(moved.count(), 1);
    m_model->applyStored(ours(10, u"a"_s, u"first"_s));

    QCOMPARE(ids(), (QList<qint64> { 3, 10, 11, 0 }));
    QCOMPARE(clientIds(), (QStringList { u"bob-3"_s, u"a"_s, u"b"_s, u"c"_s }));
    QCOMPARE(moved.count(), 2);
    QCOMPARE(stateAt(3), DeliveryState::Pending);
    QCOMPARE(structureError(*m_model), QString());
}

void MessageReconciliationTest::otherConversationIgnored()
{
    m_model->applyStored(theirs(3));
    m_model->addLocal(u"c1"_s, u"Hi Bob"_s, writtenTime(1));
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);

    m_model->applyStored(theirs(5, OtherConversationId));
    // Even one of ours with a matching client id: it is not this conversation's.
    m_model->applyStored(ours(6, u"c1"_s, u"Hi Bob"_s, OtherConversationId));
    m_model->applyStored(
        QList<Message> { theirs(1, OtherConversationId), theirs(2, OtherConversationId) });
    // Nor anything without a server id.
    m_model->applyStored(ours(0, u"c1"_s, u"Hi Bob"_s));

    QCOMPARE(inserted.count(), 0);
    QCOMPARE(dataChanged.count(), 0);
    QCOMPARE(moved.count(), 0);
    QCOMPARE(ids(), (QList<qint64> { 3, 0 }));
    QCOMPARE(stateAt(1), DeliveryState::Pending);
}

void MessageReconciliationTest::removeLocal_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<bool>("removed");

    QTest::newRow("pending") << u"pending"_s << true;
    QTest::newRow("failed") << u"failed"_s << true;
    QTest::newRow("sent") << u"sent"_s << false;
    QTest::newRow("unknown client id") << u"unknown"_s << false;
}

void MessageReconciliationTest::removeLocal()
{
    QFETCH(QString, state);
    QFETCH(bool, removed);
    m_model->applyStored(theirs(3));
    m_model->addLocal(u"keep"_s, u"stays"_s, writtenTime(1));
    m_model->addLocal(u"c1"_s, u"Hi Bob"_s, writtenTime(2));
    if (state == u"failed"_s)
        m_model->markFailed(u"c1"_s, u"rejected"_s);
    else if (state == u"sent"_s)
        m_model->applyStored(ours(9, u"c1"_s, u"Hi Bob"_s));
    const QString target = state == u"unknown"_s ? u"nope"_s : u"c1"_s;
    const int row = m_model->rowOfClientId(target);
    QSignalSpy rowsRemoved(m_model.get(), &QAbstractItemModel::rowsRemoved);

    m_model->removeLocal(target);

    QCOMPARE(rowsRemoved.count(), removed ? 1 : 0);
    QCOMPARE(m_model->rowCount(), removed ? 2 : 3);
    if (removed) {
        QCOMPARE(rowsRemoved.at(0).at(1).toInt(), row);
        QCOMPARE(m_model->rowOfClientId(u"c1"_s), -1);
    }
    QCOMPARE(m_model->rowOfClientId(u"keep"_s) >= 0, true);
    if (state == u"sent"_s)
        QCOMPARE(m_model->rowOfId(9), 1);
    QCOMPARE(structureError(*m_model), QString());
}

QTEST_GUILESS_MAIN(MessageReconciliationTest)
#include "tst_messagereconciliation.moc"
