// Replies, edits, deletion and reactions in the window, offscreen, with two apps (alice's
// and bob's) against an in-process server: the banner above the input while replying or
// editing (Esc stops it, Up in the empty input edits the last message, the draft comes
// back untouched), the quote in the bubble (a click jumps to the original and highlights
// it), "edited" before the time, "Message deleted" once deleted (after asking), reaction
// chips (a click puts ours on or takes it off; hovering says who) — each seen by the other
// window too.
#include <support/appinstance.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <ui/bodylimit.h>
#include <ui/composebanner.h>
#include <ui/conversationview.h>
#include <ui/messageactions.h>
#include <ui/messagedelegate.h>
#include <ui/messagehighlight.h>
#include <ui/messageinput.h>

#include <QApplication>
#include <QClipboard>
#include <QListView>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using client::MessageListModel;
using client::messagestate::ReactionChip;

namespace {

ui::MessageDelegate *delegateOf(AppInstance &app)
{
    return qobject_cast<ui::MessageDelegate *>(app.conversation()->messageList()->itemDelegate());
}

//! The row of `app`'s open conversation showing message `id`, scrolled into view.
QModelIndex shownMessage(AppInstance &app, qint64 id)
{
    const QModelIndex index = app.messages()->index(app.messages()->rowOfId(id));
    if (index.isValid())
        app.conversation()->messageList()->scrollTo(index);
    return index;
}

QStringList chipTexts(const QModelIndex &index)
{
    QStringList texts;
    for (const ReactionChip &chip :
        index.data(MessageListModel::ReactionsRole).value<QList<ReactionChip>>())
        texts.append(ui::MessageLayout::chipText(chip));
    return texts;
}

} // namespace

class TestMessageActionsWindow : public QObject
{
    Q_OBJECT

private:
    ServerFixture m_fixture;
    std::unique_ptr<AppInstance> m_alice;
    std::unique_ptr<AppInstance> m_bob;
    Session m_aliceRest;
    Session m_bobRest;
    qint64 m_conversation = 0;

    ui::MessageInput *input() const { return m_alice->conversation()->input(); }
    ui::ComposeBanner *banner() const { return m_alice->conversation()->composeBanner(); }
    ui::MessageActions *actions() const { return m_alice->conversation()->messageActions(); }

    //! Sends `body` as bob over REST and waits until both windows show it; its id.
    qint64 fromBob(const QString &body)
    {
        const HttpReply reply = m_fixture.rest().sendMessage(
            m_bobRest.token, m_conversation, QUuid::createUuid().toString(), body);
        const qint64 id = reply.json.value(u"message"_s).toObject().value(u"id"_s).toInteger();
        if (id <= 0)
            return 0;
        for (AppInstance *app : { m_alice.get(), m_bob.get() }) {
            if (!QTest::qWaitFor([&] { return app->messages()->rowOfId(id) >= 0; }, Timeout))
                return 0;
        }
        return id;
    }

    //! Types `text` into alice's input and presses Enter.
    void typeAndSend(const QString &text)
    {
        QTest::keyClicks(input(), text);
        QTest::keyClick(input(), Qt::Key_Return);
    }

    //! The id of `body` once both windows show it stored, else 0.
    qint64 storedEverywhere(const QString &body)
    {
        if (!QTest::qWaitFor([&] { return m_alice->isSent(body) && m_bob->isSent(body); }, Timeout))
            return 0;
        const MessageListModel *model = m_alice->messages();
        for (int row = model->storedRowCount() - 1; row >= 0; --row) {
            if (model->index(row).data(MessageListModel::BodyRole).toString() == body)
                return model->index(row).data(MessageListModel::IdRole).toLongLong();
        }
        return 0;
    }

private Q_SLOTS:
    void initTestCase() { useTestSettings(u"tst_messageactionswindow"_s); }

    void init()
    {
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        m_aliceRest = m_fixture.rest().signUp(u"alice"_s);
        m_bobRest = m_fixture.rest().signUp(u"bob"_s);
        m_conversation = m_fixture.rest().openConversation(m_aliceRest.token, u"bob"_s);
        QVERIFY(m_conversation != 0);
        // A first message, so that bob's list has the conversation too.
        QCOMPARE(m_fixture.rest()
                     .sendMessage(m_aliceRest.token, m_conversation, u"first"_s, u"hi bob"_s)
                     .status,
            201);
        m_alice = std::make_unique<AppInstance>(u"alice"_s, m_aliceRest);
        m_bob = std::make_unique<AppInstance>(u"bob"_s, m_bobRest);
        for (AppInstance *app : { m_alice.get(), m_bob.get() }) {
            QVERIFY(app->show());
            QVERIFY(app->signInAndWait(m_fixture.url(), 1));
        }
        QVERIFY(m_alice->openByClick(u"bob"_s));
        QVERIFY(m_bob->openByClick(u"alice"_s));
        actions()->setConfirmation([](const QString &) { return true; });
    }

