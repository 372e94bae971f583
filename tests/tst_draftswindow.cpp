// Drafts in the window, offscreen, against an in-process server: the input keeps a draft
// per conversation (text typed for one person never goes to another after a switch),
// sending clears only that conversation's draft, the list previews drafts, and drafts
// survive quitting the app (the LocalStore reopened by a new app on the same profile) and
// follow the account that signs in.
#include <client/storage/localstore.h>
#include <support/appinstance.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <ui/conversationdelegate.h>
#include <ui/conversationview.h>
#include <ui/messageinput.h>

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using client::ConversationListModel;

class TestDraftsWindow : public QObject
{
    Q_OBJECT

private:
    ServerFixture m_fixture;
    std::unique_ptr<QTemporaryDir> m_profile; //!< Outlives an app: a restart keeps it.
    std::unique_ptr<AppInstance> m_app; //!< alice's app, signed out at first.
    Session m_alice;
    Session m_bob;
    Session m_carol;
    qint64 m_withBob = 0; //!< alice and bob's conversation.
    qint64 m_withCarol = 0; //!< alice and carol's conversation.

    ui::MessageInput *input() const { return m_app->conversation()->input(); }

    //! A new app on the test's profile, shown (an app start, or a restart after reset()).
    bool startApp()
    {
        m_app = std::make_unique<AppInstance>(u"alice"_s, m_alice, m_profile->path());
        return m_app->show();
    }

    //! Signs the app in as `user`, who has `conversations` conversations.
    bool signInAs(const Session &user, int conversations)
    {
        m_app->rest = user;
        return m_app->signInAndWait(m_fixture.url(), conversations);
    }

    QString draftShownInList(const QString &title) const
    {
        return m_app->contact(title).data(ConversationListModel::DraftRole).toString();
    }

    //! The signed-in account's draft of the conversation, as it is on disk now.
    QString draftOnDisk(qint64 conversationId) const
    {
        client::LocalStore *store = m_app->session->localStore();
        if (!store)
            return u"(no store)"_s;
        const auto draft = store->draft(conversationId);
        return draft ? draft.value() : u"(error: %1)"_s.arg(draft.error().message);
    }

private Q_SLOTS:
    void initTestCase() { useTestSettings(u"tst_draftswindow"_s); }

    void init()
    {
        QSettings().clear();
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        m_alice = m_fixture.rest().signUp(u"alice"_s);
        m_bob = m_fixture.rest().signUp(u"bob"_s);
        m_carol = m_fixture.rest().signUp(u"carol"_s);
        m_withBob = m_fixture.rest().openConversation(m_alice.token, u"bob"_s);
        m_withCarol = m_fixture.rest().openConversation(m_alice.token, u"carol"_s);
        QVERIFY(m_withBob != 0 && m_withCarol != 0);
        m_profile = std::make_unique<QTemporaryDir>();
        QVERIFY(m_profile->isValid());
        QVERIFY(startApp());
    }

    void cleanup()
    {
        m_app.reset();
        m_profile.reset();
        m_fixture.stop();
    }

    void draftKeptWhenSwitchingConversations()
    {
        QVERIFY(signInAs(m_alice, 2));
        QVERIFY(m_app->openByClick(u"bob"_s));
        QCOMPARE(input()->toPlainText(), QString());
        QTest::keyClicks(input(), u"for bob"_s);

        QVERIFY(m_app->openByClick(u"carol"_s));
        QCOMPARE(input()->toPlainText(), QString()); // bob's text stayed with bob
        QCOMPARE(draftOnDisk(m_withBob), u"for bob"_s); // written on leaving
        QTest::keyClicks(input(), u"for carol"_s);

        QVERIFY(m_app->openByClick(u"bob"_s));
        QCOMPARE(input()->toPlainText(), u"for bob"_s);
        // Typing goes on where it stopped.
        QTest::keyClicks(input(), u", and more"_s);
        QCOMPARE(input()->toPlainText(), u"for bob, and more"_s);
        // The list shows both drafts, as Telegram does.
        QCOMPARE(draftShownInList(u"bob"_s), u"for bob, and more"_s);
        QCOMPARE(draftShownInList(u"carol"_s), u"for carol"_s);
        QCOMPARE(ui::conversationPreviewText(m_app->contact(u"carol"_s)), u"Draft: for carol"_s);
        QCOMPARE(draftOnDisk(m_withCarol), u"for carol"_s);

        // Sending in bob's conversation sends bob's text and clears bob's draft only.
        QTest::keyClick(input(), Qt::Key_Return);
        client::MessageListModel *messages = m_app->messages();
        QCOMPARE(messages->rowCount(), 1);
        QCOMPARE(messages->index(0).data(client::MessageListModel::BodyRole).toString(),
            u"for bob, and more"_s);
        QCOMPARE(input()->toPlainText(), QString());
        QCOMPARE(draftShownInList(u"bob"_s), QString());
        QCOMPARE(draftOnDisk(m_withBob), QString()); // at once: a crash now cannot revive it
        QCOMPARE(draftShownInList(u"carol"_s), u"for carol"_s);
        QCOMPARE(draftOnDisk(m_withCarol), u"for carol"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_app->isSent(u"for bob, and more"_s), Timeout);
        QCOMPARE(
            ui::conversationPreviewText(m_app->contact(u"bob"_s)), u"You: for bob, and more"_s);

        QVERIFY(m_app->openByClick(u"carol"_s));
        QCOMPARE(input()->toPlainText(), u"for carol"_s);
        QCOMPARE(m_app->messages()->rowCount(), 0); // nothing of bob's went to carol
        QVERIFY(m_app->openByClick(u"bob"_s));
        QCOMPARE(input()->toPlainText(), QString());
    }

