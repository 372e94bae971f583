#pragma once

#include "jsoncodec.h"
#include "result.h"
#include "wiretypes.h"

#include <QString>

#include <optional>
#include <variant>

//! WebSocket frames: one JSON object per text message, discriminated by "type".
namespace chat::frames {

// Client to server ---------------------------------------------------------------

//! {"type":"auth","token":...,"after":N}: authenticates a socket that did not on the
//! upgrade. `after` (optional) is the last position the client has: the server replays
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
using ClientFrame = std::variant<Auth, Send, Ping>;

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
//! `position` is the highest message id the client now has. `resync` true means the
//! server could not replay from the client's position: refetch, then go on from `position`.
struct Ready
{
    int protocol = 0;
    User user;
    qint64 position = 0;
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
using ServerFrame = std::variant<Ready, Ack, MessageEvent, ErrorFrame, Pong>;

[[nodiscard]] QString encode(const ServerFrame &frame);
[[nodiscard]] Result<ServerFrame> decodeServerFrame(const QString &text);

} // namespace chat::frames
