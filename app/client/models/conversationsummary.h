#pragma once

#include <shared/wiretypes.h>

#include <QDateTime>

#include <optional>

namespace chat::client {

//! What the conversation list shows of one conversation. Today every conversation is
//! direct (two members), and a person we have not talked with yet shows as one with no
//! id (0) until it is opened; the directory of the next issue takes those over.
struct ConversationSummary
{
    qint64 id = 0; //!< 0: a person we can talk with, no conversation yet.
    QString title; //!< The other member's name.
    User peer; //!< The other member.
    std::optional<Message> lastMessage;
    qint64 unread = 0; //!< Others' messages past our read position.
    qint64 readUpTo = 0; //!< Our read position.
    qint64 peerDeliveredUpTo = 0; //!< The other member's delivered position (0: not shared).
    qint64 peerReadUpTo = 0; //!< The other member's read position (0: not shared).
    bool peerOnline = false; //!< False too when presence is not shared.
    std::optional<QDateTime> peerLastSeen; //!< Empty while online, unknown or not shared.

    //! The sort key of the list: the newest message id (ids grow with time), 0 if none.
    [[nodiscard]] qint64 lastActivity() const { return lastMessage ? lastMessage->id : 0; }

    //! The summary of a direct conversation as GET /contacts describes it.
    [[nodiscard]] static ConversationSummary fromContact(const Contact &contact)
    {
        return { .id = contact.conversationId,
            .title = contact.user.username,
            .peer = contact.user,
            .lastMessage = contact.lastMessage,
            .unread = contact.unread,
            .readUpTo = contact.readUpTo,
            .peerDeliveredUpTo = contact.theirDeliveredUpTo,
            .peerReadUpTo = contact.theirReadUpTo,
            .peerOnline = contact.online,
            .peerLastSeen = contact.lastSeenAt };
    }

    friend bool operator==(const ConversationSummary &, const ConversationSummary &) = default;
};

} // namespace chat::client
