// Groups in the window, offscreen, three apps against one in-process server: creating a
// group through the New Group dialog (it opens for its creator and appears live in the
// others' sidebars), senders named in a group, two people typing at once, and the member
// panel (rename, add, remove, leave), each seen from the other windows.
#include <client/models/memberlistmodel.h>
#include <support/appinstance.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <ui/conversationview.h>
#include <ui/memberpanel.h>
#include <ui/messageinput.h>
#include <ui/newgroupdialog.h>
#include <ui/peoplepicker.h>
#include <ui/sidebar.h>

#include <QCheckBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class TestGroupWindow : public QObject
{
    Q_OBJECT

private:
    ServerFixture m_fixture;
    std::unique_ptr<AppInstance> m_alice;
    std::unique_ptr<AppInstance> m_bob;
    std::unique_ptr<AppInstance> m_carol;

    //! Picks `name` in `picker`: types it into its search field and clicks its row.
    static bool pick(ui::PeoplePicker *picker, const QString &name)
    {
        picker->searchField()->clear();
        QTest::keyClicks(picker->searchField(), name);
        QListView *list = picker->resultList();
        QModelIndex found;
        const bool listed = QTest::qWaitFor(
            [&] {
                if (list->model()->rowCount() != 1)
                    return false; // still the answer to a shorter prefix
                found = list->model()->index(0, 0);
                return found.data(Qt::DisplayRole).toString() == name;
            },
            Timeout);
        if (!listed)
            return false;
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(found).center());
        return picker->pickedLabel()->text().contains(name);
    }

    //! alice creates "Team" with bob and carol through the dialog; its id, 0 on failure.
    qint64 createTeam()
    {
        ui::NewGroupDialog *dialog = m_alice->window->showNewGroupDialog();
        if (!dialog || !dialog->isVisible())
            return 0;
        QSignalSpy created(dialog, &ui::NewGroupDialog::created);
        QTest::keyClicks(dialog->titleField(), u"Team"_s);
        if (!pick(dialog->picker(), u"bob"_s) || !pick(dialog->picker(), u"carol"_s))
            return 0;
        if (dialog->picker()->pickedIds().size() != 2 || !dialog->createButton()->isEnabled())
            return 0;
        QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
        if (!created.wait(Timeout))
            return 0;
        return created.at(0).at(0).toLongLong();
    }

    //! Opens the group titled `title` in `app` by clicking it in the sidebar.
    static bool openGroup(AppInstance &app, const QString &title)
    {
        if (!QTest::qWaitFor([&] { return app.contact(title).isValid(); }, Timeout))
            return false;
        return app.openByClick(title);
    }

    //! The bodies the open conversation of `app` shows, oldest first.
    static QStringList bodies(const AppInstance &app)
    {
        QStringList result;
        for (int row = 0; row < app.messages()->rowCount(); ++row)
            result.append(app.message(row).data(client::MessageListModel::BodyRole).toString());
        return result;
    }

    //! Selects the member named `name` in the member panel's list.
    static bool selectMember(ui::MemberPanel *panel, const QString &name)
    {
        QListView *list = panel->memberList();
        for (int row = 0; row < list->model()->rowCount(); ++row) {
            const QModelIndex index = list->model()->index(row, 0);
            if (index.data(client::MemberListModel::UsernameRole).toString() == name) {
                QTest::mouseClick(
                    list->viewport(), Qt::LeftButton, {}, list->visualRect(index).center());
                return list->currentIndex() == index;
            }
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase() { useTestSettings(u"tst_groupwindow"_s); }

    void init()
    {
        QSettings().clear();
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        const QList<Session> users = m_fixture.signUp({ u"alice"_s, u"bob"_s, u"carol"_s });
        QCOMPARE(users.size(), 3);
        m_alice = std::make_unique<AppInstance>(u"alice"_s, users.at(0));
        m_bob = std::make_unique<AppInstance>(u"bob"_s, users.at(1));
        m_carol = std::make_unique<AppInstance>(u"carol"_s, users.at(2));
        for (AppInstance *app : { m_alice.get(), m_bob.get(), m_carol.get() }) {
            QVERIFY(app->show());
            QVERIFY(app->signInAndWait(m_fixture.url()));
        }
    }

    void cleanup()
    {
        m_alice.reset();
        m_bob.reset();
        m_carol.reset();
        m_fixture.stop();
    }

    void createdThroughTheDialogAppearsLiveForTheOthers()
    {
        QVERIFY(!m_bob->contact(u"Team"_s).isValid());
        const qint64 id = createTeam();
        QVERIFY(id > 0);
        // It opens for alice, a group of three with its Members button.
        QTRY_COMPARE_WITH_TIMEOUT(
            m_alice->client->openConversation().conversationId(), id, Timeout);
        QCOMPARE(m_alice->conversation()->titleLabel()->text(), u"Team"_s);
        QVERIFY(m_alice->conversation()->groupInfoButton()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(m_alice->subtitle().startsWith(u"3 members"_s), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(
            bodies(*m_alice).contains(u"alice created the group \u201cTeam\u201d"_s), Timeout);
        // Bob and carol see it in their sidebars without signing in again, and open it.
        for (AppInstance *other : { m_bob.get(), m_carol.get() }) {
            QVERIFY2(openGroup(*other, u"Team"_s), qPrintable(other->label));
            QCOMPARE(other->conversation()->titleLabel()->text(), u"Team"_s);
            QVERIFY(other->conversation()->input()->isEnabled());
        }
    }

    void filteringFindsWithoutOpening()
    {
        const qint64 team = createTeam();
        QVERIFY(team > 0);
        QVERIFY(m_alice->openByClick(u"bob"_s)); // a direct conversation, open
        const qint64 direct = m_alice->client->openConversation().conversationId();
        QVERIFY(direct != team);
        QVERIFY(m_alice->openByClick(u"Team"_s));
        QVERIFY(m_alice->openByClick(u"bob"_s));

        // Typing hides bob's row; the group slides under the selection but does not open.
        ui::Sidebar *sidebar = m_alice->window->sidebar();
        QTest::keyClicks(sidebar->filterField(), u"Te"_s);
        QCOMPARE(sidebar->conversationList()->model()->rowCount(), 1);
        QCOMPARE(m_alice->client->openConversation().conversationId(), direct);
        QVERIFY(!sidebar->conversationList()->currentIndex().isValid());
        // Enter opens the first match and ends the search.
        QTest::keyClick(sidebar->filterField(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(
            m_alice->client->openConversation().conversationId(), team, Timeout);
        QVERIFY(sidebar->filterField()->text().isEmpty());
        QCOMPARE(sidebar->conversationList()->model()->rowCount(), 2);
        QCOMPARE(sidebar->conversationList()
                     ->currentIndex()
                     .data(client::ConversationListModel::ConversationIdRole)
                     .toLongLong(),
            team);
    }

    void sendersAreNamedAndTwoTypersShow()
    {
        const qint64 id = createTeam();
        QVERIFY(id > 0);
        QVERIFY(openGroup(*m_bob, u"Team"_s));
        QVERIFY(openGroup(*m_carol, u"Team"_s));
        QTRY_COMPARE_WITH_TIMEOUT(
            m_alice->client->openConversation().conversationId(), id, Timeout);

        QTest::keyClicks(m_bob->conversation()->input(), u"hello team"_s);
        QTest::keyClick(m_bob->conversation()->input(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(m_alice->rowOfBody(u"hello team"_s) >= 0, Timeout);
        const QModelIndex bobs = m_alice->message(m_alice->rowOfBody(u"hello team"_s));
        QCOMPARE(bobs.data(client::MessageListModel::SenderNameRole).toString(), u"bob"_s);
        QVERIFY(bobs.data(client::MessageListModel::ShowSenderRole).toBool());
        // A group bubble with the name on top is taller than the same text without one
        // (bob's own copy).
        QListView *aliceList = m_alice->conversation()->messageList();
        QListView *bobList = m_bob->conversation()->messageList();
        QTRY_VERIFY_WITH_TIMEOUT(m_bob->rowOfBody(u"hello team"_s) >= 0, Timeout);
        const QModelIndex own = m_bob->message(m_bob->rowOfBody(u"hello team"_s));
        QVERIFY(!own.data(client::MessageListModel::ShowSenderRole).toBool());
        QVERIFY2(aliceList->visualRect(bobs).height() > bobList->visualRect(own).height(),
            qPrintable(u"%1 vs %2"_s.arg(aliceList->visualRect(bobs).height())
                           .arg(bobList->visualRect(own).height())));

        // Bob and carol type: alice's header names both. (Bob's message, once stored,
        // ended his "typing" on the others' screens: his next keystroke says it again.)
        QTRY_VERIFY_WITH_TIMEOUT(m_bob->isSent(u"hello team"_s), Timeout);
        QTest::keyClicks(m_bob->conversation()->input(), u"and"_s);
        QTRY_COMPARE_WITH_TIMEOUT(m_alice->subtitle(), u"bob is typing…"_s, Timeout);
        QTest::keyClicks(m_carol->conversation()->input(), u"me too"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_alice->subtitle() == u"bob and carol are typing…"_s
                || m_alice->subtitle() == u"carol and bob are typing…"_s,
            Timeout);
        // Carol's header names only bob: nobody sees themselves typing.
        QTRY_COMPARE_WITH_TIMEOUT(m_carol->subtitle(), u"bob is typing…"_s, Timeout);
    }

    void memberPanelRenamesAddsRemovesAndLeaves()
    {
        // A group of alice and bob; carol is added from the panel later.
        ui::NewGroupDialog *dialog = m_alice->window->showNewGroupDialog();
        QSignalSpy created(dialog, &ui::NewGroupDialog::created);
        QTest::keyClicks(dialog->titleField(), u"Pair"_s);
        QVERIFY(pick(dialog->picker(), u"bob"_s));
        QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
        QVERIFY(created.wait(Timeout));
        QVERIFY(openGroup(*m_bob, u"Pair"_s));
        QTRY_VERIFY_WITH_TIMEOUT(
            m_alice->conversation()->titleLabel()->text() == u"Pair"_s, Timeout);

        // Members (Ctrl+I in the menu, the header's button here) opens the panel.
        QTest::mouseClick(m_alice->conversation()->groupInfoButton(), Qt::LeftButton);
        ui::MemberPanel *panel = m_alice->window->memberPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->isVisible(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(panel->memberList()->model()->rowCount(), 2, Timeout);

        // Rename: bob's header follows.
        panel->titleField()->selectAll();
        QTest::keyClicks(panel->titleField(), u"Pair plus"_s);
        QTRY_VERIFY_WITH_TIMEOUT(panel->saveButton()->isVisible(), Timeout);
        QTest::mouseClick(panel->saveButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(
            m_bob->conversation()->titleLabel()->text(), u"Pair plus"_s, Timeout);

        // Add carol through the Add People dialog: the group appears in her sidebar.
        QTest::mouseClick(panel->addButton(), Qt::LeftButton);
        QDialog *add = panel->findChild<QDialog *>(u"addPeopleDialog"_s);
        QVERIFY(add);
        QVERIFY(pick(add->findChild<ui::PeoplePicker *>(), u"carol"_s));
        QPushButton *addButton = nullptr;
        for (QPushButton *button : add->findChildren<QPushButton *>()) {
            if (button->text() == u"Add"_s)
                addButton = button;
        }
        QVERIFY(addButton);
        QTest::mouseClick(addButton, Qt::LeftButton);
        QVERIFY(openGroup(*m_carol, u"Pair plus"_s));
        QTRY_COMPARE_WITH_TIMEOUT(panel->memberList()->model()->rowCount(), 3, Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(bodies(*m_bob).contains(u"alice added carol"_s), Timeout);

        // Remove carol: her input goes inactive, the others see the line.
        QVERIFY(selectMember(panel, u"carol"_s));
        QVERIFY(panel->removeButton()->isEnabled());
        QTest::mouseClick(panel->removeButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(bodies(*m_bob).contains(u"alice removed carol"_s), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(!m_carol->conversation()->input()->isEnabled(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(m_carol->subtitle(), u"You are no longer a member"_s, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(panel->memberList()->model()->rowCount(), 2, Timeout);

        // Bob leaves from his own panel (no confirmation asked in the test).
        QTest::mouseClick(m_bob->conversation()->groupInfoButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_bob->window->memberPanel()->isVisible(), Timeout);
        // Bob is a plain member: he may leave but not remove anyone.
        QVERIFY(selectMember(m_bob->window->memberPanel(), u"alice"_s));
        QVERIFY(!m_bob->window->memberPanel()->removeButton()->isEnabled()
            || !m_bob->window->memberPanel()->removeButton()->isVisible());
        m_bob->window->memberPanel()->leave(false);
        QTRY_VERIFY_WITH_TIMEOUT(bodies(*m_alice).contains(u"bob left"_s), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(!m_bob->conversation()->input()->isEnabled(), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(m_alice->subtitle().startsWith(u"1 member"_s), Timeout);
    }
};

QTEST_MAIN(TestGroupWindow)
#include "tst_groupwindow.moc"
