// The window, offscreen, against an in-process server: signing in through the dialog,
// picking a contact, and the input bar's keys, with the optimistic Pending row checked
// before the event loop could have delivered any reply.
#include <support/appinstance.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <ui/conversationview.h>
#include <ui/messageinput.h>
#include <ui/sidebar.h>
#include <ui/signindialog.h>

#include <QApplication>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

client::DeliveryState stateAt(const client::MessageListModel *model, int row)
{
    return model->index(row)
        .data(client::MessageListModel::DeliveryStateRole)
        .value<client::DeliveryState>();
}
} // namespace

class TestWindow : public QObject
{
    Q_OBJECT

private:
    test::ServerFixture m_fixture;
    std::unique_ptr<test::AppInstance> m_app; //!< alice's app, signed out at first.
    Session m_bob;

    //! Signs alice up, and in directly through the session; waits for her contacts.
    bool signInAlice()
    {
        m_app->rest = m_fixture.rest().signUp(u"alice"_s);
        return m_app->signInAndWait(m_fixture.url());
    }

    ui::MessageInput *input() const { return m_app->conversation()->input(); }

private Q_SLOTS:
    void initTestCase() { test::useTestSettings(u"tst_window"_s); }

    void init()
    {
        QSettings().clear();
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        m_bob = m_fixture.rest().signUp(u"bob"_s);
        m_app = std::make_unique<test::AppInstance>(u"alice"_s);
        QVERIFY(m_app->show());
    }

    void cleanup()
    {
        m_app.reset();
        m_fixture.stop();
    }

    void registerThroughTheDialog()
    {
        ui::SignInDialog *dialog = m_app->window->promptSignIn(m_fixture.url());
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->signInButton()->isEnabled()); // nothing typed yet
        QTest::keyClicks(dialog->usernameField(), u"alice"_s);
        QTest::keyClicks(dialog->passwordField(), u"a long password"_s);
        QVERIFY(dialog->registerButton()->isEnabled());
        QTest::mouseClick(dialog->registerButton(), Qt::LeftButton);

