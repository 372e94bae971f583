#pragma once

// What the route files of http/ share: the API prefix, error responses with the status
// of each code, decoding request bodies and query parameters, and authentication.
// Internal to http/.

#include <server/http/deferredresponder.h>
#include <server/metrics/servermetrics.h>
#include <server/services/authservice.h>
#include <shared/jsoncodec.h>
#include <shared/plaindecimal.h>
#include <shared/protocol.h>
#include <shared/validation.h>

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <memory>

namespace chat::server::http {

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;
using StatusCode = QHttpServerResponse::StatusCode;
namespace limits = protocol::limits;

inline const QString Api = QString::fromLatin1(protocol::ApiPrefix);

inline StatusCode statusFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::BadRequest:
    case ErrorCode::MalformedJson:
    case ErrorCode::InvalidField:
    case ErrorCode::UnknownType:
    case ErrorCode::WeakPassword:
        return StatusCode::BadRequest;
    case ErrorCode::Unauthenticated:
    case ErrorCode::TokenExpired:
    case ErrorCode::InvalidCredentials:
        return StatusCode::Unauthorized;
    case ErrorCode::NotFound:
        return StatusCode::NotFound;
    case ErrorCode::Forbidden:
        return StatusCode::Forbidden;
    case ErrorCode::LimitExceeded:
        return StatusCode::Conflict;
    case ErrorCode::MethodNotAllowed:
        return StatusCode::MethodNotAllowed;
    case ErrorCode::UsernameTaken:
        return StatusCode::Conflict;
    case ErrorCode::PayloadTooLarge:
        return StatusCode::PayloadTooLarge;
    case ErrorCode::RateLimited:
        return StatusCode::TooManyRequests;
    case ErrorCode::HeadersTooLarge:
        return StatusCode::RequestHeaderFieldsTooLarge;
    case ErrorCode::RequestTimeout:
        return StatusCode::RequestTimeout;
    case ErrorCode::NotImplemented:
        return StatusCode::NotImplemented;
    case ErrorCode::TooManyConnections:
    case ErrorCode::ServiceUnavailable:
        return StatusCode::ServiceUnavailable;
    case ErrorCode::Internal:
    case ErrorCode::NetworkError:
    case ErrorCode::ProtocolViolation:
        break;
    }
    return StatusCode::InternalServerError;
}

inline QHttpServerResponse errorResponse(const Error &error, std::optional<StatusCode> status = {})
{
    QHttpServerResponse response(
        QJsonObject { { u"error"_s, error.toJson() } }, status.value_or(statusFor(error.code)));
    if (error.code == ErrorCode::Unauthenticated || error.code == ErrorCode::TokenExpired)
        response.setHeader("WWW-Authenticate", "Bearer");
    if (error.code == ErrorCode::RateLimited)
        response.setHeader("Retry-After", QByteArray::number(std::max(1, error.retryAfterSeconds)));
    // Also on responses written outside the routes, where afterRequest does not run.
    response.setHeader("Cache-Control", "no-store");
    return response;
}

//! The error code of an error response's body ({"error":{"code":...}}), if it has one.
inline std::optional<ErrorCode> errorCodeOf(const QHttpServerResponse &response)
{
    const QJsonObject error
        = QJsonDocument::fromJson(response.data()).object().value(u"error"_s).toObject();
    return errorCodeFromName(error.value(u"code"_s).toString());
}

//! What every answer gets before it is written: bad input (400, 413) is counted by its
//! code (the body is read only then, off the path of successful requests), nothing is
//! cached, and a 204 has no Content-Type. HttpApi's afterRequest applies it to the routes that
//! return a response; routes that answer later (DeferredResponder) apply it themselves.
inline void finishResponse(ServerMetrics &metrics, QHttpServerResponse &response)
{
    if (response.statusCode() == StatusCode::BadRequest
        || response.statusCode() == StatusCode::PayloadTooLarge) {
        if (const auto code = errorCodeOf(response))
            metrics.countRejected(ServerMetrics::Transport::Http, *code);
    }
    response.setHeader("Cache-Control", "no-store");
    // Qt labels an empty response "application/x-empty"; a 204 has no content to label
    // (PROTOCOL.md §2.2).
    if (response.statusCode() == StatusCode::NoContent)
        response.clearHeader("Content-Type");
}

