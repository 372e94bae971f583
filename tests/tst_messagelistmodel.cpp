// Unit tests of MessageListModel, the open conversation: our own messages shown at once as
// Pending, reconciled into Sent by whichever server copy (ack, REST reply, echo) comes
// first, later copies ignored; stored rows ordered by server id, local rows after them.
// Every test runs on a fresh model watched by QAbstractItemModelTester.
#include <client/models/deliverystate.h>
#include <client/models/messagelistmodel.h>

#include <QAbstractItemModelTester>
#include <QHash>
#include <QMetaEnum>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace chat;
using chat::client::DeliveryState;
using chat::client::MessageListModel;
using chat::client::ReceiptMark;

namespace {

constexpr qint64 ConversationId = 7;
constexpr qint64 OtherConversationId = 8;
constexpr qint64 OwnUserId = 1;
constexpr qint64 BobId = 2;

//! The server's commit time of message `id`: distinct per id, UTC, whole milliseconds.
QDateTime serverTime(qint64 id)
{
    return QDateTime(QDate(2024, 3, 1), QTime(12, 0), QTimeZone::utc()).addSecs(id);
}

//! When the user pressed Enter on local message number `n`.
QDateTime writtenTime(int n)
{
    return QDateTime(QDate(2024, 3, 2), QTime(9, 0), QTimeZone::utc()).addMSecs(n * 250);
}

Message storedMessage(qint64 id, qint64 senderId, const QString &clientId, const QString &body,
    qint64 conversationId = ConversationId)
{
    Message message;
    message.id = id;
    message.conversationId = conversationId;
    message.senderId = senderId;
    message.senderName = senderId == OwnUserId ? u"alice"_s : u"bob"_s;
    message.clientId = clientId;
    message.body = body;
    message.createdAt = serverTime(id);
    return message;
}

//! A message from Bob, the other member of the conversation.
Message theirs(qint64 id, qint64 conversationId = ConversationId)
{
    return storedMessage(id, BobId, u"bob-%1"_s.arg(id), u"hello %1"_s.arg(id), conversationId);
}

//! The server's copy of one of our messages.
Message ours(
    qint64 id, const QString &clientId, const QString &body, qint64 conversationId = ConversationId)
{
    return storedMessage(id, OwnUserId, clientId, body, conversationId);
}

QList<int> rolesOf(const QSignalSpy &dataChanged, int emission)
{
    return dataChanged.at(emission).at(2).value<QList<int>>();
}

int rowOf(const QSignalSpy &spy, int emission, int argument = 0)
{
    return spy.at(emission).at(argument).toModelIndex().row();
}

QList<int> allRoles()
{
    const QMetaEnum roles = QMetaEnum::fromType<MessageListModel::Role>();
    QList<int> values;
    for (int i = 0; i < roles.keyCount(); ++i)
        values.append(roles.value(i));
    return values;
}

//! Every role of one row, to find out which ones a change touched.
QHash<int, QVariant> snapshot(const QAbstractItemModel &model, int row)
{
    QHash<int, QVariant> values;
    for (int role : allRoles())
        values.insert(role, model.data(model.index(row, 0), role));
    return values;
}

//! What the model must always be: stored rows strictly ascending by id (so no id twice),
//! Sent; then our local rows (id 0), Pending or Failed; no client id twice among our rows.
//! Returns what is wrong, or an empty string.
QString structureError(const QAbstractItemModel &model)
{
    bool seenLocal = false;
    qint64 previousId = 0;
    QSet<QString> ownClientIds;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        const qint64 id = index.data(MessageListModel::IdRole).toLongLong();
        const auto state = index.data(MessageListModel::DeliveryStateRole).value<DeliveryState>();
        const bool own = index.data(MessageListModel::IsOwnRole).toBool();
        const QString clientId = index.data(MessageListModel::ClientIdRole).toString();
        if (id == 0) {
            seenLocal = true;
            if (state == DeliveryState::Sent)
                return u"local row %1 (%2) is Sent"_s.arg(row).arg(clientId);
            if (!own)
                return u"local row %1 (%2) is not ours"_s.arg(row).arg(clientId);
        } else {
            if (seenLocal)
                return u"stored row %1 (id %2) after a local row"_s.arg(row).arg(id);
            if (id <= previousId)
                return u"row %1: id %2 after id %3"_s.arg(row).arg(id).arg(previousId);
            if (state != DeliveryState::Sent)
                return u"stored row %1 (id %2) is not Sent"_s.arg(row).arg(id);
            previousId = id;
        }
        if (own) {
            if (ownClientIds.contains(clientId))
                return u"client id %1 twice (row %2)"_s.arg(clientId).arg(row);
            ownClientIds.insert(clientId);
        }
    }
    return {};
}

} // namespace

class MessageListModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

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
    void olderPageInsertedAtTop_data();
    void olderPageInsertedAtTop();
    void pageAddsOnlyMissingRows_data();
    void pageAddsOnlyMissingRows();
    void olderPageReconcilesPendingRow();
    void idsAndLookups();
    void removeLocal_data();
    void removeLocal();
    void resetClears();
    void roleNames();
    void liveMessagesPushOutTheOldest();
    void liveMessagesKeepTheTopWhileItShows();
    void randomizedOperations_data();
    void randomizedOperations();

    // Paging and the bounded window
    void fetchMoreAsksOnceWhileAtTop();
    void olderPagesPastTheBoundDropTheNewest();
    void nothingNewerGoesInWhileHasNewer();
    void newestPageResetsTheWindow();
    void pagingFromTheTopHasNoGapOrRepeat_data();
    void pagingFromTheTopHasNoGapOrRepeat();

    // Delivered and read marks
    void receiptsMarkOnlyOwnSentRows();
    void receiptsReportOnlyChangedRows();
    void receiptOfReconciledRow();

