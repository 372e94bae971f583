#include "validation.h"

#include <shared/jsonvalidator.h>
#include <shared/protocol.h>

#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace chat {

using namespace Qt::StringLiterals;
namespace limits = protocol::limits;

namespace {
// Integers travel as JSON numbers (doubles): only this range is exact everywhere.
constexpr qint64 MaxSafeInteger = (qint64(1) << 53) - 1;

Error invalid(const QString &field, const QString &message)
{
    return Error { ErrorCode::InvalidField, message, field };
}

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"a boolean"_s;
    case QJsonValue::Double:
        return u"a number"_s;
    case QJsonValue::String:
        return u"a string"_s;
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"undefined"_s;
}
} // namespace

Result<QJsonObject> parseJsonObject(const QByteArray &bytes, qsizetype maxBytes)
{
    if (bytes.size() > maxBytes) {
        return Error { ErrorCode::PayloadTooLarge,
            u"body is %1 bytes; the limit is %2"_s.arg(bytes.size()).arg(maxBytes) };
    }
    if (bytes.trimmed().isEmpty())
        return Error { ErrorCode::MalformedJson, u"expected a JSON object, got an empty body"_s };

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error == QJsonParseError::IllegalUTF8String) {
        return Error { ErrorCode::MalformedJson,
            u"invalid UTF-8 at byte %1"_s.arg(parseError.offset) };
    }
    if (parseError.error != QJsonParseError::NoError) {
        return Error {
            ErrorCode::MalformedJson,
            u"malformed JSON at byte %1: %2"_s.arg(parseError.offset).arg(parseError.errorString())
        };
    }
    // Qt's parser runs first so that what it refuses keeps its familiar messages (the
    // protocol's examples quote them); the strict check then refuses what Qt lets through
    // but RFC 8259 forbids. Both are linear in the size (see jsonvalidator.h).
    if (const json::JsonValidation strict = json::validateJson(bytes); !strict.isValid()) {
        return Error { ErrorCode::MalformedJson,
            u"malformed JSON at byte %1: %2"_s.arg(strict.offset)
                .arg(json::describe(strict.problem)) };
    }
    if (!document.isObject())
        return Error { ErrorCode::MalformedJson, u"expected a JSON object"_s };
    return document.object();
}

FieldReader::FieldReader(const QJsonObject &object)
    : m_object(object)
{ }

Error FieldReader::error() const
{
    return m_error.value_or(Error { ErrorCode::Internal, u"no error"_s });
}

void FieldReader::fail(const QString &field, const QString &message)
{
    if (!m_error)
        m_error = invalid(field, message);
}

std::optional<QJsonValue> FieldReader::required(const QString &name)
{
    if (m_error)
        return std::nullopt;
    const QJsonValue value = m_object.value(name);
    if (value.isUndefined()) {
        fail(name, u"'%1' is required"_s.arg(name));
        return std::nullopt;
    }
    return value;
}

std::optional<QString> FieldReader::string(const QString &name, int maxLength)
{
    const auto value = required(name);
    if (!value)
        return std::nullopt;
    if (!value->isString()) {
        fail(name, u"'%1' must be a string, not %2"_s.arg(name, typeName(*value)));
        return std::nullopt;
    }
    QString text = value->toString();
    if (text.size() > maxLength) {
        fail(name,
            u"'%1' is %2 characters long; the limit is %3"_s.arg(name)
                .arg(text.size())
                .arg(maxLength));
        return std::nullopt;
    }
    // JSON escapes can smuggle in lone surrogates, which are not text in any encoding.
    if (!text.isValidUtf16()) {
        fail(name, u"'%1' is not valid Unicode text"_s.arg(name));
        return std::nullopt;
    }
    return text;
}

std::optional<QString> FieldReader::optionalString(const QString &name, int maxLength)
{
    if (m_error)
        return std::nullopt;
    const QJsonValue value = m_object.value(name);
    if (value.isUndefined() || value.isNull())
        return QString();
    return string(name, maxLength);
}

std::optional<qint64> FieldReader::integer(const QString &name, qint64 min, qint64 max)
{
    const auto value = required(name);
    if (!value)
        return std::nullopt;
    const double number = value->toDouble(std::nan(""));
    if (!value->isDouble() || std::trunc(number) != number || std::abs(number) > MaxSafeInteger) {
        fail(name, u"'%1' must be an integer, not %2"_s.arg(name, typeName(*value)));
        return std::nullopt;
    }
    const auto integral = static_cast<qint64>(number);
    if (integral < min || integral > max) {
        fail(name, u"'%1' must be between %2 and %3"_s.arg(name).arg(min).arg(max));
        return std::nullopt;
    }
    return integral;
}

