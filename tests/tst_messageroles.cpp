// Unit tests of what MessageListModel shows of each row: its roles and their names, the
// lookups by id and client id, a reset to another conversation, and the delivered and
// read marks on our own stored messages (only changed rows reported). Every test runs
// on a fresh model watched by QAbstractItemModelTester.
#include <support/messagemodeltest.h>
#include <support/modelrows.h>
#include <support/samplemessages.h>

#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class MessageRolesTest : public MessageModelTest
{
    Q_OBJECT

private Q_SLOTS:
    void idsAndLookups();
    void resetClears();
    void roleNames();

    // Delivered and read marks
    void receiptsMarkOnlyOwnSentRows();
    void receiptsReportOnlyChangedRows();
    void receiptOfReconciledRow();
    void groupReadCountsAndNames();
    void senderShownOnlyInGroups();

private:
    const QList<int> ReceiptRoles { MessageListModel::ReceiptRole, MessageListModel::ReadCountRole,
        MessageListModel::ReadByRole };
};

void MessageRolesTest::idsAndLookups()
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

void MessageRolesTest::resetClears()
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

void MessageRolesTest::roleNames()
{
    verifyRoleNames(*m_model, allRoles<MessageListModel>(), 21,
        { { MessageListModel::BodyRole, "body" }, { MessageListModel::ReplyToRole, "replyTo" },
            { MessageListModel::ReactionsRole, "reactions" },
            { MessageListModel::DeliveryStateRole, "deliveryState" },
            { MessageListModel::IsOwnRole, "isOwn" }, { MessageListModel::ReceiptRole, "receipt" },
            { MessageListModel::ReadCountRole, "readCount" },
            { MessageListModel::ShowSenderRole, "showSender" },
            { MessageListModel::StartsDayRole, "startsDay" },
            { MessageListModel::FirstUnreadRole, "firstUnread" } });
}

void MessageRolesTest::receiptsMarkOnlyOwnSentRows()
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

void MessageRolesTest::receiptsReportOnlyChangedRows()
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
                QCOMPARE(rolesOf(dataChanged, emission), ReceiptRoles);
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

void MessageRolesTest::receiptOfReconciledRow()
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

QTEST_GUILESS_MAIN(MessageRolesTest)
#include "tst_messageroles.moc"

void MessageRolesTest::groupReadCountsAndNames()
{
    using Position = MessageListModel::MemberPosition;
    m_model->setGroup(true);
    m_model->applyStored({ ours(10, u"c10"_s, u"a"_s), theirs(11), ours(12, u"c12"_s, u"b"_s) });
    const auto readCount = [this](int row) {
        return m_model->index(row).data(MessageListModel::ReadCountRole).toInt();
    };
    const auto readBy = [this](int row) {
        return m_model->index(row).data(MessageListModel::ReadByRole).toStringList();
    };
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    // Bob read both, carol only the first, dave got the second without reading it.
    m_model->setMemberPositions({ Position { 2, u"bob"_s, 12, 12 },
        Position { 3, u"carol"_s, 10, 10 }, Position { 4, u"dave"_s, 12, 0 } });
    QCOMPARE(readCount(0), 2);
    QCOMPARE(readBy(0), (QStringList { u"bob"_s, u"carol"_s }));
    QCOMPARE(readCount(1), 0); // not ours: no marks
    QVERIFY(readBy(1).isEmpty());
    QCOMPARE(readCount(2), 1);
    QCOMPARE(readBy(2), QStringList { u"bob"_s });
    QCOMPARE(m_model->index(2).data(MessageListModel::ReceiptRole).value<ReceiptMark>(),
        ReceiptMark::Read);
    QVERIFY(!dataChanged.isEmpty());
    for (int emission = 0; emission < dataChanged.count(); ++emission)
        QCOMPARE(rolesOf(dataChanged, emission), ReceiptRoles);

    // Dave reads up to the second: both of ours change, theirs between them is not reported.
    dataChanged.clear();
    m_model->setMemberPositions({ Position { 2, u"bob"_s, 12, 12 },
        Position { 3, u"carol"_s, 10, 10 }, Position { 4, u"dave"_s, 12, 12 } });
    QCOMPARE(dataChanged.count(), 2);
    QCOMPARE(rowOf(dataChanged, 0, 0), 0);
    QCOMPARE(rowOf(dataChanged, 0, 1), 0);
    QCOMPARE(rowOf(dataChanged, 1, 0), 2);
    QCOMPARE(rowOf(dataChanged, 1, 1), 2);
    QCOMPARE(readBy(0), (QStringList { u"bob"_s, u"carol"_s, u"dave"_s }));
    QCOMPARE(readCount(2), 2);
    QCOMPARE(readBy(2), (QStringList { u"bob"_s, u"dave"_s }));
    // The same positions again: nothing to report.
    dataChanged.clear();
    m_model->setMemberPositions({ Position { 2, u"bob"_s, 12, 12 },
        Position { 3, u"carol"_s, 10, 10 }, Position { 4, u"dave"_s, 12, 12 } });
    QCOMPARE(dataChanged.count(), 0);
}

void MessageRolesTest::senderShownOnlyInGroups()
{
    Message joined = theirs(13);
    joined.event = SystemEvent { .type = SystemEvent::Type::MembersAdded, .userIds = { 3 } };
    m_model->applyStored({ ours(10, u"c10"_s, u"a"_s), theirs(11), joined });
    const auto showSender = [this](int row) {
        return m_model->index(row).data(MessageListModel::ShowSenderRole).toBool();
    };
    QVERIFY(!showSender(1)); // a direct conversation names nobody
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setGroup(true);
    QCOMPARE(dataChanged.count(), 1);
    QVERIFY(!showSender(0)); // our own
    QVERIFY(showSender(1));
    QVERIFY(!showSender(2)); // a system line
    QVERIFY(m_model->index(2).data(MessageListModel::IsSystemRole).toBool());
    QVERIFY(!m_model->index(1).data(MessageListModel::IsSystemRole).toBool());
}
