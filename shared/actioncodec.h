#pragma once

#include <shared/result.h>
#include <shared/wiretypes.h>

#include <QJsonArray>
#include <QJsonObject>

//! JSON of what replies, edits, deletions and reactions add to the protocol (version 3):
//! a message's state (reply preview, edited, deleted, reactions), the MessageUpdate that
//! announces a change, and the requests that make one. Decoders validate every field,
//! as in jsoncodec.h.
namespace chat::json {

//! Adds a message's state fields to its JSON object (jsoncodec's encode(Message)).
void encodeMessageState(const Message &message, QJsonObject &object);
//! Two of those fields, on their own: the message writer (messagejsonwriter.h) splices them.
[[nodiscard]] QJsonObject encode(const ReplyPreview &preview);
[[nodiscard]] QJsonArray encodeReactions(const QList<Reaction> &reactions);
//! Reads them: each is required, as every other field of a Message.
[[nodiscard]] Status decodeMessageState(const QJsonObject &object, Message &message);

[[nodiscard]] QString changeName(MessageUpdate::Kind kind);
[[nodiscard]] QJsonObject encode(const MessageUpdate &update);
[[nodiscard]] Result<MessageUpdate> decodeMessageUpdate(const QJsonObject &object);

//! Where an action applies: from the REST path, or read from a WebSocket frame.
struct MessageRef
{
    qint64 conversationId = 0;
    qint64 messageId = 0;
};
enum class RefSource { Path, Object };

//! Body of PATCH /conversations/{id}/messages/{messageId}, or an `edit` frame.
struct EditRequest
{
    MessageRef target;
    QString clientId;
    QString body;
};
[[nodiscard]] QJsonObject encode(const EditRequest &request, RefSource source);
[[nodiscard]] Result<EditRequest> decodeEditRequest(const QJsonObject &object, RefSource source);

//! Body of DELETE /conversations/{id}/messages/{messageId}, or a `delete` frame.
struct DeleteRequest
{
    MessageRef target;
    QString clientId;
};
[[nodiscard]] QJsonObject encode(const DeleteRequest &request, RefSource source);
[[nodiscard]] Result<DeleteRequest> decodeDeleteRequest(
    const QJsonObject &object, RefSource source);

//! Body of POST /conversations/{id}/messages/{messageId}/reactions, or a `react` frame.
struct ReactRequest
{
    MessageRef target;
    QString clientId;
    QString emoji;
    bool remove = false; //!< Takes the user's `emoji` off instead of putting it on.
};
[[nodiscard]] QJsonObject encode(const ReactRequest &request, RefSource source);
[[nodiscard]] Result<ReactRequest> decodeReactRequest(const QJsonObject &object, RefSource source);

//! One emoji: 1–MaxReactionLength characters, no spaces or control characters, at least
//! one of them outside ASCII.
[[nodiscard]] std::optional<Error> checkReaction(const QString &emoji);

} // namespace chat::json
