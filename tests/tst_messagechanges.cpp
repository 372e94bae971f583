// Replies, edits, deletion and reactions in MessageListModel, without a server: our own
// changes show on their message's row the moment they are queued and give way to the
// server's change (or vanish when refused); changes from anyone replace the row's state
// in place, never in the wrong order, refresh the quotes of the changed message, and
// never add a row. A QAbstractItemModelTester watches every test (MessageModelTest).
#include <client/models/messagestate.h>
#include <support/messagemodeltest.h>
#include <support/modelrows.h>
#include <support/samplemessages.h>

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using client::OutgoingOperation;
using client::messagestate::ReactionChip;

namespace {

//! A change of message `message` at `position`, by `userId`, as the server sends it.
MessageUpdate updateOf(const Message &message, MessageUpdate::Kind kind, qint64 position,
    qint64 userId = BobId, const QString &emoji = {})
{
    return MessageUpdate { .position = position,
        .kind = kind,
        .userId = userId,
        .clientId = u"change-%1"_s.arg(position),
        .emoji = emoji,
        .createdAt = serverTime(position),
        .message = message };
}

} // namespace

class TestMessageChanges : public MessageModelTest
{
    Q_OBJECT

private:
    [[nodiscard]] QList<ReactionChip> chipsAt(int row) const
    {
        return value(row, MessageListModel::ReactionsRole).value<QList<ReactionChip>>();
    }
    [[nodiscard]] std::optional<ReplyPreview> quoteAt(int row) const
    {
        const QVariant quote = value(row, MessageListModel::ReplyToRole);
        if (!quote.isValid())
            return std::nullopt;
        return quote.value<ReplyPreview>();
    }

private Q_SLOTS:
    void ownEditShowsAtOnceAndGivesWayToTheServersText()
    {
        m_model->applyStored(QList<Message> { ours(10, u"c10"_s, u"helo"_s), theirs(11) });
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        const OutgoingOperation edit = OutgoingOperation::edit(ConversationId, 10, u"hello"_s);
        m_model->showOperation(edit);
        QCOMPARE(m_model->rowCount(), 2); // no row of its own
        QCOMPARE(value(0, MessageListModel::BodyRole).toString(), u"hello"_s);
        QVERIFY(value(0, MessageListModel::EditedAtRole).toDateTime().isValid());
        QVERIFY(value(0, MessageListModel::HasPendingChangeRole).toBool());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(rowOf(changed, 0), 0);
        QVERIFY(rolesOf(changed, 0).contains(MessageListModel::BodyRole));

        // The server's copy has the final say (here it trimmed nothing, but it decides).
        Message stored = ours(10, u"c10"_s, u"hello"_s);
        stored.editedAt = serverTime(12);
        m_model->showApplied(edit, updateOf(stored, MessageUpdate::Kind::Edited, 12, OwnUserId));
        QCOMPARE(value(0, MessageListModel::BodyRole).toString(), u"hello"_s);
        QCOMPARE(value(0, MessageListModel::EditedAtRole).toDateTime(), serverTime(12));
        QVERIFY(!value(0, MessageListModel::HasPendingChangeRole).toBool());
        QCOMPARE(m_model->rowCount(), 2);
    }

    void refusedChangeShowsTheMessageAsTheServerHasIt()
    {
        m_model->applyStored(theirs(10));
        const QString before = value(0, MessageListModel::BodyRole).toString();
        OutgoingOperation react = OutgoingOperation::react(ConversationId, 10, u"👍"_s, true);
        m_model->showOperation(react);
        QCOMPARE(chipsAt(0).size(), 1);
        QCOMPARE(chipsAt(0).at(0).userIds, QList<qint64> { OwnUserId });
        QVERIFY(chipsAt(0).at(0).own);

        react.state = OutgoingOperation::State::Failed;
        react.error = u"the message was deleted"_s;
        m_model->showFailure(react);
        QVERIFY(chipsAt(0).isEmpty());
        QCOMPARE(value(0, MessageListModel::BodyRole).toString(), before);
        QCOMPARE(m_model->rowCount(), 1); // a refused change leaves no Failed row behind

        const OutgoingOperation deletion = OutgoingOperation::remove(ConversationId, 10);
        m_model->showOperation(deletion);
        QVERIFY(value(0, MessageListModel::IsDeletedRole).toBool());
        m_model->showDiscarded(deletion);
        QVERIFY(!value(0, MessageListModel::IsDeletedRole).toBool());
    }

    void pendingChangesStackInOrderOnTopOfTheServersState()
    {
        m_model->applyStored(theirs(10));
        // Bob's 👍 is stored; we add ours, then a ❤️, then take our 👍 off again.
        Message withBobs = theirs(10);
        withBobs.reactions = { Reaction { u"👍"_s, { BobId } } };
        m_model->applyUpdate(updateOf(withBobs, MessageUpdate::Kind::ReactionAdded, 11));
        m_model->showOperation(OutgoingOperation::react(ConversationId, 10, u"👍"_s, true));
        m_model->showOperation(OutgoingOperation::react(ConversationId, 10, u"❤️"_s, true));
        QList<ReactionChip> chips = chipsAt(0);
        QCOMPARE(chips.size(), 2);
        QCOMPARE(chips.at(0).emoji, u"👍"_s);
        QCOMPARE(chips.at(0).count(), 2);
        QVERIFY(chips.at(0).own);
        QCOMPARE(chips.at(1).emoji, u"❤️"_s);
        QCOMPARE(chips.at(1).count(), 1);

        m_model->showOperation(OutgoingOperation::react(ConversationId, 10, u"👍"_s, false));
        chips = chipsAt(0);
        QCOMPARE(chips.at(0).count(), 1);
        QVERIFY(!chips.at(0).own);
        QCOMPARE(chips.at(0).userIds, QList<qint64> { BobId });
    }

