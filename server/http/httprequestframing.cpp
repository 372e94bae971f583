#include "httprequestframing.h"

#include <QList>

#include <array>
#include <cstring>
#include <limits>
#include <utility>

namespace chat::server {

namespace {

//! A chunk-size line or the line end after a chunk: longer is not a chunk size.
constexpr qsizetype MaxChunkLineBytes = 256;
//! Digits of a size that may still be in range (15 hex or decimal digits stay far
//! below 2^63); longer sizes are too large whatever they say.
constexpr qsizetype MaxSizeDigits = 15;

bool isTokenChar(char c)
{
    // RFC 9110 §5.6.2 tchar.
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool isToken(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

//! A header value or request target with a control character (HT allowed in values).
bool hasControl(const QByteArray &text, bool allowTab)
{
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && !(allowTab && c == '\t')) || byte == 0x7f)
            return true;
    }
    return false;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

HttpRequestFraming::HttpRequestFraming(qsizetype maxHeaderBytes, qint64 maxBodyBytes)
    : m_maxHeaderBytes(maxHeaderBytes)
    , m_maxBodyBytes(maxBodyBytes)
{ }

bool HttpRequestFraming::isImplementedMethod(const QByteArray &method)
{
    // The methods QHttpServer 6.4 knows (its Method enum, CONNECT left out: http_parser
    // treats it as an upgrade): the routes answer them, or 405 with Allow.
    static const std::array<QByteArray, 8> known { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
        "OPTIONS", "TRACE" };
    for (const QByteArray &candidate : known) {
        if (candidate == method)
            return true;
    }
    return false;
}

void HttpRequestFraming::reset()
{
    m_state = State::RequestLine;
    m_failure = Status::Malformed;
    m_line.clear();
    m_headBytes = 0;
    m_requestBytes = 0;
    m_method.clear();
    m_contentLength = -1;
    m_chunked = false;
    m_transferEncoding = false;
    m_upgradeWebSocket = false;
    m_connectionUpgrade = false;
    m_remaining = 0;
    m_bodyBytes = 0;
}

HttpRequestFraming::Step HttpRequestFraming::fail(Status status, qsizetype consumed)
{
    m_state = State::Failed;
    m_failure = status;
    m_line.clear();
    return { status, consumed };
}

HttpRequestFraming::Step HttpRequestFraming::feed(const char *data, qsizetype size)
{
    if (m_state == State::Failed)
        return { m_failure, 0 };
    if (m_state == State::Done)
        return { Status::Complete, 0 };

    qsizetype at = 0;
    while (at < size) {
        if (m_chunked && m_requestBytes > maxRequestBytes())
            return fail(Status::BodyTooLarge, at);
        if (m_state == State::Body || m_state == State::ChunkData) {
            const qint64 take = std::min<qint64>(m_remaining, size - at);
            at += take;
            m_requestBytes += take;
            m_remaining -= take;
            if (m_remaining > 0)
                break;
            if (m_state == State::Body) {
                m_state = State::Done;
                return { Status::Complete, at };
            }
            m_state = State::ChunkDataEnd;
            continue;
        }

        // A line-based state: the head, a chunk size, the end of a chunk, the trailers.
        const auto *newline = static_cast<const char *>(std::memchr(data + at, '\n', size - at));
        const qsizetype take = newline ? newline - (data + at) + 1 : size - at;
        const bool inHead = m_state == State::RequestLine || m_state == State::Headers
            || m_state == State::Trailers;
        if (inHead) {
            m_headBytes += take;
            if (m_headBytes > m_maxHeaderBytes)
                return fail(Status::HeadersTooLarge, at + take);
        } else if (m_line.size() + take > MaxChunkLineBytes) {
            return fail(Status::Malformed, at + take);
        }
        m_line.append(data + at, newline ? take - 1 : take);
        at += take;
        m_requestBytes += take;
        if (!newline)
            break;

        QByteArray line = std::exchange(m_line, {});
        if (line.endsWith('\r'))
            line.chop(1);
        else if (!inHead)
            return fail(Status::Malformed, at); // http_parser needs CRLF around chunks.
        Status status = Status::NeedMore;
        switch (m_state) {
        case State::RequestLine:
            status = takeRequestLine(line);
            break;
        case State::Headers:
            status = takeHeader(line);
            break;
        case State::ChunkSize:
            status = takeChunkSize(line);
            break;
        case State::ChunkDataEnd:
            if (!line.isEmpty())
                status = Status::Malformed;
            m_state = State::ChunkSize;
            break;
        case State::Trailers:
            if (line.isEmpty())
                m_state = State::Done;
            else if (line.front() == ' ' || line.front() == '\t' || line.indexOf(':') <= 0)
                status = Status::Malformed;
            break;
        case State::Body:
        case State::ChunkData:
        case State::Done:
        case State::Failed:
            break;
        }
        if (status != Status::NeedMore)
            return fail(status, at);
        if (m_state == State::Done)
            return { Status::Complete, at };
    }
    return { Status::NeedMore, size };
}

HttpRequestFraming::Status HttpRequestFraming::takeRequestLine(const QByteArray &line)
{
    // Blank lines before a request line are skipped (RFC 9112 §2.2), as http_parser does.
    if (line.isEmpty())
        return Status::NeedMore;
    const qsizetype methodEnd = line.indexOf(' ');
    const qsizetype targetEnd = line.lastIndexOf(' ');
    if (methodEnd <= 0 || targetEnd <= methodEnd + 1 || line.count(' ') != 2)
        return Status::Malformed;
    const QByteArray method = line.left(methodEnd);
    const QByteArray target = line.mid(methodEnd + 1, targetEnd - methodEnd - 1);
    const QByteArray version = line.mid(targetEnd + 1);
    if (!isToken(method) || hasControl(target, false)
        || (version != "HTTP/1.1" && version != "HTTP/1.0"))
        return Status::Malformed;
    m_method = method;
    if (!isImplementedMethod(method))
        return Status::NotImplemented;
    m_state = State::Headers;
    return Status::NeedMore;
}

HttpRequestFraming::Status HttpRequestFraming::takeHeader(const QByteArray &line)
{
    if (line.isEmpty())
        return headersDone();
    // A folded line (obs-fold) or white space before the colon: parsers disagree on them.
    if (line.front() == ' ' || line.front() == '\t')
        return Status::Malformed;
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return Status::Malformed;
    const QByteArray name = line.left(colon).toLower();
    const QByteArray value = line.mid(colon + 1).trimmed();
    if (!isToken(name) || hasControl(value, true))
        return Status::Malformed;

    if (name == "content-length") {
        if (value.isEmpty())
            return Status::Malformed;
        for (char c : value) {
            if (c < '0' || c > '9')
                return Status::Malformed;
        }
        const qint64 length = value.size() > MaxSizeDigits ? std::numeric_limits<qint64>::max()
                                                           : value.toLongLong();
        if (m_contentLength >= 0 && m_contentLength != length)
            return Status::Malformed;
        m_contentLength = length;
    } else if (name == "transfer-encoding") {
        if (m_transferEncoding)
            return Status::Malformed;
        m_transferEncoding = true;
        // Only chunked: another coding (gzip, ...) is one no route implements.
        if (value.compare("chunked", Qt::CaseInsensitive) != 0)
            return Status::NotImplemented;
        m_chunked = true;
    } else if (name == "upgrade") {
        m_upgradeWebSocket = value.compare("websocket", Qt::CaseInsensitive) == 0;
    } else if (name == "connection") {
        for (const QByteArray &option : value.split(',')) {
            if (option.trimmed().compare("upgrade", Qt::CaseInsensitive) == 0)
                m_connectionUpgrade = true;
        }
    }
    return Status::NeedMore;
}

HttpRequestFraming::Status HttpRequestFraming::headersDone()
{
    if (m_transferEncoding && m_contentLength >= 0)
        return Status::Malformed;
    if (m_chunked) {
        m_state = State::ChunkSize;
        return Status::NeedMore;
    }
    if (m_contentLength > m_maxBodyBytes)
        return Status::BodyTooLarge;
    if (m_contentLength > 0) {
        m_remaining = m_contentLength;
        m_state = State::Body;
        return Status::NeedMore;
    }
    m_state = State::Done;
    return Status::NeedMore;
}

HttpRequestFraming::Status HttpRequestFraming::takeChunkSize(const QByteArray &line)
{
    qsizetype digits = 0;
    qint64 size = 0;
    while (digits < line.size() && hexValue(line.at(digits)) >= 0) {
        if (digits < MaxSizeDigits)
            size = size * 16 + hexValue(line.at(digits));
        ++digits;
    }
    if (digits == 0)
        return Status::Malformed;
    // Chunk extensions after ';' (or a space, as http_parser allows) are ignored.
    if (digits < line.size() && line.at(digits) != ';' && line.at(digits) != ' ')
        return Status::Malformed;
    if (digits > MaxSizeDigits)
        return Status::BodyTooLarge;
    if (size == 0) {
        m_state = State::Trailers;
        return Status::NeedMore;
    }
    if (size > m_maxBodyBytes - m_bodyBytes)
        return Status::BodyTooLarge;
    m_bodyBytes += size;
    m_remaining = size;
    m_state = State::ChunkData;
    return Status::NeedMore;
}

} // namespace chat::server
