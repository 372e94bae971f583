// Read receipts, unread badges, typing and presence in the window, offscreen, against an
// in-process server: two real windows (alice and bob, each with its own client and
// profile) and a third user (carol) over REST. Each feature is shown as the user sees it:
// a tick turning into read ticks, a count appearing in a contact row and the window title
// and clearing when alice looks, "typing…" appearing under the contact's name and
// expiring, and the Privacy dialog saving and loading.
#include <support/appinstance.h>
#include <support/clientworldtest.h>
#include <support/timeouts.h>
#include <ui/conversationdelegate.h>
#include <ui/conversationview.h>
#include <ui/messagedelegate.h>
#include <ui/messageinput.h>
#include <ui/privacydialog.h>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardItemModel>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using chat::client::ReceiptMark;
using chat::ui::DeliveryMark;

namespace {

ReceiptMark receiptAt(const QModelIndex &index)
{
    const QVariant value = index.data(client::MessageListModel::ReceiptRole);
    if (value.metaType() == QMetaType::fromType<ReceiptMark>())
        return value.value<ReceiptMark>();
    return static_cast<ReceiptMark>(value.toInt());
}

} // namespace

class TestAwarenessWindow : public test::ClientWorldTest
{
    Q_OBJECT

private:
    //! Starts `user`'s app, shows its window and signs in; waits for the contacts.
    std::unique_ptr<test::AppInstance> start(const Session &user)
    {
        auto app = std::make_unique<test::AppInstance>(user.user.username, user);
        if (!app->show() || !app->signInAndWait(m_fixture.url()))
            return {};
        return app;
    }

    //! `from` (carol, or bob not through his window) writes to alice over REST.
    void writeToAlice(const Session &from, const QString &clientId, const QString &text)
    {
        const qint64 conversation = m_fixture.rest().openConversation(from.token, u"alice"_s);
        QVERIFY(conversation != 0);
        QCOMPARE(
            m_fixture.rest().sendMessage(from.token, conversation, clientId, text).status, 201);
    }

private Q_SLOTS:
    void initTestCase() { test::useTestSettings(u"tst_awarenesswindow"_s); }

    void init()
    {
        QSettings().clear();
        startWithUsers();
    }