        QTRY_VERIFY_WITH_TIMEOUT(m_app->session->isSignedIn(), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isVisible(), Timeout);
        QCOMPARE(m_app->window->windowTitle(), u"Chat — alice"_s);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_app->window->statusBar()->findChild<QLabel *>()->text().contains(u"Online"_s),
            Timeout);
        // The server and name are remembered; the password never is.
        QCOMPARE(QSettings().value(u"signIn/username"_s).toString(), u"alice"_s);
        const QString everything = QSettings().allKeys().join(u' ');
        QVERIFY(!everything.contains(u"password"_s, Qt::CaseInsensitive));
        // No conversation yet: the sidebar offers the people, bob (registered beforehand).
        QTRY_VERIFY_WITH_TIMEOUT(m_app->window->sidebar()->peopleList()->isVisible(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(
            m_app->window->sidebar()->peopleList()->model()->rowCount(), 1, Timeout);
        QCOMPARE(m_app->window->sidebar()->peopleList()->model()->index(0, 0).data().toString(),
            u"bob"_s);
        QCOMPARE(m_app->client->conversations()->rowCount(), 0);

        // Carol signs up meanwhile: she shows as soon as alice comes back to the window.
        QCOMPARE(m_fixture.signUp({ u"carol"_s }).size(), 1);
        m_app->window->activateWindow();
        QTRY_COMPARE_WITH_TIMEOUT(
            m_app->window->sidebar()->peopleList()->model()->rowCount(), 2, Timeout);
    }

    void signInFocusesTheFirstEmptyField()
    {
        ui::SignInDialog *dialog = m_app->window->promptSignIn(m_fixture.url());
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->focusWidget(), dialog->usernameField());
        dialog->hide();
        dialog->usernameField()->clear();
        dialog = m_app->window->promptSignIn(m_fixture.url(), u"alice"_s);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->focusWidget(), dialog->passwordField());
    }

    void theWindowNeverOpensLargerThanTheScreen()
    {
        // The default size (960×640) is larger than the offscreen screen (800×600), as a
        // saved size is after moving to a smaller screen or a larger scale factor.
        const QRect available = m_app->window->screen()->availableGeometry();
        QVERIFY2(available.contains(m_app->window->frameGeometry()),
            qPrintable(u"%1,%2 %3x%4 on %5x%6"_s.arg(m_app->window->frameGeometry().x())
                           .arg(m_app->window->frameGeometry().y())
                           .arg(m_app->window->frameGeometry().width())
                           .arg(m_app->window->frameGeometry().height())
                           .arg(available.width())
                           .arg(available.height())));
    }

    void wrongPasswordShowsAnError()
    {
        m_fixture.rest().signUp(u"alice"_s);
        ui::SignInDialog *dialog = m_app->window->promptSignIn(m_fixture.url(), u"alice"_s);
        QTest::keyClicks(dialog->passwordField(), u"not her password"_s);
        QTest::mouseClick(dialog->signInButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->errorText(), u"Wrong username or password."_s, Timeout);
        QVERIFY(dialog->isVisible());
        QVERIFY(!m_app->session->isSignedIn());
        QVERIFY(dialog->signInButton()->isEnabled()); // ready for another try
    }

    void enterSendsAPendingRowThatBecomesSent()
    {
        QVERIFY(signInAlice());
        QVERIFY(m_app->openByClick(u"bob"_s));
        client::MessageListModel *messages = m_app->client->messages();
        QCOMPARE(messages->rowCount(), 0);

        input()->setFocus();
        QTest::keyClicks(input(), u"hello bob"_s);
        QTest::keyClick(input(), Qt::Key_Return);
        // No event loop has run since Enter: the row is there, and it is Pending.
        QCOMPARE(messages->rowCount(), 1);
        QCOMPARE(stateAt(messages, 0), client::DeliveryState::Pending);
        QCOMPARE(
            messages->index(0).data(client::MessageListModel::BodyRole).toString(), u"hello bob"_s);
        QVERIFY(input()->toPlainText().isEmpty());

        QTRY_COMPARE_WITH_TIMEOUT(stateAt(messages, 0), client::DeliveryState::Sent, Timeout);
        QCOMPARE(messages->rowCount(), 1);
        QVERIFY(messages->index(0).data(client::MessageListModel::IdRole).toLongLong() > 0);
        // The contact row shows it as our last message.
        QTRY_COMPARE_WITH_TIMEOUT(m_app->client->conversations()
                                      ->index(0)
                                      .data(client::ConversationListModel::LastMessageRole)
                                      .toString(),
            u"hello bob"_s, Timeout);
    }

    void shiftEnterAddsALine()
    {
        QVERIFY(signInAlice());
        QVERIFY(m_app->openByClick(u"bob"_s));
        QTest::keyClicks(input(), u"first line"_s);
        QTest::keyClick(input(), Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(input(), u"second line"_s);
        QCOMPARE(input()->toPlainText(), u"first line\nsecond line"_s);
        QCOMPARE(m_app->client->messages()->rowCount(), 0);

        QTest::keyClick(input(), Qt::Key_Enter); // the keypad's Enter sends too
        QCOMPARE(m_app->client->messages()->rowCount(), 1);
        QCOMPARE(
            m_app->client->messages()->index(0).data(client::MessageListModel::BodyRole).toString(),
            u"first line\nsecond line"_s);
        QTRY_COMPARE_WITH_TIMEOUT(
            stateAt(m_app->client->messages(), 0), client::DeliveryState::Sent, Timeout);
    }

    void emptyMessagesAreNotSent()
    {
        QVERIFY(signInAlice());
        QVERIFY(m_app->openByClick(u"bob"_s));
        QTest::keyClick(input(), Qt::Key_Return);
        QTest::keyClicks(input(), u"   "_s);
        QTest::keyClick(input(), Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClick(input(), Qt::Key_Return);
        QCOMPARE(m_app->client->messages()->rowCount(), 0);
        QCOMPARE(m_app->client->outgoing().size(), 0);
        // The white space stays for the user to fix rather than vanishing.
        QCOMPARE(input()->toPlainText(), u"   \n"_s);

        // Nothing reached the server either.
        const qint64 conversation = m_app->client->openConversation().conversationId();
        const auto history
            = m_fixture.rest().get(u"/conversations/%1/messages"_s.arg(conversation), m_bob.token);
        QCOMPARE(history.status, 200);
        QCOMPARE(history.json[u"messages"_s].toArray().size(), 0);
    }

    void statusBarCountsWaitingMessages()
    {
        QVERIFY(signInAlice());
        QVERIFY(m_app->openByClick(u"bob"_s));
        QLabel *status = m_app->window->statusBar()->findChild<QLabel *>();
        QVERIFY(!status->text().contains(u"waiting"_s));

        m_fixture.chatServer().stop(); // the connection drops; what we write now must wait
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"Connecting"_s), Timeout);
        QTest::keyClicks(input(), u"one"_s);
        QTest::keyClick(input(), Qt::Key_Return);
        QTest::keyClicks(input(), u"two"_s);
        QTest::keyClick(input(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"2 messages waiting"_s), Timeout);
        QCOMPARE(stateAt(m_app->client->messages(), 0), client::DeliveryState::Pending);
        QCOMPARE(stateAt(m_app->client->messages(), 1), client::DeliveryState::Pending);
    }

    void incomingMessagesAppearLive()
    {
        QVERIFY(signInAlice());
        QVERIFY(m_app->openByClick(u"bob"_s));
        const qint64 conversation = m_app->client->openConversation().conversationId();
        QCOMPARE(
            m_fixture.rest().sendMessage(m_bob.token, conversation, u"b-1"_s, u"hi alice"_s).status,
            201);
        QTRY_COMPARE_WITH_TIMEOUT(m_app->client->messages()->rowCount(), 1, Timeout);
        const QModelIndex row = m_app->client->messages()->index(0);
        QCOMPARE(row.data(client::MessageListModel::BodyRole).toString(), u"hi alice"_s);
        QCOMPARE(row.data(client::MessageListModel::IsOwnRole).toBool(), false);

        // The bubble is laid out: a two-line message is taller than a one-line one.
        QCOMPARE(
            m_fixture.rest().sendMessage(m_bob.token, conversation, u"b-2"_s, u"one\ntwo"_s).status,
            201);
        // The first message carries the day's name above it too: compared with a third.
        QCOMPARE(m_fixture.rest().sendMessage(m_bob.token, conversation, u"b-3"_s, u"bye"_s).status,
            201);
        QTRY_COMPARE_WITH_TIMEOUT(m_app->client->messages()->rowCount(), 3, Timeout);
        QListView *list = m_app->window->conversation()->messageList();
        const int oneLine = list->visualRect(m_app->client->messages()->index(2)).height();
        const int twoLines = list->visualRect(m_app->client->messages()->index(1)).height();
        QVERIFY2(oneLine > 0 && twoLines > oneLine,
            qPrintable(u"%1 vs %2"_s.arg(oneLine).arg(twoLines)));
        QVERIFY(!m_app->window->grab().isNull());
    }
};

QTEST_MAIN(TestWindow)
#include "tst_window.moc"
