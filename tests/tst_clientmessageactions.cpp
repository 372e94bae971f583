// Replies, edits, deletion for everyone and reactions through the real client stack
// (ChatSession + ClientContext) against an in-process server, on two instances of alice
// (A1, A2) and one of bob (B), all on the same conversation: each change shows at once
// where it is made, reaches every instance in place (no new row, no unread), and all
// three converge to the same rows; an instance that was away gets the changes on resume;
// a change the server refuses is undone and told, and never retried.
#include <support/clientworldtest.h>
#include <support/modelrows.h>

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using client::MessageListModel;
using client::messagestate::ReactionChip;

namespace {

//! The row of `model` whose message has `id` (a QTest-friendly -1 when none).
int rowWithId(const MessageListModel *model, qint64 id)
{
    return model->rowOfId(id);
}

QVariant valueOf(const MessageListModel *model, qint64 id, int role)
{
    return model->index(rowWithId(model, id)).data(role);
}

QList<ReactionChip> chipsOf(const MessageListModel *model, qint64 id)
{
    return valueOf(model, id, MessageListModel::ReactionsRole).value<QList<ReactionChip>>();
}

//! "👍 2" per chip: what the bubble shows, comparable across instances.
QStringList chipTexts(const MessageListModel *model, qint64 id)
{
    QStringList texts;
    for (const ReactionChip &chip : chipsOf(model, id))
        texts.append(u"%1 %2"_s.arg(chip.emoji).arg(chip.count()));
    return texts;
}

//! The id of the newest stored row whose body is `body`, or 0.
qint64 idOfBody(const MessageListModel *model, const QString &body)
{
    for (int row = model->storedRowCount() - 1; row >= 0; --row) {
        const QModelIndex index = model->index(row);
        if (index.data(MessageListModel::BodyRole).toString() == body)
            return index.data(MessageListModel::IdRole).toLongLong();
    }
    return 0;
}

} // namespace

class TestClientMessageActions : public SyncWorldTest
{
    Q_OBJECT

private:
    [[nodiscard]] client::OpenConversation &opened(Instance *instance) const
    {
        return instance->client->openConversation();
    }
    [[nodiscard]] int unreadOf(Instance *instance) const
    {
        const int row = instance->conversations()->rowOf(m_conversationId);
        return contactData(instance->conversations(), row, ConversationListModel::UnreadCountRole)
            .toInt();
    }
    //! Everything a row shows but the parts that differ by who looks (own, receipts).
    [[nodiscard]] static QStringList shown(const MessageListModel *model)
    {
        return dump<MessageListModel>(model,
            { MessageListModel::IsOwnRole, MessageListModel::ReceiptRole,
                MessageListModel::ReadCountRole, MessageListModel::ReadByRole,
                MessageListModel::ReactionsRole, MessageListModel::ShowSenderRole });
    }

private Q_SLOTS:
    void init() { startWorldOnOneConversation(); }

    void replyEditReactAndDeleteReachEveryInstanceInPlace()
    {
        sendAndAwait(*m_b, u"lunch at noon?\nor later"_s);
        const qint64 question = idOfBody(m_b->messages(), u"lunch at noon?\nor later"_s);
        QVERIFY(question > 0);

        // A reply shows its quote at once, and on every instance once stored.
        const QString replyId = opened(m_a1).send(u"noon works"_s, question);
        QVERIFY(!replyId.isEmpty());
        const auto localQuote = m_a1->messages()
                                    ->index(m_a1->messages()->rowCount() - 1)
                                    .data(MessageListModel::ReplyToRole)
                                    .value<ReplyPreview>();
        QCOMPARE(localQuote.id, question);
        QCOMPARE(localQuote.excerpt, u"lunch at noon?"_s);
        qint64 reply = 0;
        QTRY_VERIFY_WITH_TIMEOUT((reply = idOfBody(m_b->messages(), u"noon works"_s)) > 0, Timeout);
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            QTRY_VERIFY_WITH_TIMEOUT(instance->messages()->rowOfId(reply) >= 0, Timeout);
            const auto quote = valueOf(instance->messages(), reply, MessageListModel::ReplyToRole)
                                   .value<ReplyPreview>();
            QCOMPARE(quote.id, question);
            QCOMPARE(quote.senderId, m_bob.user.id);
            QCOMPARE(quote.senderName, m_bob.user.username);
            QCOMPARE(quote.excerpt, u"lunch at noon?"_s);
        }
        const int rows = m_b->messages()->rowCount();
        QTRY_COMPARE_WITH_TIMEOUT(unreadOf(m_b), 1, Timeout); // the reply
        const int unreadBefore = unreadOf(m_b);

