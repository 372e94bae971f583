// Bubbles in a group, painted by the real MessageDelegate in a QListView (offscreen) over a
// real MessageListModel filled without a server: others' messages carry the sender's name
// in their colour (the bubble grows by that line, a direct conversation stays as it was),
// changes of the conversation are smaller lines centred across the list with no bubble
// and no mark, and our own messages say "read by N" once read, with the names on hover.
#include <support/imageprobe.h>
#include <support/messagemodeltest.h>
#include <support/samplemessages.h>
#include <ui/avatar.h>
#include <ui/messagedelegate.h>
#include <ui/messagelayout.h>

#include <QApplication>
#include <QHelpEvent>
#include <QListView>
#include <QTest>
#include <QToolTip>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using chat::ui::MessageLayout;

namespace {

// OwnUserId (1, alice) and BobId (2) come from samplemessages.h.
constexpr qint64 CarolId = 3;
constexpr qint64 DaveId = 4;

Message fromCarol(qint64 id, const QString &body)
{
    Message message = storedMessage(id, CarolId, u"carol-%1"_s.arg(id), body);
    message.senderName = u"carol"_s;
    return message;
}

//! A change of the conversation, as the server stores it: made by `actorId`, said in English.
Message systemEntry(qint64 id, qint64 actorId, const QString &body)
{
    Message message = storedMessage(id, actorId, QString(), body);
    message.event = SystemEvent { .type = SystemEvent::Type::MembersAdded, .userIds = { CarolId } };
    return message;
}

} // namespace

class GroupBubblesTest : public MessageModelTest
{
    Q_OBJECT

private:
    //! The model in a list as ConversationView shows it, with the real delegate.
    [[nodiscard]] std::unique_ptr<QListView> showList(const QPalette &palette = lightPalette())
    {
        auto view = std::make_unique<QListView>();
        view->setPalette(palette);
        view->setModel(m_model.get());
        view->setItemDelegate(new ui::MessageDelegate(view.get()));
        view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
        view->setResizeMode(QListView::Adjust);
        view->setUniformItemSizes(false);
        view->setFrameShape(QFrame::NoFrame);
        view->resize(420, 600);
        view->show();
        if (!QTest::qWaitForWindowExposed(view.get()))
            return nullptr;
        return view;
    }

    //! Where the delegate puts the parts of `row`, as it paints it now.
    [[nodiscard]] MessageLayout layoutOf(const QListView &view, int row) const
    {
        const QModelIndex index = m_model->index(row);
        QStyleOptionViewItem option;
        option.font = view.font();
        option.rect = view.visualRect(index);
        return static_cast<ui::MessageDelegate *>(view.itemDelegate())->layout(option, index);
    }

    //! Sends the tooltip request a resting mouse would at `position` in the viewport.
    static void hover(QListView &view, const QPoint &position)
    {
        QHelpEvent help(QEvent::ToolTip, position, view.viewport()->mapToGlobal(position));
        QApplication::sendEvent(view.viewport(), &help);
    }

private Q_SLOTS:
    // Bob's message names him in a group: the same bubble one line taller than in a
    // direct conversation, the name above the body inside the bubble.
    void senderNameMakesTheBubbleTaller()
    {
        m_model->setGroup(true);
        m_model->applyStored({ theirs(11) });
        auto view = showList();
        QVERIFY(view);
        const int groupHeight = view->visualRect(m_model->index(0)).height();
        const MessageLayout group = layoutOf(*view, 0);
        QVERIFY(!group.senderName().isEmpty());
        QVERIFY(group.bubble().contains(group.senderName()));
        QVERIFY(group.senderName().bottom() < group.text().top());

        m_model->setGroup(false);
        view->doItemsLayout();
        const int directHeight = view->visualRect(m_model->index(0)).height();
        QVERIFY(layoutOf(*view, 0).senderName().isEmpty());
        QVERIFY2(groupHeight > directHeight,
            qPrintable(u"group %1, direct %2"_s.arg(groupHeight).arg(directHeight)));
        QCOMPARE(groupHeight - directHeight,
            group.text().top() - group.senderName().top()); // exactly the name's line
    }

