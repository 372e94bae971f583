// Message search in the window, offscreen, against an in-process server: "Search messages
// for …" under the sidebar's filter searches everything, the hits show their conversation
// and the matched words highlighted, and choosing one opens its conversation on that
// message (far back in a long history) centred and highlighted for a moment; Ctrl+F
// searches only the open conversation, with a way to search everywhere; Esc goes back to
// the sidebar; offline, the results area says so.
#include <client/search/searchresultsmodel.h>
#include <support/appinstance.h>
#include <support/imageprobe.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <support/wsclient.h>
#include <ui/conversationview.h>
#include <ui/messagehighlight.h>
#include <ui/messageinput.h>
#include <ui/searchpanel.h>
#include <ui/searchresultdelegate.h>
#include <ui/sidebar.h>

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using client::MessageSearch;
using client::SearchResultsModel;

namespace {
constexpr int MessageCount = 200;
constexpr int RecipeAt = 30; //!< Bob's message with the recipe, far before the newest page.
} // namespace

class TestSearchWindow : public QObject
{
    Q_OBJECT

private:
    ServerFixture m_fixture;
    std::unique_ptr<AppInstance> m_app; //!< alice's
    qint64 m_withBob = 0;
    qint64 m_withCarol = 0;
    qint64 m_recipe = 0; //!< The id of bob's message with the recipe.

    [[nodiscard]] ui::SearchPanel *panel() const { return m_app->window->searchPanel(); }
    [[nodiscard]] QAbstractItemModel *hits() const { return panel()->resultList()->model(); }
    [[nodiscard]] MessageSearch &search() const { return m_app->client->search(); }

    //! The row of the hit in the conversation titled `title`, or an invalid index.
    [[nodiscard]] QModelIndex hitIn(const QString &title) const
    {
        for (int row = 0; row < hits()->rowCount(); ++row) {
            const QModelIndex hit = hits()->index(row, 0);
            if (hit.data(SearchResultsModel::ConversationTitleRole).toString() == title)
                return hit;
        }
        return {};
    }

    void clickHit(const QModelIndex &hit)
    {
        QListView *list = panel()->resultList();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(hit).center());
    }

