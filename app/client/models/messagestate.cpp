#include "messagestate.h"

#include <shared/messagerules.h>

#include <algorithm>

namespace chat::client::messagestate {

namespace {

using Kind = OutgoingOperation::Kind;

void addReaction(QList<Reaction> &reactions, const QString &emoji, qint64 userId)
{
    auto found = std::find_if(reactions.begin(), reactions.end(),
        [&emoji](const Reaction &reaction) { return reaction.emoji == emoji; });
    if (found == reactions.end())
        reactions.append(Reaction { emoji, { userId } });
    else if (!found->userIds.contains(userId))
        found->userIds.append(userId);
}

void removeReaction(QList<Reaction> &reactions, const QString &emoji, qint64 userId)
{
    auto found = std::find_if(reactions.begin(), reactions.end(),
        [&emoji](const Reaction &reaction) { return reaction.emoji == emoji; });
    if (found == reactions.end())
        return;
    found->userIds.removeAll(userId);
    if (found->userIds.isEmpty())
        reactions.erase(found);
}

} // namespace

Message withPendingChanges(
    Message message, const QList<OutgoingOperation> &changes, qint64 ownUserId)
{
    for (const OutgoingOperation &change : changes) {
        if (message.deleted)
            break; // nothing changes a deleted message (the server refuses it too)
        switch (change.kind) {
        case Kind::Send:
            break;
        case Kind::Edit:
            message.body = change.body;
            message.editedAt = change.createdAt;
            break;
        case Kind::Delete:
            message.deleted = true;
            message.body.clear();
            message.reactions.clear();
            break;
        case Kind::React:
            addReaction(message.reactions, change.emoji, ownUserId);
            break;
        case Kind::Unreact:
            removeReaction(message.reactions, change.emoji, ownUserId);
            break;
        }
    }
    return message;
}

bool takeState(Message &message, const Message &changed)
{
    if (message.body == changed.body && message.editedAt == changed.editedAt
        && message.deleted == changed.deleted && message.reactions == changed.reactions
        && message.replyTo == changed.replyTo)
        return false;
    message.body = changed.body;
    message.editedAt = changed.editedAt;
    message.deleted = changed.deleted;
    message.reactions = changed.reactions;
    message.replyTo = changed.replyTo;
    return true;
}

ReplyPreview previewOf(const Message &quoted)
{
    ReplyPreview preview { .id = quoted.id };
    preview.deleted = quoted.deleted;
    if (!quoted.deleted) {
        preview.senderId = quoted.senderId;
        preview.senderName = quoted.senderName;
        preview.excerpt = rules::excerptOf(quoted.body);
    }
    return preview;
}

bool refreshQuote(Message &message, const Message &changed)
{
    // A quote the reader may not see stays as the server made it.
    if (!message.replyTo || message.replyTo->id != changed.id || !message.replyTo->available)
        return false;
    const ReplyPreview preview = previewOf(changed);
    if (*message.replyTo == preview)
        return false;
    message.replyTo = preview;
    return true;
}

QList<ReactionChip> chipsOf(const Message &message, qint64 ownUserId)
{
    QList<ReactionChip> chips;
    chips.reserve(message.reactions.size());
    for (const Reaction &reaction : message.reactions) {
        chips.append(ReactionChip {
            reaction.emoji, reaction.userIds, reaction.userIds.contains(ownUserId) });
    }
    return chips;
}

} // namespace chat::client::messagestate
