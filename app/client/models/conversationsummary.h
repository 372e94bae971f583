#pragma once

#include <shared/wiretypes.h>

#include <QDateTime>

#include <optional>

namespace chat::client {

//! What the conversation list shows of one conversation, direct or group: its title (the
//! other member's name for a direct one), how the user stands in it, its newest entry,
//! what is unread, and for a direct conversation the other member's positions and
//! presence.
struct ConversationSummary
{
    qint64 id = 0;
    ConversationKind kind = ConversationKind::Direct;
    QString title; //!< The group's title, or the other member's name.
    QString topic;
    int memberCount = 2;
    MemberRole role = MemberRole::Member; //!< The user's role.
    bool active = true; //!< False once the user left or was removed.
    bool muted = false;
    User peer; //!< Direct conversations: the other member.
    std::optional<Message> lastMessage;
    qint64 unread = 0; //!< Others' messages past our read position.
    qint64 readUpTo = 0; //!< Our read position.
    qint64 peerDeliveredUpTo = 0; //!< The other member's delivered position (0: not shared).
    qint64 peerReadUpTo = 0; //!< The other member's read position (0: not shared).
    bool peerOnline = false; //!< False too when presence is not shared.
    std::optional<QDateTime> peerLastSeen; //!< Empty while online, unknown or not shared.

    [[nodiscard]] bool isGroup() const { return kind == ConversationKind::Group; }
    //! The sort key of the list: the newest entry's id (ids grow with time), 0 if none.
    [[nodiscard]] qint64 lastActivity() const { return lastMessage ? lastMessage->id : 0; }

    //! The summary of a conversation as GET /conversations (or a `conversation` frame)
    //! describes it.
    [[nodiscard]] static ConversationSummary fromEntry(const ConversationEntry &entry)
    {
        const bool group = entry.kind == ConversationKind::Group;
        return { .id = entry.id,
            .kind = entry.kind,
            .title = group ? entry.title : entry.peer.value_or(User {}).username,
            .topic = entry.topic,
            .memberCount = entry.memberCount,
            .role = entry.role,
            .active = entry.active,
            .muted = entry.muted,
            .peer = entry.peer.value_or(User {}),
            .lastMessage = entry.lastMessage,
            .unread = entry.unread,
            .readUpTo = entry.readUpTo,
            .peerDeliveredUpTo = entry.peerDeliveredUpTo,
            .peerReadUpTo = entry.peerReadUpTo,
            .peerOnline = entry.peerOnline,
            .peerLastSeen = entry.peerLastSeenAt };
    }

    friend bool operator==(const ConversationSummary &, const ConversationSummary &) = default;
};

} // namespace chat::client