private Q_SLOTS:
    void initTestCase() { useTestSettings(u"tst_searchwindow"_s); }

    void init()
    {
        QSettings().clear();
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        const Session alice = m_fixture.rest().signUp(u"alice"_s);
        const Session bob = m_fixture.rest().signUp(u"bob"_s);
        const Session carol = m_fixture.rest().signUp(u"carol"_s);
        m_withBob = m_fixture.rest().openConversation(bob.token, u"alice"_s);
        m_withCarol = m_fixture.rest().openConversation(carol.token, u"alice"_s);
        QVERIFY(m_withBob != 0 && m_withCarol != 0);
        WsClient bobSocket;
        QVERIFY(bobSocket.connectAndAuthenticate(m_fixture.webSocketUrl(), bob.token));
        for (int i = 1; i <= MessageCount; ++i) {
            bobSocket.sendMessage(u"r%1"_s.arg(i), m_withBob, u"b-%1"_s.arg(i),
                i == RecipeAt ? u"the secret recipe for crème brûlée"_s : u"message %1"_s.arg(i));
        }
        QVERIFY(bobSocket.waitForFrames(u"ack"_s, MessageCount, 60000));
        m_recipe = bobSocket.frames(u"ack"_s)
                       .at(RecipeAt - 1)[u"message"_s]
                       .toObject()[u"id"_s]
                       .toInteger();
        QVERIFY(m_recipe != 0);
        QCOMPARE(m_fixture.rest()
                     .sendMessage(carol.token, m_withCarol, u"c-1"_s, u"my recipe book"_s)
                     .status,
            201);

        m_app = std::make_unique<AppInstance>(u"alice"_s, alice);
        QVERIFY(m_app->show());
        m_app->window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_app->window.get(), Timeout));
        QVERIFY(m_app->signInAndWait(m_fixture.url(), 2));
    }

    void cleanup()
    {
        m_app.reset();
        m_fixture.stop();
    }

    void searchEverywhereThenJumpToAHit()
    {
        // Typed in the filter: no conversation is called that, but messages say it.
        ui::Sidebar *sidebar = m_app->window->sidebar();
        QTest::keyClicks(sidebar->filterField(), u"recip"_s);
        QVERIFY(sidebar->searchMessagesButton()->isVisible());
        QTest::mouseClick(sidebar->searchMessagesButton(), Qt::LeftButton);
        QVERIFY(m_app->window->isSearchShown());
        QVERIFY(panel()->isVisible());
        QVERIFY(!sidebar->isVisible());
        QCOMPARE(panel()->field()->text(), u"recip"_s);
        QVERIFY(panel()->field()->hasFocus());
        QCOMPARE(search().conversationId(), 0);

        QTRY_COMPARE_WITH_TIMEOUT(hits()->rowCount(), 2, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(!panel()->statusLabel()->isVisible(), Timeout);
        const QModelIndex bobs = hitIn(u"bob"_s);
        QVERIFY(bobs.isValid());
        QVERIFY(hitIn(u"carol"_s).isValid());

        // The matched word stands out: bold, on the accent's tint, in the painted row too.
        QListView *list = panel()->resultList();
        list->setPalette(lightPalette());
        const ui::SnippetLine line = ui::snippetLine(bobs, list->palette());
        QCOMPARE(line.text, u"the secret recipe for crème brûlée"_s);
        QCOMPARE(line.formats.size(), 1);
        const QTextLayout::FormatRange match = line.formats.first();
        QCOMPARE(line.text.mid(match.start, match.length), u"recipe"_s);
        QCOMPARE(match.format.fontWeight(), int(QFont::Bold));
        QCOMPARE(match.format.background().color(), ui::matchBackground(list->palette()));
        const QImage painted = list->viewport()->grab().toImage();
        QStyleOptionViewItem option;
        option.initFrom(list);
        option.rect = list->visualRect(bobs);
        const QRect snippet = ui::SearchResultDelegate::layout(option).snippet;
        const QColor tint = mostColourful(painted, snippet);
        QVERIFY2(
            hueDistance(tint.hslHue(), lightPalette().color(QPalette::Highlight).hslHue()) <= 12,
            qPrintable(tint.name()));

        // Choosing bob's hit opens his conversation on that message, far back.
        clickHit(bobs);
        client::MessageListModel *messages = m_app->messages();
        QTRY_VERIFY_WITH_TIMEOUT(messages->rowOfId(m_recipe) >= 0, Timeout);
        QCOMPARE(m_app->client->openConversation().conversationId(), m_withBob);
        QVERIFY(messages->hasNewer()); // the page around it, not the newest
        ui::ConversationView *view = m_app->conversation();
        QVERIFY(view->isShowingConversation());
        const ui::MessageHighlight *highlight = view->highlight();
        QTRY_VERIFY_WITH_TIMEOUT(highlight->isActive(), Timeout);
        const QModelIndex target = messages->index(messages->rowOfId(m_recipe));
        QCOMPARE(highlight->index(), target);
        QVERIFY(highlight->strength(target) > 0);
        QCOMPARE(highlight->strength(messages->index(target.row() + 1)), 0.0);
        // On screen, about the middle of the list.
        QListView *messageList = view->messageList();
        QTRY_VERIFY_WITH_TIMEOUT(
            messageList->viewport()->rect().contains(messageList->visualRect(target).center()),
            Timeout);
        // The sidebar's selection follows, for when the search closes.
        QCOMPARE(m_app->window->conversationList()
                     ->currentIndex()
                     .data(client::ConversationListModel::ConversationIdRole)
                     .toLongLong(),
            m_withBob);
        // The highlight fades by itself, and the hits stay for another choice.
        QTRY_VERIFY_WITH_TIMEOUT(!highlight->isActive(), Timeout);
        QCOMPARE(hits()->rowCount(), 2);
        QVERIFY(panel()->resultList()->hasFocus());

        // Esc: back to the sidebar, the search forgotten.
        QTest::keyClick(panel()->resultList(), Qt::Key_Escape);
        QVERIFY(!m_app->window->isSearchShown());
        QVERIFY(sidebar->isVisible());
        QCOMPARE(search().query(), QString());
        QCOMPARE(hits()->rowCount(), 0);
    }

    void ctrlFSearchesTheOpenConversation()
    {
        QVERIFY(m_app->openByClick(u"carol"_s));
        QTest::keyClick(m_app->window.get(), Qt::Key_F, Qt::ControlModifier);
        QVERIFY(m_app->window->isSearchShown());
        QCOMPARE(search().conversationId(), m_withCarol);
        QVERIFY(panel()->scopeLabel()->isVisible());
        QCOMPARE(panel()->scopeLabel()->text(), u"In carol"_s);
        QVERIFY(panel()->field()->hasFocus());

        QTest::keyClicks(panel()->field(), u"recipe"_s);
        QTRY_COMPARE_WITH_TIMEOUT(search().status(), MessageSearch::Status::Found, Timeout);
        QCOMPARE(hits()->rowCount(), 1);
        QVERIFY(hitIn(u"carol"_s).isValid());

        // Wider: every conversation.
        QTest::mouseClick(panel()->everywhereButton(), Qt::LeftButton);
        QCOMPARE(search().conversationId(), 0);
        QVERIFY(!panel()->scopeLabel()->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(hits()->rowCount(), 2, Timeout);

        // From the keyboard: Down to bob's hit, Enter opens it there.
        panel()->field()->setFocus();
        while (panel()->resultList()->currentIndex() != hitIn(u"bob"_s)) {
            const int before = panel()->resultList()->currentIndex().row();
            QTest::keyClick(panel()->field(), Qt::Key_Down);
            QVERIFY(panel()->resultList()->currentIndex().row() > before);
        }
        QTest::keyClick(panel()->field(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(m_app->messages()->rowOfId(m_recipe) >= 0, Timeout);
        QCOMPARE(m_app->client->openConversation().conversationId(), m_withBob);
        QVERIFY(panel()->field()->hasFocus());

        QTest::keyClick(panel()->field(), Qt::Key_Escape);
        QVERIFY(!m_app->window->isSearchShown());
        QVERIFY(m_app->conversation()->input()->hasFocus());
        // Ctrl+K still finds conversations and people.
        QTest::keyClick(m_app->window.get(), Qt::Key_K, Qt::ControlModifier);
        QVERIFY(m_app->window->sidebar()->filterField()->hasFocus());
    }

    void offlineTheResultsAreaSaysSo()
    {
        QTest::keyClick(m_app->window.get(), Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(m_app->window->isSearchShown());
        QCOMPARE(search().conversationId(), 0);
        QVERIFY(panel()->statusLabel()->isVisible()); // "Type to search…"
        m_fixture.stop();
        QTest::keyClicks(panel()->field(), u"recipe"_s);
        QTRY_COMPARE_WITH_TIMEOUT(search().status(), MessageSearch::Status::Failed, Timeout);
        QVERIFY(panel()->statusLabel()->isVisible());
        QVERIFY2(panel()->statusLabel()->text().contains(u"cannot be reached"_s),
            qPrintable(panel()->statusLabel()->text()));
        QCOMPARE(hits()->rowCount(), 0);
    }
};

QTEST_MAIN(TestSearchWindow)
#include "tst_searchwindow.moc"
