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

//! What a member may do in a group. Ordered: each role may do what the ones before it may.
enum class MemberRole {
    Member, //!< Writes, reads, leaves.
    Admin, //!< Also renames, adds members, removes plain members.
    Owner, //!< Also removes admins and changes roles; exactly one per group.
};

//! A member of a conversation: the user, and their role in it.
struct Member
{
    User user;
    MemberRole role = MemberRole::Member;

    friend bool operator==(const Member &, const Member &) = default;
};

//! A change of a conversation, recorded in its timeline like a message (protocol §4.3).
struct SystemEvent
{
    enum class Type {
        GroupCreated, //!< The sender created the group, titled `title`, with `userIds`.
        MembersAdded, //!< The sender added `userIds`.
        MemberRemoved, //!< The sender removed `userIds` (one).
        MemberLeft, //!< The sender left.
        Renamed, //!< The sender set the title to `title` (and the topic to `topic`).
        RoleChanged, //!< `userIds` (one) has `role` now; the sender decided it.
    };
    Type type = Type::GroupCreated;
    QList<qint64> userIds;
    QString title;
    QString topic;
    MemberRole role = MemberRole::Member;

    friend bool operator==(const SystemEvent &, const SystemEvent &) = default;
};

//! What a reply shows of the message it quotes (protocol §4.4), as the reader may see it.
struct ReplyPreview
{
    qint64 id = 0; //!< The quoted message.
    //! False when the reader may not see the quoted message (it predates their joining):
    //! then nothing but `id` is set.
    bool available = true;
    bool deleted = false; //!< Deleted for everyone since: no sender or text.
    qint64 senderId = 0;
    QString senderName;
    QString excerpt; //!< Its first line, at most MaxExcerptLength characters.

    friend bool operator==(const ReplyPreview &, const ReplyPreview &) = default;
};

//! One emoji on a message and who put it there, in the order they did.
struct Reaction
{
    QString emoji;
    QList<qint64> userIds;

    friend bool operator==(const Reaction &, const Reaction &) = default;
};

//! A stored entry of a conversation's timeline: a message someone wrote, or (with
//! `event`) a change of the conversation, whose `body` then says it in English for
//! clients that do not know events. `id` orders entries server-wide (higher is newer)
//! and is the cursor a client pages and resumes from. `clientId` is the sender's own id
//! for it, unique per sender: the key that makes sends idempotent and echoes
//! reconcilable (events get one from the server).
struct Message
{
    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 senderId = 0;
    QString senderName;
    QString clientId;
    QString body;
    QDateTime createdAt; //!< Server time of the commit, UTC, millisecond precision.
    std::optional<SystemEvent> event; //!< Set for a change of the conversation.
    // Its state now (protocol version 3): what replies, edits, deletion and reactions made it.
    std::optional<ReplyPreview> replyTo; //!< The message this one answers, if any.
    std::optional<QDateTime> editedAt; //!< When its text was last changed, if ever.
    bool deleted = false; //!< Deleted for everyone: `body` is empty, no reactions.
    QList<Reaction> reactions; //!< In the order each emoji was first used.

    [[nodiscard]] bool isSystem() const { return event.has_value(); }

    friend bool operator==(const Message &, const Message &) = default;
};

//! A change of a stored message (an edit, a deletion, a reaction added or removed),
//! itself an entry with a position in the timeline: delivered live, replayed on resume,
//! never counted as unread, never shown as an entry of its own (protocol §4.5).
struct MessageUpdate
{
    enum class Kind { Edited, Deleted, ReactionAdded, ReactionRemoved };
    qint64 position = 0; //!< Orders it with messages, like a message id.
    Kind kind = Kind::Edited;
    qint64 userId = 0; //!< Who made the change.
    QString clientId; //!< Theirs for it: the key that makes a retry change nothing.
    QString emoji; //!< Reactions only.
    QDateTime createdAt;
    Message message; //!< The changed message as it stands now.

    friend bool operator==(const MessageUpdate &, const MessageUpdate &) = default;
};

enum class ConversationKind { Direct, Group };

//! A conversation and its members (two for a direct conversation).
struct Conversation
{
    qint64 id = 0;
    QList<Member> members;
    ConversationKind kind = ConversationKind::Direct;
    QString title; //!< Groups only: 1–100 characters.
    QString topic; //!< Groups only; may be empty.

