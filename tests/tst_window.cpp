// The window, offscreen, against an in-process server: signing in through the dialog,
// picking a contact, and the input bar's keys, with the optimistic Pending row checked
// before the event loop could have delivered any reply.
#include <client/clientcontext.h>
#include <client/models/conversationlistmodel.h>
#include <client/models/messagelistmodel.h>
#include <client/network/chatsession.h>
#include <host/localserverhost.h>
#include <support/restclient.h>
#include <support/testserver.h>
#include <ui/conversationview.h>
#include <ui/mainwindow.h>
#include <ui/messageinput.h>
#include <ui/signindialog.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using chat::client::ChatSession;
using chat::client::ClientContext;
using chat::client::ConversationListModel;
using chat::client::DeliveryState;
using chat::client::MessageListModel;

namespace {
constexpr int Timeout = 20000;

DeliveryState stateAt(const MessageListModel *model, int row)
{
    return model->index(row).data(MessageListModel::DeliveryStateRole).value<DeliveryState>();
}
} // namespace

class TestWindow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::TestServer> m_server;
    std::unique_ptr<test::RestClient> m_rest;
    std::unique_ptr<ChatSession> m_session;
    std::unique_ptr<ClientContext> m_client;
    std::unique_ptr<QTemporaryDir> m_profile; //!< The client's outbox, gone after each test.
    std::unique_ptr<host::LocalServerHost> m_host;
    std::unique_ptr<ui::MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_contactsTester;
    std::unique_ptr<QAbstractItemModelTester> m_messagesTester;
    Session m_bob;

    //! Signs alice in directly through the session and waits for her contacts.
    bool signInAlice()
    {
        m_rest->signUp(u"alice"_s);
        m_session->signIn(m_server->url(), u"alice"_s, u"password123"_s);
        return QTest::qWaitFor(
            [this] {
                return m_session->connectionState() == ChatSession::ConnectionState::Online
                    && m_client->conversations()->rowCount() == 1;
            },
            Timeout);
    }

    //! Clicks bob in the contact list and waits for the conversation to be open.
    bool openBob()
    {
        QListView *contacts = m_window->conversationList();
        const QRect rect = contacts->visualRect(contacts->model()->index(0, 0));
        QTest::mouseClick(contacts->viewport(), Qt::LeftButton, {}, rect.center());
        return QTest::qWaitFor(
            [this] { return m_client->openConversation().conversationId() != 0; }, Timeout);
    }

    ui::MessageInput *input() const { return m_window->conversation()->input(); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(u"chat-tests"_s);
        QApplication::setApplicationName(u"tst_window"_s);
    }

    void init()
    {
        QSettings().clear();
        m_server = std::make_unique<test::TestServer>();
        QVERIFY2(m_server->isRunning(), qPrintable(m_server->error()));
        m_rest = std::make_unique<test::RestClient>(m_server->url());
        m_bob = m_rest->signUp(u"bob"_s);
        m_session = std::make_unique<ChatSession>();
        m_client = std::make_unique<ClientContext>(*m_session);
        m_profile = std::make_unique<QTemporaryDir>();
        QVERIFY(m_profile->isValid());
        m_client->setProfileDirectory(m_profile->path());
        m_contactsTester = std::make_unique<QAbstractItemModelTester>(
            m_client->conversations(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_messagesTester = std::make_unique<QAbstractItemModelTester>(
            m_client->messages(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_host = std::make_unique<host::LocalServerHost>();
        m_window = std::make_unique<ui::MainWindow>(*m_client, *m_host);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_messagesTester.reset();
        m_contactsTester.reset();
        m_client.reset();
        m_session.reset();
        m_profile.reset();
        m_host.reset();
        m_rest.reset();
        m_server.reset();
    }

    void registerThroughTheDialog()
    {
        ui::SignInDialog *dialog = m_window->promptSignIn(m_server->url());
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->signInButton()->isEnabled()); // nothing typed yet
        QTest::keyClicks(dialog->usernameField(), u"alice"_s);
        QTest::keyClicks(dialog->passwordField(), u"a long password"_s);
        QVERIFY(dialog->registerButton()->isEnabled());
        QTest::mouseClick(dialog->registerButton(), Qt::LeftButton);

        QTRY_VERIFY_WITH_TIMEOUT(m_session->isSignedIn(), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isVisible(), Timeout);
        QCOMPARE(m_window->windowTitle(), u"Chat — alice"_s);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->statusBar()->findChild<QLabel *>()->text().contains(u"Online"_s), Timeout);
        // The server and name are remembered; the password never is.
        QCOMPARE(QSettings().value(u"signIn/username"_s).toString(), u"alice"_s);
        const QString everything = QSettings().allKeys().join(u' ');
        QVERIFY(!everything.contains(u"password"_s, Qt::CaseInsensitive));
        // Bob, registered beforehand, is a contact.
        QTRY_COMPARE_WITH_TIMEOUT(m_client->conversations()->rowCount(), 1, Timeout);
        QCOMPARE(
            m_client->conversations()->index(0).data(ConversationListModel::TitleRole).toString(),
            u"bob"_s);
    }

    void wrongPasswordShowsAnError()
    {
        m_rest->signUp(u"alice"_s);
        ui::SignInDialog *dialog = m_window->promptSignIn(m_server->url(), u"alice"_s);
        QTest::keyClicks(dialog->passwordField(), u"not her password"_s);
        QTest::mouseClick(dialog->signInButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->errorText(), u"Wrong username or password."_s, Timeout);
        QVERIFY(dialog->isVisible());
        QVERIFY(!m_session->isSignedIn());
        QVERIFY(dialog->signInButton()->isEnabled()); // ready for another try
    }

    void enterSendsAPendingRowThatBecomesSent()
    {
        QVERIFY(signInAlice());
        QVERIFY(openBob());
        MessageListModel *messages = m_client->messages();
        QCOMPARE(messages->rowCount(), 0);

        input()->setFocus();
        QTest::keyClicks(input(), u"hello bob"_s);
        QTest::keyClick(input(), Qt::Key_Return);
        // No event loop has run since Enter: the row is there, and it is Pending.
        QCOMPARE(messages->rowCount(), 1);
        QCOMPARE(stateAt(messages, 0), DeliveryState::Pending);
        QCOMPARE(messages->index(0).data(MessageListModel::BodyRole).toString(), u"hello bob"_s);
        QVERIFY(input()->toPlainText().isEmpty());

        QTRY_COMPARE_WITH_TIMEOUT(stateAt(messages, 0), DeliveryState::Sent, Timeout);
        QCOMPARE(messages->rowCount(), 1);
        QVERIFY(messages->index(0).data(MessageListModel::IdRole).toLongLong() > 0);
        // The contact row shows it as our last message.
        QTRY_COMPARE_WITH_TIMEOUT(m_client->conversations()
                                      ->index(0)
                                      .data(ConversationListModel::LastMessageRole)
                                      .toString(),
            u"hello bob"_s, Timeout);
    }

    void shiftEnterAddsALine()
    {
        QVERIFY(signInAlice());
        QVERIFY(openBob());
        QTest::keyClicks(input(), u"first line"_s);
        QTest::keyClick(input(), Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(input(), u"second line"_s);
        QCOMPARE(input()->toPlainText(), u"first line\nsecond line"_s);
        QCOMPARE(m_client->messages()->rowCount(), 0);

        QTest::keyClick(input(), Qt::Key_Enter); // the keypad's Enter sends too
        QCOMPARE(m_client->messages()->rowCount(), 1);
        QCOMPARE(m_client->messages()->index(0).data(MessageListModel::BodyRole).toString(),
            u"first line\nsecond line"_s);
        QTRY_COMPARE_WITH_TIMEOUT(stateAt(m_client->messages(), 0), DeliveryState::Sent, Timeout);
    }

    void emptyMessagesAreNotSent()
    {
        QVERIFY(signInAlice());
        QVERIFY(openBob());
        QTest::keyClick(input(), Qt::Key_Return);
        QTest::keyClicks(input(), u"   "_s);
        QTest::keyClick(input(), Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClick(input(), Qt::Key_Return);
        QCOMPARE(m_client->messages()->rowCount(), 0);
        QCOMPARE(m_client->outgoing().size(), 0);
        // The white space stays for the user to fix rather than vanishing.
        QCOMPARE(input()->toPlainText(), u"   \n"_s);

        // Nothing reached the server either.
        const qint64 conversation = m_client->openConversation().conversationId();
        const auto history
            = m_rest->get(u"/conversations/%1/messages"_s.arg(conversation), m_bob.token);
        QCOMPARE(history.status, 200);
        QCOMPARE(history.json[u"messages"_s].toArray().size(), 0);
    }

    void statusBarCountsWaitingMessages()
    {
        QVERIFY(signInAlice());
        QVERIFY(openBob());
        QLabel *status = m_window->statusBar()->findChild<QLabel *>();
        QVERIFY(!status->text().contains(u"waiting"_s));

        m_server->server().stop(); // the connection drops; what we write now must wait
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"Connecting"_s), Timeout);
        QTest::keyClicks(input(), u"one"_s);
        QTest::keyClick(input(), Qt::Key_Return);
        QTest::keyClicks(input(), u"two"_s);
        QTest::keyClick(input(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"2 messages waiting"_s), Timeout);
        QCOMPARE(stateAt(m_client->messages(), 0), DeliveryState::Pending);
        QCOMPARE(stateAt(m_client->messages(), 1), DeliveryState::Pending);
    }

    void incomingMessagesAppearLive()
    {
        QVERIFY(signInAlice());
        QVERIFY(openBob());
        const qint64 conversation = m_client->openConversation().conversationId();
        QCOMPARE(
            m_rest->sendMessage(m_bob.token, conversation, u"b-1"_s, u"hi alice"_s).status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(m_client->messages()->rowCount(), 1, Timeout);
        const QModelIndex row = m_client->messages()->index(0);
        QCOMPARE(row.data(MessageListModel::BodyRole).toString(), u"hi alice"_s);
        QCOMPARE(row.data(MessageListModel::IsOwnRole).toBool(), false);

        // The bubble is laid out: a two-line message is taller than a one-line one.
        QCOMPARE(
            m_rest->sendMessage(m_bob.token, conversation, u"b-2"_s, u"one\ntwo"_s).status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(m_client->messages()->rowCount(), 2, Timeout);
        QListView *list = m_window->conversation()->messageList();
        const int oneLine = list->visualRect(m_client->messages()->index(0)).height();
        const int twoLines = list->visualRect(m_client->messages()->index(1)).height();
        QVERIFY2(oneLine > 0 && twoLines > oneLine,
            qPrintable(u"%1 vs %2"_s.arg(oneLine).arg(twoLines)));
        QVERIFY(!m_window->grab().isNull());
    }
};

QTEST_MAIN(TestWindow)
#include "tst_window.moc"