        // An edit: at once on A1, then everywhere, marked edited.
        QVERIFY(!opened(m_a1).edit(reply, u"noon works, see you there"_s).isEmpty());
        QCOMPARE(valueOf(m_a1->messages(), reply, MessageListModel::BodyRole).toString(),
            u"noon works, see you there"_s);
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            QTRY_COMPARE_WITH_TIMEOUT(
                valueOf(instance->messages(), reply, MessageListModel::BodyRole).toString(),
                u"noon works, see you there"_s, Timeout);
            QVERIFY(valueOf(instance->messages(), reply, MessageListModel::EditedAtRole)
                        .toDateTime()
                        .isValid());
        }

        // Bob's edit of the question refreshes the quote of it on every instance.
        QVERIFY(!opened(m_b).edit(question, u"lunch at one?"_s).isEmpty());
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            QTRY_COMPARE_WITH_TIMEOUT(
                valueOf(instance->messages(), reply, MessageListModel::ReplyToRole)
                    .value<ReplyPreview>()
                    .excerpt,
                u"lunch at one?"_s, Timeout);
        }

        // Reactions from both sides: counted once each, ours highlighted where it is ours.
        // Chips keep the order each emoji was first used in: bob's 👍 is stored first.
        QVERIFY(!opened(m_b).toggleReaction(reply, u"👍"_s).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(
            chipTexts(m_a1->messages(), reply), QStringList { u"👍 1"_s }, Timeout);
        QVERIFY(!opened(m_a2).toggleReaction(reply, u"👍"_s).isEmpty());
        QVERIFY(!opened(m_a1).toggleReaction(reply, u"🎉"_s).isEmpty());
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            QTRY_COMPARE_WITH_TIMEOUT(chipTexts(instance->messages(), reply),
                (QStringList { u"👍 2"_s, u"🎉 1"_s }), Timeout);
            QTRY_VERIFY_WITH_TIMEOUT(
                !valueOf(instance->messages(), reply, MessageListModel::HasPendingChangeRole)
                     .toBool(),
                Timeout);
            const QList<ReactionChip> chips = chipsOf(instance->messages(), reply);
            QVERIFY(chips.at(0).own); // bob's 👍 on B, alice's (from A2) on A1 and A2
            QCOMPARE(chips.at(1).own, instance != m_b);
        }
        // Taking one off again.
        QVERIFY(!opened(m_a1).toggleReaction(reply, u"🎉"_s).isEmpty());
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            QTRY_COMPARE_WITH_TIMEOUT(
                chipTexts(instance->messages(), reply), QStringList { u"👍 2"_s }, Timeout);
        }

        // Deleted for everyone: no text, no reactions, and the quote of it says so.
        QVERIFY(!opened(m_b).remove(question).isEmpty());
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            QTRY_VERIFY_WITH_TIMEOUT(
                valueOf(instance->messages(), question, MessageListModel::IsDeletedRole).toBool(),
                Timeout);
            QCOMPARE(valueOf(instance->messages(), question, MessageListModel::BodyRole).toString(),
                QString());
            QTRY_VERIFY_WITH_TIMEOUT(
                valueOf(instance->messages(), reply, MessageListModel::ReplyToRole)
                    .value<ReplyPreview>()
                    .deleted,
                Timeout);
        }

        // Nothing added a row or an unread message; all three show the same.
        QCOMPARE(m_b->messages()->rowCount(), rows);
        QCOMPARE(unreadOf(m_b), unreadBefore);
        QCOMPARE(shown(m_a1->messages()), shown(m_b->messages()));
        QCOMPARE(
            dump<MessageListModel>(m_a1->messages()), dump<MessageListModel>(m_a2->messages()));
        QCOMPARE(m_a1->client->outgoing().size(), 0);
        QCOMPARE(m_b->client->outgoing().size(), 0);
    }

    void anInstanceThatWasAwayGetsTheChangesOnResume()
    {
        sendAndAwait(*m_a1, u"first draft"_s);
        const qint64 id = idOfBody(m_a2->messages(), u"first draft"_s);
        QVERIFY(id > 0);
        const int unreadBefore = unreadOf(m_a2);

        m_a2->session->liveConnection().stop();
        QVERIFY(!m_a2->isOnline());
        QVERIFY(!opened(m_a1).edit(id, u"final text"_s).isEmpty());
        QVERIFY(!opened(m_b).toggleReaction(id, u"❤️"_s).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(
            chipTexts(m_a1->messages(), id), QStringList { u"❤️ 1"_s }, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(
            valueOf(m_b->messages(), id, MessageListModel::BodyRole).toString(), u"final text"_s,
            Timeout);

        QSignalSpy live(m_a2->session.get(), &client::ChatSession::wentLive);
        QSignalSpy updates(m_a2->session.get(), &client::ChatSession::updateReceived);
        m_a2->session->liveConnection().start(m_fixture.url(), m_a2->session->api().token());
        QVERIFY(live.wait(Timeout));
        QCOMPARE(live.first().at(0).toBool(), true); // replayed, no refetch needed
        QCOMPARE(updates.size(), 2);
        QCOMPARE(
            valueOf(m_a2->messages(), id, MessageListModel::BodyRole).toString(), u"final text"_s);
        QCOMPARE(chipTexts(m_a2->messages(), id), QStringList { u"❤️ 1"_s });
        QCOMPARE(unreadOf(m_a2), unreadBefore);
        // The cursor moved past the changes: the next resume replays none of them again.
        QCOMPARE(m_a2->session->liveConnection().resumeCursor(),
            updates.last().at(0).value<MessageUpdate>().position);
    }

    void aRefusedChangeIsUndoneToldAndNotRetried()
    {
        sendAndAwait(*m_a1, u"soon gone"_s);
        const qint64 id = idOfBody(m_a2->messages(), u"soon gone"_s);
        QVERIFY(id > 0);

        // A2 does not hear of the deletion, and reacts to what it still shows (over REST).
        m_a2->session->liveConnection().stop();
        QVERIFY(!opened(m_a1).remove(id).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            valueOf(m_b->messages(), id, MessageListModel::IsDeletedRole).toBool(), Timeout);

        QSignalSpy notices(m_a2->client.get(), &client::ClientContext::notice);
        QVERIFY(!opened(m_a2).toggleReaction(id, u"👍"_s).isEmpty());
        QCOMPARE(chipTexts(m_a2->messages(), id), QStringList { u"👍 1"_s }); // at once
        QTRY_COMPARE_WITH_TIMEOUT(notices.size(), 1, Timeout);
        QVERIFY2(notices.first().at(0).toString().contains(u"reaction"_s),
            qPrintable(notices.first().at(0).toString()));
        QVERIFY(chipTexts(m_a2->messages(), id).isEmpty());
        QCOMPARE(m_a2->client->outgoing().size(), 0); // discarded, not waiting for a retry

        QSignalSpy live(m_a2->session.get(), &client::ChatSession::wentLive);
        m_a2->session->liveConnection().start(m_fixture.url(), m_a2->session->api().token());
        QVERIFY(live.wait(Timeout));
        QTRY_VERIFY_WITH_TIMEOUT(
            valueOf(m_a2->messages(), id, MessageListModel::IsDeletedRole).toBool(), Timeout);
        QVERIFY(chipTexts(m_a2->messages(), id).isEmpty());
    }

    void onlyWhatTheRulesAllowIsOffered()
    {
        sendAndAwait(*m_b, u"bob's words"_s);
        sendAndAwait(*m_a1, u"alice's words"_s);
        const MessageListModel *model = m_a1->messages();
        const qint64 bobs = idOfBody(model, u"bob's words"_s);
        const qint64 alices = idOfBody(model, u"alice's words"_s);
        client::OpenConversation &open = opened(m_a1);

        QVERIFY(!open.canEdit(model->rowOfId(bobs)));
        QVERIFY(!open.canDelete(model->rowOfId(bobs))); // not in a direct conversation
        QVERIFY(open.canReact(model->rowOfId(bobs)));
        QVERIFY(open.canEdit(model->rowOfId(alices)));
        QVERIFY(open.canDelete(model->rowOfId(alices)));
        QCOMPARE(open.lastEditableMessage(), alices);

        // Refused before anything is queued: others' text, blank or unchanged text.
        QVERIFY(open.edit(bobs, u"rewritten"_s).isEmpty());
        QVERIFY(open.remove(bobs).isEmpty());
        QVERIFY(open.edit(alices, u"   "_s).isEmpty());
        QVERIFY(open.edit(alices, u"alice's words"_s).isEmpty());
        QVERIFY(open.toggleReaction(alices, u"x"_s).isEmpty()); // not an emoji
        QCOMPARE(m_a1->client->outgoing().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestClientMessageActions)
#include "tst_clientmessageactions.moc"