    // Only others' messages carry a name: not ours, not a system line.
    void senderNameOnlyWhereItShows()
    {
        m_model->setGroup(true);
        m_model->applyStored({ ours(10, u"c10"_s, u"mine"_s), theirs(11), fromCarol(12, u"hi"_s),
            systemEntry(13, BobId, u"bob added carol"_s) });
        auto view = showList();
        QVERIFY(view);
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const bool shows = value(row, MessageListModel::ShowSenderRole).toBool();
            QCOMPARE(!layoutOf(*view, row).senderName().isEmpty(), shows);
        }
        QVERIFY(!layoutOf(*view, 1).senderName().isEmpty());
        QVERIFY(!layoutOf(*view, 2).senderName().isEmpty());
    }

    void senderNamesInTheirColours_data()
    {
        QTest::addColumn<QPalette>("palette");
        QTest::newRow("light") << lightPalette();
        QTest::newRow("dark") << darkPalette();
    }

    // Each name is painted in its sender's hue (their avatar's), in light and dark alike.
    void senderNamesInTheirColours()
    {
        QFETCH(QPalette, palette);
        m_model->setGroup(true);
        m_model->applyStored({ theirs(11), fromCarol(12, u"hi"_s) });
        auto view = showList(palette);
        QVERIFY(view);
        const QImage image = view->viewport()->grab().toImage();
        const QColor bob = mostColourful(image, layoutOf(*view, 0).senderName());
        const QColor carol = mostColourful(image, layoutOf(*view, 1).senderName());
        QVERIFY2(hueDistance(bob.hslHue(), ui::personColor(BobId).hslHue()) <= 12,
            qPrintable(bob.name()));
        QVERIFY2(hueDistance(carol.hslHue(), ui::personColor(CarolId).hslHue()) <= 12,
            qPrintable(carol.name()));
        QVERIFY(hueDistance(bob.hslHue(), carol.hslHue()) > 30);
    }

    // The colour function: neighbouring ids differ, and the name colour keeps the hue and
    // reads (contrast 4.5 or more) on light, tinted and dark backgrounds.
    void senderNameColourReadsOnEveryBackground()
    {
        const QList<QColor> backgrounds { Qt::white, QColor(0xf0, 0xf0, 0xf0),
            QColor(0xd9, 0xea, 0xf5), QColor(0x77, 0x77, 0x77), QColor(0x2b, 0x2b, 0x2b),
            QColor(0x1e, 0x1e, 0x1e), Qt::black };
        for (qint64 id = 1; id <= 16; ++id) {
            QVERIFY(ui::personColor(id) != ui::personColor(id + 1));
            for (const QColor &background : backgrounds) {
                const QColor name = ui::readableOn(ui::personColor(id), background);
                QVERIFY2(ui::contrastRatio(name, background) >= 4.5,
                    qPrintable(u"id %1 on %2: %3"_s.arg(id).arg(background.name(), name.name())));
                if (name.hslSaturation() > 40)
                    QVERIFY(hueDistance(name.hslHue(), ui::personColor(id).hslHue()) <= 6);
            }
        }
        QCOMPARE(ui::contrastRatio(Qt::black, Qt::white), 21.0);
    }

    // "bob added carol": a line centred across the list, smaller than a bubble, no bubble,
    // no name, no mark; one we made ourselves gets no tick either.
    void systemLineIsCentredAndSmall()
    {
        m_model->setGroup(true);
        m_model->applyStored({ theirs(11), systemEntry(12, BobId, u"bob added carol"_s),
            systemEntry(13, OwnUserId, u"alice added dave"_s) });
        auto view = showList();
        QVERIFY(view);
        const int width = view->viewport()->width();
        for (int row : { 1, 2 }) {
            const MessageLayout line = layoutOf(*view, row);
            QVERIFY(line.bubble().isEmpty());
            QVERIFY(line.senderName().isEmpty());
            QVERIFY(line.mark().isEmpty());
            QVERIFY(!line.text().isEmpty());
            QVERIFY2(qAbs(line.text().center().x() - width / 2) <= 1,
                qPrintable(u"centre %1 of %2"_s.arg(line.text().center().x()).arg(width)));
            QVERIFY(view->visualRect(m_model->index(row)).height()
                < view->visualRect(m_model->index(0)).height());
        }
        QCOMPARE(ui::deliveryMark(m_model->index(2)), ui::DeliveryMark::None);
        QCOMPARE(ui::deliveryMarkToolTip(m_model->index(2)), QString());

        // Painted: ink only in the middle, none where a bubble would start.
        const QImage image = view->viewport()->grab().toImage();
        const QRect row = view->visualRect(m_model->index(1));
        const QColor background = image.pixelColor(1, row.center().y());
        const auto [left, right] = inkColumns(image, row, background);
        QVERIFY(left >= 0);
        QVERIFY2(qAbs((left + right) / 2 - width / 2) <= 2,
            qPrintable(u"ink %1..%2 of %3"_s.arg(left).arg(right).arg(width)));
        QVERIFY(left > 40);
        const QRect text = layoutOf(*view, 1).text();
        QVERIFY(left >= text.left() - 2 && right <= text.right() + 2);
    }

    // Our message read by two of three others: "read by 2" in place of the ticks, in the
    // accent colour of read ticks; hovering it names them; hovering the text says nothing.
    void readByCountWithNamesOnHover()
    {
        using Position = MessageListModel::MemberPosition;
        m_model->setGroup(true);
        m_model->applyStored({ ours(10, u"c10"_s, u"ship it"_s), theirs(11) });
        m_model->setMemberPositions({ Position { BobId, u"bob"_s, 10, 10 },
            Position { CarolId, u"carol"_s, 10, 10 }, Position { DaveId, u"dave"_s, 10, 0 } });
        auto view = showList();
        QVERIFY(view);
        QCOMPARE(ui::readCountText(2), u"read by 2"_s);
        const MessageLayout own = layoutOf(*view, 0);
        QVERIFY(!own.readCount().isEmpty());
        QVERIFY(own.ticks().isEmpty()); // the words replace the ticks
        QVERIFY(own.mark().contains(own.readCount()));
        QVERIFY(own.time().right() < own.readCount().left());
        QVERIFY(own.bubble().contains(own.mark()));
        QVERIFY(layoutOf(*view, 1).mark().isEmpty()); // theirs: no mark at all

        // The words are painted on the bubble, as wide as "read by 2" (not a bare "2"), in
        // the accent colour of read ticks.
        const QImage image = view->viewport()->grab().toImage();
        const QColor fill = image.pixelColor(own.bubble().left() + 14, own.bubble().top() + 3);
        const auto [left, right] = inkColumns(image, own.readCount(), fill);
        const int wordsWidth = QFontMetrics(MessageLayout::footerFont(view->font()))
                                   .horizontalAdvance(u"read by 2"_s);
        QVERIFY2(left >= 0 && right - left + 1 >= wordsWidth * 8 / 10,
            qPrintable(u"ink %1..%2 for %3 px of text"_s.arg(left).arg(right).arg(wordsWidth)));
        const QColor count = mostColourful(image, own.readCount());
        QVERIFY2(hueDistance(count.hslHue(), ui::readColor(view->palette()).hslHue()) <= 12,
            qPrintable(count.name()));

        for (const QPoint &at : { own.readCount().center(), own.readCount().topLeft() }) {
            hover(*view, at);
            QTRY_VERIFY(QToolTip::isVisible());
            QCOMPARE(QToolTip::text(), u"Read by bob, carol"_s);
            hover(*view, own.text().center());
            QTRY_VERIFY(!QToolTip::isVisible());
        }
    }

    // In a group, before anyone read it: the ticks as in a direct conversation, no words;
    // the first reader turns them into "read by 1".
    void groupTicksUntilSomeoneReads()
    {
        using Position = MessageListModel::MemberPosition;
        m_model->setGroup(true);
        m_model->applyStored({ ours(10, u"c10"_s, u"ship it"_s) });
        m_model->setMemberPositions(
            { Position { BobId, u"bob"_s, 10, 0 }, Position { CarolId, u"carol"_s, 0, 0 } });
        auto view = showList();
        QVERIFY(view);
        const MessageLayout delivered = layoutOf(*view, 0);
        QVERIFY(delivered.readCount().isEmpty());
        QVERIFY(!delivered.ticks().isEmpty());
        hover(*view, delivered.ticks().center().toPoint());
        QTRY_VERIFY(QToolTip::isVisible());
        QCOMPARE(QToolTip::text(), u"Delivered"_s);

        m_model->setMemberPositions(
            { Position { BobId, u"bob"_s, 10, 0 }, Position { CarolId, u"carol"_s, 10, 10 } });
        view->doItemsLayout();
        const MessageLayout read = layoutOf(*view, 0);
        QVERIFY(read.ticks().isEmpty());
        QVERIFY(!read.readCount().isEmpty());
        hover(*view, read.readCount().center());
        QTRY_COMPARE(QToolTip::text(), u"Read by carol"_s);
    }

    // A direct conversation keeps today's look: read ticks with no count, "Read" on hover.
    void directConversationKeepsPlainTicks()
    {
        m_model->applyStored({ ours(10, u"c10"_s, u"ship it"_s) });
        m_model->setReceiptPositions(10, 10);
        QCOMPARE(value(0, MessageListModel::ReadCountRole).toInt(), 1);
        auto view = showList();
        QVERIFY(view);
        const MessageLayout own = layoutOf(*view, 0);
        QVERIFY(own.readCount().isEmpty());
        QVERIFY(!own.ticks().isEmpty());
        hover(*view, own.ticks().center().toPoint());
        QTRY_VERIFY(QToolTip::isVisible());
        QCOMPARE(QToolTip::text(), u"Read"_s);
        hover(*view, own.text().center());
        QTRY_VERIFY(!QToolTip::isVisible());
    }

    // Who read it, in words, with and without the names known.
    void readByText()
    {
        QCOMPARE(ui::readByText(2, { u"bob"_s, u"carol"_s }), u"Read by bob, carol"_s);
        QCOMPARE(ui::readByText(3, { u"bob"_s, u"carol"_s }), u"Read by bob, carol and 1 more"_s);
        QCOMPARE(ui::readByText(3, {}), u"Read by 3 members"_s);
        QCOMPARE(ui::readByText(1, {}), u"Read by 1 member"_s);
    }
};

QTEST_MAIN(GroupBubblesTest)
#include "tst_groupbubbles.moc"