    void cleanup()
    {
        m_alice.reset();
        m_bob.reset();
        m_fixture.stop();
    }

    void replyShowsTheQuoteAndAClickOnItJumpsToTheOriginal()
    {
        const qint64 question = fromBob(u"where do we meet?\nI can do noon"_s);
        QVERIFY(question > 0);
        const int row = m_alice->messages()->rowOfId(question);

        QVERIFY(actions()->startReply(row));
        QVERIFY(banner()->isVisible());
        QCOMPARE(banner()->title(), u"Reply to bob"_s);
        QCOMPARE(banner()->excerpt(), u"where do we meet?"_s);
        QCOMPARE(m_alice->window->focusWidget(), input());
        // Esc stops replying; a second Esc has nothing left to stop.
        QTest::keyClick(input(), Qt::Key_Escape);
        QVERIFY(!banner()->isVisible());
        QCOMPARE(banner()->mode(), ui::ComposeBanner::Mode::None);

        QVERIFY(actions()->startReply(row));
        typeAndSend(u"at the station"_s);
        QVERIFY(!banner()->isVisible()); // sent: the next message is a plain one
        const qint64 reply = storedEverywhere(u"at the station"_s);
        QVERIFY(reply > 0);

        for (AppInstance *app : { m_alice.get(), m_bob.get() }) {
            const QModelIndex index = shownMessage(*app, reply);
            const ui::MessageContent content = ui::MessageContent::of(index);
            QVERIFY(content.quotes);
            QCOMPARE(content.quotedId, question);
            QCOMPARE(content.quotedText, u"where do we meet?"_s);
            QCOMPARE(content.quotedSender, app == m_bob.get() ? u"You"_s : u"bob"_s);
            const ui::MessageLayout geometry = delegateOf(*app)->layoutInView(index);
            QVERIFY(!geometry.quote().isEmpty());
            QVERIFY(geometry.bubble().contains(geometry.quote()));
            QVERIFY(geometry.quote().bottom() < geometry.text().top()); // above the text
        }

        // In bob's window: a click on the quote takes him to the original, highlighted.
        QListView *list = m_bob->conversation()->messageList();
        const ui::MessageLayout geometry
            = delegateOf(*m_bob)->layoutInView(shownMessage(*m_bob, reply));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, geometry.quote().center());
        const QModelIndex original = m_bob->messages()->index(m_bob->messages()->rowOfId(question));
        QTRY_VERIFY_WITH_TIMEOUT(
            m_bob->conversation()->highlight()->strength(original) > 0, Timeout);
    }

    void upEditsTheLastMessageAndTheDraftComesBack()
    {
        typeAndSend(u"helo wrld"_s);
        const qint64 id = storedEverywhere(u"helo wrld"_s);
        QVERIFY(id > 0);

        // Up in the empty input: the last message, in the input, under "Edit message".
        QTest::keyClick(input(), Qt::Key_Up);
        QCOMPARE(banner()->mode(), ui::ComposeBanner::Mode::Edit);
        QCOMPARE(banner()->messageId(), id);
        QCOMPARE(input()->toPlainText(), u"helo wrld"_s);
        input()->selectAll();
        typeAndSend(u"hello world"_s);
        QCOMPARE(banner()->mode(), ui::ComposeBanner::Mode::None);
        QCOMPARE(input()->toPlainText(), QString());
        QCOMPARE(m_alice->messages()->rowCount(), 2); // changed in place, nothing sent

        for (AppInstance *app : { m_alice.get(), m_bob.get() }) {
            QTRY_COMPARE_WITH_TIMEOUT(
                shownMessage(*app, id).data(MessageListModel::BodyRole).toString(),
                u"hello world"_s, Timeout);
            QTRY_VERIFY_WITH_TIMEOUT(
                ui::MessageContent::of(shownMessage(*app, id)).time.startsWith(u"edited "_s),
                Timeout);
        }

        // Editing never touches the draft: Esc brings it back as it was.
        QTest::keyClicks(input(), u"half typed"_s);
        QVERIFY(actions()->startEdit(m_alice->messages()->rowOfId(id)));
        QCOMPARE(input()->toPlainText(), u"hello world"_s);
        QTest::keyClicks(input(), u"!!"_s);
        QCOMPARE(m_alice->client->openConversation().draft(), u"half typed"_s);
        QTest::keyClick(input(), Qt::Key_Escape);
        QCOMPARE(banner()->mode(), ui::ComposeBanner::Mode::None);
        QCOMPARE(input()->toPlainText(), u"half typed"_s);
        // Up with text in the input moves the cursor, as in any editor: no edit starts.
        QTest::keyClick(input(), Qt::Key_Up);
        QCOMPARE(banner()->mode(), ui::ComposeBanner::Mode::None);
    }

    void aClickOnAChipPutsOursOnOrTakesItOff()
    {
        typeAndSend(u"cake in the kitchen"_s);
        const qint64 id = storedEverywhere(u"cake in the kitchen"_s);
        QVERIFY(id > 0);
        QVERIFY(m_bob->client->openConversation().toggleReaction(id, u"🎉"_s).size() > 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            chipTexts(shownMessage(*m_alice, id)), QStringList { u"🎉 1"_s }, Timeout);

        QListView *list = m_alice->conversation()->messageList();
        const auto clickChip = [&] {
            const ui::MessageLayout geometry
                = delegateOf(*m_alice)->layoutInView(shownMessage(*m_alice, id));
            QCOMPARE(geometry.chips().size(), 1);
            QVERIFY(geometry.bubble().contains(geometry.chips().first()));
            QTest::mouseClick(
                list->viewport(), Qt::LeftButton, {}, geometry.chips().first().center());
        };
        clickChip();
        QCOMPARE(chipTexts(shownMessage(*m_alice, id)), QStringList { u"🎉 2"_s }); // at once
        QTRY_COMPARE_WITH_TIMEOUT(
            chipTexts(shownMessage(*m_bob, id)), QStringList { u"🎉 2"_s }, Timeout);
        const QString toolTip = ui::reactionToolTip(shownMessage(*m_alice, id), 0);
        QVERIFY2(toolTip.contains(u"bob"_s) && toolTip.contains(u"You"_s), qPrintable(toolTip));
        QVERIFY(shownMessage(*m_alice, id)
                    .data(MessageListModel::ReactionsRole)
                    .value<QList<ReactionChip>>()
                    .first()
                    .own);

        QTRY_VERIFY_WITH_TIMEOUT(
            !shownMessage(*m_alice, id).data(MessageListModel::HasPendingChangeRole).toBool(),
            Timeout);
        clickChip();
        QTRY_COMPARE_WITH_TIMEOUT(
            chipTexts(shownMessage(*m_bob, id)), QStringList { u"🎉 1"_s }, Timeout);
        QCOMPARE(chipTexts(shownMessage(*m_alice, id)), QStringList { u"🎉 1"_s });
    }

    void deleteAsksFirstThenShowsMessageDeletedEverywhere()
    {
        typeAndSend(u"oops, wrong chat"_s);
        const qint64 id = storedEverywhere(u"oops, wrong chat"_s);
        QVERIFY(id > 0);
        const int row = m_alice->messages()->rowOfId(id);

        QString asked;
        actions()->setConfirmation([&asked](const QString &question) {
            asked = question;
            return false;
        });
        QVERIFY(!actions()->deleteRow(row));
        QVERIFY(asked.contains(u"everyone"_s));
        QVERIFY(!m_alice->message(row).data(MessageListModel::IsDeletedRole).toBool());

        actions()->setConfirmation([](const QString &) { return true; });
        QVERIFY(actions()->deleteRow(row));
        for (AppInstance *app : { m_alice.get(), m_bob.get() }) {
            QTRY_VERIFY_WITH_TIMEOUT(
                shownMessage(*app, id).data(MessageListModel::IsDeletedRole).toBool(), Timeout);
            const ui::MessageContent content = ui::MessageContent::of(shownMessage(*app, id));
            QVERIFY(content.deleted);
            QCOMPARE(content.body, u"Message deleted"_s);
        }
        // Nothing is left to copy, edit or delete.
        QApplication::clipboard()->setText(u"before"_s);
        m_alice->conversation()->messageList()->selectionModel()->select(
            m_alice->message(row), QItemSelectionModel::ClearAndSelect);
        actions()->copySelection();
        QCOMPARE(QApplication::clipboard()->text(), u"before"_s);
        QVERIFY(!actions()->startEdit(row));
        QVERIFY(!actions()->deleteRow(row));
    }

    void aCopiedLinkOpensTheMessageInAnotherWindow()
    {
        const qint64 id = fromBob(u"the meeting notes are here"_s);
        QVERIFY(id > 0);
        QVERIFY(actions()->copyLink(m_alice->messages()->rowOfId(id)));
        const QUrl link(QApplication::clipboard()->text());
        QCOMPARE(link.scheme(), u"chat"_s);
        QVERIFY2(link.path().endsWith(u"/messages/%1"_s.arg(id)), qPrintable(link.toString()));

        // Bob opens it (pasted, clicked): his window goes to the message, highlighted.
        for (int i = 0; i < 3; ++i)
            QVERIFY(fromBob(u"later %1"_s.arg(i)) > 0);
        m_bob->conversation()->messageActions()->openLink(link);
        const QModelIndex target = m_bob->messages()->index(m_bob->messages()->rowOfId(id));
        QVERIFY(target.isValid());
        QTRY_VERIFY_WITH_TIMEOUT(m_bob->conversation()->highlight()->strength(target) > 0, Timeout);
    }

    void aTextOverTheLimitIsRefusedBeforeSending();
    void aMessageRefusedForGoodOffersEditNotRetry();
};

