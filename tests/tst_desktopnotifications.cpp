// Desktop notifications of new messages (issue 11), offscreen, against an in-process
// server: alice's real app with its desktop part, whose notifications go to a recorder
// (RecordingNotifier), and bob, carol and alice's other instance writing over REST. Each
// rule of MessageNotifier is shown as the user meets it: one notification for a message in
// the background, one updated notification for a burst, none for a muted conversation, for
// our own message from elsewhere, for the conversation on screen, under "Do not disturb",
// or for what was missed before signing in; the text hidden on request; a click opening
// the conversation; reading it elsewhere taking it away.
#include <desktop/messagenotifier.h>
#include <desktop/notificationtext.h>
#include <support/clientworldtest.h>
#include <support/desktopinstance.h>
#include <support/timeouts.h>

#include <QAction>
#include <QJsonArray>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using desktop::MessageNotifier;
using desktop::Notification;

class TestDesktopNotifications : public test::ClientWorldTest
{
    Q_OBJECT

private:
    std::unique_ptr<DesktopInstance> startAlice()
    {
        return DesktopInstance::signedIn(u"alice"_s, m_alice, m_fixture.url());
    }

    //! `from` writes `text` to alice over REST; returns the conversation's id.
    qint64 writeToAlice(const Session &from, const QString &text)
    {
        static int counter = 0;
        const qint64 conversation = m_fixture.rest().openConversation(from.token, u"alice"_s);
        const HttpReply reply = m_fixture.rest().sendMessage(
            from.token, conversation, u"n-%1"_s.arg(++counter), text);
        return reply.status == 201 ? conversation : 0;
    }

    //! Waits until alice's list shows `text` as the last message of `conversationId`: her
    //! app has taken the message (and the notifier has seen it: it runs on the same signal).
    static bool arrived(DesktopInstance &alice, qint64 conversationId, const QString &text)
    {
        return QTest::qWaitFor(
            [&] {
                const int row = alice.conversations()->rowOf(conversationId);
                return row >= 0 && alice.conversations()->at(row).lastMessage
                    && alice.conversations()->at(row).lastMessage->body == text;
            },
            Timeout);
    }

    //! Another window is active: alice's is in the background.
    bool putAliceInBackground()
    {
        m_other = std::make_unique<QWidget>();
        m_other->resize(200, 100);
        m_other->show();
        return QTest::qWaitForWindowExposed(m_other.get()) && activate(m_other.get());
    }

    std::unique_ptr<QWidget> m_other;

private Q_SLOTS:
    void initTestCase() { test::useTestSettings(u"tst_desktopnotifications"_s); }

    void init()
    {
        QSettings().clear();
        startWithUsers();
    }

    void cleanup() { m_other.reset(); }

    // The words: the first line that holds text, cut with "…"; the group in the title; a
    // count over the newest line; only the count when the text is hidden.
    void notificationText()
    {
        QCOMPARE(desktop::firstLine(u"\n  hello there  \nsecond line"_s), u"hello there"_s);
        QCOMPARE(desktop::firstLine(u"abcdefghij"_s, 5), u"abcd…"_s);
        QCOMPARE(desktop::firstLine(u"abcdefghij"_s, 10), u"abcdefghij"_s);
        QCOMPARE(desktop::firstLine(u"abc😀def"_s, 5), u"abc…"_s); // not half an emoji
        QCOMPARE(desktop::firstLine(u" \n "_s), QString());
        QCOMPARE(desktop::notificationTitle(u"bob"_s, {}), u"bob"_s);
        QCOMPARE(desktop::notificationTitle(u"bob"_s, u"Release 42"_s), u"bob in Release 42"_s);
        QCOMPARE(desktop::notificationBody(1, u"hi"_s, false), u"hi"_s);
        QCOMPARE(desktop::notificationBody(3, u"hi"_s, false), u"3 new messages\nhi"_s);
        QCOMPARE(desktop::notificationBody(1, u"hi"_s, true), u"New message"_s);
        QCOMPARE(desktop::notificationBody(3, u"hi"_s, true), u"3 new messages"_s);
        QCOMPARE(desktop::catchUpBody(5, 2), u"5 new messages in 2 conversations"_s);
    }

