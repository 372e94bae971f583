#pragma once

#include <shared/protocol.h>
#include <shared/result.h>

#include <QJsonArray>
#include <QJsonObject>

#include <optional>

//! Input validation shared by both ends: parsing bytes into JSON objects and checking
//! each field's presence, type and limits. Every failure is an Error value naming the field.
namespace chat {

//! Parses a request body or frame into a JSON object. Rejects bodies over `maxBytes`
//! (PayloadTooLarge), invalid UTF-8, syntax errors, anything else RFC 8259 forbids (see
//! json::validateJson) and non-objects (MalformedJson).
[[nodiscard]] Result<QJsonObject> parseJsonObject(const QByteArray &bytes, qsizetype maxBytes);

//! Reads typed fields out of a JSON object, remembering the first problem. Each getter
//! returns nullopt once anything failed, so a parser can read all fields and check once.
class FieldReader
{
public:
    explicit FieldReader(const QJsonObject &object);

    std::optional<QString> string(const QString &name, int maxLength);
    std::optional<QString> optionalString(const QString &name, int maxLength);
    std::optional<qint64> integer(const QString &name, qint64 min, qint64 max);
    std::optional<bool> boolean(const QString &name);
    std::optional<QJsonObject> object(const QString &name);
    std::optional<QJsonArray> array(const QString &name);

    //! Records a problem found by the caller (e.g. a value out of its allowed set).
    void fail(const QString &field, const QString &message);

    [[nodiscard]] bool ok() const { return !m_error.has_value(); }
    [[nodiscard]] Error error() const;

private:
    std::optional<QJsonValue> required(const QString &name);

    QJsonObject m_object;
    std::optional<Error> m_error;
};

//! Field checks; each returns the error, or nullopt when the value is acceptable.
[[nodiscard]] std::optional<Error> checkUsername(const QString &username);
[[nodiscard]] std::optional<Error> checkNewPassword(const QString &password);
[[nodiscard]] std::optional<Error> checkClientId(const QString &clientId);
//! Not blank, and at most `maxBytes` of UTF-8: the protocol's limit, or a server's lower one.
[[nodiscard]] std::optional<Error> checkMessageBody(
    const QString &body, qsizetype maxBytes = protocol::limits::MaxBodyBytes);
//! 1–MaxTitleLength characters once trimmed, no control characters.
[[nodiscard]] std::optional<Error> checkGroupTitle(const QString &title);
//! At most MaxTopicLength characters; line breaks allowed, other control characters not.
[[nodiscard]] std::optional<Error> checkTopic(const QString &topic);

//! Text as the directory compares it: accents removed ("Zoë" → "Zoe") and case folded.
[[nodiscard]] QString foldForSearch(const QString &text);

} // namespace chat
