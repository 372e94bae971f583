// Unit tests of MessageListModel's window after a jump (to a search hit, to a quoted
// message): the page around the message replaces the window with hasNewer() set; newer
// pages go in below as one insertion each, within the bound, until the newest; live
// messages that arrive meanwhile are held, not shown after a gap, and go in once the window
// reaches the newest, also when one overtakes the last page on its way: never lost, never
// twice. Every test runs on a fresh model watched by QAbstractItemModelTester.
#include <support/messagemodeltest.h>
#include <support/modelrows.h>
#include <support/samplemessages.h>

#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class JumpWindowTest : public MessageModelTest
{
    Q_OBJECT

private:
    //! The newest page (951-1000) with our local row c1, then a jump to 500: the page
    //! around it (476-525) with newer messages after it.
    void jumpBack()
    {
        m_model->applyStored(pageOf(951, 1000));
        m_model->addLocal(u"c1"_s, u"on its way"_s, writtenTime(1));
        m_model->resetToPage(pageOf(476, 525), true, true);
    }

private Q_SLOTS:
    void pageAroundReplacesTheWindow()
    {
        m_model->applyStored(pageOf(951, 1000));
        m_model->addLocal(u"c1"_s, u"on its way"_s, writtenTime(1));
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        QSignalSpy hasNewerChanged(m_model.get(), &MessageListModel::hasNewerChanged);
        m_model->resetToPage(pageOf(476, 525), true, true);

        QCOMPARE(reset.count(), 1);
        QCOMPARE(hasNewerChanged.count(), 1);
        QVERIFY(m_model->hasNewer());
        QVERIFY(m_model->hasOlder());
        QList<qint64> expected = idRange(476, 525);
        expected << 0; // our message still on its way stays at the bottom
        QCOMPARE(ids(), expected);
        QCOMPARE(structureError(*m_model), QString());

        // A page around an early message: nothing older.
        m_model->resetToPage(pageOf(1, 30), false, true);
        QVERIFY(!m_model->hasOlder());
        QVERIFY(m_model->hasNewer());
        QCOMPARE(m_model->oldestId(), std::optional<qint64>(1));
    }

    void newerPagesGoInBelowUntilTheNewest()
    {
        m_model->setMaximumStoredRows(100);
        jumpBack();
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);

        // The page around the newest row: its older half is here already.
        m_model->appendNewerPage(pageOf(500, 575), true);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 50);
        QCOMPARE(inserted.at(0).at(2).toInt(), 99);
        QCOMPARE(removed.count(), 0);
        QList<qint64> expected = idRange(476, 575);
        expected << 0;
        QCOMPARE(ids(), expected);
        QVERIFY(m_model->hasNewer());

        // Past the bound, the oldest rows go (they can be paged in again).
        for (qint64 end = 625; end <= 975; end += 50)
            m_model->appendNewerPage(pageOf(end - 75, end), true);
        QCOMPARE(m_model->storedRowCount(), 100);
        QCOMPARE(m_model->oldestId(), std::optional<qint64>(876));
        QVERIFY(m_model->hasOlder());
        QVERIFY(m_model->hasNewer());
        QCOMPARE(structureError(*m_model), QString());

        // The last page reaches the newest: live again.
        QSignalSpy hasNewerChanged(m_model.get(), &MessageListModel::hasNewerChanged);
        m_model->appendNewerPage(pageOf(950, 1000), false);
        QCOMPARE(hasNewerChanged.count(), 1);
        QVERIFY(!m_model->hasNewer());
        expected = idRange(901, 1000);
        expected << 0;
        QCOMPARE(ids(), expected);
        m_model->applyStored(theirs(1001));
        QCOMPARE(m_model->newestStoredId(), std::optional<qint64>(1001));
        QCOMPARE(structureError(*m_model), QString());
    }

    void liveMessagesWaitUntilTheWindowReachesThem()
    {
        jumpBack();
        const QList<qint64> before = ids();
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        // Live while the user reads far back: bob's, then the server's copy of our c1.
        m_model->applyStored(theirs(1001));
        m_model->applyStored(ours(1002, u"c1"_s, u"on its way"_s));
        QCOMPARE(inserted.count(), 0);
        QList<qint64> expected = idRange(476, 525); // c1 lies beyond the window now
        QCOMPARE(ids(), expected);
        QVERIFY(before != expected);

        // Pages towards the newest; the last one was answered before 1001 and 1002 were
        // stored (they overtook it on the way): they go in after it all the same.
        for (qint64 end = 575; end <= 975; end += 50)
            m_model->appendNewerPage(pageOf(end - 75, end), true);
        QCOMPARE(m_model->newestStoredId(), std::optional<qint64>(975));
        m_model->appendNewerPage(pageOf(950, 1000), false);
        QVERIFY(!m_model->hasNewer());
        QCOMPARE(m_model->newestStoredId(), std::optional<qint64>(1002));
        QCOMPARE(m_model->rowOfClientId(u"c1"_s), m_model->rowOfId(1002));
        QCOMPARE(stateAt(m_model->rowOfId(1002)), DeliveryState::Sent);

        // Their later copies (an echo, a catch-up page) change nothing.
        const QList<qint64> now = ids();
        m_model->applyStored(theirs(1001));
        m_model->applyStored(pageOf(990, 1001));
        QCOMPARE(ids(), now);
        QCOMPARE(rowsWithBody(m_model.get(), u"on its way"_s), 1);
        QCOMPARE(structureError(*m_model), QString());
    }

    void aPageThatHasThemChangesNothing()
    {
        jumpBack();
        m_model->applyStored(theirs(1001));
        // This time the last page was answered after 1001 was stored: it is in it, once.
        m_model->appendNewerPage(pageOf(990, 1001), false);
        QCOMPARE(m_model->newestStoredId(), std::optional<qint64>(1001));
        QCOMPARE(ids().count(1001), 1);
        QCOMPARE(structureError(*m_model), QString());
    }

    void writingGoesBackToTheNewestWithWhatWasHeld()
    {
        jumpBack();
        m_model->applyStored(theirs(1001));
        // The user writes: the newest page, answered before 1001 was stored.
        m_model->resetToNewestPage(pageOf(951, 1000), true);
        QVERIFY(!m_model->hasNewer());
        QCOMPARE(m_model->newestStoredId(), std::optional<qint64>(1001));
        QList<qint64> expected = idRange(951, 1001);
        expected << 0; // c1, still on its way
        QCOMPARE(ids(), expected);
        QCOMPARE(structureError(*m_model), QString());
    }

    void anotherJumpForgetsNothingNewer()
    {
        jumpBack();
        m_model->applyStored(theirs(1001));
        // Jumping again, further back: 1001 is still beyond the window, and still held.
        m_model->resetToPage(pageOf(100, 149), true, true);
        QCOMPARE(m_model->rowOfId(1001), -1);
        m_model->appendNewerPage(pageOf(951, 1000), false);
        QCOMPARE(m_model->newestStoredId(), std::optional<qint64>(1001));
        // Back in the same conversation after another one: nothing held from before.
        m_model->reset(ConversationId, OwnUserId);
        m_model->resetToPage(pageOf(476, 525), true, true);
        m_model->appendNewerPage(pageOf(951, 1000), false);
        QCOMPARE(m_model->newestStoredId(), std::optional<qint64>(1000));
        QCOMPARE(structureError(*m_model), QString());
    }
};

QTEST_GUILESS_MAIN(JumpWindowTest)
#include "tst_jumpwindow.moc"
