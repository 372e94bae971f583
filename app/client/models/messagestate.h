#pragma once

#include <client/outgoing/outgoingoperation.h>
#include <shared/wiretypes.h>

#include <QList>
#include <QMetaType>

//! What replies, edits, deletion and reactions make of a message, for the models: a
//! message with our own changes that are still on their way shown as if done, a stored
//! change taken over, a quote kept in step with the message it quotes, and reactions as
//! the bubble shows them. Plain functions over values: the models decide when.
namespace chat::client::messagestate {

//! One emoji under a message as the bubble shows it.
struct ReactionChip
{
    QString emoji;
    QList<qint64> userIds; //!< Who put it there, in the order they did.
    bool own = false; //!< The signed-in user is among them.

    [[nodiscard]] int count() const { return int(userIds.size()); }
    friend bool operator==(const ReactionChip &, const ReactionChip &) = default;
};

//! `message` as its sender and readers see it while our `changes` (edits, a deletion,
//! reactions; oldest first) wait for the server: each applied as the server would.
[[nodiscard]] Message withPendingChanges(
    Message message, const QList<OutgoingOperation> &changes, qint64 ownUserId);

//! Takes the state of `changed` (a newer copy of the same message: text, edit time,
//! deletion, reactions, quote). Returns whether anything differed.
bool takeState(Message &message, const Message &changed);

//! A quote of `quoted` as the server would make it for someone who may see it.
[[nodiscard]] ReplyPreview previewOf(const Message &quoted);

//! If `message` quotes `changed`, its quote now shows `changed` as it is (edited text,
//! or deleted). Returns whether the quote changed.
bool refreshQuote(Message &message, const Message &changed);

//! The reactions of `message` as chips, each marked when `ownUserId` is among its users.
[[nodiscard]] QList<ReactionChip> chipsOf(const Message &message, qint64 ownUserId);

} // namespace chat::client::messagestate

Q_DECLARE_METATYPE(chat::ReplyPreview)
Q_DECLARE_METATYPE(chat::client::messagestate::ReactionChip)
