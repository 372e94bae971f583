#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace chat {

Q_NAMESPACE

//! Every error the protocol can report. The wire name (errorCodeName) is the contract;
//! the enum order is not.
enum class ErrorCode {
    BadRequest, //!< The request is not understood (bad query parameter, unsupported upgrade).
    MalformedJson, //!< The body or frame is not a JSON object, or not valid UTF-8.
    InvalidField, //!< A field is missing, of the wrong type, too long or otherwise invalid.
    UnknownType, //!< A WebSocket frame has a `type` the server does not know.
    Unauthenticated, //!< No token, or a token the server does not know.
    TokenExpired, //!< The token was valid but has expired.
    InvalidCredentials, //!< Wrong username or password.
    NotFound, //!< No such route, user or conversation (or not one the caller may see).
    Forbidden, //!< A member asked for what their role does not allow.
    LimitExceeded, //!< A group would pass its member limit.
    MethodNotAllowed, //!< The route exists but not with this HTTP method.
    UsernameTaken, //!< Registering a username that exists.
    WeakPassword, //!< A new password that is common, breached or easy to guess.
    PayloadTooLarge, //!< The body or frame passes its size limit.
    RateLimited, //!< Too many attempts; retry later.
    Internal, //!< The server failed; nothing was stored.
    HeadersTooLarge, //!< The request line and headers pass their size limit (431).
    RequestTimeout, //!< A request did not arrive whole in time (408).
    NotImplemented, //!< A method (or transfer coding) no route implements (501).
    TooManyConnections, //!< The server's connection caps are reached; retry later (503).
    //! The server cannot reach its database now (PostgreSQL down or unreachable); nothing
    //! was stored, retry later (503).
    ServiceUnavailable,
    // Client-side only: never sent by the server.
    NetworkError, //!< The request did not reach the server or got no answer.
    ProtocolViolation, //!< The server answered something the protocol does not allow.
};
Q_ENUM_NS(ErrorCode)

//! An error as a value: a stable code, a human-readable message, and the offending field.
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QString field; //!< Name of the invalid field, when there is one.
    //! For rate_limited: whole seconds to wait (REST sends it as Retry-After); 0 if unknown.
    //! Not part of the JSON object.
    int retryAfterSeconds = 0;

    [[nodiscard]] QJsonObject toJson() const;
    static std::optional<Error> fromJson(const QJsonObject &object);
};

//! The wire name of a code, e.g. "invalid_field".
[[nodiscard]] QString errorCodeName(ErrorCode code);
//! The code for a wire name; nullopt for a name this version does not know.
[[nodiscard]] std::optional<ErrorCode> errorCodeFromName(const QString &name);

} // namespace chat