    void draftSurvivesAppRestart()
    {
        QVERIFY(signInAs(m_alice, 2));
        QVERIFY(m_app->openByClick(u"bob"_s));
        QTest::keyClicks(input(), u"typed just before quitting"_s);
        // Quit at once: within the save delay, nothing has been written yet.
        m_app.reset();

        QVERIFY(startApp());
        QVERIFY(signInAs(m_alice, 2));
        // Back in the list before anything opens, and in the input once bob's does.
        QCOMPARE(draftShownInList(u"bob"_s), u"typed just before quitting"_s);
        QCOMPARE(ui::conversationPreviewText(m_app->contact(u"bob"_s)),
            u"Draft: typed just before quitting"_s);
        QCOMPARE(draftShownInList(u"carol"_s), QString());
        QVERIFY(m_app->openByClick(u"bob"_s));
        QCOMPARE(input()->toPlainText(), u"typed just before quitting"_s);
        QVERIFY(m_app->openByClick(u"carol"_s));
        QCOMPARE(input()->toPlainText(), QString());
    }

    void draftsFollowTheAccountSignedIn()
    {
        // Listed for carol too: a direct conversation alice opened shows to carol once
        // something is said in it.
        QCOMPARE(m_fixture.rest()
                     .sendMessage(m_alice.token, m_withCarol, u"hello-1"_s, u"hello carol"_s)
                     .status,
            201);
        QVERIFY(signInAs(m_alice, 2));
        QVERIFY(m_app->openByClick(u"carol"_s));
        QTest::keyClicks(input(), u"alice to carol"_s);

        m_app->session->signOut();
        QCOMPARE(input()->toPlainText(), QString());
        QVERIFY(!m_app->conversation()->isShowingConversation());

        // Carol on the same app and profile opens the very same conversation: alice's
        // draft is alice's.
        QVERIFY(signInAs(m_carol, 1));
        QCOMPARE(draftShownInList(u"alice"_s), QString());
        QVERIFY(m_app->openByClick(u"alice"_s));
        QCOMPARE(m_app->client->openConversation().conversationId(), m_withCarol);
        QCOMPARE(input()->toPlainText(), QString());
        QTest::keyClicks(input(), u"carol to alice"_s);

        m_app->session->signOut();
        QVERIFY(signInAs(m_alice, 2));
        QCOMPARE(draftShownInList(u"carol"_s), u"alice to carol"_s);
        QVERIFY(m_app->openByClick(u"carol"_s));
        QCOMPARE(input()->toPlainText(), u"alice to carol"_s);

        m_app->session->signOut();
        QVERIFY(signInAs(m_carol, 1));
        QVERIFY(m_app->openByClick(u"alice"_s));
        QCOMPARE(input()->toPlainText(), u"carol to alice"_s);
    }

    void signingInOverAnAccountWritesItsDraftsFirst()
    {
        QVERIFY(signInAs(m_alice, 2));
        QVERIFY(m_app->openByClick(u"bob"_s));
        QTest::keyClicks(input(), u"alice's last words"_s);

        // Another account signs in without a sign-out first (the sign-in dialog after
        // hosting a server does that): alice's store closes under the keeper.
        m_app->session->signIn(m_fixture.url(), m_carol.user.username, defaultPassword());
        QTRY_VERIFY_WITH_TIMEOUT(
            m_app->isOnline() && m_app->session->user().id == m_carol.user.id, Timeout);
        QVERIFY(m_app->client->drafts().drafts().isEmpty()); // carol has none

        client::LocalStore alices;
        QVERIFY(alices
                    .open(client::LocalStore::pathFor(
                        m_profile->path(), m_fixture.url(), m_alice.user.username))
                    .ok());
        QCOMPARE(alices.draft(m_withBob).value(), u"alice's last words"_s);
    }
};

QTEST_MAIN(TestDraftsWindow)
#include "tst_draftswindow.moc"
