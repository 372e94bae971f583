// Unit tests of MessageListModel's paged window: older pages go in at the top and add
// only the rows missing; fetchMore() asks once, and only while a view shows the top;
// past the bound the newest rows go (and nothing newer goes in until the newest page
// resets the window), live messages push out the oldest unless the top shows; paging
// from the top reaches the first message with no gap or repeat. Every test runs on a
// fresh model watched by QAbstractItemModelTester.
#include <support/messagemodeltest.h>
#include <support/modelrows.h>
#include <support/samplemessages.h>

#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class MessageWindowTest : public MessageModelTest
{
    Q_OBJECT

private Q_SLOTS:
    void olderPageInsertedAtTop_data();
    void olderPageInsertedAtTop();
    void pageAddsOnlyMissingRows_data();
    void pageAddsOnlyMissingRows();
    void olderPageReconcilesPendingRow();
    void fetchMoreAsksOnceWhileAtTop();
    void olderPagesPastTheBoundDropTheNewest();
    void nothingNewerGoesInWhileHasNewer();
    void newestPageResetsTheWindow();
    void pagingFromTheTopHasNoGapOrRepeat_data();
    void pagingFromTheTopHasNoGapOrRepeat();
    void liveMessagesPushOutTheOldest();
    void liveMessagesKeepTheTopWhileItShows();

private:
    //! The newest page (951-1000) and our local rows c1 (`c1Body`) and c2 ("still
    //! pending", Failed if `c2Failed`), then two older pages in a window bounded to 100
    //! stored rows: the newest page was dropped. A QTest check that it was.
    void scrollUpPastTheBound(const QString &c1Body, bool c2Failed);
};

void MessageWindowTest::scrollUpPastTheBound(const QString &c1Body, bool c2Failed)
{
    m_model->setMaximumStoredRows(100);
    m_model->applyStored(pageOf(951, 1000));
    m_model->addLocal(u"c1"_s, c1Body, writtenTime(1));
    m_model->addLocal(u"c2"_s, u"still pending"_s, writtenTime(2));
    if (c2Failed)
        m_model->markFailed(u"c2"_s, u"refused"_s);
    m_model->prependOlderPage(pageOf(901, 950), true);
    m_model->prependOlderPage(pageOf(851, 900), true);
    QVERIFY(m_model->hasNewer());
}

void MessageWindowTest::olderPageInsertedAtTop_data()
{
    QTest::addColumn<QList<qint64>>("page");

    // History pages come newest first.
    QTest::newRow("newest first") << QList<qint64> { 45, 44, 43, 42, 41 };
    QTest::newRow("shuffled") << QList<qint64> { 43, 41, 45, 42, 44 };
    QTest::newRow("one message") << QList<qint64> { 41 };
}

void MessageWindowTest::olderPageInsertedAtTop()
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

void MessageWindowTest::pageAddsOnlyMissingRows_data()
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

void MessageWindowTest::pageAddsOnlyMissingRows()
{
    QFETCH(QList<qint64>, page);
    QFETCH(QList<qint64>, expected);
    for (qint64 id : { 10, 20, 30 })
        m_model->applyStored(theirs(id));
    m_model->setHasOlder(true); // as it is when pages come (no day starts at 10 then)
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

void MessageWindowTest::olderPageReconcilesPendingRow()
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

void MessageWindowTest::fetchMoreAsksOnceWhileAtTop()
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

void MessageWindowTest::olderPagesPastTheBoundDropTheNewest()
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

void MessageWindowTest::nothingNewerGoesInWhileHasNewer()
{
    scrollUpPastTheBound(u"sent before scrolling up"_s, false);
    if (QTest::currentTestFailed())
        return;
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

void MessageWindowTest::newestPageResetsTheWindow()
{
    scrollUpPastTheBound(u"stored meanwhile"_s, true);
    if (QTest::currentTestFailed())
        return;
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

void MessageWindowTest::pagingFromTheTopHasNoGapOrRepeat_data()
{
    QTest::addColumn<int>("bound");
    QTest::addColumn<int>("pageSize");

    QTest::newRow("window holds everything") << 2000 << 50;
    QTest::newRow("bounded window") << 120 << 50;
    QTest::newRow("bound below two pages") << 60 << 50;
    QTest::newRow("odd page size") << 200 << 37;
}

void MessageWindowTest::pagingFromTheTopHasNoGapOrRepeat()
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

void MessageWindowTest::liveMessagesPushOutTheOldest()
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

void MessageWindowTest::liveMessagesKeepTheTopWhileItShows()
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

QTEST_GUILESS_MAIN(MessageWindowTest)
#include "tst_messagewindow.moc"