void TestMessageActionsWindow::aTextOverTheLimitIsRefusedBeforeSending()
{
    auto *limit = m_alice->conversation()->findChild<ui::BodyLimitLabel *>();
    QVERIFY(limit);
    QVERIFY(limit->isHidden()); // nothing to say about a short text
    QSignalSpy notices(m_alice->client.get(), &client::ClientContext::notice);
    const int rows = m_alice->messages()->rowCount();

    // 20 KB pasted: the count shows, in the warning colour, and Enter sends nothing.
    const QString pasted = QString(20 * 1024, u'x');
    input()->setPlainText(pasted);
    QVERIFY(limit->isVisible());
    QVERIFY(limit->isOver());
    QVERIFY2(limit->text().contains(u"too long"_s), qPrintable(limit->text()));
    QTest::keyClick(input(), Qt::Key_Return);
    QCOMPARE(m_alice->messages()->rowCount(), rows);
    QCOMPARE(m_alice->client->outgoing().size(), 0);
    QCOMPARE(input()->toPlainText(), pasted); // kept, to be shortened
    QCOMPARE(notices.size(), 1);
    QVERIFY2(notices.first().at(0).toString().contains(u"16 KiB"_s),
        qPrintable(notices.first().at(0).toString()));

    // Shortened to the limit exactly: the count still shows, and it goes.
    input()->setPlainText(QString(16 * 1024, u'y'));
    QVERIFY(limit->isVisible());
    QVERIFY(!limit->isOver());
    QTest::keyClick(input(), Qt::Key_Return);
    QCOMPARE(m_alice->messages()->rowCount(), rows + 1);
    QVERIFY(limit->isHidden());
}