    // The mark after the time, for every state of one of our messages, and that the
    // delegate paints read ticks differently from delivered ones.
    void deliveryMarks()
    {
        QStandardItemModel model;
        const auto addRow = [&model](bool own, client::DeliveryState state, ReceiptMark receipt) {
            auto *item = new QStandardItem;
            item->setData(u"same text"_s, client::MessageListModel::BodyRole);
            item->setData(QDateTime(QDate(2026, 3, 12), QTime(14, 5), Qt::UTC),
                client::MessageListModel::CreatedAtRole);
            item->setData(own, client::MessageListModel::IsOwnRole);
            item->setData(QVariant::fromValue(state), client::MessageListModel::DeliveryStateRole);
            item->setData(QVariant::fromValue(receipt), client::MessageListModel::ReceiptRole);
            model.appendRow(item);
            return model.rowCount() - 1;
        };
        const int theirs = addRow(false, client::DeliveryState::Sent, ReceiptMark::None);
        const int pending = addRow(true, client::DeliveryState::Pending, ReceiptMark::None);
        const int stored = addRow(true, client::DeliveryState::Sent, ReceiptMark::None);
        const int delivered = addRow(true, client::DeliveryState::Sent, ReceiptMark::Delivered);
        const int read = addRow(true, client::DeliveryState::Sent, ReceiptMark::Read);
        const int failed = addRow(true, client::DeliveryState::Failed, ReceiptMark::None);

        const auto markOf = [&model](int row) {
            return ui::deliveryMark(model.index(row, 0));
        };
        QCOMPARE(markOf(theirs), DeliveryMark::None);
        QCOMPARE(markOf(pending), DeliveryMark::Pending);
        QCOMPARE(markOf(stored), DeliveryMark::Stored);
        QCOMPARE(markOf(delivered), DeliveryMark::Delivered);
        QCOMPARE(markOf(read), DeliveryMark::Read);
        QCOMPARE(markOf(failed), DeliveryMark::Failed);
        QCOMPARE(ui::deliveryMarkText(DeliveryMark::None), QString());
        QCOMPARE(ui::deliveryMarkText(DeliveryMark::Pending), u"\u25F7"_s);
        QCOMPARE(ui::deliveryMarkText(DeliveryMark::Stored), u"\u2713"_s);
        QCOMPARE(ui::deliveryMarkText(DeliveryMark::Delivered), u"\u2713\u2713"_s);
        QCOMPARE(ui::deliveryMarkText(DeliveryMark::Read), u"\u2713\u2713"_s);
        QCOMPARE(ui::deliveryMarkText(DeliveryMark::Failed), u"\u26A0"_s);
        QCOMPARE(ui::deliveryMarkDescription(DeliveryMark::Read), u"Read"_s);

        // Painted: the same bubble and time, only the ticks differ, so the rows differ.
        QListView view;
        view.setModel(&model);
        view.setItemDelegate(new ui::MessageDelegate(&view));
        view.resize(420, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QImage all = view.viewport()->grab().toImage();
        const auto rowImage = [&](int row) {
            return all.copy(view.visualRect(model.index(row, 0)));
        };
        QVERIFY(!rowImage(read).isNull());
        QCOMPARE(rowImage(read).size(), rowImage(delivered).size());
        QVERIFY(rowImage(read) != rowImage(delivered));
        QVERIFY(rowImage(delivered) != rowImage(stored));
    }

    // Alice's message: two ticks once bob's app has it, read ticks once bob looks at it.
    void ticksTurnReadWhenBobSeesTheMessage()
    {
        auto alice = start(m_alice);
        QVERIFY(alice);
        auto bob = start(m_bob);
        QVERIFY(bob);
        QVERIFY(activate(alice->window.get()));
        QVERIFY(alice->openByClick(u"bob"_s));
        QVERIFY(alice->window->isConversationVisible());
        QVERIFY(!bob->window->isConversationVisible()); // no conversation open

        ui::MessageInput *input = alice->conversation()->input();
        QTest::keyClicks(input, u"hello bob"_s);
        QTest::keyClick(input, Qt::Key_Return);
        QCOMPARE(ui::deliveryMark(alice->message(0)), DeliveryMark::Pending);

        // Bob's app is connected: delivered, not read (he has not opened the conversation).
        QTRY_COMPARE_WITH_TIMEOUT(receiptAt(alice->message(0)), ReceiptMark::Delivered, Timeout);
        QCOMPARE(ui::deliveryMark(alice->message(0)), DeliveryMark::Delivered);
        QTRY_COMPARE_WITH_TIMEOUT(bob->unreadFrom(u"alice"_s), 1, Timeout);
        QCOMPARE(bob->window->windowTitle(), u"Chat — bob (1)"_s);
        QVERIFY(!alice->window->grab().isNull());

        // Bob opens it in his active window: read, on both sides.
        QVERIFY(activate(bob->window.get()));
        QVERIFY(bob->openByClick(u"alice"_s));
        QVERIFY(bob->window->isConversationVisible());
        QTRY_COMPARE_WITH_TIMEOUT(receiptAt(alice->message(0)), ReceiptMark::Read, Timeout);
        QCOMPARE(ui::deliveryMark(alice->message(0)), DeliveryMark::Read);
        QTRY_COMPARE_WITH_TIMEOUT(bob->unreadFrom(u"alice"_s), 0, Timeout);
        QCOMPARE(bob->window->windowTitle(), u"Chat — alice"_s);
        // Alice's window repaints the row with its new mark.
        QVERIFY(!alice->window->grab().isNull());
        QCOMPARE(receiptAt(bob->message(0)), ReceiptMark::None); // his copy of hers: no mark
        QCOMPARE(ui::deliveryMark(bob->message(0)), DeliveryMark::None);
    }

    // Carol's message while alice reads bob's conversation: a badge on carol and "(1)" in
    // the title, gone when alice opens carol. Bob's messages while alice's window is in
    // the background or minimised count too, and clear when she comes back.
    void unreadCountsAppearAndClear()
    {
        auto alice = start(m_alice);
        QVERIFY(alice);
        QVERIFY(activate(alice->window.get()));
        QVERIFY(alice->openByClick(u"bob"_s));
        QCOMPARE(alice->window->windowTitle(), u"Chat — bob"_s);

        writeToAlice(m_carol, u"c-1"_s, u"are you there?"_s);
        QTRY_COMPARE_WITH_TIMEOUT(alice->unreadFrom(u"carol"_s), 1, Timeout);
        QCOMPARE(ui::unreadBadgeText(alice->unreadFrom(u"carol"_s)), u"1"_s);
        QCOMPARE(alice->client->totalUnread(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(alice->window->windowTitle(), u"Chat — bob (1)"_s, Timeout);
        QVERIFY(!alice->window->conversationList()->grab().isNull());

        // Another window is active: what bob writes stays unread.
        QWidget other;
        other.resize(200, 100);
        other.show();
        QVERIFY(activate(&other));
        QTRY_VERIFY_WITH_TIMEOUT(!alice->window->isConversationVisible(), Timeout);
        writeToAlice(m_bob, u"b-1"_s, u"one"_s);
        writeToAlice(m_bob, u"b-2"_s, u"two"_s);
        QTRY_COMPARE_WITH_TIMEOUT(alice->unreadFrom(u"bob"_s), 2, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(alice->window->windowTitle(), u"Chat — bob (3)"_s, Timeout);
        QCOMPARE(alice->client->messages()->rowCount(), 2); // shown, but not seen

        // Alice comes back to her window: bob's are read, carol's are not.
        QVERIFY(activate(alice->window.get()));
        QVERIFY(alice->window->isConversationVisible());
        QTRY_COMPARE_WITH_TIMEOUT(alice->unreadFrom(u"bob"_s), 0, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(alice->window->windowTitle(), u"Chat — bob (1)"_s, Timeout);
        QCOMPARE(alice->unreadFrom(u"carol"_s), 1);

        // Minimised, the open conversation is not seen either.
        alice->window->showMinimized();
        QTRY_VERIFY_WITH_TIMEOUT(!alice->window->isConversationVisible(), Timeout);
        writeToAlice(m_bob, u"b-3"_s, u"three"_s);
        QTRY_COMPARE_WITH_TIMEOUT(alice->unreadFrom(u"bob"_s), 1, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(alice->window->windowTitle(), u"Chat — bob (2)"_s, Timeout);
        alice->window->showNormal();
        QVERIFY(activate(alice->window.get()));
        QTRY_COMPARE_WITH_TIMEOUT(alice->unreadFrom(u"bob"_s), 0, Timeout);

        // She opens carol: that clears the rest.
        QVERIFY(alice->openByClick(u"carol"_s));
        QTRY_COMPARE_WITH_TIMEOUT(alice->unreadFrom(u"carol"_s), 0, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(alice->window->windowTitle(), u"Chat — carol"_s, Timeout);
        QCOMPARE(alice->client->totalUnread(), 0);
        QCOMPARE(ui::unreadBadgeText(0), QString());
    }

    // Bob types in his window: "typing…" under his name in alice's header and in his
    // contact row, then, when he stops, "online" again.
    void typingAppearsThenExpires()
    {
        auto alice = start(m_alice);
        QVERIFY(alice);
        auto bob = start(m_bob);
        QVERIFY(bob);
        QVERIFY(bob->openByClick(u"alice"_s));
        QVERIFY(activate(alice->window.get()));
        QVERIFY(alice->openByClick(u"bob"_s));
        QTRY_COMPARE_WITH_TIMEOUT(alice->subtitle(), u"online"_s, Timeout);
        QVERIFY(alice->conversation()->subtitleLabel()->isVisible());

        QTest::keyClicks(bob->conversation()->input(), u"let me th"_s);
        QTRY_COMPARE_WITH_TIMEOUT(alice->subtitle(), u"typing…"_s, Timeout);
        QVERIFY(alice->client->openConversation().otherIsTyping());
        QTRY_VERIFY_WITH_TIMEOUT(
            alice->contact(u"bob"_s).data(client::ConversationListModel::TypingRole).toBool(),
            Timeout);
        QCOMPARE(ui::conversationPreviewText(alice->contact(u"bob"_s)), u"typing…"_s);
        QVERIFY(!alice->window->grab().isNull());

        // He stops: it expires by itself.
        QTRY_COMPARE_WITH_TIMEOUT(alice->subtitle(), u"online"_s, Timeout);
        QVERIFY(!alice->client->openConversation().otherIsTyping());
        QTRY_VERIFY_WITH_TIMEOUT(
            !alice->contact(u"bob"_s).data(client::ConversationListModel::TypingRole).toBool(),
            Timeout);
        QCOMPARE(ui::conversationPreviewText(alice->contact(u"bob"_s)), u"No messages yet"_s);
    }

    // Online while bob's app is connected, "last seen …" once he signs out.
    void presenceInTheHeader()
    {
        auto alice = start(m_alice);
        QVERIFY(alice);
        QVERIFY(alice->openByClick(u"bob"_s));
        QCOMPARE(alice->subtitle(), QString()); // bob was never online
        auto bob = start(m_bob);
        QVERIFY(bob);
        QTRY_COMPARE_WITH_TIMEOUT(alice->subtitle(), u"online"_s, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(
            alice->contact(u"bob"_s).data(client::ConversationListModel::OnlineRole).toBool(),
            Timeout);
        bob->session->signOut();
        QTRY_VERIFY_WITH_TIMEOUT(alice->subtitle().startsWith(u"last seen"_s), Timeout);
        QVERIFY(!alice->contact(u"bob"_s).data(client::ConversationListModel::OnlineRole).toBool());
    }

    void presenceTexts()
    {
        const QDateTime now = QDateTime(QDate(2026, 3, 12), QTime(15, 0)).toUTC();
        const QString at14 = QLocale().toString(QTime(14, 0), QLocale::ShortFormat);
        const QString at15 = QLocale().toString(QTime(15, 0), QLocale::ShortFormat);
        QCOMPARE(ui::presenceText(true, true, {}, now), u"typing…"_s);
        QCOMPARE(ui::presenceText(false, true, {}, now), u"online"_s);
        QCOMPARE(ui::presenceText(false, false, {}, now), QString()); // not shared
        QCOMPARE(ui::presenceText(false, false, now.addSecs(-20), now), u"last seen just now"_s);
        QCOMPARE(
            ui::presenceText(false, false, now.addSecs(-3600), now), u"last seen at "_s + at14);
        QCOMPARE(ui::presenceText(false, false, now.addDays(-1), now),
            u"last seen yesterday at "_s + at15);
        QCOMPARE(ui::presenceText(false, false, now.addDays(-9), now),
            u"last seen %1 at %2"_s.arg(
                QLocale().toString(now.addDays(-9).toLocalTime().date(), QLocale::ShortFormat),
                at15));
    }

    // Chat ▸ Privacy…: a box turned off and saved is off on the server and when the
    // dialog loads again; Cancel keeps what was there.
    void privacyDialogRoundTrip()
    {
        auto alice = start(m_alice);
        QVERIFY(alice);
        QAction *action = nullptr;
        const QList<QAction *> actions = alice->window->menuBar()->findChildren<QAction *>();
        for (QAction *candidate : actions) {
            if (candidate->text() == u"&Privacy…"_s)
                action = candidate;
        }
        QVERIFY(action);
        QVERIFY(action->isEnabled());
        action->trigger();
        ui::PrivacyDialog *dialog = alice->window->privacyDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isReady(), Timeout);
        QVERIFY(dialog->typingBox()->isChecked());
        QVERIFY(dialog->receiptsBox()->isChecked());
        QVERIFY(dialog->presenceBox()->isChecked());

        // A click on the box itself (at the left; the widget spans the dialog).
        QTest::mouseClick(dialog->receiptsBox(), Qt::LeftButton, {},
            QPoint(8, dialog->receiptsBox()->height() / 2));
        QVERIFY(!dialog->receiptsBox()->isChecked());
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isVisible(), Timeout);
        QCOMPARE(dialog->result(), int(QDialog::Accepted));

        // The server has it.
        const auto settings = m_fixture.rest().get(u"/settings"_s, m_alice.token);
        QCOMPARE(settings.status, 200);
        QCOMPARE(settings.json[u"shareReceipts"_s].toBool(true), false);
        QCOMPARE(settings.json[u"shareTyping"_s].toBool(false), true);
        QCOMPARE(settings.json[u"sharePresence"_s].toBool(false), true);

        // Opened again, it loads what was saved.
        dialog = alice->window->showPrivacyDialog();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isReady(), Timeout);
        QVERIFY(!dialog->receiptsBox()->isChecked());
        QVERIFY(dialog->typingBox()->isChecked());
        QVERIFY(dialog->presenceBox()->isChecked());

        // Cancel changes nothing.
        dialog->typingBox()->click();
        dialog->reject();
        QVERIFY(!dialog->isVisible());
        dialog = alice->window->showPrivacyDialog();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isReady(), Timeout);
        QVERIFY(dialog->typingBox()->isChecked());
        QVERIFY(!dialog->receiptsBox()->isChecked());
        dialog->reject();
    }
};

QTEST_MAIN(TestAwarenessWindow)
#include "tst_awarenesswindow.moc"
