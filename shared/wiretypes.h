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

    friend bool operator==(const Contact &, const Contact &) = default;
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