private:
    [[nodiscard]] QVariant value(int row, int role) const
    {
        return m_model->data(m_model->index(row, 0), role);
    }
    [[nodiscard]] qint64 idAt(int row) const
    {
        return value(row, MessageListModel::IdRole).toLongLong();
    }
    [[nodiscard]] QString clientIdAt(int row) const
    {
        return value(row, MessageListModel::ClientIdRole).toString();
    }
    [[nodiscard]] DeliveryState stateAt(int row) const
    {
        return value(row, MessageListModel::DeliveryStateRole).value<DeliveryState>();
    }
    [[nodiscard]] QList<qint64> ids() const
    {
        QList<qint64> result;
        for (int row = 0; row < m_model->rowCount(); ++row)
            result.append(idAt(row));
        return result;
    }
    [[nodiscard]] QStringList clientIds() const
    {
        QStringList result;
        for (int row = 0; row < m_model->rowCount(); ++row)
            result.append(clientIdAt(row));
        return result;
    }

    std::unique_ptr<MessageListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void MessageListModelTest::init()
{
    m_model = std::make_unique<MessageListModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->reset(ConversationId, OwnUserId);
}

void MessageListModelTest::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void MessageListModelTest::addLocalAppendsPendingRow_data()
{
    QTest::addColumn<QList<qint64>>("history");

    QTest::newRow("empty conversation") << QList<qint64> {};
    QTest::newRow("after stored messages") << QList<qint64> { 3, 4 };
}

void MessageListModelTest::addLocalAppendsPendingRow()
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

void MessageListModelTest::addLocalIgnoresKnownClientId()
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

void MessageListModelTest::reconcileSecondCopyIsNoOp_data()
{
    QTest::addColumn<QList<qint64>>("history");

    // The echo over the socket and the REST reply carry the same stored message: whichever
    // comes first reconciles, the other must change nothing.
    QTest::newRow("echo then reply") << QList<qint64> {};
    QTest::newRow("reply then echo") << QList<qint64> {};
    QTest::newRow("echo then reply, after history") << QList<qint64> { 2, 5 };
    QTest::newRow("reply then echo, after history") << QList<qint64> { 2, 5 };
}

void MessageListModelTest::reconcileSecondCopyIsNoOp()
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

void MessageListModelTest::reconcileReportsEveryChangedRole()
{
    m_model->addLocal(u"c1"_s, u"Hi Bob"_s, writtenTime(1));
    const QHash<int, QVariant> before = snapshot(*m_model, 0);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->applyStored(ours(10, u"c1"_s, u"Hi Bob"_s));

    QCOMPARE(dataChanged.count(), 1);
    const QList<int> reported = rolesOf(dataChanged, 0);
    const QHash<int, QVariant> after = snapshot(*m_model, 0);
    const QMetaEnum names = QMetaEnum::fromType<MessageListModel::Role>();
    for (int role : allRoles()) {
        if (before.value(role) != after.value(role)) {
            QVERIFY2(reported.contains(role),
                qPrintable(u"%1 changed but dataChanged does not say so"_s.arg(
                    QString::fromLatin1(names.valueToKey(role)))));
        }
    }
}

void MessageListModelTest::echoFromAnotherInstance_data()
{
    QTest::addColumn<bool>("withPendingRow");

    QTest::newRow("nothing pending here") << false;
    QTest::newRow("a pending row of our own") << true;
}

void MessageListModelTest::echoFromAnotherInstance()
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

void MessageListModelTest::failThenRetry_data()
{
    QTest::addColumn<bool>("retry");

    QTest::newRow("retried, then stored") << true;
    // A timeout reported as a failure although the server did store the message.
    QTest::newRow("stored while failed") << false;
}

void MessageListModelTest::failThenRetry()
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

void MessageListModelTest::lateFailureAfterSent()
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

void MessageListModelTest::markPendingOnlyAfterFailure()
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

void MessageListModelTest::storedOrderedById_data()
{
    QTest::addColumn<QList<qint64>>("arrival");

    QTest::newRow("5 2 9 7") << QList<qint64> { 5, 2, 9, 7 };
    QTest::newRow("in order") << QList<qint64> { 2, 5, 7, 9 };
    QTest::newRow("reversed") << QList<qint64> { 9, 7, 5, 2 };
    QTest::newRow("with repeats") << QList<qint64> { 7, 5, 7, 2, 9, 5, 2 };
}

void MessageListModelTest::storedOrderedById()
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

void MessageListModelTest::localRowsStayAfterStored()
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

void MessageListModelTest::reconcileMovesToServerPlace_data()
{
    QTest::addColumn<qint64>("serverId");
    QTest::addColumn<int>("expectedRow");

    // Stored rows 10, 20, 30, then our pending rows "x" (row 3) and "y" (row 4).
    QTest::newRow("before everything") << qint64(5) << 0;
    QTest::newRow("between 10 and 20") << qint64(15) << 1;
    QTest::newRow("between 20 and 30") << qint64(25) << 2;
    QTest::newRow("newest: stays") << qint64(35) << 3;
}

void MessageListModelTest::reconcileMovesToServerPlace()
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

void MessageListModelTest::pendingReconciledInReverse()
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

void MessageListModelTest::otherConversationIgnored()
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

