#pragma once

#include <shared/result.h>
#include <shared/wiretypes.h>

#include <QJsonObject>

//! JSON encoding of the wire types and of the REST request bodies. Decoders validate
//! every field (presence, type, limits) and return the first problem as an Error.
namespace chat::json {

//! Timestamps travel as ISO 8601 UTC with milliseconds: "2026-11-24T09:15:02.123Z".
[[nodiscard]] QString encodeTime(const QDateTime &time);

[[nodiscard]] QJsonObject encode(const User &user);
[[nodiscard]] QJsonObject encode(const Message &message);
[[nodiscard]] QJsonObject encode(const Conversation &conversation);
[[nodiscard]] QJsonObject encode(const Contact &contact);
[[nodiscard]] QJsonObject encode(const Session &session);
[[nodiscard]] QJsonObject encode(const HistoryPage &page);
[[nodiscard]] QJsonObject encode(const Settings &settings);

[[nodiscard]] Result<User> decodeUser(const QJsonObject &object);
[[nodiscard]] Result<Message> decodeMessage(const QJsonObject &object);
[[nodiscard]] Result<Conversation> decodeConversation(const QJsonObject &object);
[[nodiscard]] Result<Contact> decodeContact(const QJsonObject &object);
[[nodiscard]] Result<QList<Contact>> decodeContactList(const QJsonObject &object);
[[nodiscard]] Result<Session> decodeSession(const QJsonObject &object);
[[nodiscard]] Result<HistoryPage> decodeHistoryPage(const QJsonObject &object);
//! All the settings, as GET and PUT /settings answer.
[[nodiscard]] Result<Settings> decodeSettings(const QJsonObject &object);

//! Body of PUT /settings: any non-empty subset of the settings; unknown names are refused.
struct SettingsUpdate
{
    std::optional<bool> shareTyping;
    std::optional<bool> shareReceipts;
    std::optional<bool> sharePresence;
    std::optional<bool> findable;

    [[nodiscard]] Settings appliedTo(Settings settings) const;
};
[[nodiscard]] QJsonObject encode(const SettingsUpdate &update);
[[nodiscard]] Result<SettingsUpdate> decodeSettingsUpdate(const QJsonObject &object);

//! Body of POST /conversations/{id}/read: the message id read up to (inclusive).
struct ReadRequest
{
    qint64 upTo = 0;
};
[[nodiscard]] QJsonObject encode(const ReadRequest &request);
[[nodiscard]] Result<ReadRequest> decodeReadRequest(const QJsonObject &object);

//! Body of POST /register and POST /login.
struct Credentials
{
    QString username;
    QString password;
};
//! Registration also enforces the username and password rules; login only the types.
enum class CredentialsUse { Register, Login };
[[nodiscard]] QJsonObject encode(const Credentials &credentials);
[[nodiscard]] Result<Credentials> decodeCredentials(const QJsonObject &object, CredentialsUse use);

//! Body of POST /conversations: open (or find) the direct conversation with a user.
struct OpenConversationRequest
{
    QString username;
};
[[nodiscard]] QJsonObject encode(const OpenConversationRequest &request);
[[nodiscard]] Result<OpenConversationRequest> decodeOpenConversation(const QJsonObject &object);

//! A message to send: the REST body (conversationId from the path) or a `send` frame.
struct SendRequest
{
    qint64 conversationId = 0;
    QString clientId;
    QString body;
    std::optional<qint64> replyTo; //!< The message of the conversation it answers.
};
//! `withConversation` reads conversationId from the object too (WebSocket frames).
[[nodiscard]] QJsonObject encode(const SendRequest &request, bool withConversation);
[[nodiscard]] Result<SendRequest> decodeSendRequest(
    const QJsonObject &object, bool withConversation);

} // namespace chat::json