void TestMessageActionsWindow::aMessageRefusedForGoodOffersEditNotRetry()
{
    // Past the input's check (another client, an older build): the server refuses it.
    const QString tooLong = QString(17 * 1024, u'z');
    const QString clientId = m_alice->client->openConversation().send(tooLong);
    QVERIFY(!clientId.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(m_alice->client->outgoing().find(clientId)
            && m_alice->client->outgoing().find(clientId)->state
                == client::OutgoingOperation::State::Failed,
        Timeout);
    const client::OutgoingOperation *failed = m_alice->client->outgoing().find(clientId);
    QCOMPARE(failed->errorCode, ErrorCode::InvalidField);
    QVERIFY(failed->isRefusedForGood());
    const int row = m_alice->messages()->rowOfClientId(clientId);
    QCOMPARE(m_alice->message(row)
                 .data(MessageListModel::DeliveryStateRole)
                 .value<client::DeliveryState>(),
        client::DeliveryState::Failed);

    // Edit: the text back in the input, after what was typed there; the failed row goes.
    QTest::keyClicks(input(), u"see below"_s);
    QVERIFY(actions()->reworkFailed(clientId));
    QCOMPARE(input()->toPlainText(), u"see below\n\n"_s + tooLong);
    QCOMPARE(m_alice->messages()->rowOfClientId(clientId), -1);
    QCOMPARE(m_alice->client->outgoing().size(), 0);
}

QTEST_MAIN(TestMessageActionsWindow)
#include "tst_messageactionswindow.moc"
