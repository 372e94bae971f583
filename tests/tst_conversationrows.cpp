// Conversation rows painted by the real ConversationDelegate into an image, over a real
// ConversationListModel filled without a server: the second line names the sender in a
// group ("bob: …", "You: …") and shows a change of the conversation as it is; groups get
// initials and a colour from their title, people theirs from their id; a muted
// conversation has a bell by the time and a grey badge; one the user left is faded. A
// person in a list of people has the colour of their id, as in their conversation's row.
#include <client/models/conversationlistmodel.h>
#include <support/imageprobe.h>
#include <support/samplemessages.h>
#include <ui/avatar.h>
#include <ui/conversationdelegate.h>
#include <ui/persondelegate.h>
#include <ui/statuscolours.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QPainter>
#include <QStandardItemModel>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using chat::client::ConversationListModel;
using chat::client::ConversationSummary;

namespace {

constexpr qint64 GroupId = 20;
constexpr int RowWidth = 320;

//! A conversation whose last message `senderId` wrote (a change of the conversation when
//! `system`), or with none when `body` is empty.
ConversationSummary conversation(bool group, qint64 senderId, const QString &senderName,
    const QString &body, bool system = false)
{
    ConversationSummary summary { .id = GroupId,
        .kind = group ? ConversationKind::Group : ConversationKind::Direct,
        .title = group ? u"Release 42"_s : u"bob"_s,
        .memberCount = group ? 3 : 2,
        .peer = group ? User {} : User { BobId, u"bob"_s } };
    if (!body.isEmpty()) {
        Message last = storedMessage(50, senderId, u"c50"_s, body, GroupId);
        last.senderName = senderName;
        if (system)
            last.event = SystemEvent { .type = SystemEvent::Type::MembersAdded, .userIds = { 3 } };
        summary.lastMessage = last;
    }
    return summary;
}

} // namespace

class ConversationRowsTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ConversationListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    void show(const QList<ConversationSummary> &conversations)
    {
        m_model->setConversations(conversations, OwnUserId);
    }

    [[nodiscard]] static QStyleOptionViewItem optionFor(const QPalette &palette)
    {
        QStyleOptionViewItem option;
        option.palette = palette;
        option.font = QApplication::font();
        option.state = QStyle::State_Enabled;
        option.rect = QRect(0, 0, RowWidth, 1);
        option.rect.setHeight(ui::ConversationDelegate().sizeHint(option, {}).height());
        return option;
    }

    //! Row `row` painted by the delegate on the palette's base colour.
    [[nodiscard]] QImage paintRow(int row, const QPalette &palette) const
    {
        const QStyleOptionViewItem option = optionFor(palette);
        QImage image(option.rect.size(), QImage::Format_RGB32);
        image.fill(palette.color(QPalette::Base));
        QPainter painter(&image);
        ui::ConversationDelegate().paint(&painter, option, m_model->index(row));
        return image;
    }

    [[nodiscard]] ui::ConversationRowLayout layoutOf(int row, const QPalette &palette) const
    {
        return ui::ConversationDelegate::layout(optionFor(palette), m_model->index(row));
    }