    friend bool operator==(const Conversation &, const Conversation &) = default;
};

//! One conversation as the user's list shows it (GET /conversations): what it is, how
//! the user stands in it, its newest entry and what is unread, and for a direct
//! conversation the other member's positions and presence as the privacy rule lets the
//! user see them.
struct ConversationEntry
{
    qint64 id = 0;
    ConversationKind kind = ConversationKind::Direct;
    QString title; //!< Groups: the title; direct: empty (show the other member's name).
    QString topic;
    int memberCount = 0; //!< Current members.
    MemberRole role = MemberRole::Member; //!< The user's role (Member in direct ones).
    //! False once the user left or was removed: the history up to then stays readable.
    bool active = true;
    bool muted = false;
    std::optional<Message> lastMessage;
    qint64 unread = 0; //!< Others' messages (not events) past the user's read position.
    qint64 readUpTo = 0;
    std::optional<User> peer; //!< Direct conversations: the other member.
    qint64 peerReadUpTo = 0; //!< 0 when receipts are not shared.
    qint64 peerDeliveredUpTo = 0;
    bool peerOnline = false; //!< False too when presence is not shared.
    std::optional<QDateTime> peerLastSeenAt;

    friend bool operator==(const ConversationEntry &, const ConversationEntry &) = default;
};

//! A member as the member list shows them (GET /conversations/{id}/members).
struct MemberState
{
    Member member;
    qint64 readUpTo = 0; //!< 0 when receipts are not shared (either way).
    qint64 deliveredUpTo = 0;
    bool online = false; //!< False too when presence is not shared.
    std::optional<QDateTime> lastSeenAt;

    friend bool operator==(const MemberState &, const MemberState &) = default;
};

//! Who has read a message, and who has it without having read it yet.
struct MessageReceipts
{
    QList<User> readBy;
    QList<User> deliveredTo;

    friend bool operator==(const MessageReceipts &, const MessageReceipts &) = default;
};

//! A piece of a search hit's snippet: text as stored, and whether it matched the query.
struct SnippetPart
{
    QString text;
    bool match = false;

    friend bool operator==(const SnippetPart &, const SnippetPart &) = default;
};

//! A message found by a search, with the words around the match.
struct SearchHit
{
    Message message;
    QList<SnippetPart> snippet; //!< In order; joined, the text around the match.

    friend bool operator==(const SearchHit &, const SearchHit &) = default;
};

//! One page of search results, best match first (GET /search).
struct SearchPage
{
    QList<SearchHit> hits;
    bool hasMore = false; //!< More hits follow (ask with offset=nextOffset).
    int nextOffset = 0;

    friend bool operator==(const SearchPage &, const SearchPage &) = default;
};

//! One page of the people directory, by username.
struct DirectoryPage
{
    QList<User> users;
    bool hasMore = false; //!< More match after the last one (ask with after=<its name>).

    friend bool operator==(const DirectoryPage &, const DirectoryPage &) = default;
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

//! What a user shares with others. Turning one of the first three off also hides
//! everyone else's. `findable`: others find the user in the directory (people who
//! already share a conversation with them always do).
struct Settings
{
    bool shareTyping = true;
    bool shareReceipts = true;
    bool sharePresence = true;
    bool findable = true;

    friend bool operator==(const Settings &, const Settings &) = default;
};

//! A signed-in session as the login call returns it.
struct Session
{
    QString token;
    User user;
    QDateTime expiresAt;
};

//! One of a user's sessions, as GET /sessions lists it: never its token.
struct SessionInfo
{
    qint64 id = 0; //!< Names the session for DELETE /sessions/{id}; grants nothing.
    QDateTime createdAt; //!< Its login.
    QDateTime lastUsedAt; //!< Recorded at most about once a minute.
    QDateTime expiresAt; //!< The end of its lifetime (an idle timeout may end it sooner).
    QString client; //!< The User-Agent of its login; empty if none was sent.
    QString address; //!< The address its login came from.
    bool current = false; //!< The session of the request that listed it.

    friend bool operator==(const SessionInfo &, const SessionInfo &) = default;
};

//! One page of history, newest message first.
struct HistoryPage
{
    QList<Message> messages;
    bool hasMore = false; //!< Older messages exist before the last one of this page.
    //! Only for a page around a message: newer messages exist after the first one.
    std::optional<bool> hasNewer;
};

} // namespace chat
