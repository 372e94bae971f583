// The timeline in alice's real window (offscreen) against an in-process server, bob writing
// over his own socket: a conversation opens with the "New messages" line at the top of
// the list (on the newest page, or on the page around the read position when much is
// unread), or at the bottom when nothing is; messages are read only once they have been on
// screen while the window is active, never beyond, and scrolling down moves the read
// position on; the "↓" button counts what arrived below while alice was scrolled up and
// takes her down (loading the newest page when the window is far back); sending ends the
// line; Copy copies the raw text, and a link opens through the view's opener.
#include <support/appinstance.h>
#include <support/clientworldtest.h>
#include <support/timeouts.h>
#include <support/wsclient.h>
#include <ui/conversationview.h>
#include <ui/jumptobottombutton.h>
#include <ui/messageinput.h>
#include <ui/messagelinks.h>
#include <ui/seenreporter.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QJsonArray>
#include <QListView>
#include <QScrollBar>
#include <QSettings>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using chat::client::MessageListModel;

namespace {

//! A message tall enough that a few fill the list.
QString tallBody(int n)
{
    return u"message %1\nsecond line\nthird line\nfourth line"_s.arg(n);
}

} // namespace

class TestTimelineWindow : public test::ClientWorldTest
{
    Q_OBJECT

private:
    //! Alice's app while a test runs (the test owns it: it goes before the server).
    test::AppInstance *m_app = nullptr;
    qint64 m_conversationId = 0;
    //! The conversation's message ids, oldest first.
    QList<qint64> m_ids;

    [[nodiscard]] ui::ConversationView *view() const { return m_app->conversation(); }
    [[nodiscard]] QListView *list() const { return view()->messageList(); }
    [[nodiscard]] QScrollBar *bar() const { return list()->verticalScrollBar(); }
    [[nodiscard]] MessageListModel *messages() const { return m_app->messages(); }
    [[nodiscard]] client::ReadMarker &marker() const
    {
        return m_app->client->openConversation().readMarker();
    }
    [[nodiscard]] ui::JumpToBottomButton *jumpButton() const
    {
        return view()->jumpToBottomButton();
    }
    [[nodiscard]] bool atBottom() const { return bar()->value() >= bar()->maximum() - 4; }

    //! Bob writes `count` messages to alice over his socket (tall ones if `tall`).
    void bobWrites(int count, bool tall, const QString &prefix = u"m"_s)
    {
        if (m_conversationId == 0)
            m_conversationId = m_fixture.rest().openConversation(m_bob.token, u"alice"_s);
        QVERIFY(m_conversationId != 0);
        test::WsClient bob;
        QVERIFY(bob.connectAndAuthenticate(m_fixture.webSocketUrl(), m_bob.token));
        for (int i = 1; i <= count; ++i) {
            bob.sendMessage(u"%1-%2"_s.arg(prefix).arg(i), m_conversationId,
                u"%1-%2"_s.arg(prefix).arg(i), tall ? tallBody(i) : u"%1 %2"_s.arg(prefix).arg(i));
        }
        QVERIFY(bob.waitForFrames(u"ack"_s, count, 60000));
        m_ids = allServerIds(m_fixture.rest(), m_bob, m_conversationId);
    }

    //! Alice's read position as the server has it.
    [[nodiscard]] qint64 serverReadUpTo()
    {
        const HttpReply listed = m_fixture.rest().get(u"/conversations"_s, m_alice.token);
        for (const QJsonValue &entry : listed.json[u"conversations"_s].toArray()) {
            if (entry[u"id"_s].toInteger() == m_conversationId)
                return entry[u"readUpTo"_s].toInteger();
        }
        return -1;
    }

    //! Alice has read up to `upTo` (on another device, say) before her app starts.
    void aliceReadUpTo(qint64 upTo)
    {
        const HttpReply reply
            = m_fixture.rest().post(u"/conversations/%1/read"_s.arg(m_conversationId),
                QJsonObject { { u"upTo"_s, upTo } }, m_alice.token);
        QCOMPARE(reply.status, 204);
    }

