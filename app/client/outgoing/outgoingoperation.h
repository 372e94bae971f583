#pragma once

#include <shared/jsoncodec.h>

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

namespace chat::client {

//! Something the user did that the server must learn, from the moment it is done until
//! the server's verdict: today a message sent; edits, deletions, reactions and uploads
//! become new kinds, not new classes. The client id is the operation's identity on both
//! sides: it is written to disk with the operation, reused by every retry (so the server
//! applies it once), and it is how the server's copy is recognised.
struct OutgoingOperation
{
    enum class Kind {
        Send, //!< A new message: `body` in `conversationId`.
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
    QString body;
    QDateTime createdAt; //!< When the user did it (UTC, whole milliseconds).
    State state = State::Queued;
    QString error; //!< The server's reason, while Failed.

    //! A new message with a fresh client id, made now.
    [[nodiscard]] static OutgoingOperation send(qint64 conversationId, const QString &body);

    //! The request that carries a Send to the server.
    [[nodiscard]] json::SendRequest sendRequest() const
    {
        return { .conversationId = conversationId, .clientId = clientId, .body = body };
    }

    friend bool operator==(const OutgoingOperation &, const OutgoingOperation &) = default;
};

//! The names kinds and states have on disk and in logs.
[[nodiscard]] QString kindName(OutgoingOperation::Kind kind);
[[nodiscard]] std::optional<OutgoingOperation::Kind> kindFromName(const QString &name);
[[nodiscard]] QString stateName(OutgoingOperation::State state);

} // namespace chat::client

Q_DECLARE_METATYPE(chat::client::OutgoingOperation)
