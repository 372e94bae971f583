#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace chat::server {

//! Finds where one HTTP/1.x request ends, from its bytes as they come, without holding
//! them: the request line, the headers (Content-Length, Transfer-Encoding: chunked, an
//! Upgrade), and the body by its length or its chunks. No sockets, no Qt event loop: a
//! pure function of the bytes fed, so it can be unit-tested and fuzzed.
//!
//! It is the guard's half of an agreement with QHttpServer's parser (http_parser): both
//! must see a request end at the same byte, or a second request could hide in the first
//! one's body (request smuggling). So what the two could read differently is refused as
//! Malformed: Content-Length with Transfer-Encoding, two different Content-Lengths, a
//! header folded over lines, white space before a header's colon, a bad chunk size.
//!
//!     HttpRequestFraming framing(maxHeaderBytes, maxBodyBytes);
//!     auto step = framing.feed(data, size);   // step.consumed bytes belong to this request
//!     if (step.status == HttpRequestFraming::Status::Complete) { ...; framing.reset(); }
class HttpRequestFraming
{
public:
    enum class Status {
        NeedMore, //!< All bytes consumed; the request is not whole yet.
        Complete, //!< The request ends after `consumed` bytes of this feed.
        HeadersTooLarge, //!< Request line and headers (or trailers) over the header cap.
        BodyTooLarge, //!< A body (announced or counted) over the body cap.
        Malformed, //!< Not HTTP/1.x, or framing two parsers could read differently.
        NotImplemented, //!< A method no route implements, or an unknown transfer coding.
    };
    struct Step
    {
        Status status = Status::NeedMore;
        qsizetype consumed = 0; //!< Bytes of this feed that belong to the current request.
    };

    HttpRequestFraming(qsizetype maxHeaderBytes, qint64 maxBodyBytes);

    //! Feeds the next bytes of the connection. Consumes up to the end of the current
    //! request and no further. After Complete, reset() before feeding the next request;
    //! after an error, the state stays put (feeding more returns the same error).
    Step feed(const char *data, qsizetype size);
    //! Ready for the next request on the connection.
    void reset();

    //! A byte of the current request has been seen.
    [[nodiscard]] bool started() const { return m_requestBytes > 0; }
    //! The request's method token, once its request line is whole ("GET").
    [[nodiscard]] const QByteArray &method() const { return m_method; }
    //! Headers ask for a WebSocket upgrade (Upgrade: websocket with Connection: upgrade),
    //! as QHttpServer decides it; valid once the headers are whole.
    [[nodiscard]] bool isWebSocketUpgrade() const
    {
        return m_upgradeWebSocket && m_connectionUpgrade;
    }
    //! Bytes of the current request consumed so far.
    [[nodiscard]] qint64 requestBytes() const { return m_requestBytes; }

    //! The most bytes one whole request can take on the wire: the head, the body and
    //! its chunks' framing (as much again as the body, so a body in 1-byte chunks is
    //! refused as too large). A request that passes it is BodyTooLarge.
    [[nodiscard]] qint64 maxRequestBytes() const { return m_maxHeaderBytes + 2 * m_maxBodyBytes; }

    //! True for the methods some route implements (or QHttpServer answers with 405);
    //! any other method is 501 Not Implemented (RFC 9110 §15.6.2).
    [[nodiscard]] static bool isImplementedMethod(const QByteArray &method);

private:
    enum class State {
        RequestLine,
        Headers,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Done,
        Failed
    };

    Step fail(Status status, qsizetype consumed);
    //! One whole line of the head (without its line end); an error status or NeedMore.
    Status takeHeadLine(const QByteArray &line);
    Status takeRequestLine(const QByteArray &line);
    Status takeHeader(const QByteArray &line);
    //! After the blank line ending the headers: where the body is, or Complete.
    Status headersDone();
    Status takeChunkSize(const QByteArray &line);

    const qsizetype m_maxHeaderBytes;
    const qint64 m_maxBodyBytes;

    State m_state = State::RequestLine;
    Status m_failure = Status::Malformed;
    QByteArray m_line; //!< The line being read (head, chunk size or trailer).
    qsizetype m_headBytes = 0; //!< Head (and trailer) bytes so far, line ends included.
    qint64 m_requestBytes = 0;
    QByteArray m_method;
    qint64 m_contentLength = -1; //!< -1: no Content-Length header.
    bool m_chunked = false;
    bool m_transferEncoding = false;
    bool m_upgradeWebSocket = false;
    bool m_connectionUpgrade = false;
    qint64 m_remaining = 0; //!< Body or chunk bytes still to come.
    qint64 m_bodyBytes = 0; //!< Body bytes so far (chunks added up).
};

} // namespace chat::server