    // Bob writes while alice's window is in the background: one notification, titled with
    // his name, saying the first line, that opens his conversation.
    void messageInBackgroundNotifiesOnce()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        QVERIFY(putAliceInBackground());
        const qint64 conversation = writeToAlice(m_bob, u"Lunch today?\nAt noon, the usual"_s);
        QVERIFY(conversation != 0);
        QTRY_COMPARE_WITH_TIMEOUT(alice->notifier->shown.size(), 1, Timeout);
        const Notification shown = alice->notifier->shown.constFirst();
        QCOMPARE(shown.title, u"bob"_s);
        QCOMPARE(shown.body, u"Lunch today?"_s);
        QCOMPARE(shown.conversationId, conversation);
        QCOMPARE(shown.key, MessageNotifier::keyOf(conversation));
        QVERIFY(arrived(*alice, conversation, u"Lunch today?\nAt noon, the usual"_s));
        QCOMPARE(alice->notifier->shown.size(), 1);
    }

    // Three messages in a row: one notification (one key), updated to "3 new messages"
    // with the newest line; carol's message is a notification of its own.
    void burstIsOneNotification()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        QVERIFY(putAliceInBackground());
        qint64 conversation = 0;
        for (const QString &text : { u"one"_s, u"two"_s, u"three"_s })
            conversation = writeToAlice(m_bob, text);
        QVERIFY(arrived(*alice, conversation, u"three"_s));
        QCOMPARE(alice->notifier->shown.size(), 3);
        for (const Notification &shown : std::as_const(alice->notifier->shown))
            QCOMPARE(shown.key, MessageNotifier::keyOf(conversation));
        QCOMPARE(alice->notifier->visible().size(), 1);
        QCOMPARE(alice->notifier->visible().constFirst().title, u"bob"_s);
        QCOMPARE(alice->notifier->visible().constFirst().body, u"3 new messages\nthree"_s);
        QCOMPARE(alice->notifier->shown.at(1).body, u"2 new messages\ntwo"_s);

        const qint64 fromCarol = writeToAlice(m_carol, u"hello"_s);
        QVERIFY(arrived(*alice, fromCarol, u"hello"_s));
        QCOMPARE(alice->notifier->visible().size(), 2);
        QCOMPARE(alice->notifier->visible().at(1).title, u"carol"_s);
        QCOMPARE(alice->notifier->visible().at(1).body, u"hello"_s);
    }

    // A group: the title names the sender and the group.
    void groupTitleNamesTheGroup()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        const HttpReply created = m_fixture.rest().post(u"/groups"_s,
            { { u"clientId"_s, u"g-1"_s }, { u"title"_s, u"Release 42"_s },
                { u"memberIds"_s, QJsonArray { m_alice.user.id, m_carol.user.id } } },
            m_bob.token);
        QCOMPARE(created.status, 201);
        const qint64 group = created.json[u"conversation"_s][u"id"_s].toInteger();
        QTRY_VERIFY_WITH_TIMEOUT(alice->conversations()->rowOf(group) >= 0, Timeout);
        QVERIFY(putAliceInBackground());
        QCOMPARE(
            m_fixture.rest().sendMessage(m_carol.token, group, u"g-m"_s, u"Ship it"_s).status, 201);
        QVERIFY(arrived(*alice, group, u"Ship it"_s));
        QCOMPARE(alice->notifier->visible().size(), 1);
        QCOMPARE(alice->notifier->visible().constFirst().title, u"carol in Release 42"_s);
        QCOMPARE(alice->notifier->visible().constFirst().body, u"Ship it"_s);
    }

    // Alice muted bob: his messages count as unread, and notify nothing; carol's still do.
    void mutedConversationNotifiesNothing()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        const qint64 conversation = writeToAlice(m_bob, u"first"_s);
        QVERIFY(arrived(*alice, conversation, u"first"_s));
        alice->client->conversationList().setMuted(conversation, true);
        QTRY_VERIFY_WITH_TIMEOUT(
            alice->conversations()->at(alice->conversations()->rowOf(conversation)).muted, Timeout);
        QVERIFY(putAliceInBackground());
        alice->notifier->shown.clear();

        QVERIFY(writeToAlice(m_bob, u"muted news"_s) != 0);
        QVERIFY(arrived(*alice, conversation, u"muted news"_s));
        const qint64 fromCarol = writeToAlice(m_carol, u"not muted"_s);
        QVERIFY(arrived(*alice, fromCarol, u"not muted"_s));
        QCOMPARE(alice->notifier->shown.size(), 1);
        QCOMPARE(alice->notifier->shown.constFirst().title, u"carol"_s);
    }

    // Alice writes to bob from another instance (her phone, over REST): her app shows it,
    // and notifies nothing.
    void ownMessageFromAnotherInstanceNotifiesNothing()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        QVERIFY(putAliceInBackground());
        const qint64 conversation = m_fixture.rest().openConversation(m_alice.token, u"bob"_s);
        QCOMPARE(m_fixture.rest()
                     .sendMessage(m_alice.token, conversation, u"own-1"_s, u"from my phone"_s)
                     .status,
            201);
        QVERIFY(arrived(*alice, conversation, u"from my phone"_s));
        // Then bob's answer does notify: the notifier was listening all along.
        QVERIFY(writeToAlice(m_bob, u"got it"_s) == conversation);
        QVERIFY(arrived(*alice, conversation, u"got it"_s));
        QCOMPARE(alice->notifier->shown.size(), 1);
        QCOMPARE(alice->notifier->shown.constFirst().body, u"got it"_s);
    }

    // Bob's conversation open in alice's active window: she sees it, nothing to tell. Once
    // her window is in the background, the same conversation notifies.
    void openConversationInActiveWindowNotifiesNothing()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        const qint64 conversation = writeToAlice(m_bob, u"first"_s);
        QVERIFY(arrived(*alice, conversation, u"first"_s));
        QVERIFY(activate(alice->window.get()));
        QVERIFY(alice->openByClick(u"bob"_s));
        QTRY_VERIFY_WITH_TIMEOUT(alice->window->isConversationVisible(), Timeout);
        alice->notifier->shown.clear();

        QVERIFY(writeToAlice(m_bob, u"on screen"_s) != 0);
        QVERIFY(arrived(*alice, conversation, u"on screen"_s));
        QCOMPARE(alice->notifier->shown.size(), 0);

        QVERIFY(putAliceInBackground());
        QTRY_VERIFY_WITH_TIMEOUT(!alice->window->isConversationVisible(), Timeout);
        QVERIFY(writeToAlice(m_bob, u"in the background"_s) != 0);
        QVERIFY(arrived(*alice, conversation, u"in the background"_s));
        QCOMPARE(alice->notifier->shown.size(), 1);
        QCOMPARE(alice->notifier->shown.constFirst().body, u"in the background"_s);
    }

    // "Do not disturb" (the tray's and the window's action, one setting): nothing at all;
    // turned on, it takes away what shows.
    void doNotDisturbNotifiesNothing()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        QVERIFY(putAliceInBackground());
        const qint64 conversation = writeToAlice(m_bob, u"before"_s);
        QVERIFY(arrived(*alice, conversation, u"before"_s));
        QCOMPARE(alice->notifier->visible().size(), 1);

        QAction *doNotDisturb = alice->desktop->doNotDisturbAction();
        QVERIFY(alice->desktop->tray().menu()->actions().contains(doNotDisturb));
        QVERIFY(alice->desktop->settingsMenu()->actions().contains(doNotDisturb));
        doNotDisturb->trigger();
        QVERIFY(alice->desktop->settings().doNotDisturb());
        QVERIFY(QSettings().value(u"desktop/doNotDisturb"_s).toBool()); // kept for next time
        QCOMPARE(alice->notifier->visible().size(), 0);

        alice->notifier->shown.clear();
        QVERIFY(writeToAlice(m_bob, u"during"_s) != 0);
        const qint64 fromCarol = writeToAlice(m_carol, u"during too"_s);
        QVERIFY(arrived(*alice, fromCarol, u"during too"_s));
        QCOMPARE(alice->notifier->shown.size(), 0);
    }

    // Hide message text: the sender shows, the text does not.
    void hiddenTextShowsOnlyNewMessage()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        alice->desktop->hideMessageTextAction()->trigger();
        QVERIFY(alice->desktop->settings().hideMessageText());
        QVERIFY(putAliceInBackground());
        qint64 conversation = writeToAlice(m_bob, u"the secret plan"_s);
        QVERIFY(arrived(*alice, conversation, u"the secret plan"_s));
        QCOMPARE(alice->notifier->visible().size(), 1);
        QCOMPARE(alice->notifier->visible().constFirst().title, u"bob"_s);
        QCOMPARE(alice->notifier->visible().constFirst().body, u"New message"_s);
        conversation = writeToAlice(m_bob, u"more of the plan"_s);
        QVERIFY(arrived(*alice, conversation, u"more of the plan"_s));
        QCOMPARE(alice->notifier->visible().constFirst().body, u"2 new messages"_s);
        for (const Notification &shown : std::as_const(alice->notifier->shown))
            QVERIFY(!shown.body.contains(u"plan"_s));
    }

    // A click on the notification opens bob's conversation in the window, brought forward
    // and active; read there, the notification is taken away.
    void activatingOpensTheConversation()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        QVERIFY(putAliceInBackground());
        const qint64 fromCarol = writeToAlice(m_carol, u"hi"_s);
        QVERIFY(arrived(*alice, fromCarol, u"hi"_s));
        const qint64 conversation = writeToAlice(m_bob, u"look at this"_s);
        QVERIFY(arrived(*alice, conversation, u"look at this"_s));
        QCOMPARE(alice->client->openConversation().conversationId(), 0);
        alice->window->hide(); // as if closed into the tray

        alice->notifier->activate(MessageNotifier::keyOf(conversation));
        QCOMPARE(alice->client->openConversation().conversationId(), conversation);
        QVERIFY(alice->window->isVisible());
        QVERIFY(QTest::qWaitForWindowActive(alice->window.get(), Timeout));
        QTRY_VERIFY_WITH_TIMEOUT(alice->window->isConversationVisible(), Timeout);
        // Read: nothing unread from bob, his notification closed; carol's stays.
        QTRY_COMPARE_WITH_TIMEOUT(alice->unreadFrom(u"bob"_s), 0, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(
            alice->notifier->closed.contains(MessageNotifier::keyOf(conversation)), Timeout);
        QCOMPARE(alice->notifier->visible().size(), 1);
        QCOMPARE(alice->notifier->visible().constFirst().conversationId, fromCarol);
    }

    // Read on another instance of alice: the notification goes here too.
    void readElsewhereClosesTheNotification()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        QVERIFY(putAliceInBackground());
        const qint64 conversation = writeToAlice(m_bob, u"read me"_s);
        QVERIFY(arrived(*alice, conversation, u"read me"_s));
        QCOMPARE(alice->notifier->visible().size(), 1);

        Instance *phone = addSignedIn(u"alice-phone"_s, m_alice);
        QVERIFY(phone);
        open(*phone, m_bob.user.id);
        phone->client->openConversation().setVisible(true);
        QTRY_COMPARE_WITH_TIMEOUT(alice->unreadFrom(u"bob"_s), 0, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(alice->notifier->visible().size(), 0, Timeout);
    }

    // What came while alice was signed out is replayed when she signs in again: older than
    // the sign-in, it is counted as unread and notifies nothing.
    void replayOlderThanSignInNotifiesNothing()
    {
        auto alice = startAlice();
        QVERIFY(alice);
        const qint64 conversation = writeToAlice(m_bob, u"before"_s);
        QVERIFY(arrived(*alice, conversation, u"before"_s));
        QVERIFY(putAliceInBackground());
        alice->session->signOut();
        QTRY_VERIFY_WITH_TIMEOUT(!alice->session->isSignedIn(), Timeout);
        alice->notifier->shown.clear();

        QVERIFY(writeToAlice(m_bob, u"while away 1"_s) != 0);
        QVERIFY(writeToAlice(m_bob, u"while away 2"_s) != 0);
        QSignalSpy received(alice->session.get(), &client::ChatSession::messageReceived);
        QVERIFY(alice->signInAndWait(m_fixture.url(), 1));
        QVERIFY(arrived(*alice, conversation, u"while away 2"_s));
        // They came as messages (replayed from the cursor), not only in the list's counts.
        QCOMPARE(received.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(alice->unreadFrom(u"bob"_s), 3, Timeout);
        QCOMPARE(alice->notifier->shown.size(), 0);

        // Live again: the next one notifies, counted from here.
        QVERIFY(writeToAlice(m_bob, u"now"_s) != 0);
        QVERIFY(arrived(*alice, conversation, u"now"_s));
        QCOMPARE(alice->notifier->shown.size(), 1);
        QCOMPARE(alice->notifier->shown.constFirst().body, u"now"_s);
    }
};

QTEST_MAIN(TestDesktopNotifications)
#include "tst_desktopnotifications.moc"
