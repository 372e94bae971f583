#pragma once

#include <shared/wiretypes.h>

#include <QString>

//! What replies, edits, deletion and reactions may do (protocol §4.5), in one place for the
//! server that enforces it and the client that offers only what will be allowed, and the
//! one way a quote's excerpt is made, so a client refreshing a quote after an edit shows
//! what the server would send.
namespace chat::rules {

//! The first line of a text, trimmed and cut to MaxExcerptLength characters (the last one
//! then "…", never half a surrogate pair): a reply preview's excerpt.
[[nodiscard]] QString excerptOf(const QString &body);

//! Whether `userId` may edit `message` (edit windows aside: only the server knows its own).
[[nodiscard]] inline bool canEdit(const Message &message, qint64 userId)
{
    return !message.isSystem() && !message.deleted && message.senderId == userId;
}

//! Whether a member with `role` may delete `message` for everyone: its sender, and in a
//! group its admins and owner.
[[nodiscard]] inline bool canDelete(const Message &message, qint64 userId, MemberRole role)
{
    return !message.isSystem() && !message.deleted
        && (message.senderId == userId || role >= MemberRole::Admin);
}

//! Whether anyone in the conversation may react to `message`.
[[nodiscard]] inline bool canReact(const Message &message)
{
    return !message.isSystem() && !message.deleted;
}

} // namespace chat::rules