private Q_SLOTS:
    void init()
    {
        m_model = std::make_unique<ConversationListModel>();
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
    }

    void previewText_data()
    {
        QTest::addColumn<ConversationSummary>("summary");
        QTest::addColumn<QString>("preview");

        QTest::newRow("direct, theirs")
            << conversation(false, BobId, u"bob"_s, u"see you"_s) << u"see you"_s;
        QTest::newRow("direct, ours")
            << conversation(false, OwnUserId, u"alice"_s, u"thanks"_s) << u"You: thanks"_s;
        QTest::newRow("group, theirs")
            << conversation(true, BobId, u"bob"_s, u"hi all"_s) << u"bob: hi all"_s;
        QTest::newRow("group, ours")
            << conversation(true, OwnUserId, u"alice"_s, u"done"_s) << u"You: done"_s;
        QTest::newRow("group, first line only")
            << conversation(true, 3, u"carol"_s, u"line one\nline two"_s) << u"carol: line one"_s;
        QTest::newRow("group, a change by bob") << conversation(true, BobId, u"bob"_s,
            u"bob added carol"_s, true) << u"bob added carol"_s;
        QTest::newRow("group, a change by us") << conversation(true, OwnUserId, u"alice"_s,
            u"alice added carol"_s, true) << u"alice added carol"_s;
        QTest::newRow("group, nothing yet")
            << conversation(true, 0, QString(), QString()) << u"No messages yet"_s;
    }

    void previewText()
    {
        QFETCH(ConversationSummary, summary);
        QFETCH(QString, preview);
        show({ summary });
        QCOMPARE(ui::conversationPreviewText(m_model->index(0)), preview);
    }

    // A group's avatar: the first letters of its title in the title's colour; a person's:
    // their initial in their own colour (the one their name has in group bubbles).
    void avatarsHaveInitialsAndColour()
    {
        QCOMPARE(ui::avatarInitials(u"Release 42"_s), u"R4"_s);
        QCOMPARE(ui::avatarInitials(u"  design   team  review"_s), u"DT"_s);
        QCOMPARE(ui::avatarInitials(u"alice"_s), u"A"_s);
        QCOMPARE(ui::avatarInitials(QString()), QString());
        QCOMPARE(ui::groupColor(u"release 42"_s), ui::groupColor(u"Release 42"_s));

        ConversationSummary design = conversation(true, BobId, u"bob"_s, u"hi"_s);
        design.title = u"Design team"_s;
        show({ conversation(true, BobId, u"bob"_s, u"hi"_s), design,
            conversation(false, BobId, u"bob"_s, u"hi"_s) });
        const QList<QColor> expected { ui::groupColor(u"Release 42"_s),
            ui::groupColor(u"Design team"_s), ui::personColor(BobId) };
        // Two titles, two colours: the colour does come from the title.
        QVERIFY(expected.at(0) != expected.at(1));
        for (int row = 0; row < 3; ++row) {
            const QImage image = paintRow(row, lightPalette());
            const QRect avatar = layoutOf(row, lightPalette()).avatar;
            // Inside the circle, left of the letters.
            const QColor painted = image.pixelColor(avatar.left() + 6, avatar.center().y());
            QCOMPARE(painted.name(), expected.at(row).name());
            // The letters are drawn in white over it.
            QVERIFY(inkIn(image, avatar.adjusted(10, 10, -10, -10), expected.at(row)) > 10);
        }
    }

    void statusColoursReadOnTheirTheme_data()
    {
        QTest::addColumn<QPalette>("palette");
        QTest::newRow("light") << lightPalette();
        QTest::newRow("dark") << darkPalette();
    }

    // An error's text and the online dot follow the palette: a dark theme gets a lighter
    // red and green, readable there (WCAG: 4.5:1 for text, 3:1 for a mark).
    void statusColoursReadOnTheirTheme()
    {
        QFETCH(QPalette, palette);
        const QColor base = palette.color(QPalette::Base);
        QCOMPARE(ui::isDark(palette), base.lightnessF() < 0.5);
        const QColor error = ui::errorColour(palette);
        QVERIFY2(ui::contrastRatio(error, base) >= 4.5, qPrintable(error.name()));
        const QColor online = ui::onlineColour(base);
        QVERIFY2(ui::contrastRatio(online, base) >= 3.0, qPrintable(online.name()));
        // Not one colour for both: what reads on one disappears into the other.
        const QPalette other = ui::isDark(palette) ? lightPalette() : darkPalette();
        QVERIFY(ui::errorColour(other) != error);
    }

    void mutedMarkAndGreyBadge_data()
    {
        QTest::addColumn<QPalette>("palette");
        QTest::newRow("light") << lightPalette();
        QTest::newRow("dark") << darkPalette();
    }

    // Muted: a bell between the title and the time, and the unread badge grey instead of
    // the accent colour. Not muted: neither.
    void mutedMarkAndGreyBadge()
    {
        QFETCH(QPalette, palette);
        ConversationSummary loud = conversation(true, BobId, u"bob"_s, u"hi"_s);
        loud.unread = 3;
        ConversationSummary muted = loud;
        muted.muted = true;
        show({ loud, muted });
        const QColor background = palette.color(QPalette::Base);

        const ui::ConversationRowLayout quiet = layoutOf(1, palette);
        QVERIFY(!quiet.mutedMark.isEmpty());
        QVERIFY(quiet.mutedMark.right() < quiet.time.left());
        QVERIFY(quiet.title.right() < quiet.mutedMark.left());
        QVERIFY(quiet.mutedMark.top() >= quiet.time.top());
        QVERIFY(quiet.mutedMark.bottom() <= quiet.time.bottom());
        const ui::ConversationRowLayout plain = layoutOf(0, palette);
        QVERIFY(plain.mutedMark.isEmpty());
        QCOMPARE(plain.time, quiet.time);

        const QImage quietImage = paintRow(1, palette);
        const QImage plainImage = paintRow(0, palette);
        QVERIFY(inkIn(quietImage, quiet.mutedMark, background) > quiet.mutedMark.width());
        QCOMPARE(inkIn(plainImage, quiet.mutedMark, background), 0);

        QVERIFY(!quiet.badge.isEmpty());
        QCOMPARE(quiet.badge, plain.badge);
        const QColor accent = palette.color(QPalette::Highlight);
        QCOMPARE(commonestColour(plainImage, plain.badge, background).name(), accent.name());
        const QColor grey = commonestColour(quietImage, quiet.badge, background);
        QVERIFY2(grey.hslSaturation() < 10 && differs(grey, background), qPrintable(grey.name()));
    }

    // A person in a list of people (the sidebar's people, a group's members, the picker)
    // has the avatar colour of their user id, as in their direct conversation's row.
    void personRowsShareTheColourOfTheirId()
    {
        constexpr int UserIdRole = Qt::UserRole + 1;
        QStandardItemModel people;
        for (const auto &[id, name] : { std::pair { BobId, u"bob"_s }, { 3, u"carol"_s } }) {
            auto *item = new QStandardItem(name);
            item->setData(id, UserIdRole);
            people.appendRow(item);
        }
        QAbstractItemModelTester tester(
            &people, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ui::PersonDelegate delegate;
        delegate.setUserIdRole(UserIdRole);
        QStyleOptionViewItem option = optionFor(lightPalette());
        option.rect.setHeight(delegate.sizeHint(option, {}).height());
        for (int row = 0; row < people.rowCount(); ++row) {
            QImage image(option.rect.size(), QImage::Format_RGB32);
            image.fill(Qt::white);
            QPainter painter(&image);
            delegate.paint(&painter, option, people.index(row, 0));
            painter.end();
            const qint64 id = people.index(row, 0).data(UserIdRole).toLongLong();
            // The avatar is the first thing from the left; its middle row holds its colour.
            const int y = option.rect.height() / 2;
            int x = 0;
            while (x < image.width() && !differs(image.pixelColor(x, y), Qt::white))
                ++x;
            QVERIFY(x < image.width());
            QCOMPARE(image.pixelColor(x + 4, y).name(), ui::personColor(id).name());
        }
        QVERIFY(ui::personColor(BobId) != ui::personColor(3));
    }

    // Left or removed: the title and the avatar fade.
    void inactiveConversationIsFaded()
    {
        ConversationSummary left
            = conversation(true, BobId, u"bob"_s, u"bob removed alice"_s, true);
        left.active = false;
        show({ conversation(true, BobId, u"bob"_s, u"bob removed alice"_s, true), left });
        const ui::ConversationRowLayout geometry = layoutOf(0, lightPalette());
        const QImage active = paintRow(0, lightPalette());
        const QImage inactive = paintRow(1, lightPalette());
        QVERIFY2(darkestIn(inactive, geometry.title) > darkestIn(active, geometry.title) + 40,
            qPrintable(u"%1 against %2"_s.arg(darkestIn(inactive, geometry.title))
                           .arg(darkestIn(active, geometry.title))));
        const QPoint avatar(geometry.avatar.left() + 6, geometry.avatar.center().y());
        QVERIFY(differs(active.pixelColor(avatar), inactive.pixelColor(avatar)));
    }
};

QTEST_MAIN(ConversationRowsTest)
#include "tst_conversationrows.moc"
