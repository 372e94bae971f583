#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>

#include <array>

namespace chat::server {

//! Why the guarded HTTP layer refused a request or closed a connection. Each is counted
//! (chatd_http_refused_total{reason}) and logged.
enum class HttpRefusal {
    HeadersTooLarge, //!< 431: request line and headers over the header cap.
    BodyTooLarge, //!< 413: a body announced or sent over the body cap.
    Malformed, //!< 400: framing the guard cannot delimit safely (smuggling risks included).
    NotImplemented, //!< 501: a method or transfer coding no route implements.
    RequestTimeout, //!< 408 (silent if nothing came): a request not whole in time.
    IdleTimeout, //!< Closed: idle between requests, or not reading its output, too long.
    TooManyFromAddress, //!< 503: the per-address connection cap.
    TooManyInTotal, //!< 503: the total connection cap.
};
constexpr int HttpRefusalCount = 8;

//! The reason as /metrics and the log name it, e.g. "headers_too_large".
[[nodiscard]] const char *httpRefusalName(HttpRefusal refusal);

//! The whole HTTP response for a refusal, with the documented JSON error body and
//! `Connection: close`; empty for one answered by closing (IdleTimeout).
[[nodiscard]] QByteArray httpRefusalResponse(HttpRefusal refusal);

//! Logs refusals without letting a flood of them flood the log: the first of each
//! reason at once, then at most one line per reason a second, saying how many it stands for.
class RefusalLog
{
public:
    void note(HttpRefusal refusal, const QHostAddress &peer);

private:
    struct Entry
    {
        QElapsedTimer last;
        int suppressed = 0;
    };
    std::array<Entry, HttpRefusalCount> m_entries;
};

} // namespace chat::server