void MessageListModelTest::olderPageInsertedAtTop_data()
{
    QTest::addColumn<QList<qint64>>("page");

    // History pages come newest first.
    QTest::newRow("newest first") << QList<qint64> { 45, 44, 43, 42, 41 };
    QTest::newRow("shuffled") << QList<qint64> { 43, 41, 45, 42, 44 };
    QTest::newRow("one message") << QList<qint64> { 41 };
}

void MessageListModelTest::olderPageInsertedAtTop()
{
    QFETCH(QList<qint64>, page);
    m_model->applyStored(theirs(50));
    m_model->applyStored(theirs(51));
    m_model->addLocal(u"c1"_s, u"Hi Bob"_s, writtenTime(1));
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

    QList<Message> messages;
    for (qint64 id : page)
        messages.append(theirs(id));
    m_model->applyStored(messages);

    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), int(page.size()) - 1);
    QList<qint64> expected = page;
    std::sort(expected.begin(), expected.end());
    expected << 50 << 51 << 0;
    QCOMPARE(ids(), expected);
    QCOMPARE(m_model->oldestId(), std::optional<qint64>(expected.first()));
    QCOMPARE(structureError(*m_model), QString());
}

void MessageListModelTest::pageAddsOnlyMissingRows_data()
{
    QTest::addColumn<QList<qint64>>("page");
    QTest::addColumn<QList<qint64>>("expected");

    // Shown: 10, 20, 30.
    QTest::newRow("overlapping") << QList<qint64> { 25, 20, 15, 10, 5 }
                                 << QList<qint64> { 5, 10, 15, 20, 25, 30 };
    QTest::newRow("all known") << QList<qint64> { 30, 20, 10 } << QList<qint64> { 10, 20, 30 };
    QTest::newRow("newer") << QList<qint64> { 40, 35, 30 } << QList<qint64> { 10, 20, 30, 35, 40 };
    QTest::newRow("older, with a repeat")
        << QList<qint64> { 8, 7, 7, 6 } << QList<qint64> { 6, 7, 8, 10, 20, 30 };
    QTest::newRow("empty") << QList<qint64> {} << QList<qint64> { 10, 20, 30 };
}

void MessageListModelTest::pageAddsOnlyMissingRows()
{
    QFETCH(QList<qint64>, page);
    QFETCH(QList<qint64>, expected);
    for (qint64 id : { 10, 20, 30 })
        m_model->applyStored(theirs(id));
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);

    QList<Message> messages;
    for (qint64 id : page)
        messages.append(theirs(id));
    m_model->applyStored(messages);

    QCOMPARE(ids(), expected);
    QCOMPARE(dataChanged.count(), 0);
    int insertedRows = 0;
    for (const QList<QVariant> &arguments : std::as_const(inserted))
        insertedRows += arguments.at(2).toInt() - arguments.at(1).toInt() + 1;
    QCOMPARE(insertedRows, int(expected.size()) - 3);
    QCOMPARE(structureError(*m_model), QString());
}

void MessageListModelTest::olderPageReconcilesPendingRow()
{
    // Sent before the app quit, stored as 46 but never acknowledged: reopened, the
    // conversation shows it from the outbox as Pending, and the page of messages older
    // than 50 holds its stored copy.
    m_model->applyStored(theirs(50));
    m_model->applyStored(theirs(51));
    m_model->addLocal(u"c1"_s, u"Hi Bob"_s, writtenTime(1));

    m_model->applyStored(QList<Message> { theirs(47), ours(46, u"c1"_s, u"Hi Bob"_s), theirs(45) });

    QCOMPARE(ids(), (QList<qint64> { 45, 46, 47, 50, 51 }));
    QCOMPARE(m_model->rowOfClientId(u"c1"_s), 1);
    QCOMPARE(stateAt(1), DeliveryState::Sent);
    QCOMPARE(structureError(*m_model), QString());
}

void MessageListModelTest::idsAndLookups()
{
    QCOMPARE(m_model->oldestId(), std::nullopt);
    QCOMPARE(m_model->newestStoredId(), std::nullopt);

    m_model->addLocal(u"c1"_s, u"Hi Bob"_s, writtenTime(1));
    QCOMPARE(m_model->oldestId(), std::nullopt); // nothing stored yet
    QCOMPARE(m_model->newestStoredId(), std::nullopt);

    for (qint64 id : { 20, 12, 31 })
        m_model->applyStored(theirs(id));
    m_model->addLocal(u"c2"_s, u"again"_s, writtenTime(2));
    // Rows: 12, 20, 31, c1, c2.
    QCOMPARE(m_model->oldestId(), std::optional<qint64>(12));
    QCOMPARE(m_model->newestStoredId(), std::optional<qint64>(31));
    QCOMPARE(m_model->rowOfId(12), 0);
    QCOMPARE(m_model->rowOfId(20), 1);
    QCOMPARE(m_model->rowOfId(31), 2);
    QCOMPARE(m_model->rowOfId(15), -1);
    QCOMPARE(m_model->rowOfId(99), -1);
    QCOMPARE(m_model->rowOfId(0), -1);
    QCOMPARE(m_model->rowOfClientId(u"c1"_s), 3);
    QCOMPARE(m_model->rowOfClientId(u"c2"_s), 4);
    QCOMPARE(m_model->rowOfClientId(u"nope"_s), -1);
    // Client ids are ours: Bob's are not looked up.
    QCOMPARE(m_model->rowOfClientId(u"bob-20"_s), -1);

    m_model->applyStored(ours(25, u"c2"_s, u"again"_s));
    QCOMPARE(m_model->rowOfClientId(u"c2"_s), 2);
    QCOMPARE(m_model->rowOfId(25), 2);
    QCOMPARE(m_model->rowOfId(31), 3);
    QCOMPARE(m_model->newestStoredId(), std::optional<qint64>(31));
}

