#include "wireerror.h"

#include <array>
#include <utility>

namespace chat {

namespace {
using namespace Qt::StringLiterals;

constexpr std::array<std::pair<ErrorCode, const char16_t *>, 23> CodeNames { {
    { ErrorCode::BadRequest, u"bad_request" },
    { ErrorCode::MalformedJson, u"malformed_json" },
    { ErrorCode::InvalidField, u"invalid_field" },
    { ErrorCode::UnknownType, u"unknown_type" },
    { ErrorCode::Unauthenticated, u"unauthenticated" },
    { ErrorCode::TokenExpired, u"token_expired" },
    { ErrorCode::InvalidCredentials, u"invalid_credentials" },
    { ErrorCode::NotFound, u"not_found" },
    { ErrorCode::Forbidden, u"forbidden" },
    { ErrorCode::LimitExceeded, u"limit_exceeded" },
    { ErrorCode::MethodNotAllowed, u"method_not_allowed" },
    { ErrorCode::UsernameTaken, u"username_taken" },
    { ErrorCode::WeakPassword, u"weak_password" },
    { ErrorCode::PayloadTooLarge, u"payload_too_large" },
    { ErrorCode::RateLimited, u"rate_limited" },
    { ErrorCode::Internal, u"internal_error" },
    { ErrorCode::HeadersTooLarge, u"headers_too_large" },
    { ErrorCode::RequestTimeout, u"request_timeout" },
    { ErrorCode::NotImplemented, u"not_implemented" },
    { ErrorCode::TooManyConnections, u"too_many_connections" },
    { ErrorCode::ServiceUnavailable, u"service_unavailable" },
    { ErrorCode::NetworkError, u"network_error" },
    { ErrorCode::ProtocolViolation, u"protocol_violation" },
} };
} // namespace

QString errorCodeName(ErrorCode code)
{
    for (const auto &[candidate, name] : CodeNames) {
        if (candidate == code)
            return QString::fromUtf16(name);
    }
    return u"internal_error"_s;
}

std::optional<ErrorCode> errorCodeFromName(const QString &name)
{
    for (const auto &[code, candidate] : CodeNames) {
        if (name == QStringView(candidate))
            return code;
    }
    return std::nullopt;
}

QJsonObject Error::toJson() const
{
    QJsonObject object { { u"code"_s, errorCodeName(code) }, { u"message"_s, message } };
    if (!field.isEmpty())
        object.insert(u"field"_s, field);
    return object;
}

std::optional<Error> Error::fromJson(const QJsonObject &object)
{
    const auto code = errorCodeFromName(object.value(u"code"_s).toString());
    const auto message = object.value(u"message"_s);
    if (!message.isString())
        return std::nullopt;
    // A code from a newer server is still an error: keep its message, call it internal.
    return Error { code.value_or(ErrorCode::Internal), message.toString(),
        object.value(u"field"_s).toString() };
}

} // namespace chat
