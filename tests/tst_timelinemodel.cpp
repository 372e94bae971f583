// The timeline's roles of MessageListModel, under QAbstractItemModelTester: StartsDayRole
// (the first row of each local day, the window's first row only when no older messages
// exist) kept right through insertions, prepended pages, removals, reconciled local rows
// and window resets, with a dataChanged for every row whose flag changes; and
// FirstUnreadRole, which FirstUnreadFinder sets on the first message of someone else after
// the read position, once the window shows it for sure.
#include <client/conversations/firstunreadfinder.h>
#include <support/messagemodeltest.h>
#include <support/samplemessages.h>

#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using chat::client::FirstUnreadFinder;
using chat::client::MessageListModel;

namespace {

//! Local time on day `day` of March 2024 at `hour`:`minute`, whatever the machine's zone.
QDateTime localTime(int day, int hour, int minute = 0)
{
    return QDateTime(QDate(2024, 3, day), QTime(hour, minute), Qt::LocalTime);
}

Message bobAt(qint64 id, const QDateTime &time)
{
    Message message = theirs(id);
    message.createdAt = time.toUTC();
    return message;
}

Message systemAt(qint64 id, const QDateTime &time)
{
    Message message = bobAt(id, time);
    message.event = SystemEvent { .type = SystemEvent::Type::MembersAdded, .userIds = { 3 } };
    return message;
}

Message oursAt(qint64 id, const QString &clientId, const QDateTime &time)
{
    Message message = ours(id, clientId, u"mine"_s);
    message.createdAt = time.toUTC();
    return message;
}

//! Bob's messages `from`..`to`, one a minute from `start`.
QList<Message> minutely(qint64 from, qint64 to, const QDateTime &start)
{
    QList<Message> messages;
    for (qint64 id = from; id <= to; ++id)
        messages.append(bobAt(id, start.addSecs(60 * (id - from))));
    return messages;
}

//! Follows what the model announces of StartsDayRole: a row's flag as last reported
//! (by its insertion, the reset, or a dataChanged naming the role). check() then says
//! whether every row's flag is what was announced, i.e. no change went unreported.
class DayFlagsWatcher
{
public:
    explicit DayFlagsWatcher(QAbstractItemModel *model)
        : m_model(model)
    {
        QObject::connect(model, &QAbstractItemModel::rowsInserted, &m_context,
            [this](const QModelIndex &, int first, int last) { record(first, last); });
        QObject::connect(model, &QAbstractItemModel::modelReset, &m_context, [this] {
            m_flags.clear();
            record(0, m_model->rowCount() - 1);
        });
        QObject::connect(model, &QAbstractItemModel::dataChanged, &m_context,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight,
                const QList<int> &roles) {
                if (roles.isEmpty() || roles.contains(MessageListModel::StartsDayRole))
                    record(topLeft.row(), bottomRight.row());
            });
        record(0, model->rowCount() - 1);
    }

    //! Every row's flag is the one last announced; fails the test naming the row if not.
    [[nodiscard]] bool check() const
    {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const QModelIndex index = m_model->index(row, 0);
            const bool now = index.data(MessageListModel::StartsDayRole).toBool();
            bool announced = false;
            bool known = false;
            for (const auto &[persistent, flag] : m_flags) {
                if (persistent == index) {
                    announced = flag;
                    known = true;
                }
            }
            if (!known || announced != now) {
                qWarning("row %d: StartsDayRole %d, announced %d (known %d)", row, now, announced,
                    known);
                return false;
            }
        }
        return true;
    }

private:
    void record(int first, int last)
    {
        for (int row = first; row <= last; ++row) {
            const QModelIndex index = m_model->index(row, 0);
            bool found = false;
            for (auto &[persistent, flag] : m_flags) {
                if (persistent == index) {
                    flag = index.data(MessageListModel::StartsDayRole).toBool();
                    found = true;
                }
            }
            if (!found)
                m_flags.emplace_back(QPersistentModelIndex(index),
                    index.data(MessageListModel::StartsDayRole).toBool());
        }
    }

    QAbstractItemModel *m_model;
    QObject m_context;
    std::vector<std::pair<QPersistentModelIndex, bool>> m_flags;
};

} // namespace