    //! Alice's app, signed in, its window active, the conversation with bob open and
    //! showing messages; nullptr when that did not happen in time.
    [[nodiscard]] std::unique_ptr<test::AppInstance> startAlice()
    {
        auto app = std::make_unique<test::AppInstance>(u"alice"_s, m_alice);
        m_app = app.get();
        if (!app->show())
            return nullptr;
        app->window->resize(700, 480);
        if (!app->signInAndWait(m_fixture.url(), 1) || !activate(app->window.get()))
            return nullptr;
        app->client->openConversation().open(m_conversationId);
        if (!QTest::qWaitFor([this] { return messages()->rowCount() > 0; }, Timeout))
            return nullptr;
        return app;
    }

    //! Bob's `count` messages (tall ones if `tall`), alice having read the first `read` of
    //! them, then startAlice(); nullptr when any of it failed.
    [[nodiscard]] std::unique_ptr<test::AppInstance> startWithHistory(
        int count, bool tall, int read)
    {
        bobWrites(count, tall);
        if (QTest::currentTestFailed())
            return nullptr;
        aliceReadUpTo(m_ids.at(read - 1));
        if (QTest::currentTestFailed())
            return nullptr;
        return startAlice();
    }

    //! The row holding the "New messages" line, or -1.
    [[nodiscard]] int firstUnreadRow() const
    {
        for (int row = 0; row < messages()->rowCount(); ++row) {
            if (messages()->index(row).data(MessageListModel::FirstUnreadRole).toBool())
                return row;
        }
        return -1;
    }

    [[nodiscard]] int topOfRow(int row) const
    {
        return list()->visualRect(messages()->index(row)).top();
    }

    //! How many of bob's messages come after `id`.
    [[nodiscard]] int countAfter(qint64 id) const
    {
        return int(
            std::count_if(m_ids.cbegin(), m_ids.cend(), [id](qint64 each) { return each > id; }));
    }

private Q_SLOTS:
    void initTestCase() { test::useTestSettings(u"tst_timelinewindow"_s); }

    void init()
    {
        QSettings().clear();
        m_conversationId = 0;
        m_ids.clear();
        m_app = nullptr;
        startWithUsers();
    }