void MessageListModelTest::removeLocal_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<bool>("removed");

    QTest::newRow("pending") << u"pending"_s << true;
    QTest::newRow("failed") << u"failed"_s << true;
    QTest::newRow("sent") << u"sent"_s << false;
    QTest::newRow("unknown client id") << u"unknown"_s << false;
}

void MessageListModelTest::removeLocal()
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

void MessageListModelTest::resetClears()
{
    for (qint64 id : { 2, 3 })
        m_model->applyStored(theirs(id));
    m_model->addLocal(u"c1"_s, u"Hi Bob"_s, writtenTime(1));
    QSignalSpy aboutToReset(m_model.get(), &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

    m_model->reset(OtherConversationId, OwnUserId);

    QCOMPARE(aboutToReset.count(), 1);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->conversationId(), OtherConversationId);
    QCOMPARE(m_model->oldestId(), std::nullopt);
    QCOMPARE(m_model->rowOfClientId(u"c1"_s), -1);

    // Now the old conversation is the foreign one.
    m_model->applyStored(theirs(4));
    QCOMPARE(m_model->rowCount(), 0);
    m_model->applyStored(theirs(4, OtherConversationId));
    QCOMPARE(ids(), (QList<qint64> { 4 }));
}

void MessageListModelTest::roleNames()
{
    const QHash<int, QByteArray> names = m_model->roleNames();
    const QList<int> roles = allRoles();
    QCOMPARE(roles.size(), 10);
    QSet<QByteArray> seen;
    for (int role : roles) {
        QVERIFY2(role >= Qt::UserRole + 1, qPrintable(QString::number(role)));
        QVERIFY2(names.contains(role), qPrintable(QString::number(role)));
        QVERIFY(!names.value(role).isEmpty());
        QVERIFY2(!seen.contains(names.value(role)), names.value(role).constData());
        seen.insert(names.value(role));
    }
    QCOMPARE(names.value(MessageListModel::BodyRole), QByteArray("body"));
    QCOMPARE(names.value(MessageListModel::DeliveryStateRole), QByteArray("deliveryState"));
    QCOMPARE(names.value(MessageListModel::IsOwnRole), QByteArray("isOwn"));
    QCOMPARE(names.value(MessageListModel::ReceiptRole), QByteArray("receipt"));
}

namespace {
QList<ReceiptMark> receiptsOf(const MessageListModel &model)
{
    QList<ReceiptMark> result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(model.index(row, 0).data(MessageListModel::ReceiptRole).value<ReceiptMark>());
    return result;
}
} // namespace

void MessageListModelTest::receiptsMarkOnlyOwnSentRows()
{
    // ours 10, theirs 11, ours 12, theirs 13, ours 14, then a Pending and a Failed row.
    m_model->applyStored({ ours(10, u"c10"_s, u"a"_s), theirs(11), ours(12, u"c12"_s, u"b"_s),
        theirs(13), ours(14, u"c14"_s, u"c"_s) });
    m_model->addLocal(u"p1"_s, u"pending"_s, writtenTime(1));
    m_model->addLocal(u"f1"_s, u"failed"_s, writtenTime(2));
    m_model->markFailed(u"f1"_s, u"refused"_s);
    const ReceiptMark N = ReceiptMark::None;
    QCOMPARE(receiptsOf(*m_model), (QList<ReceiptMark> { N, N, N, N, N, N, N }));

    m_model->setReceiptPositions(13, 10);
    QCOMPARE(m_model->deliveredUpTo(), 13);
    QCOMPARE(m_model->readUpTo(), 10);
    QCOMPARE(receiptsOf(*m_model),
        (QList<ReceiptMark> { ReceiptMark::Read, N, ReceiptMark::Delivered, N, N, N, N }));

    // Far past everything: only our stored rows are marked; local rows never are.
    m_model->setReceiptPositions(100, 100);
    QCOMPARE(receiptsOf(*m_model),
        (QList<ReceiptMark> {
            ReceiptMark::Read, N, ReceiptMark::Read, N, ReceiptMark::Read, N, N }));
    // Read implies delivered, whatever the delivered position says.
    m_model->setReceiptPositions(0, 12);
    QCOMPARE(receiptsOf(*m_model),
        (QList<ReceiptMark> { ReceiptMark::Read, N, ReceiptMark::Read, N, N, N, N }));
    // DeliveryState stays what it was.
    QCOMPARE(stateAt(0), DeliveryState::Sent);
    QCOMPARE(stateAt(5), DeliveryState::Pending);
    QCOMPARE(stateAt(6), DeliveryState::Failed);

    // Another conversation starts without marks.
    m_model->reset(OtherConversationId, OwnUserId);
    QCOMPARE(m_model->deliveredUpTo(), 0);
    QCOMPARE(m_model->readUpTo(), 0);
    m_model->applyStored(ours(20, u"c20"_s, u"d"_s, OtherConversationId));
    QCOMPARE(receiptsOf(*m_model), (QList<ReceiptMark> { N }));
}