    void updatesApplyInPlaceAndNeverGoBack()
    {
        m_model->applyStored(QList<Message> { theirs(10), theirs(11) });
        const QList<qint64> before = ids();
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

        Message edited = theirs(10);
        edited.body = u"second version"_s;
        edited.editedAt = serverTime(13);
        m_model->applyUpdate(updateOf(edited, MessageUpdate::Kind::Edited, 13));
        QCOMPARE(value(0, MessageListModel::BodyRole).toString(), u"second version"_s);

        // An older change arriving late (a REST reply after the socket's copy) is old news.
        Message older = theirs(10);
        older.body = u"first version"_s;
        older.editedAt = serverTime(12);
        m_model->applyUpdate(updateOf(older, MessageUpdate::Kind::Edited, 12));
        QCOMPARE(value(0, MessageListModel::BodyRole).toString(), u"second version"_s);
        // So is a copy of the message as it was first stored (a late echo).
        m_model->applyStored(theirs(10));
        QCOMPARE(value(0, MessageListModel::BodyRole).toString(), u"second version"_s);

        Message deleted = theirs(10);
        deleted.body.clear();
        deleted.deleted = true;
        m_model->applyUpdate(updateOf(deleted, MessageUpdate::Kind::Deleted, 14));
        QVERIFY(value(0, MessageListModel::IsDeletedRole).toBool());
        QCOMPARE(value(0, MessageListModel::BodyRole).toString(), QString());

        QCOMPARE(ids(), before);
        QCOMPARE(inserted.count(), 0);
    }

    void aPageTakesTheStateOfAMessageNoChangeHasTouched()
    {
        // After a resync nothing was replayed: the page brings what changed meanwhile.
        m_model->applyStored(theirs(10));
        Message edited = theirs(10);
        edited.body = u"fixed typo"_s;
        edited.editedAt = serverTime(20);
        edited.reactions = { Reaction { u"🎉"_s, { OwnUserId, BobId } } };
        m_model->applyStored(QList<Message> { edited, theirs(11) });
        QCOMPARE(value(0, MessageListModel::BodyRole).toString(), u"fixed typo"_s);
        QCOMPARE(chipsAt(0).at(0).count(), 2);
        QVERIFY(chipsAt(0).at(0).own);
        QCOMPARE(ids(), (QList<qint64> { 10, 11 }));
    }

    void quotesFollowTheQuotedMessage()
    {
        Message original = theirs(10);
        original.body = u"lunch at noon?\nor later"_s;
        Message reply = ours(11, u"c11"_s, u"noon works"_s);
        reply.replyTo = client::messagestate::previewOf(original);
        m_model->applyStored(QList<Message> { original, reply });
        QCOMPARE(quoteAt(1)->excerpt, u"lunch at noon?"_s);
        QCOMPARE(quoteAt(1)->senderId, BobId);

        Message edited = original;
        edited.body = u"lunch at one?"_s;
        edited.editedAt = serverTime(12);
        m_model->applyUpdate(updateOf(edited, MessageUpdate::Kind::Edited, 12));
        QCOMPARE(quoteAt(1)->excerpt, u"lunch at one?"_s);

        Message deleted = original;
        deleted.body.clear();
        deleted.deleted = true;
        m_model->applyUpdate(updateOf(deleted, MessageUpdate::Kind::Deleted, 13));
        QVERIFY(quoteAt(1)->deleted);
        QVERIFY(quoteAt(1)->excerpt.isEmpty());
        QCOMPARE(quoteAt(1)->senderId, 0);
    }

    void aLocalReplyQuotesWhatTheWindowShows()
    {
        Message original = theirs(10);
        original.body = u"where are we meeting?"_s;
        m_model->applyStored(original);
        m_model->showOperation(OutgoingOperation::send(ConversationId, u"at the station"_s, 10));
        QCOMPARE(m_model->rowCount(), 2);
        QCOMPARE(quoteAt(1)->id, 10);
        QCOMPARE(quoteAt(1)->excerpt, u"where are we meeting?"_s);
        QCOMPARE(quoteAt(1)->senderName, original.senderName);
        // One outside the window is a bare quote until the server's copy comes.
        m_model->showOperation(OutgoingOperation::send(ConversationId, u"re: that"_s, 3));
        QCOMPARE(quoteAt(2)->id, 3);
        QVERIFY(quoteAt(2)->excerpt.isEmpty());
    }

    void changesOfOtherConversationsOrUnknownMessagesChangeNothing()
    {
        m_model->applyStored(theirs(10));
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        Message elsewhere = theirs(10, OtherConversationId);
        elsewhere.body = u"not here"_s;
        m_model->applyUpdate(updateOf(elsewhere, MessageUpdate::Kind::Edited, 11));
        Message unknown = theirs(99);
        unknown.body = u"not in the window"_s;
        m_model->applyUpdate(updateOf(unknown, MessageUpdate::Kind::Edited, 12));
        m_model->showOperation(OutgoingOperation::remove(OtherConversationId, 10));
        QCOMPARE(changed.count(), 0);
        QVERIFY(!value(0, MessageListModel::IsDeletedRole).toBool());
        QCOMPARE(m_model->rowCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestMessageChanges)
#include "tst_messagechanges.moc"