std::optional<bool> FieldReader::boolean(const QString &name)
{
    const auto value = required(name);
    if (!value)
        return std::nullopt;
    if (!value->isBool()) {
        fail(name, u"'%1' must be a boolean, not %2"_s.arg(name, typeName(*value)));
        return std::nullopt;
    }
    return value->toBool();
}

std::optional<QJsonObject> FieldReader::object(const QString &name)
{
    const auto value = required(name);
    if (!value)
        return std::nullopt;
    if (!value->isObject()) {
        fail(name, u"'%1' must be an object, not %2"_s.arg(name, typeName(*value)));
        return std::nullopt;
    }
    return value->toObject();
}

std::optional<QJsonArray> FieldReader::array(const QString &name)
{
    const auto value = required(name);
    if (!value)
        return std::nullopt;
    if (!value->isArray()) {
        fail(name, u"'%1' must be an array, not %2"_s.arg(name, typeName(*value)));
        return std::nullopt;
    }
    return value->toArray();
}

std::optional<Error> checkUsername(const QString &username)
{
    // anchoredPattern, not ^...$: '$' also matches before a final newline ("alice\n").
    static const QRegularExpression allowed(
        QRegularExpression::anchoredPattern(u"[A-Za-z0-9._-]+"_s));
    if (username.size() < limits::MinUsernameLength
        || username.size() > limits::MaxUsernameLength) {
        return invalid(u"username"_s,
            u"a username has %1 to %2 characters"_s.arg(limits::MinUsernameLength)
                .arg(limits::MaxUsernameLength));
    }
    if (!allowed.match(username).hasMatch()) {
        return invalid(
            u"username"_s, u"a username may contain only letters A-Z, digits, '.', '_' and '-'"_s);
    }
    return std::nullopt;
}

std::optional<Error> checkNewPassword(const QString &password)
{
    if (password.size() < limits::MinPasswordLength
        || password.size() > limits::MaxPasswordLength) {
        return invalid(u"password"_s,
            u"a password has %1 to %2 characters"_s.arg(limits::MinPasswordLength)
                .arg(limits::MaxPasswordLength));
    }
    return std::nullopt;
}

std::optional<Error> checkClientId(const QString &clientId)
{
    static const QRegularExpression allowed(
        QRegularExpression::anchoredPattern(u"[A-Za-z0-9._:{}-]+"_s));
    if (clientId.isEmpty() || clientId.size() > limits::MaxClientIdLength) {
        return invalid(
            u"clientId"_s, u"a client id has 1 to %1 characters"_s.arg(limits::MaxClientIdLength));
    }
    if (!allowed.match(clientId).hasMatch()) {
        return invalid(
            u"clientId"_s, u"a client id may contain only letters, digits and . _ : { } -"_s);
    }
    return std::nullopt;
}

std::optional<Error> checkMessageBody(const QString &body, qsizetype maxBytes)
{
    if (body.trimmed().isEmpty())
        return invalid(u"body"_s, u"a message body must not be empty or only white space"_s);
    const qsizetype bytes = body.toUtf8().size();
    if (bytes > maxBytes) {
        return invalid(u"body"_s,
            u"a message body is at most %1 bytes of UTF-8; this one is %2"_s.arg(maxBytes).arg(
                bytes));
    }
    return std::nullopt;
}

namespace {
bool hasControlCharacters(const QString &text, bool allowNewlines)
{
    return std::any_of(text.cbegin(), text.cend(), [allowNewlines](QChar c) {
        return c.category() == QChar::Other_Control && !(allowNewlines && c == u'\n');
    });
}
} // namespace

std::optional<Error> checkGroupTitle(const QString &title)
{
    const QString trimmed = title.trimmed();
    if (trimmed.isEmpty())
        return invalid(u"title"_s, u"a group needs a title"_s);
    if (trimmed.size() > limits::MaxTitleLength) {
        return invalid(u"title"_s,
            u"a title is at most %1 characters; this one is %2"_s.arg(limits::MaxTitleLength)
                .arg(trimmed.size()));
    }
    if (hasControlCharacters(trimmed, false))
        return invalid(u"title"_s, u"a title must not contain control characters"_s);
    return std::nullopt;
}

std::optional<Error> checkTopic(const QString &topic)
{
    if (topic.size() > limits::MaxTopicLength) {
        return invalid(u"topic"_s,
            u"a topic is at most %1 characters; this one is %2"_s.arg(limits::MaxTopicLength)
                .arg(topic.size()));
    }
    if (hasControlCharacters(topic, true))
        return invalid(u"topic"_s, u"a topic must not contain control characters"_s);
    return std::nullopt;
}

QString foldForSearch(const QString &text)
{
    // Compatibility decomposition splits "é" into "e" and a combining accent, which is
    // then dropped; case folding makes "Ä" and "ä" one.
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    QString folded;
    folded.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.category() != QChar::Mark_NonSpacing)
            folded.append(c);
    }
    return folded.toCaseFolded();
}

} // namespace chat
