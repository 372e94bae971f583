#pragma once

#include <QtGlobal>

//! The protocol version and every limit of the wire contract, as named constants.
//! docs/PROTOCOL.md quotes these numbers; change both together.
namespace chat::protocol {

//! Bumped on any change of the wire format; sent in the `ready` frame. Version 2 added
//! groups, timeline events, the conversation list, the directory; version 3 replies,
//! edits, deletion, reactions and updates with positions (docs/PROTOCOL.md §8).
inline constexpr int Version = 3;

//! Prefix of every REST route.
inline constexpr char ApiPrefix[] = "/api/v1";
//! Path of the WebSocket endpoint (on the same port as REST).
inline constexpr char WebSocketPath[] = "/api/v1/ws";
//! The port chatd and the app's hosted server listen on unless told otherwise.
inline constexpr quint16 DefaultPort = 8420;

namespace limits {
//! Longest message body, in bytes of UTF-8.
inline constexpr qsizetype MaxBodyBytes = 16 * 1024;
//! Largest WebSocket frame and message a peer may send, in bytes.
inline constexpr qsizetype MaxFrameBytes = 64 * 1024;
//! Largest REST request body, in bytes.
inline constexpr qsizetype MaxRequestBytes = 64 * 1024;
//! History page size when the client names none, and the cap on the one it names.
inline constexpr int DefaultPageSize = 50;
inline constexpr int MaxPageSize = 200;
//! Username length, in characters (letters, digits, '.', '_', '-').
inline constexpr int MinUsernameLength = 3;
inline constexpr int MaxUsernameLength = 32;
//! Password length, in characters.
inline constexpr int MinPasswordLength = 8;
inline constexpr int MaxPasswordLength = 256;
//! Client id length (a UUID fits), in characters of [A-Za-z0-9._:{}-].
inline constexpr int MaxClientIdLength = 64;
//! Request id on the WebSocket (echoed in the ack or error), in characters.
inline constexpr int MaxRequestIdLength = 64;
//! Most messages a reconnecting socket is replayed; further behind, it is told to resync.
inline constexpr int MaxReplayMessages = 2000;
//! A group's title, in characters (after trimming), and its topic.
inline constexpr int MaxTitleLength = 100;
inline constexpr int MaxTopicLength = 1000;
//! Members of one group, unless the server is configured otherwise.
inline constexpr int DefaultMemberLimit = 1000;
//! Users one request may name (creating a group, adding members).
inline constexpr int MaxUsersPerRequest = 1000;
//! A page of the people directory when the client names none, and the cap.
inline constexpr int DefaultDirectoryPage = 20;
inline constexpr int MaxDirectoryPage = 100;
//! A directory search string, in characters.
inline constexpr int MaxSearchLength = 64;
//! A message search (GET /search): its text in characters, and its pages.
inline constexpr int MaxMessageQueryLength = 200;
inline constexpr int DefaultSearchPage = 20;
inline constexpr int MaxSearchPage = 50;
//! How deep into the ranking a search may page (offset + limit).
inline constexpr int MaxSearchDepth = 1000;
//! A reply's excerpt of the message it quotes, in characters.
inline constexpr int MaxExcerptLength = 100;
//! A reaction, in characters (one emoji, with its modifiers and joiners).
inline constexpr int MaxReactionLength = 32;
//! Different reactions one user may put on one message.
inline constexpr int MaxReactionsPerUser = 20;
} // namespace limits

//! WebSocket close codes the server uses besides the standard ones.
namespace closecodes {
//! The socket did not authenticate in time, or sent a bad token.
inline constexpr int AuthenticationFailed = 4001;
//! The token was revoked (logout) while the socket was open.
inline constexpr int SessionRevoked = 4002;
//! The session passed its lifetime or idle timeout while the socket was open.
inline constexpr int SessionExpired = 4003;
//! The user already has as many sockets open as the server allows.
inline constexpr int TooManySockets = 4004;
} // namespace closecodes

} // namespace chat::protocol
