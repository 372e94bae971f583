// The timeline in the bubbles, painted by the real MessageDelegate in a QListView
// (offscreen) over a MessageListModel filled without a server: the day's name above the
// first message of each day ("Today", "Yesterday", the date) and the "New messages" line,
// each making its row taller by what it takes; the full date and time on hovering the
// time; formatted text (the bubble as wide as what shows, not the markers); links that a
// click opens (through an opener the test sets); and the layout cache, which parses each
// text once however often 600 rows are laid out and painted.
#include <support/imageprobe.h>
#include <support/messagemodeltest.h>
#include <support/samplemessages.h>
#include <ui/dayclock.h>
#include <ui/messagedelegate.h>
#include <ui/messagelayout.h>
#include <ui/messagelinks.h>
#include <ui/messagetextcache.h>
#include <ui/rowheader.h>

#include <QApplication>
#include <QHelpEvent>
#include <QListView>
#include <QScrollBar>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QToolTip>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using chat::ui::MessageLayout;

namespace {

//! Bob's message `id` written `daysAgo` days before today at `hour` local time.
Message bobDaysAgo(qint64 id, int daysAgo, int hour, const QString &body = {})
{
    Message message = theirs(id);
    if (!body.isEmpty())
        message.body = body;
    message.createdAt
        = QDateTime(QDate::currentDate().addDays(-daysAgo), QTime(hour, 0), Qt::LocalTime).toUTC();
    return message;
}

} // namespace

class TimelineBubblesTest : public MessageModelTest
{
    Q_OBJECT

private:
    std::unique_ptr<QListView> m_view;

    [[nodiscard]] QListView *showList()
    {
        m_view = std::make_unique<QListView>();
        m_view->setPalette(lightPalette());
        m_view->setModel(m_model.get());
        m_view->setItemDelegate(new ui::MessageDelegate(m_view.get()));
        m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
        m_view->setResizeMode(QListView::Adjust);
        m_view->setUniformItemSizes(false);
        m_view->setFrameShape(QFrame::NoFrame);
        m_view->resize(420, 600);
        m_view->show();
        if (!QTest::qWaitForWindowExposed(m_view.get()))
            return nullptr;
        return m_view.get();
    }

    [[nodiscard]] ui::MessageDelegate *delegate() const
    {
        return static_cast<ui::MessageDelegate *>(m_view->itemDelegate());
    }

    [[nodiscard]] MessageLayout layoutOf(int row) const
    {
        const QModelIndex index = m_model->index(row);
        QStyleOptionViewItem option;
        option.font = m_view->font();
        option.rect = m_view->visualRect(index);
        return delegate()->layout(option, index);
    }

    //! Where in the viewport the character `offset` of the text of row `row` is drawn
    //! (its middle, on its line).
    [[nodiscard]] QPoint pointAt(int row, int offset) const
    {
        const MessageLayout geometry = layoutOf(row);
        const QTextDocument *document = geometry.document();
        const QTextBlock block = document->findBlock(offset);
        const QTextLine line = block.layout()->lineForTextPosition(offset - block.position());
        const qreal x = line.cursorToX(offset - block.position()) + 3;
        const QPointF inDocument(x, block.layout()->position().y() + line.y() + line.height() / 2);
        return (geometry.bodyOrigin() + inDocument).toPoint();
    }

    void hover(const QPoint &position)
    {
        QHelpEvent help(QEvent::ToolTip, position, m_view->viewport()->mapToGlobal(position));
        QApplication::sendEvent(m_view->viewport(), &help);
    }

private Q_SLOTS:
    void cleanup() { m_view.reset(); }

    void bubblesKeepReadableLinesAndFitNarrowLists_data()
    {
        QTest::addColumn<int>("width");
        QTest::newRow("wide") << 2400;
        QTest::newRow("window") << 700;
        QTest::newRow("narrow") << 180;
        QTest::newRow("very narrow") << 90;
    }

    void bubblesKeepReadableLinesAndFitNarrowLists()
    {
        QFETCH(int, width);
        ui::MessageContent content;
        content.body = QStringList(120, u"words"_s).join(u' ');
        content.time = u"14:05"_s;
        const QFont font = QApplication::font();
        for (const bool own : { false, true }) {
            content.own = own;
            const MessageLayout layout(content, font, width, 0);
            // Inside the list: nothing to scroll sideways.
            QVERIFY2(layout.bubble().left() >= 0 && layout.bubble().right() < width,
                qPrintable(u"%1..%2 of %3"_s.arg(layout.bubble().left())
                               .arg(layout.bubble().right())
                               .arg(width)));
            // About 65 characters a line at most, however wide the window.
            QVERIFY(layout.text().width() <= QFontMetrics(font).averageCharWidth() * 65);
        }
    }