class TimelineModelTest : public MessageModelTest
{
    Q_OBJECT

private:
    //! StartsDayRole of every row, in row order.
    [[nodiscard]] QList<bool> dayStarts() const
    {
        QList<bool> starts;
        for (int row = 0; row < m_model->rowCount(); ++row)
            starts.append(value(row, MessageListModel::StartsDayRole).toBool());
        return starts;
    }
    //! The rows FirstUnreadRole marks, by id.
    [[nodiscard]] QList<qint64> firstUnreadRows() const
    {
        QList<qint64> marked;
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (value(row, MessageListModel::FirstUnreadRole).toBool())
                marked.append(idAt(row));
        }
        return marked;
    }

private Q_SLOTS:
    // Each local day's first row, and the conversation's first message.
    void firstOfEachLocalDay()
    {
        m_model->applyStored({ bobAt(1, localTime(1, 10)), bobAt(2, localTime(1, 23, 59)),
            bobAt(3, localTime(2, 0, 0)), bobAt(4, localTime(2, 12)), systemAt(5, localTime(5, 8)),
            bobAt(6, localTime(5, 9)) });
        QCOMPARE(dayStarts(), (QList<bool> { true, false, true, false, true, false }));
        QCOMPARE(m_model->roleNames().value(MessageListModel::StartsDayRole), "startsDay");
    }

    // While older messages exist, the window's first row may continue a day begun
    // before it: no separator until the older page shows where the day starts.
    void firstRowOnlyWithoutOlderMessages()
    {
        m_model->applyStored(minutely(11, 13, localTime(2, 9)));
        DayFlagsWatcher watcher(m_model.get());
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->setHasOlder(true);
        QCOMPARE(dayStarts(), (QList<bool> { false, false, false }));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
        QCOMPARE(changed.at(0).at(2).value<QList<int>>(),
            QList<int> { MessageListModel::StartsDayRole });
        QVERIFY(watcher.check());

        // The older page ends the day before: the old first row starts its day after all.
        m_model->prependOlderPage(minutely(8, 10, localTime(1, 22)), false);
        QCOMPARE(dayStarts(), (QList<bool> { true, false, false, true, false, false }));
        QVERIFY(watcher.check());
    }

    // A page prepended in the same day leaves the old first row as it was: no signal
    // for it.
    void prependedPageOfTheSameDay()
    {
        m_model->applyStored(minutely(11, 13, localTime(2, 10)));
        m_model->setHasOlder(true);
        DayFlagsWatcher watcher(m_model.get());
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->prependOlderPage(minutely(8, 10, localTime(2, 9)), true);
        QCOMPARE(dayStarts(), QList<bool>(6, false));
        QCOMPARE(changed.count(), 0);
        QVERIFY(watcher.check());
    }

    // A message that goes in between takes the day's start from the row after it.
    void insertedBetweenTakesTheStart()
    {
        m_model->applyStored({ bobAt(10, localTime(1, 12)), bobAt(30, localTime(2, 12)) });
        DayFlagsWatcher watcher(m_model.get());
        m_model->applyStored(bobAt(20, localTime(2, 8)));
        QCOMPARE(ids(), (QList<qint64> { 10, 20, 30 }));
        QCOMPARE(dayStarts(), (QList<bool> { true, true, false }));
        QVERIFY(watcher.check());
        // Another day in the middle of one: both it and the row after start a day.
        m_model->applyStored(bobAt(25, localTime(4, 8)));
        QCOMPARE(dayStarts(), (QList<bool> { true, true, true, true }));
        QVERIFY(watcher.check());
    }

    // Our messages written today after yesterday's stored ones: the first of them starts
    // a day; once it is stored (at the server's time) and moves, and once one is
    // discarded, the rows around them are right again and were told so.
    void localRowsReconciledAndRemoved()
    {
        m_model->applyStored(minutely(1, 3, localTime(1, 12)));
        DayFlagsWatcher watcher(m_model.get());
        m_model->addLocal(u"c1"_s, u"one"_s, localTime(2, 9));
        m_model->addLocal(u"c2"_s, u"two"_s, localTime(2, 9, 1));
        QCOMPARE(dayStarts(), (QList<bool> { true, false, false, true, false }));
        QVERIFY(watcher.check());

        // c2 is stored first, on day 2: it moves above c1, which no longer starts the day.
        m_model->applyStored(oursAt(4, u"c2"_s, localTime(2, 9, 1)));
        QCOMPARE(clientIds().mid(3), (QStringList { u"c2"_s, u"c1"_s }));
        QCOMPARE(dayStarts(), (QList<bool> { true, false, false, true, false }));
        QVERIFY(watcher.check());

        // Stored after all on day 1 (the server's clock): the day starts with c1 again.
        Message early = oursAt(4, u"c2"_s, localTime(1, 23));
        m_model->reset(ConversationId, OwnUserId);
        m_model->applyStored(minutely(1, 3, localTime(1, 12)));
        m_model->addLocal(u"c1"_s, u"one"_s, localTime(2, 9));
        m_model->addLocal(u"c2"_s, u"two"_s, localTime(2, 9, 1));
        QVERIFY(watcher.check());
        m_model->applyStored(early);
        QCOMPARE(dayStarts(), (QList<bool> { true, false, false, false, true }));
        QVERIFY(watcher.check());

        // c1 discarded: nothing after it to take the start.
        m_model->removeLocal(u"c1"_s);
        QCOMPARE(dayStarts(), (QList<bool> { true, false, false, false }));
        m_model->addLocal(u"c3"_s, u"three"_s, localTime(3, 9));
        m_model->addLocal(u"c4"_s, u"four"_s, localTime(3, 10));
        m_model->removeLocal(u"c3"_s);
        QCOMPARE(dayStarts(), (QList<bool> { true, false, false, false, true }));
        QVERIFY(watcher.check());
    }

    // The oldest rows dropped past the bound: the new first row has older messages
    // before it, so no separator, and it was told.
    void trimmedWindow()
    {
        m_model->setMaximumStoredRows(3);
        m_model->applyStored(
            { bobAt(1, localTime(1, 9)), bobAt(2, localTime(2, 9)), bobAt(3, localTime(2, 10)) });
        DayFlagsWatcher watcher(m_model.get());
        m_model->applyStored(bobAt(4, localTime(3, 9)));
        QCOMPARE(ids(), (QList<qint64> { 2, 3, 4 }));
        QVERIFY(m_model->hasOlder());
        QCOMPARE(dayStarts(), (QList<bool> { false, false, true }));
        QVERIFY(watcher.check());
    }

    // A page from anywhere (a jump) comes with its own separators.
    void resetToPage()
    {
        DayFlagsWatcher watcher(m_model.get());
        m_model->resetToPage(
            { bobAt(50, localTime(1, 9)), bobAt(51, localTime(2, 9)) }, true, true);
        QCOMPARE(dayStarts(), (QList<bool> { false, true }));
        m_model->resetToPage(
            { bobAt(1, localTime(1, 9)), bobAt(2, localTime(1, 10)) }, false, true);
        QCOMPARE(dayStarts(), (QList<bool> { true, false }));
        QVERIFY(watcher.check());
    }

    void firstUnreadRole()
    {
        m_model->applyStored(pageOf(1, 5));
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->setFirstUnreadId(3);
        QCOMPARE(firstUnreadRows(), QList<qint64> { 3 });
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 2);
        QCOMPARE(changed.at(0).at(2).value<QList<int>>(),
            QList<int> { MessageListModel::FirstUnreadRole });
        m_model->setFirstUnreadId(4); // the old row and the new one
        QCOMPARE(changed.count(), 3);
        QCOMPARE(firstUnreadRows(), QList<qint64> { 4 });
        m_model->setFirstUnreadId(4);
        QCOMPARE(changed.count(), 3);
        // A message not in the window yet: none shows, until it comes.
        m_model->setFirstUnreadId(9);
        QCOMPARE(firstUnreadRows(), QList<qint64> {});
        m_model->applyStored(pageOf(6, 10));
        QCOMPARE(firstUnreadRows(), QList<qint64> { 9 });
        // Another conversation: none.
        m_model->reset(OtherConversationId, OwnUserId);
        QCOMPARE(m_model->firstUnreadId(), 0);
        QCOMPARE(m_model->roleNames().value(MessageListModel::FirstUnreadRole), "firstUnread");
    }

    // Read up to 5: the line goes above the first message of someone else after it; ours
    // and system entries are never unread.
    void finderInTheNewestPage()
    {
        FirstUnreadFinder finder(*m_model);
        QSignalSpy found(&finder, &FirstUnreadFinder::found);
        finder.start(5, 12, 5);
        QVERIFY(finder.isLooking());
        QList<Message> page;
        for (qint64 id = 1; id <= 12; ++id)
            page.append(theirs(id));
        page[5] = ours(6, u"c6"_s, u"mine"_s);
        page[6] = systemAt(7, serverTime(7));
        m_model->applyStored(page);
        m_model->setHasOlder(false);
        QCOMPARE(found.count(), 1);
        QCOMPARE(found.at(0).at(0).toLongLong(), 8);
        QCOMPARE(firstUnreadRows(), QList<qint64> { 8 });
        QVERIFY(!finder.isLooking());

        // Later messages change nothing; sending ends the line.
        m_model->applyStored(theirs(13));
        QCOMPARE(firstUnreadRows(), QList<qint64> { 8 });
        finder.stop();
        QCOMPARE(firstUnreadRows(), QList<qint64> {});
        QCOMPARE(found.count(), 1);
    }

    // The newest page does not reach the read position and holds fewer unread messages
    // than there are: the first unread one is older, so no line until the older page.
    void finderWaitsForTheOlderPage()
    {
        FirstUnreadFinder finder(*m_model);
        QSignalSpy found(&finder, &FirstUnreadFinder::found);
        finder.start(5, 20, 15);
        m_model->applyStored(pageOf(11, 20));
        m_model->setHasOlder(true);
        QCOMPARE(found.count(), 0);
        QCOMPARE(firstUnreadRows(), QList<qint64> {});
        QVERIFY(finder.isLooking());
        m_model->prependOlderPage(pageOf(1, 10), false);
        QCOMPARE(found.count(), 1);
        QCOMPARE(firstUnreadRows(), QList<qint64> { 6 });
    }

    // Nothing read yet: the window that holds as many unread as there are holds the first.
    void finderWithEveryUnreadInTheWindow()
    {
        FirstUnreadFinder finder(*m_model);
        QSignalSpy found(&finder, &FirstUnreadFinder::found);
        finder.start(0, 10, 10);
        m_model->applyStored(pageOf(1, 10));
        QCOMPARE(found.count(), 1);
        QCOMPARE(firstUnreadRows(), QList<qint64> { 1 });
    }

    // Opened around the read position (many unread): found as the page replaces the
    // window.
    void finderOnAPageAroundTheReadPosition()
    {
        FirstUnreadFinder finder(*m_model);
        QSignalSpy found(&finder, &FirstUnreadFinder::found);
        finder.start(100, 400, 300);
        m_model->resetToPage(pageOf(76, 125), true, true);
        QCOMPARE(found.count(), 1);
        QCOMPARE(firstUnreadRows(), QList<qint64> { 101 });
    }

    // Nothing unread when it opened: no line, not even above what arrives later.
    void noLineWithoutUnread()
    {
        FirstUnreadFinder finder(*m_model);
        QSignalSpy found(&finder, &FirstUnreadFinder::found);
        finder.start(10, 10, 0);
        QVERIFY(!finder.isLooking());
        m_model->applyStored(pageOf(1, 10));
        m_model->applyStored(theirs(11));
        QCOMPARE(found.count(), 0);
        QCOMPARE(firstUnreadRows(), QList<qint64> {});
    }
};

QTEST_GUILESS_MAIN(TimelineModelTest)
#include "tst_timelinemodel.moc"
