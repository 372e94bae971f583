#pragma once

#include <shared/actioncodec.h>
#include <shared/jsoncodec.h>
#include <shared/wireerror.h>

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

namespace chat::client {

//! Something the user did that the server must learn, from the moment it is done until
//! the server's verdict: a message sent, or an edit, a deletion or a reaction of a stored
//! message (uploads become another kind, not another class). The client id is the
//! operation's identity on both sides: it is written to disk with the operation, reused
//! by every retry (so the server applies it once), and it is how the server's copy is
//! recognised.
struct OutgoingOperation
{
    enum class Kind {
        Send, //!< A new message: `body` in `conversationId`, answering `replyTo` if set.
        Edit, //!< Our message `targetId` gets the text `body`.
        Delete, //!< Message `targetId` is deleted for everyone.
        React, //!< Our `emoji` goes on message `targetId`.
        Unreact, //!< Our `emoji` comes off message `targetId`.
    };

    //! Where the operation is on its way (libQuotient's Submitted, Departed and
    //! SendingFailed). Reaching the server is not a state: the queue lets go of the
    //! operation then, and says so with the server's copy.
    enum class State {
        Queued, //!< Written down; waits for its turn, or for the network.
        Sending, //!< On its way to the server; no verdict yet.
        Failed, //!< Refused by the server (`error` says why); waits for retry or discard.
    };

    Kind kind = Kind::Send;
    QString clientId;
    qint64 conversationId = 0;
    QString body; //!< Send and Edit: the text.
    QDateTime createdAt; //!< When the user did it (UTC, whole milliseconds).
    State state = State::Queued;
    QString error; //!< The server's reason, while Failed.
    ErrorCode errorCode = ErrorCode::Internal; //!< Its code, while Failed.
    qint64 targetId = 0; //!< Edit, Delete, React, Unreact: the stored message it changes.
    qint64 replyTo = 0; //!< Send: the message it answers; 0 for none.
    QString emoji; //!< React, Unreact.

    //! A new message with a fresh client id, made now.
    [[nodiscard]] static OutgoingOperation send(
        qint64 conversationId, const QString &body, qint64 replyTo = 0);
    //! New text for our stored message `messageId`.
    [[nodiscard]] static OutgoingOperation edit(
        qint64 conversationId, qint64 messageId, const QString &body);
    //! Deletes stored message `messageId` for everyone.
    [[nodiscard]] static OutgoingOperation remove(qint64 conversationId, qint64 messageId);
    //! Puts `emoji` on stored message `messageId`, or takes it off (`add` false).
    [[nodiscard]] static OutgoingOperation react(
        qint64 conversationId, qint64 messageId, const QString &emoji, bool add);

    //! Failed for a reason that sending it again as it is cannot change (too long, not
    //! allowed, gone): the user can edit or delete it, not retry it.
    [[nodiscard]] bool isRefusedForGood() const;

    //! A change of a stored message rather than a new one: the server answers it with a
    //! MessageUpdate, and it never shows as a row of its own.
    [[nodiscard]] bool changesMessage() const { return kind != Kind::Send; }

    // The requests that carry each kind to the server.
    [[nodiscard]] json::SendRequest sendRequest() const;
    [[nodiscard]] json::EditRequest editRequest() const;
    [[nodiscard]] json::DeleteRequest deleteRequest() const;
    [[nodiscard]] json::ReactRequest reactRequest() const;

    friend bool operator==(const OutgoingOperation &, const OutgoingOperation &) = default;
};

//! The names kinds and states have on disk and in logs.
[[nodiscard]] QString kindName(OutgoingOperation::Kind kind);
[[nodiscard]] std::optional<OutgoingOperation::Kind> kindFromName(const QString &name);
[[nodiscard]] QString stateName(OutgoingOperation::State state);

} // namespace chat::client

Q_DECLARE_METATYPE(chat::client::OutgoingOperation)
