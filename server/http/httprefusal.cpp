#include "httprefusal.h"

#include <server/logging.h>
#include <shared/protocol.h>
#include <shared/wireerror.h>

#include <QJsonDocument>
#include <QJsonObject>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {

//! A refused peer gets this much quiet before the next line about its reason.
constexpr qint64 LogIntervalMs = 1000;

struct Answer
{
    int status;
    const char *reasonPhrase;
    ErrorCode code;
    QString message;
    QByteArray extraHeaders;
};

std::optional<Answer> answerFor(HttpRefusal refusal)
{
    switch (refusal) {
    case HttpRefusal::HeadersTooLarge:
        return Answer { 431, "Request Header Fields Too Large", ErrorCode::HeadersTooLarge,
            u"the request line and headers are larger than the server accepts"_s, {} };
    case HttpRefusal::BodyTooLarge:
        return Answer { 413, "Payload Too Large", ErrorCode::PayloadTooLarge,
            u"the request body is larger than %1 bytes"_s.arg(protocol::limits::MaxRequestBytes),
            {} };
    case HttpRefusal::Malformed:
        return Answer { 400, "Bad Request", ErrorCode::BadRequest,
            u"the request is not HTTP/1.1 the server can read safely"_s, {} };
    case HttpRefusal::NotImplemented:
        return Answer { 501, "Not Implemented", ErrorCode::NotImplemented,
            u"the server implements this method or transfer coding on no path"_s, {} };
    case HttpRefusal::RequestTimeout:
        return Answer { 408, "Request Timeout", ErrorCode::RequestTimeout,
            u"the request did not arrive whole in time"_s, {} };
    case HttpRefusal::TooManyFromAddress:
    case HttpRefusal::TooManyInTotal:
        return Answer { 503, "Service Unavailable", ErrorCode::TooManyConnections,
            u"too many connections; retry later"_s, "Retry-After: 1\r\n" };
    case HttpRefusal::IdleTimeout:
        break;
    }
    return std::nullopt;
}

} // namespace

const char *httpRefusalName(HttpRefusal refusal)
{
    switch (refusal) {
    case HttpRefusal::HeadersTooLarge:
        return "headers_too_large";
    case HttpRefusal::BodyTooLarge:
        return "body_too_large";
    case HttpRefusal::Malformed:
        return "malformed";
    case HttpRefusal::NotImplemented:
        return "not_implemented";
    case HttpRefusal::RequestTimeout:
        return "request_timeout";
    case HttpRefusal::IdleTimeout:
        return "idle_timeout";
    case HttpRefusal::TooManyFromAddress:
        return "too_many_from_address";
    case HttpRefusal::TooManyInTotal:
        return "too_many_in_total";
    }
    return "unknown";
}

QByteArray httpRefusalResponse(HttpRefusal refusal)
{
    const auto answer = answerFor(refusal);
    if (!answer)
        return {};
    const QByteArray body = QJsonDocument(
        QJsonObject { { u"error"_s, Error { answer->code, answer->message }.toJson() } })
                                .toJson(QJsonDocument::Compact);
    return "HTTP/1.1 " + QByteArray::number(answer->status) + ' ' + answer->reasonPhrase
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nCache-Control: no-store\r\nConnection: close\r\n" + answer->extraHeaders + "\r\n"
        + body;
}

void RefusalLog::note(HttpRefusal refusal, const QHostAddress &peer)
{
    Entry &entry = m_entries[size_t(refusal)];
    if (entry.last.isValid() && entry.last.elapsed() < LogIntervalMs) {
        ++entry.suppressed;
        return;
    }
    qCInfo(lcHttp).nospace() << "refused a connection from " << peer.toString() << ": "
                             << httpRefusalName(refusal)
                             << (entry.suppressed
                                        ? u" (and %1 more like it since the last line)"_s.arg(
                                            entry.suppressed)
                                        : QString());
    entry.suppressed = 0;
    entry.last.start();
}

} // namespace chat::server