void MessageListModelTest::receiptsReportOnlyChangedRows()
{
    m_model->applyStored({ ours(10, u"c10"_s, u"a"_s), theirs(11), ours(12, u"c12"_s, u"b"_s),
        ours(13, u"c13"_s, u"c"_s), theirs(14), ours(15, u"c15"_s, u"d"_s) });
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);

    const auto check = [&](qint64 delivered, qint64 read) -> QSet<int> {
        const QList<ReceiptMark> before = receiptsOf(*m_model);
        dataChanged.clear();
        m_model->setReceiptPositions(delivered, read);
        const QList<ReceiptMark> after = receiptsOf(*m_model);
        QSet<int> reported;
        for (int emission = 0; emission < dataChanged.count(); ++emission) {
            [&] {
                QCOMPARE(
                    rolesOf(dataChanged, emission), QList<int> { MessageListModel::ReceiptRole });
            }();
            for (int row = rowOf(dataChanged, emission, 0); row <= rowOf(dataChanged, emission, 1);
                 ++row) {
                [&] {
                    QVERIFY2(before.at(row) != after.at(row),
                        qPrintable(u"row %1 reported but unchanged"_s.arg(row)));
                }();
                reported.insert(row);
            }
        }
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (before.at(row) != after.at(row)) {
                [&] {
                    QVERIFY2(reported.contains(row),
                        qPrintable(u"row %1 changed but not reported"_s.arg(row)));
                }();
            }
        }
        return reported;
    };

    QCOMPARE(check(12, 0), (QSet<int> { 0, 2 }));
    QCOMPARE(check(13, 10), (QSet<int> { 0, 3 }));
    QCOMPARE(check(15, 13), (QSet<int> { 2, 3, 5 }));
    // The same positions again: nothing.
    QCOMPARE(check(15, 13), QSet<int> {});
    QCOMPARE(dataChanged.count(), 0);
    // A delivered position that only covers their message changes no row.
    QCOMPARE(check(14, 13), (QSet<int> { 5 }));
    // Receipts turned off: the positions read 0 and every mark goes.
    QCOMPARE(check(0, 0), (QSet<int> { 0, 2, 3 }));
}

void MessageListModelTest::receiptOfReconciledRow()
{
    m_model->applyStored(theirs(5));
    m_model->setReceiptPositions(30, 20);
    m_model->addLocal(u"c1"_s, u"soon read"_s, writtenTime(1));
    m_model->addLocal(u"c2"_s, u"delivered"_s, writtenTime(2));
    QCOMPARE(value(1, MessageListModel::ReceiptRole).value<ReceiptMark>(), ReceiptMark::None);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->applyStored(ours(18, u"c1"_s, u"soon read"_s));
    QCOMPARE(dataChanged.count(), 1);
    QVERIFY(rolesOf(dataChanged, 0).contains(MessageListModel::ReceiptRole));
    QCOMPARE(value(m_model->rowOfId(18), MessageListModel::ReceiptRole).value<ReceiptMark>(),
        ReceiptMark::Read);
    m_model->applyStored(ours(25, u"c2"_s, u"delivered"_s));
    QCOMPARE(value(m_model->rowOfId(25), MessageListModel::ReceiptRole).value<ReceiptMark>(),
        ReceiptMark::Delivered);
    // A message of ours from another instance, stored later than the positions: not yet.
    m_model->applyStored(ours(31, u"x"_s, u"elsewhere"_s));
    QCOMPARE(value(m_model->rowOfId(31), MessageListModel::ReceiptRole).value<ReceiptMark>(),
        ReceiptMark::None);
}

void MessageListModelTest::randomizedOperations_data()
{
    QTest::addColumn<quint32>("seed");

    // 45, 62 and 253 deliver, as a batch older than every row shown, a message repeated
    // or one of our pending ones: the cases a fast path for older pages can get wrong.
    for (quint32 seed : { 1u, 7u, 42u, 45u, 62u, 253u, 1234u, 2024u, 31337u, 4000000007u })
        QTest::addRow("seed %u", seed) << seed;
}

