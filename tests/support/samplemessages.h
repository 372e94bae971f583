#pragma once

#include <shared/wiretypes.h>

#include <QDateTime>
#include <QList>
#include <QString>

// Stored messages as the server would hand them to a client model, for the model unit
// tests (no server): conversation 7 between us (user 1, alice) and bob (user 2).
namespace chat::test {

inline constexpr qint64 ConversationId = 7;
inline constexpr qint64 OtherConversationId = 8;
inline constexpr qint64 OwnUserId = 1;
inline constexpr qint64 BobId = 2;

//! The server's commit time of message `id`: distinct per id, UTC, whole milliseconds.
QDateTime serverTime(qint64 id);
//! When the user pressed Enter on local message number `n`: an hour after the history.
QDateTime writtenTime(int n);

Message storedMessage(qint64 id, qint64 senderId, const QString &clientId, const QString &body,
    qint64 conversationId = ConversationId);
//! A message from Bob, the other member of the conversation (client id "bob-<id>").
Message theirs(qint64 id, qint64 conversationId = ConversationId);
//! The server's copy of one of our messages.
Message ours(qint64 id, const QString &clientId, const QString &body,
    qint64 conversationId = ConversationId);

//! A history page as the server sends it: Bob's ids `from`..`to` (both included), newest first.
QList<Message> pageOf(qint64 from, qint64 to);
//! Stored ids `from`..`to`, ascending.
QList<qint64> idRange(qint64 from, qint64 to);

} // namespace chat::test
