#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

//! Value types of the wire contract. Plain data: they are copied freely and compared
//! field by field; encoding lives in jsoncodec.h.
namespace chat {

//! A registered account as other users see it.
struct User
{
    qint64 id = 0;
    QString username;

    friend bool operator==(const User &, const User &) = default;
};

//! A stored message. `id` orders messages server-wide (higher is newer) and is the
//! position a client pages and resumes from. `clientId` is the sender's own id for it,
//! unique per sender: the key that makes sends idempotent and echoes reconcilable.
struct Message
{
    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 senderId = 0;
    QString senderName;
    QString clientId;
    QString body;
    QDateTime createdAt; //!< Server time of the commit, UTC, millisecond precision.

    friend bool operator==(const Message &, const Message &) = default;
};

//! A conversation and its members (two for a direct conversation).
struct Conversation
{
    qint64 id = 0;
    QList<User> members;

    friend bool operator==(const Conversation &, const Conversation &) = default;
};

//! Someone the user can talk to, with the state of their direct conversation.
struct Contact
{
    User user;
    qint64 conversationId = 0; //!< 0 while the two have never talked.
    std::optional<Message> lastMessage;
    // Awareness (absent from servers before these fields; then all zero/false/empty).
    qint64 unread = 0; //!< Messages from this contact past my read position.
    qint64 readUpTo = 0; //!< My read position in the conversation.
    qint64 theirReadUpTo = 0; //!< Their read position; 0 when receipts are not shared.
    qint64 theirDeliveredUpTo = 0; //!< Their delivered position; 0 when not shared.
    bool online = false; //!< False too when presence is not shared.
    std::optional<QDateTime> lastSeenAt; //!< Empty while online, never seen, or not shared.

    friend bool operator==(const Contact &, const Contact &) = default;
};

//! What a user shares with others. Turning one off also hides everyone else's.
struct Settings
{
    bool shareTyping = true;
    bool shareReceipts = true;
    bool sharePresence = true;

    friend bool operator==(const Settings &, const Settings &) = default;
};

//! A signed-in session as the login call returns it.
struct Session
{
    QString token;
    User user;
    QDateTime expiresAt;
};

//! One page of history, newest message first.
struct HistoryPage
{
    QList<Message> messages;
    bool hasMore = false; //!< Older messages exist before the last one of this page.
};

} // namespace chat