void MessageListModelTest::randomizedOperations()
{
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    const auto pick = [&random](qsizetype size) {
        return qsizetype(random.bounded(int(size)));
    };

    qint64 nextId = 1; // ids are server-wide: other conversations use them too
    int nextClientId = 0;
    QHash<QString, QString> bodies; // of our local messages
    QStringList unsent; // local rows the server has not stored yet
    QHash<QString, DeliveryState> localRows; // what should be local rows, and their state
    QList<Message> inFlight; // stored copies on their way here, repeats included
    QHash<qint64, Message> applied; // every stored message of this conversation applied

    const auto deliver = [&](const QList<Message> &messages) {
        for (const Message &message : messages) {
            if (message.conversationId != ConversationId)
                continue;
            applied.insert(message.id, message);
            if (message.senderId == OwnUserId)
                localRows.remove(message.clientId);
        }
    };
    const auto copies = [&](const Message &message) {
        const int count = 1 + int(random.bounded(3)); // ack, reply, echo: one to three
        for (int i = 0; i < count; ++i)
            inFlight.append(message);
    };
    const auto failedRows = [&localRows]() {
        QStringList failed;
        for (auto it = localRows.cbegin(); it != localRows.cend(); ++it) {
            if (it.value() == DeliveryState::Failed)
                failed.append(it.key());
        }
        failed.sort(); // hash order is not seeded by us: keep runs reproducible
        return failed;
    };

    for (int op = 0; op < 200; ++op) {
        const int kind = int(random.bounded(100));
        QString what;
        if (kind < 20) {
            const QString clientId = u"c%1"_s.arg(++nextClientId);
            const QString body = u"local %1"_s.arg(nextClientId);
            bodies.insert(clientId, body);
            m_model->addLocal(clientId, body, writtenTime(nextClientId));
            unsent.append(clientId);
            localRows.insert(clientId, DeliveryState::Pending);
            what = u"addLocal "_s + clientId;
        } else if (kind < 34) {
            if (unsent.isEmpty())
                continue;
            const QString clientId = unsent.takeAt(pick(unsent.size()));
            copies(ours(nextId++, clientId, bodies.value(clientId)));
            what = u"server stores "_s + clientId;
        } else if (kind < 52) {
            copies(theirs(nextId++));
            what = u"Bob writes"_s;
        } else if (kind < 57) {
            const QString clientId = u"phone-%1"_s.arg(nextId);
            copies(ours(nextId++, clientId, u"from the phone"_s));
            what = u"we write on the phone"_s;
        } else if (kind < 60) {
            copies(theirs(nextId++, OtherConversationId));
            what = u"another conversation"_s;
        } else if (kind < 82) {
            if (inFlight.isEmpty())
                continue;
            const Message message = inFlight.takeAt(pick(inFlight.size()));
            m_model->applyStored(message);
            deliver({ message });
            what = u"applyStored %1"_s.arg(message.id);
        } else if (kind < 90) {
            if (inFlight.isEmpty())
                continue;
            QList<Message> batch;
            const int size = 1 + int(random.bounded(5));
            for (int i = 0; i < size && !inFlight.isEmpty(); ++i)
                batch.append(inFlight.takeAt(pick(inFlight.size())));
            if (random.bounded(4) == 0)
                batch.append(batch.at(pick(batch.size()))); // a repeat within the batch
            m_model->applyStored(batch);
            deliver(batch);
            what = u"applyStored batch of %1"_s.arg(batch.size());
        } else if (kind < 95) {
            QStringList local = localRows.keys();
            if (local.isEmpty())
                continue;
            local.sort();
            const QString clientId = local.at(pick(local.size()));
            m_model->markFailed(clientId, u"rejected"_s);
            localRows.insert(clientId, DeliveryState::Failed);
            what = u"markFailed "_s + clientId;
        } else if (kind < 98) {
            const QStringList failed = failedRows();
            if (failed.isEmpty())
                continue;
            const QString clientId = failed.at(pick(failed.size()));
            m_model->markPending(clientId);
            localRows.insert(clientId, DeliveryState::Pending);
            what = u"markPending "_s + clientId;
        } else {
            const QStringList failed = failedRows();
            if (failed.isEmpty())
                continue;
            const QString clientId = failed.at(pick(failed.size()));
            m_model->removeLocal(clientId);
            localRows.remove(clientId);
            unsent.removeAll(clientId);
            what = u"removeLocal "_s + clientId;
        }

        const QString error = structureError(*m_model);
        QVERIFY2(error.isEmpty(), qPrintable(u"op %1 (%2): %3"_s.arg(op).arg(what, error)));
        QVERIFY2(m_model->rowCount() == applied.size() + localRows.size(),
            qPrintable(u"op %1 (%2): %3 rows, expected %4 stored and %5 local"_s.arg(op)
                           .arg(what)
                           .arg(m_model->rowCount())
                           .arg(applied.size())
                           .arg(localRows.size())));
    }

    // Everything still on its way arrives, in any order.
    while (!inFlight.isEmpty()) {
        const Message message = inFlight.takeAt(pick(inFlight.size()));
        m_model->applyStored(message);
        deliver({ message });
    }

    QCOMPARE(structureError(*m_model), QString());
    QCOMPARE(m_model->rowCount(), int(applied.size() + localRows.size()));
    QVERIFY(!applied.isEmpty());
    for (const Message &message : std::as_const(applied)) {
        const int row = m_model->rowOfId(message.id);
        QVERIFY2(row >= 0, qPrintable(u"id %1 missing"_s.arg(message.id)));
        QCOMPARE(ids().count(message.id), 1);
        QCOMPARE(clientIdAt(row), message.clientId);
        QCOMPARE(value(row, MessageListModel::BodyRole).toString(), message.body);
        QCOMPARE(value(row, MessageListModel::CreatedAtRole).toDateTime(), message.createdAt);
        QCOMPARE(value(row, MessageListModel::IsOwnRole).toBool(), message.senderId == OwnUserId);
        QCOMPARE(stateAt(row), DeliveryState::Sent);
    }
    for (auto it = localRows.cbegin(); it != localRows.cend(); ++it) {
        const int row = m_model->rowOfClientId(it.key());
        QVERIFY2(row >= 0, qPrintable(u"local %1 missing"_s.arg(it.key())));
        QCOMPARE(idAt(row), qint64(0));
        QCOMPARE(stateAt(row), it.value());
    }
}

namespace {

//! A history page as the server sends it: ids `from`..`to` (both included), newest first.
QList<Message> pageOf(qint64 from, qint64 to)
{
    QList<Message> page;
    for (qint64 id = to; id >= from; --id)
        page.append(theirs(id));
    return page;
}

//! Stored ids `from`..`to`, ascending.
QList<qint64> idRange(qint64 from, qint64 to)
{
    QList<qint64> ids;
    for (qint64 id = from; id <= to; ++id)
        ids.append(id);
    return ids;
}

} // namespace