//! A route's responder kept to answer once work done elsewhere comes back (a password
//! hash, a group commit), finished like every other answer. Shared: the continuation that
//! answers is copied into std::function objects.
inline std::shared_ptr<DeferredResponder> deferResponse(
    QHttpServerResponder &&responder, ServerMetrics &metrics)
{
    return std::make_shared<DeferredResponder>(
        std::move(responder), [metrics = &metrics](QHttpServerResponse &response) {
            finishResponse(*metrics, response);
        });
}

inline QHttpServerResponse created(const QJsonObject &body, bool isNew)
{
    return QHttpServerResponse(body, isNew ? StatusCode::Created : StatusCode::Ok);
}

//! A body of JSON already written as bytes (messagejsonwriter.h), labelled as
//! QHttpServerResponse(QJsonObject) labels its own: "application/json".
inline QHttpServerResponse jsonResponse(QByteArray json, StatusCode status = StatusCode::Ok)
{
    return QHttpServerResponse("application/json"_ba, std::move(json), status);
}

inline Result<QJsonObject> jsonBody(const QHttpServerRequest &request)
{
    return parseJsonObject(request.body(), limits::MaxRequestBytes);
}

//! The body parsed as JSON and decoded into a request type, or the first problem.
template<typename Decode>
inline auto decodeBody(const QHttpServerRequest &request, Decode decode)
    -> decltype(decode(QJsonObject()))
{
    auto body = jsonBody(request);
    if (!body)
        return body.error();
    return decode(body.value());
}

inline Result<json::Credentials> credentialsFrom(
    const QHttpServerRequest &request, json::CredentialsUse use)
{
    return decodeBody(
        request, [use](const QJsonObject &body) { return json::decodeCredentials(body, use); });
}

inline QString originOf(const QHttpServerRequest &request)
{
    return request.remoteAddress().toString();
}

//! Reads an optional integer query parameter of at least `min`; nullopt value when absent.
//! Plain decimal digits only (no sign, space, hex or exponent: PROTOCOL.md §2.2). A value
//! past 64 bits counts as 2^63 − 1: each caller caps it (a page size) or finds nothing
//! beyond it (an id), as it would for any other large value.
inline Result<std::optional<qint64>> queryInteger(
    const QUrlQuery &query, const QString &name, qint64 min)
{
    if (!query.hasQueryItem(name))
        return std::optional<qint64>();
    const auto value = parsePlainDecimal(query.queryItemValue(name, QUrl::FullyDecoded));
    if (!value || value->value < min) {
        return Error { ErrorCode::InvalidField,
            u"query parameter '%1' must be an integer of at least %2"_s.arg(name).arg(min), name };
    }
    return std::optional<qint64>(value->value);
}

//! The answer to a path no route serves (the missing handler's 404).
inline Error noRoute(const QHttpServerRequest &request)
{
    return Error { ErrorCode::NotFound, u"no route for %1"_s.arg(request.url().path()) };
}

//! A 405 with an Allow header listing the `allowed` methods.
inline QHttpServerResponse methodNotAllowed(
    const QHttpServerRequest &request, const QByteArray &allowed)
{
    auto response = errorResponse(Error { ErrorCode::MethodNotAllowed,
        u"%1 does not accept this method; allowed: %2"_s.arg(
            request.url().path(), QString::fromLatin1(allowed)) });
    response.setHeader("Allow", allowed);
    return response;
}

//! Answers 405 with an Allow header for the other methods on `path`. Rules match in
//! registration order: register it after the real ones, which it then backs up.
template<typename... PathArgs>
void rejectOtherMethods(QHttpServer &server, const QString &path, const QByteArray &allowed)
{
    server.route(path, [allowed](PathArgs..., const QHttpServerRequest &request) {
        return methodNotAllowed(request, allowed);
    });
}

//! The principal of a request's bearer token, or why there is none.
inline Result<Principal> authenticate(AuthService &auth, const QHttpServerRequest &request)
{
    const QByteArray header = request.value("authorization");
    if (!header.startsWith("Bearer ")) {
        return Error { ErrorCode::Unauthenticated,
            u"send the session token as 'Authorization: Bearer <token>'"_s };
    }
    return auth.authenticate(QString::fromLatin1(header.mid(7).trimmed()));
}

} // namespace chat::server::http