    // Eight unread of 40: the newest page, with the line above the first unread message
    // at the top of the list. What shows of them is read at once (the window is active),
    // nothing beyond; scrolling down reads the rest, step by step; sending ends the line.
    void opensAtTheFirstUnreadMessage()
    {
        const auto app = startWithHistory(40, true, 32);
        QVERIFY(app);
        QVERIFY(!messages()->hasNewer());
        QTRY_COMPARE_WITH_TIMEOUT(firstUnreadRow(), messages()->rowOfId(m_ids.at(32)), Timeout);
        // The line's row at the top, once the rows have settled.
        QTRY_VERIFY_WITH_TIMEOUT(qAbs(topOfRow(firstUnreadRow())) <= 2, Timeout);
        QVERIFY(!atBottom());

        // Read as far as shows, and no further.
        const auto shown = [this] {
            return view()->seenReporter()->newestShownId();
        };
        QTRY_VERIFY_WITH_TIMEOUT(shown() > m_ids.at(31), Timeout);
        QVERIFY(shown() < m_ids.last());
        QTRY_COMPARE_WITH_TIMEOUT(marker().seenUpTo(), shown(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(serverReadUpTo(), shown(), Timeout);
        QVERIFY(jumpButton()->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(jumpButton()->count(), countAfter(shown()), Timeout);

        // Down half a screen at a time: the read position follows what has shown.
        qint64 before = marker().seenUpTo();
        while (!atBottom()) {
            bar()->setValue(bar()->value() + list()->viewport()->height() / 2);
            view()->seenReporter()->report();
            QCOMPARE(marker().seenUpTo(), shown());
            QVERIFY(marker().seenUpTo() >= before);
            before = marker().seenUpTo();
        }
        QCOMPARE(marker().seenUpTo(), m_ids.last());
        QTRY_COMPARE_WITH_TIMEOUT(serverReadUpTo(), m_ids.last(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(jumpButton()->count(), 0, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(!jumpButton()->isVisible(), Timeout);

        // The line stays while she reads, and goes once she writes.
        QVERIFY(firstUnreadRow() >= 0);
        QTest::keyClicks(view()->input(), u"thanks"_s);
        QTest::keyClick(view()->input(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(firstUnreadRow(), -1, Timeout);
    }

    // 90 unread of 120: the page around the read position, the line at the top, the
    // newest messages not in the window; "↓" counts them all and brings the newest page.
    void opensAroundTheReadPositionWhenMuchIsUnread()
    {
        const auto app = startWithHistory(120, false, 30);
        QVERIFY(app);
        QTRY_VERIFY_WITH_TIMEOUT(firstUnreadRow() >= 0, Timeout);
        QCOMPARE(messages()->index(firstUnreadRow()).data(MessageListModel::IdRole).toLongLong(),
            m_ids.at(30));
        QVERIFY(messages()->hasNewer());
        QVERIFY(messages()->rowOfId(m_ids.last()) < 0);
        QTRY_VERIFY_WITH_TIMEOUT(qAbs(topOfRow(firstUnreadRow())) <= 2, Timeout);

        // What shows is read; the count is what comes after it, however far.
        QTRY_VERIFY_WITH_TIMEOUT(marker().seenUpTo() > m_ids.at(29), Timeout);
        QVERIFY(marker().seenUpTo() < m_ids.at(60));
        QTRY_COMPARE_WITH_TIMEOUT(jumpButton()->count(), countAfter(marker().seenUpTo()), Timeout);
        QVERIFY(jumpButton()->isVisible());

        QTest::mouseClick(jumpButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            !messages()->hasNewer() && messages()->rowOfId(m_ids.last()) >= 0, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(atBottom(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(marker().seenUpTo(), m_ids.last(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(serverReadUpTo(), m_ids.last(), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(!jumpButton()->isVisible(), Timeout);
        QCOMPARE(jumpButton()->count(), 0);
    }

    // Everything read: no line, the newest message at the bottom, no button.
    void opensAtTheBottomWithNothingUnread()
    {
        const auto app = startWithHistory(40, true, 40);
        QVERIFY(app);
        QTRY_VERIFY_WITH_TIMEOUT(bar()->maximum() > 0 && atBottom(), Timeout);
        QCoreApplication::processEvents();
        QVERIFY(atBottom());
        QCOMPARE(firstUnreadRow(), -1);
        QVERIFY(!jumpButton()->isVisible());
        QCOMPARE(jumpButton()->count(), 0);
    }

    // The case: alice is scrolled up when bob writes. The message is not read,
    // not while she looks elsewhere in the list, and not once she scrolls down while the
    // window is not active; only when it is on screen in the active window.
    void readOnlyWhenOnScreenInTheActiveWindow()
    {
        const auto app = startWithHistory(40, true, 40);
        QVERIFY(app);
        QTRY_VERIFY_WITH_TIMEOUT(bar()->maximum() > 0 && atBottom(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(marker().seenUpTo(), m_ids.last(), Timeout);

        bar()->setValue(bar()->maximum() / 2);
        QVERIFY(!atBottom());
        bobWrites(1, false, u"fresh"_s);
        if (QTest::currentTestFailed())
            return;
        const qint64 fresh = m_ids.last();
        QTRY_VERIFY_WITH_TIMEOUT(messages()->rowOfId(fresh) >= 0, Timeout);
        // Bob's socket is done with it and alice's app has it: nothing reads it.
        view()->seenReporter()->report();
        QVERIFY(view()->seenReporter()->newestShownId() < fresh);
        QVERIFY(marker().seenUpTo() < fresh);
        QTRY_COMPARE_WITH_TIMEOUT(jumpButton()->count(), 1, Timeout);
        QVERIFY(jumpButton()->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(m_app->unreadFrom(u"bob"_s), 1, Timeout);
        QVERIFY(serverReadUpTo() < fresh);

        // Another window is active: scrolled into view, it is still not read.
        QWidget other;
        other.resize(200, 100);
        other.show();
        QVERIFY(activate(&other));
        QTRY_VERIFY_WITH_TIMEOUT(!m_app->window->isConversationVisible(), Timeout);
        bar()->setValue(bar()->maximum());
        view()->seenReporter()->report();
        QCOMPARE(view()->seenReporter()->newestShownId(), fresh);
        QVERIFY(marker().seenUpTo() < fresh);
        QCOMPARE(jumpButton()->count(), 1);
        QVERIFY(serverReadUpTo() < fresh);

        // Back in alice's window, where it shows: read.
        QVERIFY(activate(m_app->window.get()));
        QTRY_COMPARE_WITH_TIMEOUT(marker().seenUpTo(), fresh, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(serverReadUpTo(), fresh, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(m_app->unreadFrom(u"bob"_s), 0, Timeout);
        QCOMPARE(jumpButton()->count(), 0);
    }

    // Scrolled up, two arrive: "↓" shows 2; a click goes to the bottom, where they are
    // read, and the button goes.
    void jumpButtonCountsAndGoesDown()
    {
        const auto app = startWithHistory(40, true, 40);
        QVERIFY(app);
        QTRY_VERIFY_WITH_TIMEOUT(bar()->maximum() > 0 && atBottom(), Timeout);
        QVERIFY(!jumpButton()->isVisible());
        bar()->setValue(bar()->maximum() / 2);
        QTRY_VERIFY_WITH_TIMEOUT(jumpButton()->isVisible(), Timeout);
        QCOMPARE(jumpButton()->count(), 0);
        // At the bottom right of the list.
        const QRect viewport = list()->viewport()->geometry();
        QVERIFY(viewport.contains(jumpButton()->geometry()));
        QVERIFY(jumpButton()->geometry().right() > viewport.center().x());
        QVERIFY(jumpButton()->geometry().top() > viewport.center().y());

        bobWrites(2, false, u"later"_s);
        if (QTest::currentTestFailed())
            return;
        QTRY_COMPARE_WITH_TIMEOUT(jumpButton()->count(), 2, Timeout);
        QVERIFY(!atBottom());
        QTest::mouseClick(jumpButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(atBottom(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(marker().seenUpTo(), m_ids.last(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(jumpButton()->count(), 0, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(!jumpButton()->isVisible(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(serverReadUpTo(), m_ids.last(), Timeout);
    }

    // The raw text is what Copy copies, Markdown markers and all; a link in the bubble
    // opens through the view's opener.
    void copyTakesTheRawTextAndLinksOpen()
    {
        const QString body = u"**bold** and `code`, see https://example.com/a_(b))."_s;
        m_conversationId = m_fixture.rest().openConversation(m_bob.token, u"alice"_s);
        QCOMPARE(m_fixture.rest().sendMessage(m_bob.token, m_conversationId, u"raw"_s, body).status,
            201);
        m_ids = allServerIds(m_fixture.rest(), m_bob, m_conversationId);
        const auto app = startAlice();
        QVERIFY(app);
        const QModelIndex row = messages()->index(messages()->rowOfId(m_ids.last()));
        QVERIFY(row.isValid());
        list()->selectionModel()->select(row, QItemSelectionModel::ClearAndSelect);
        QAction *copy = nullptr;
        for (QAction *action : list()->actions()) {
            if (action->shortcut() == QKeySequence(QKeySequence::Copy))
                copy = action;
        }
        QVERIFY(copy);
        copy->trigger();
        QCOMPARE(QApplication::clipboard()->text(), body);

        QList<QUrl> opened;
        view()->messageLinks()->setOpener([&opened](const QUrl &url) { opened.append(url); });
        // Along the middle of the text's line, the first point over the link.
        const QRect rect = list()->visualRect(row);
        QPoint onLink;
        for (int x = rect.left(); x < rect.right() && onLink.isNull(); ++x) {
            for (int y = rect.top(); y < rect.bottom() && onLink.isNull(); y += 2) {
                if (!view()->messageLinks()->linkAt(QPoint(x, y)).isEmpty())
                    onLink = QPoint(x + 2, y + 2);
            }
        }
        QVERIFY(!onLink.isNull());
        QTest::mouseClick(list()->viewport(), Qt::LeftButton, {}, onLink);
        QCOMPARE(opened, QList<QUrl> { QUrl(u"https://example.com/a_(b)"_s) });
    }
};

QTEST_MAIN(TestTimelineWindow)
#include "tst_timelinewindow.moc"