void MessageListModelTest::fetchMoreAsksOnceWhileAtTop()
{
    QSignalSpy requested(m_model.get(), &MessageListModel::olderPageRequested);
    QSignalSpy hasOlderChanged(m_model.get(), &MessageListModel::hasOlderChanged);
    m_model->applyStored(pageOf(951, 1000));
    QVERIFY(!m_model->hasOlder());
    QVERIFY(!m_model->canFetchMore({}));

    m_model->setHasOlder(true);
    QCOMPARE(hasOlderChanged.count(), 1);
    // No view has said that the top shows: a view asking at its bottom end gets nothing.
    QVERIFY(!m_model->isAtTop());
    QVERIFY(!m_model->canFetchMore({}));
    m_model->fetchMore({});
    QCOMPARE(requested.count(), 0);

    m_model->setAtTop(true);
    QVERIFY(m_model->canFetchMore({}));
    QVERIFY(!m_model->canFetchMore(m_model->index(0))); // a list: rows have no children
    m_model->fetchMore({});
    QCOMPARE(requested.count(), 1);
    QVERIFY(m_model->isFetchingOlder());
    // Asked once until the page arrives.
    QVERIFY(!m_model->canFetchMore({}));
    m_model->fetchMore({});
    QCOMPARE(requested.count(), 1);

    // A failure lets it ask again.
    m_model->olderPageFailed();
    QVERIFY(m_model->canFetchMore({}));
    m_model->fetchMore({});
    QCOMPARE(requested.count(), 2);

    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->prependOlderPage(pageOf(901, 950), true);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 49);
    QCOMPARE(ids(), idRange(901, 1000));
    QVERIFY(!m_model->isFetchingOlder());
    // Rows went in above: the top shows again only when the view says so.
    QVERIFY(!m_model->isAtTop());
    QVERIFY(!m_model->canFetchMore({}));
    m_model->setAtTop(true);
    QVERIFY(m_model->canFetchMore({}));

    // The last page: nothing older.
    m_model->fetchMore({});
    m_model->prependOlderPage(pageOf(890, 900), false);
    QVERIFY(!m_model->hasOlder());
    m_model->setAtTop(true);
    QVERIFY(!m_model->canFetchMore({}));
    QCOMPARE(requested.count(), 3);
    QCOMPARE(structureError(*m_model), QString());

    // Another conversation starts with nothing to fetch.
    m_model->reset(OtherConversationId, OwnUserId);
    QVERIFY(!m_model->hasOlder());
    QVERIFY(!m_model->hasNewer());
    QVERIFY(!m_model->isFetchingOlder());
}

void MessageListModelTest::olderPagesPastTheBoundDropTheNewest()
{
    m_model->setMaximumStoredRows(100);
    m_model->applyStored(pageOf(951, 1000));
    m_model->setHasOlder(true);
    m_model->addLocal(u"c1"_s, u"typed while reading"_s, writtenTime(1));
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy hasNewerChanged(m_model.get(), &MessageListModel::hasNewerChanged);

    m_model->prependOlderPage(pageOf(901, 950), true); // exactly at the bound
    QCOMPARE(removed.count(), 0);
    QVERIFY(!m_model->hasNewer());
    QCOMPARE(m_model->storedRowCount(), 100);

    m_model->prependOlderPage(pageOf(851, 900), true);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 100);
    QCOMPARE(removed.at(0).at(2).toInt(), 149);
    QCOMPARE(hasNewerChanged.count(), 1);
    QVERIFY(m_model->hasNewer());
    QList<qint64> expected = idRange(851, 950);
    expected << 0; // our local row stays
    QCOMPARE(ids(), expected);
    QCOMPARE(m_model->newestStoredId(), std::optional<qint64>(950));
    QCOMPARE(structureError(*m_model), QString());

    m_model->prependOlderPage(pageOf(801, 850), true);
    QCOMPARE(removed.count(), 2);
    QCOMPARE(hasNewerChanged.count(), 1); // already set
    expected = idRange(801, 900);
    expected << 0;
    QCOMPARE(ids(), expected);
    QCOMPARE(m_model->rowCount(), 101);
    QCOMPARE(structureError(*m_model), QString());
}

void MessageListModelTest::nothingNewerGoesInWhileHasNewer()
{
    m_model->setMaximumStoredRows(100);
    m_model->applyStored(pageOf(951, 1000));
    m_model->addLocal(u"c1"_s, u"sent before scrolling up"_s, writtenTime(1));
    m_model->addLocal(u"c2"_s, u"still pending"_s, writtenTime(2));
    m_model->prependOlderPage(pageOf(901, 950), true);
    m_model->prependOlderPage(pageOf(851, 900), true);
    QVERIFY(m_model->hasNewer());
    const QList<qint64> before = ids();
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);

    // A live message, a catch-up page and a repeat of a dropped row: all newer than
    // the window reaches, so none goes in (it would sit after a gap).
    m_model->applyStored(theirs(1001));
    m_model->applyStored(pageOf(990, 1002));
    m_model->applyStored(theirs(960));
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(ids(), before);

    // The server's copy of our own message lies beyond the window too: its local row goes.
    m_model->applyStored(ours(1003, u"c1"_s, u"sent before scrolling up"_s));
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(m_model->rowOfClientId(u"c1"_s), -1);
    QCOMPARE(m_model->rowOfClientId(u"c2"_s), m_model->rowCount() - 1);
    QCOMPARE(structureError(*m_model), QString());

    // Older ones still go in where they belong.
    m_model->prependOlderPage(pageOf(840, 850), true);
    QCOMPARE(m_model->oldestId(), std::optional<qint64>(840));
    QCOMPARE(m_model->newestStoredId(), std::optional<qint64>(939));
    QCOMPARE(structureError(*m_model), QString());
}

