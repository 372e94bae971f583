#pragma once

#include <shared/actioncodec.h>
#include <shared/jsoncodec.h>
#include <shared/result.h>
#include <shared/wiretypes.h>

#include <QString>

#include <optional>
#include <variant>

//! WebSocket frames: one JSON object per text message, discriminated by "type".
namespace chat::frames {

// Client to server ---------------------------------------------------------------

//! {"type":"auth","token":...,"after":N}: authenticates a socket that did not on the
//! upgrade. `after` (optional) is the client's resume cursor: the server replays
//! what came after it before `ready`.
struct Auth
{
    QString token;
    std::optional<qint64> after;
};
//! {"type":"send","id":...,"conversationId":...,"clientId":...,"body":...}
struct Send
{
    QString requestId;
    json::SendRequest request;
};
//! {"type":"ping","id":...}: the server answers with a pong carrying the same id.
struct Ping
{
    QString requestId;
};
//! {"type":"read","id":...,"conversationId":N,"upTo":M}: the user has read the
//! conversation up to message M (inclusive). Positions only move forward.
struct Read
{
    QString requestId; //!< Optional; names the request in an error frame.
    qint64 conversationId = 0;
    qint64 upTo = 0;
};
//! {"type":"delivered","id":...,"conversationId":N,"upTo":M}: this instance has received
//! the conversation's messages up to M (live or replayed).
struct Delivered
{
    QString requestId;
    qint64 conversationId = 0;
    qint64 upTo = 0;
};
//! {"type":"typing","id":...,"conversationId":N}: the user is typing (at most one every
//! few seconds while they type).
struct Typing
{
    QString requestId;
    qint64 conversationId = 0;
};
//! {"type":"edit","id":...,"conversationId":N,"messageId":M,"clientId":...,"body":...}
struct Edit
{
    QString requestId;
    json::EditRequest request;
};
//! {"type":"delete","id":...,"conversationId":N,"messageId":M,"clientId":...}
struct Delete
{
    QString requestId;
    json::DeleteRequest request;
};
//! {"type":"react","id":...,"conversationId":N,"messageId":M,"clientId":...,"emoji":...,
//! "remove":false}
struct React
{
    QString requestId;
    json::ReactRequest request;
};
using ClientFrame = std::variant<Auth, Send, Ping, Read, Delivered, Typing, Edit, Delete, React>;

//! A client frame that failed to decode, with the request id when one could be read,
//! so the error frame can name the offending request.
struct ClientFrameError
{
    QString requestId;
    Error error;
};

[[nodiscard]] QString encode(const ClientFrame &frame);
//! Decodes one text message. `requestId` receives the frame's id even when it fails.
[[nodiscard]] Result<ClientFrame> decodeClientFrame(const QString &text, QString *requestId);

// Server to client ---------------------------------------------------------------

//! {"type":"ready","protocol":1,"user":{...},"position":N,"resync":false}: the socket is
//! authenticated and live. Everything before it was replay, everything after is live.
//! `position` (on the wire; `cursor` here) is the resume cursor: the highest message id the
//! client now has. `resync` true means the server could not replay from the client's
//! cursor: refetch, then go on from `cursor`.
struct Ready
{
    int protocol = 0;
    User user;
    qint64 cursor = 0; //!< Wire name "position".
    bool resync = false;
};
//! {"type":"ack","id":...,"message":{...},"duplicate":false}: a send was stored.
//! `duplicate` is true when the client id had been used: nothing new was created.
struct Ack
{
    QString requestId;
    Message message;
    bool duplicate = false;
};
//! {"type":"ack","id":...,"update":{...},"duplicate":false}: an edit, delete or react
//! was stored. `duplicate`: the client id had been used for this change before, so this
//! is the original change (with the message as it is now) and nothing new was stored.
struct ActionAck
{
    QString requestId;
    MessageUpdate update;
    bool duplicate = false;
};
//! {"type":"update","update":{...}}: a message of one of the user's conversations was
//! edited, deleted or reacted to (live, or replayed before `ready`).
struct UpdateEvent
{
    MessageUpdate update;
};
//! {"type":"message","message":{...}}: a new message in one of the user's conversations.
struct MessageEvent
{
    Message message;
};
//! {"type":"error","id":...|null,"error":{...}}
struct ErrorFrame
{
    QString requestId; //!< Empty when the error concerns no particular request.
    Error error;
};
//! {"type":"pong","id":...}
struct Pong
{
    QString requestId;
};
//! {"type":"readPosition","conversationId":N,"upTo":M}: the user's own read position
//! moved (on this instance or another), so unread counts clear everywhere.
struct ReadPosition
{
    qint64 conversationId = 0;
    qint64 upTo = 0;
};
enum class ReceiptKind { Delivered, Read };
//! {"type":"receipt","conversationId":N,"userId":U,"kind":"delivered"|"read","upTo":M}:
//! another member's delivered or read position moved.
struct Receipt
{
    qint64 conversationId = 0;
    qint64 userId = 0;
    ReceiptKind kind = ReceiptKind::Read;
    qint64 upTo = 0;
};
//! {"type":"typing","conversationId":N,"userId":U,"expiresInMs":5000}: another member is
//! typing; show it until expiresInMs passes without another one or their message arrives.
struct TypingEvent
{
    qint64 conversationId = 0;
    qint64 userId = 0;
    int expiresInMs = 0;
};
//! {"type":"presence","userId":U,"online":bool,"lastSeenAt":"..."|null}
struct PresenceEvent
{
    qint64 userId = 0;
    bool online = false;
    std::optional<QDateTime> lastSeenAt;
};
//! {"type":"conversation","conversation":{...}}: one of the user's conversations appeared
//! (created, added to) or changed (renamed, members changed, left or removed, muted):
//! the entry as GET /conversations/{id} would answer now. Not replayed: a client that
//! was away fetches the list after `ready`.
struct ConversationUpdate
{
    ConversationEntry conversation;
};
using ServerFrame = std::variant<Ready, Ack, MessageEvent, ErrorFrame, Pong, ReadPosition, Receipt,
    TypingEvent, PresenceEvent, ConversationUpdate, ActionAck, UpdateEvent>;

[[nodiscard]] QString encode(const ServerFrame &frame);
[[nodiscard]] Result<ServerFrame> decodeServerFrame(const QString &text);

} // namespace chat::frames