    void dayNames()
    {
        const QDate today(2026, 12, 2);
        QCOMPARE(ui::dayName(today, today), u"Today"_s);
        QCOMPARE(ui::dayName(today.addDays(-1), today), u"Yesterday"_s);
        QCOMPARE(ui::dayName(today.addDays(-2), today),
            QLocale().toString(today.addDays(-2), QLocale::LongFormat));
        QCOMPARE(ui::dayName(QDate(2025, 12, 31), QDate(2026, 1, 1)), u"Yesterday"_s);
        // Named after the day it is now: a day later, today's messages are yesterday's.
        QCOMPARE(ui::dayName(today, today.addDays(1)), u"Yesterday"_s);
    }

    // The midnight timer fires just after the next local midnight, from any time of day.
    void dayClock()
    {
        const QDateTime evening(QDate(2026, 3, 1), QTime(23, 59, 30), Qt::LocalTime);
        const qint64 wait = ui::DayClock::msecsUntilNextDay(evening);
        QVERIFY(wait > 30'000 && wait <= 32'000);
        const QDateTime afterMidnight(QDate(2026, 3, 2), QTime(0, 0, 1), Qt::LocalTime);
        QVERIFY(ui::DayClock::msecsUntilNextDay(afterMidnight) > 86'000'000 - 2'000);
    }

    // Three days: a name above the first message of each, the row taller by it, the
    // bubble below it; none above the others.
    void daySeparatorAboveTheFirstOfEachDay()
    {
        m_model->applyStored({ bobDaysAgo(1, 3, 10), bobDaysAgo(2, 3, 11), bobDaysAgo(3, 1, 9),
            bobDaysAgo(4, 0, 8), bobDaysAgo(5, 0, 9) });
        QVERIFY(showList());
        const QList<bool> starts { true, false, true, true, false };
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const MessageLayout geometry = layoutOf(row);
            QCOMPARE(!geometry.header().day().isEmpty(), starts.at(row));
            if (starts.at(row)) {
                QVERIFY(geometry.header().day().bottom() < geometry.bubble().top());
                QVERIFY(geometry.header().height() > 0);
            }
        }
        const MessageLayout first = layoutOf(0);
        QCOMPARE(first.height() - layoutOf(1).height(), first.header().height());
        QCOMPARE(m_view->visualRect(m_model->index(0)).height(), first.height());
        QCOMPARE(ui::TimelineMarks::of(m_model->index(2)).day, u"Yesterday"_s);
        QCOMPARE(ui::TimelineMarks::of(m_model->index(3)).day, u"Today"_s);
        QCOMPARE(ui::TimelineMarks::of(m_model->index(0)).day,
            QLocale().toString(QDate::currentDate().addDays(-3), QLocale::LongFormat));

        // Painted: the pill's words show, centred across the list.
        const QImage image = m_view->viewport()->grab().toImage();
        const QRect pill = layoutOf(3).header().day();
        const QColor background = image.pixelColor(2, pill.center().y());
        const auto [left, right] = inkColumns(image, pill, background);
        QVERIFY(left >= 0);
        QVERIFY2(qAbs((left + right) / 2 - m_view->viewport()->width() / 2) <= 3,
            qPrintable(u"ink %1..%2"_s.arg(left).arg(right)));
    }

    // The "New messages" line goes above the first unread message, the row growing by it
    // as the view lays it out again, and goes when the model says so.
    void newMessagesLine()
    {
        m_model->applyStored(pageOf(1, 6));
        QVERIFY(showList());
        const int plain = m_view->visualRect(m_model->index(3)).height();
        QVERIFY(layoutOf(3).header().newMessages().isEmpty());
        m_model->setFirstUnreadId(4);
        const MessageLayout marked = layoutOf(3);
        QVERIFY(!marked.header().newMessages().isEmpty());
        QVERIFY(marked.header().newMessages().bottom() < marked.bubble().top());
        QTRY_COMPARE(
            m_view->visualRect(m_model->index(3)).height(), plain + marked.header().height());
        // Its words in the accent colour.
        const QImage image = m_view->viewport()->grab().toImage();
        const QColor words = mostColourful(image, layoutOf(3).header().newMessages());
        QVERIFY2(
            hueDistance(words.hslHue(), lightPalette().color(QPalette::Highlight).hslHue()) <= 12,
            qPrintable(words.name()));
        m_model->setFirstUnreadId(0);
        QTRY_COMPARE(m_view->visualRect(m_model->index(3)).height(), plain);
    }

