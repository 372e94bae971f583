// The conversation pane, offscreen, against an in-process server: it opens on the newest
// page pinned to the bottom without loading more by itself; scrolled to the top it fetches
// the older page and keeps the message the user was looking at in place; past the window's
// bound the newest rows go, and come back a page at a time as the user scrolls down.
#include <support/clientinstance.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <support/wsclient.h>
#include <ui/conversationview.h>

#include <QApplication>
#include <QListView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {
constexpr int MessageCount = 300;
constexpr int PageSize = 50;
} // namespace

class TestConversationView : public QObject
{
    Q_OBJECT

private:
    test::ServerFixture m_fixture;
    Session m_bob;
    std::unique_ptr<test::ClientInstance> m_alice;
    std::unique_ptr<ui::ConversationView> m_view;

    [[nodiscard]] client::MessageListModel *messages() const { return m_alice->messages(); }
    [[nodiscard]] QListView *list() const { return m_view->messageList(); }
    [[nodiscard]] QScrollBar *bar() const { return list()->verticalScrollBar(); }

    //! The row under the top edge of the viewport, and how far above the edge it starts.
    [[nodiscard]] QModelIndex firstVisible() const
    {
        return list()->indexAt(QPoint(list()->viewport()->width() / 2, 0));
    }
    [[nodiscard]] int topOf(qint64 id) const
    {
        return list()->visualRect(messages()->index(messages()->rowOfId(id))).top();
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        const Session alice = m_fixture.rest().signUp(u"alice"_s);
        m_bob = m_fixture.rest().signUp(u"bob"_s);
        const qint64 conversation = m_fixture.rest().openConversation(m_bob.token, u"alice"_s);
        QVERIFY(conversation != 0);
        test::WsClient bob;
        QVERIFY(bob.connectAndAuthenticate(m_fixture.webSocketUrl(), m_bob.token));
        for (int i = 1; i <= MessageCount; ++i) {
            // Some bubbles taller than others, as in a real conversation.
            bob.sendMessage(u"r%1"_s.arg(i), conversation, u"b-%1"_s.arg(i),
                i % 7 == 0 ? u"message %1\nwith a second line"_s.arg(i) : u"message %1"_s.arg(i));
        }
        QVERIFY(bob.waitForFrames(u"ack"_s, MessageCount, 60000));

        m_alice = std::make_unique<test::ClientInstance>(u"alice"_s, alice);
        QVERIFY(m_alice->ownProfile.isValid());
        m_view = std::make_unique<ui::ConversationView>(*m_alice->client);
        m_view->resize(420, 360);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));

        m_alice->signIn(m_fixture.url());
        if (QTest::currentTestFailed())
            return;
        m_alice->awaitConversationWith(m_bob.user.id);
    }

    void cleanup()
    {
        m_view.reset();
        m_alice.reset();
        m_fixture.stop();
    }

    void scrollingToTheTopFetchesAnOlderPageInPlace()
    {
        m_alice->client->openConversation().openDirect(m_bob.user);
        // The newest page, pinned to the bottom; the view does not ask for more by itself.
        QTRY_VERIFY_WITH_TIMEOUT(messages()->rowCount() == PageSize
                && m_alice->client->messages()->hasOlder() && bar()->maximum() > 0
                && bar()->value() == bar()->maximum(),
            Timeout);
        QCoreApplication::processEvents();
        QCOMPARE(messages()->rowCount(), PageSize);
        QVERIFY(!messages()->isFetchingOlder());
        QVERIFY(!messages()->canFetchMore({}));

        QSignalSpy requested(messages(), &client::MessageListModel::olderPageRequested);
        for (int page = 2; page <= 3; ++page) {
            bar()->setValue(bar()->minimum()); // the user scrolls to the top
            QCOMPARE(requested.count(), page - 1);
            const QModelIndex first = firstVisible();
            QVERIFY(first.isValid());
            const qint64 anchorId = first.data(client::MessageListModel::IdRole).toLongLong();
            QCOMPARE(anchorId, *messages()->oldestId());
            const int anchorTop = topOf(anchorId);

            QTRY_COMPARE_WITH_TIMEOUT(messages()->rowCount(), page * PageSize, Timeout);
            QCOMPARE(messages()->rowOfId(anchorId), PageSize);
            // Laid out, the message that was at the top is still where it was.
            QTRY_VERIFY2_WITH_TIMEOUT(qAbs(topOf(anchorId) - anchorTop) <= 3,
                qPrintable(u"top %1, was %2"_s.arg(topOf(anchorId)).arg(anchorTop)), Timeout);
            QVERIFY(bar()->value() > bar()->minimum());
            QCOMPARE(firstVisible().data(client::MessageListModel::IdRole).toLongLong(), anchorId);
        }
        QCOMPARE(requested.count(), 2);
        QVERIFY(!m_alice->client->messages()->hasNewer());
    }

    void scrollingBackDownLoadsTheNewerPages()
    {
        messages()->setMaximumStoredRows(2 * PageSize);
        m_alice->client->openConversation().openDirect(m_bob.user);
        QTRY_VERIFY_WITH_TIMEOUT(messages()->rowCount() == PageSize
                && m_alice->client->messages()->hasOlder() && bar()->maximum() > 0
                && bar()->value() == bar()->maximum(),
            Timeout);
        const qint64 newest = *messages()->newestStoredId();

        for (int page = 2; page <= 3; ++page) {
            const qint64 oldest = *messages()->oldestId();
            bar()->setValue(bar()->minimum());
            QTRY_VERIFY_WITH_TIMEOUT(*messages()->oldestId() < oldest, Timeout);
            QTRY_VERIFY_WITH_TIMEOUT(bar()->value() > bar()->minimum(), Timeout);
        }
        // Three pages past a bound of two: the newest page went.
        QVERIFY(m_alice->client->messages()->hasNewer());
        QCOMPARE(messages()->rowCount(), 2 * PageSize);
        QVERIFY(*messages()->newestStoredId() < newest);

        // The user scrolls back down: the next newer page goes in below what they read,
        // which stays where it was, and the oldest rows go beyond the bound.
        bar()->setValue(bar()->maximum());
        const QModelIndex reading = firstVisible();
        QVERIFY(reading.isValid());
        const qint64 readingId = reading.data(client::MessageListModel::IdRole).toLongLong();
        const int readingTop = topOf(readingId);
        QTRY_VERIFY_WITH_TIMEOUT(!m_alice->client->messages()->hasNewer(), Timeout);
        QCOMPARE(messages()->rowCount(), 2 * PageSize);
        QCOMPARE(*messages()->newestStoredId(), newest);
        QTRY_VERIFY2_WITH_TIMEOUT(qAbs(topOf(readingId) - readingTop) <= 3,
            qPrintable(u"top %1, was %2"_s.arg(topOf(readingId)).arg(readingTop)), Timeout);
        QVERIFY(bar()->value() < bar()->maximum());

        // At the newest again, the bottom holds the view as messages arrive.
        bar()->setValue(bar()->maximum());
        QTRY_VERIFY_WITH_TIMEOUT(bar()->value() == bar()->maximum(), Timeout);
    }
};

QTEST_MAIN(TestConversationView)
#include "tst_conversationview.moc"