void MessageListModelTest::newestPageResetsTheWindow()
{
    m_model->setMaximumStoredRows(100);
    m_model->applyStored(pageOf(951, 1000));
    m_model->addLocal(u"c1"_s, u"stored meanwhile"_s, writtenTime(1));
    m_model->addLocal(u"c2"_s, u"still pending"_s, writtenTime(2));
    m_model->markFailed(u"c2"_s, u"refused"_s);
    m_model->prependOlderPage(pageOf(901, 950), true);
    m_model->prependOlderPage(pageOf(851, 900), true);
    QVERIFY(m_model->hasNewer());
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy hasNewerChanged(m_model.get(), &MessageListModel::hasNewerChanged);

    // Back at the bottom: the newest page, which holds c1's stored copy.
    QList<Message> newest = pageOf(1006, 1055);
    newest.insert(3, ours(1052, u"c1"_s, u"stored meanwhile"_s));
    newest.removeAt(4); // (1052 was Bob's in pageOf: it is ours instead)
    m_model->resetToNewestPage(newest, true);

    QCOMPARE(reset.count(), 1);
    QCOMPARE(hasNewerChanged.count(), 1);
    QVERIFY(!m_model->hasNewer());
    QVERIFY(m_model->hasOlder());
    QList<qint64> expected = idRange(1006, 1055);
    expected << 0; // c2 only: c1 is stored now
    QCOMPARE(ids(), expected);
    QCOMPARE(m_model->rowOfClientId(u"c1"_s), m_model->rowOfId(1052));
    QCOMPARE(stateAt(m_model->rowCount() - 1), DeliveryState::Failed);
    QCOMPARE(structureError(*m_model), QString());

    // Live again: a new message goes in at the end of the stored rows.
    m_model->applyStored(theirs(1056));
    QCOMPARE(m_model->newestStoredId(), std::optional<qint64>(1056));
    QCOMPARE(structureError(*m_model), QString());
}

void MessageListModelTest::pagingFromTheTopHasNoGapOrRepeat_data()
{
    QTest::addColumn<int>("bound");
    QTest::addColumn<int>("pageSize");

    QTest::newRow("window holds everything") << 2000 << 50;
    QTest::newRow("bounded window") << 120 << 50;
    QTest::newRow("bound below two pages") << 60 << 50;
    QTest::newRow("odd page size") << 200 << 37;
}

void MessageListModelTest::pagingFromTheTopHasNoGapOrRepeat()
{
    QFETCH(int, bound);
    QFETCH(int, pageSize);
    constexpr qint64 Total = 1000;
    m_model->setMaximumStoredRows(bound);
    QSignalSpy requested(m_model.get(), &MessageListModel::olderPageRequested);
    m_model->applyStored(pageOf(Total - pageSize + 1, Total));
    m_model->setHasOlder(true);

    QList<qint64> seen = ids(); // every id as it streamed through the window
    std::reverse(seen.begin(), seen.end());
    while (m_model->hasOlder()) {
        m_model->setAtTop(true); // the user scrolled to the top
        QVERIFY(m_model->canFetchMore({}));
        m_model->fetchMore({});
        QVERIFY(!m_model->canFetchMore({}));
        // The owner answers with the page before the oldest row.
        const qint64 before = *m_model->oldestId();
        const qint64 from = std::max<qint64>(1, before - pageSize);
        m_model->prependOlderPage(pageOf(from, before - 1), from > 1);
        for (qint64 id = before - 1; id >= from; --id)
            seen.append(idAt(int(id - from)));

        // The window: contiguous ids from the oldest, at most `bound` of them.
        const QList<qint64> now = ids();
        QVERIFY(now.size() <= bound);
        QCOMPARE(now, idRange(now.first(), now.last()));
        QCOMPARE(m_model->hasNewer(), now.last() != Total);
        QCOMPARE(structureError(*m_model), QString());
    }
    QCOMPARE(requested.count(), int((Total - pageSize + pageSize - 1) / pageSize));
    // Newest first, each id once: no gap, no repeat.
    QList<qint64> expected = idRange(1, Total);
    std::reverse(expected.begin(), expected.end());
    QCOMPARE(seen, expected);
    QCOMPARE(m_model->oldestId(), std::optional<qint64>(1));
}

void MessageListModelTest::liveMessagesPushOutTheOldest()
{
    m_model->setMaximumStoredRows(5);
    for (qint64 id = 1; id <= 5; ++id)
        m_model->applyStored(theirs(id));
    m_model->addLocal(u"mine"_s, u"pending"_s, QDateTime::currentDateTimeUtc());
    QVERIFY(!m_model->hasOlder());

    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    m_model->applyStored(theirs(6));
    m_model->applyStored(ours(7, u"mine"_s, u"pending"_s)); // reconciling adds a stored row too
    QCOMPARE(removed.count(), 2);
    QCOMPARE(removed.at(0).at(1).toInt(), 0); // always from the top
    QCOMPARE(m_model->rowCount(), 5);
    QCOMPARE(m_model->oldestId(), std::optional<qint64>(3));
    QCOMPARE(m_model->newestStoredId(), std::optional<qint64>(7));
    QVERIFY(m_model->hasOlder()); // what was dropped can be paged in again
}

void MessageListModelTest::liveMessagesKeepTheTopWhileItShows()
{
    m_model->setMaximumStoredRows(3);
    for (qint64 id = 1; id <= 3; ++id)
        m_model->applyStored(theirs(id));
    m_model->setAtTop(true); // the user reads the oldest rows: do not pull them away
    m_model->applyStored(theirs(4));
    QCOMPARE(m_model->rowCount(), 4);
    QCOMPARE(m_model->oldestId(), std::optional<qint64>(1));
    m_model->setAtTop(false);
    m_model->applyStored(theirs(5)); // the next arrival trims back to the bound
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->oldestId(), std::optional<qint64>(3));
}

QTEST_GUILESS_MAIN(MessageListModelTest)
#include "tst_messagelistmodel.moc"