    // Hovering the time tells the date and time in full; the text says nothing.
    void fullTimeOnHover()
    {
        m_model->applyStored({ theirs(11) });
        QVERIFY(showList());
        const MessageLayout geometry = layoutOf(0);
        hover(geometry.time().center());
        QTRY_VERIFY(QToolTip::isVisible());
        const QDateTime time = serverTime(11);
        QCOMPARE(QToolTip::text(), ui::fullTimeText(time));
        QVERIFY(QToolTip::text().contains(u"2024"_s));
        QVERIFY(QToolTip::text().contains(QLocale().toString(time.toLocalTime().time(), u"ss"_s)));
        hover(geometry.text().center());
        QTRY_VERIFY(!QToolTip::isVisible());
    }

    // The bubble holds the formatted text: as wide as the bold word, not its markers.
    void formattedTextSizesTheBubble()
    {
        Message bold = theirs(11);
        bold.body = u"**Wednesday**"_s;
        Message plain = theirs(12);
        plain.body = u"**Wednesday"_s; // a marker with no partner stays
        Message code = theirs(13);
        code.body = u"```\none\ntwo\nthree\n```"_s;
        m_model->applyStored({ bold, plain, code });
        QVERIFY(showList());
        QFont boldFont = m_view->font();
        boldFont.setBold(true);
        const int boldWidth = QFontMetrics(boldFont).horizontalAdvance(u"Wednesday"_s);
        QVERIFY2(qAbs(layoutOf(0).text().width() - boldWidth) <= 2,
            qPrintable(u"%1 for %2"_s.arg(layoutOf(0).text().width()).arg(boldWidth)));
        QVERIFY(layoutOf(1).text().width()
            >= QFontMetrics(m_view->font()).horizontalAdvance(u"**Wednesday"_s) - 2);
        // Three lines of code: three times as tall as one line of text, about.
        QVERIFY(layoutOf(2).text().height() >= 3 * QFontMetrics(m_view->font()).height() - 3);
    }

    // A click on a link opens it (the opener the test set), a click elsewhere does not;
    // the pointer is a hand over it.
    void linksOpenOnClick()
    {
        Message link = theirs(11);
        link.body = u"read https://example.com/a_(b)). or that"_s;
        m_model->applyStored({ link });
        QVERIFY(showList());
        ui::MessageLinks links(m_view.get(), delegate());
        QList<QUrl> opened;
        links.setOpener([&opened](const QUrl &url) { opened.append(url); });
        const int at = int(link.body.indexOf(u"example"_s));
        const QPoint onLink = pointAt(0, at);
        QCOMPARE(links.linkAt(onLink), QUrl(u"https://example.com/a_(b)"_s));

        QTest::mouseMove(m_view->viewport(), onLink);
        QTRY_COMPARE(m_view->viewport()->cursor().shape(), Qt::PointingHandCursor);
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, onLink);
        QCOMPARE(opened, QList<QUrl> { QUrl(u"https://example.com/a_(b)"_s) });

        const QPoint onWords = pointAt(0, int(link.body.indexOf(u"that"_s)));
        QVERIFY(links.linkAt(onWords).isEmpty());
        QTest::mouseMove(m_view->viewport(), onWords);
        QTRY_VERIFY(m_view->viewport()->cursor().shape() != Qt::PointingHandCursor);
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, onWords);
        QCOMPARE(opened.size(), 1);
        // The link's tooltip says where it goes.
        hover(onLink);
        QTRY_VERIFY(QToolTip::isVisible());
        QCOMPARE(QToolTip::text(), u"https://example.com/a_(b)"_s);
    }

    // 600 rows laid out and painted from top to bottom and back: each text is made into
    // a document once, not at every size question or paint.
    void scrollingDoesNotParseAgain()
    {
        QList<Message> messages;
        for (qint64 id = 1; id <= 600; ++id) {
            Message message = theirs(id);
            message.body = u"message **%1** with `code` and https://example.com/%1"_s.arg(id);
            messages.append(message);
        }
        m_model->applyStored(messages);
        QVERIFY(showList());
        m_view->doItemsLayout();
        m_view->viewport()->grab();
        ui::MessageTextCache &cache = ui::MessageTextCache::instance();
        const int made = cache.documentsMade();
        QScrollBar *bar = m_view->verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        for (int value = 0; value <= bar->maximum(); value += m_view->viewport()->height() / 2) {
            bar->setValue(value);
            m_view->viewport()->grab();
        }
        bar->setValue(0);
        m_view->viewport()->grab();
        m_model->setFirstUnreadId(300); // a change that lays every row out again
        m_view->doItemsLayout();
        QCOMPARE(cache.documentsMade(), made);
    }
};

QTEST_MAIN(TimelineBubblesTest)
#include "tst_timelinebubbles.moc"
