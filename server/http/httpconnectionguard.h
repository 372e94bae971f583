#pragma once

#include <server/http/connectionlimiter.h>
#include <server/http/httplimits.h>
#include <server/http/httprefusal.h>
#include <server/http/httprequestframing.h>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

class QSslSocket;
class QTcpSocket;

namespace chat::server {

//! Holds one accepted HTTP connection to HttpLimits, below QHttpServer: a request gate,
//! the header and body caps, the output bound (pipelining) and the timeouts. A child of
//! its socket; it steps out of the way for good once a WebSocket upgrade is handed on.
//!
//! The gate. QHttpServer 6.4 reads a connection on readyRead with readAll() and runs its
//! parser over all of it: a whole body before any check, and pipelined requests merged
//! into one (the second's headers and body overwrite the first's; one handler call).
//! So the guard reads the socket first (its slot is connected before QHttpServer takes
//! the socket, so it runs first in the same readyRead emission), keeps the bytes, finds
//! where each request ends (HttpRequestFraming), and gives QHttpServer exactly one whole
//! request at a time: it puts that request's bytes back into the socket's read buffer
//! with QIODevice::ungetChar() just before QHttpServer's slot runs. The next request is
//! given only once the previous one's response has been written (the socket has taken
//! more output since), so a response written later (a deferred responder) is never
//! overtaken, and only while the unsent output is under maxPendingOutputBytes.
//!
//! Why ungetChar and not the alternatives (tried on Qt 6.4.2): the socket stays a plain
//! buffered QTcpSocket, so QWebSocket gets the socket it expects after an upgrade; an
//! Unbuffered socket with an overridden readData() would change how QAbstractSocket
//! drives its read notifier for QWebSocket too. setReadBufferSize() alone cannot split
//! two requests that arrived in one read. ungetChar() is refused while a read
//! transaction is open; QHttpServer opens one on every readyRead and leaves it open when
//! it read nothing, so the guard rolls that empty transaction back first. A readyRead
//! that gives QHttpServer nothing does not make it handle a request again (checked).
//!
//! Reading stops while the guard holds a whole request it may not give yet (or as many
//! bytes as the largest request can take): the socket's read buffer then fills to its
//! small cap and QAbstractSocket stops reading, so the peer's sends back up in TCP.
//!
//! A refusal (431, 413, 400, 501, 408) is written in turn, after the responses due
//! before it; then the connection's write side is shut and what the peer still sends is
//! read and dropped for a short while (a lingering close), so that closing with unread
//! data does not reset the connection and lose the answer.
class HttpConnectionGuard : public QObject
{
    Q_OBJECT
public:
    using RefusalObserver = std::function<void(HttpRefusal, const QHostAddress &)>;

    //! Guards `socket` (and becomes its child). Call before QHttpServer takes the socket:
    //! its readyRead slot must come first.
    HttpConnectionGuard(QTcpSocket *socket, const HttpLimits &limits,
        ConnectionLimiter::Ticket ticket, RefusalObserver observer);
    ~HttpConnectionGuard() override;

    //! Call right after QHttpServer has taken the socket (addPendingConnection): the slot
    //! that runs after QHttpServer's in each readyRead emission.
    void attachAfterServer();

    //! How long a refused connection's unread input is drained before it is aborted.
    static constexpr int LingerMs = 2000;

private:
    enum class Mode { Serving, Closing, Detached };

    void beforeServerRead();
    void afterServerRead();
    void bytesWritten(qint64 bytes);
    void timedOut();

    //! Moves what the socket has read into m_held, up to the largest request.
    void drain();
    //! Frames the first request in m_held further.
    void frame();
    [[nodiscard]] bool mayFeed() const;
    //! Gives QHttpServer the next request (or writes the pending refusal). Only from
    //! beforeServerRead(): QHttpServer's slot reads it right after.
    void feed();
    //! A readyRead emission soon, to feed() from (the gate opened outside one).
    void scheduleFeed();
    void noteResponse();
    void refuse(HttpRefusal refusal);
    void closeQuietly(HttpRefusal refusal);
    void shutWriteSide();
    void dropInput();
    void detach();
    void rearm();
    [[nodiscard]] qint64 outputSoFar() const;
    //! Output not yet with the kernel: plain bytes, plus, on TLS, encrypted ones.
    [[nodiscard]] qint64 unsent() const;

    QTcpSocket *m_socket;
    QSslSocket *m_tls; //!< m_socket when it is a TLS socket, else null.
    const HttpLimits m_limits;
    ConnectionLimiter::Ticket m_ticket;
    RefusalObserver m_observer;
    HttpRequestFraming m_framing;
    QTimer m_timer;
    QElapsedTimer m_requestClock; //!< Since the current request's first byte (or accept).
    QByteArray m_held; //!< Read from the socket, not yet given to QHttpServer.
    qsizetype m_framed = 0; //!< Bytes of m_held the framing has seen.
    bool m_requestComplete = false; //!< m_held starts with a whole request.
    std::optional<HttpRefusal> m_pendingRefusal; //!< The first request in m_held is refused.
    bool m_inFlight = false; //!< A request was given; its response is not written yet.
    qint64 m_flushed = 0; //!< Bytes the socket has sent (bytesWritten summed).
    qint64 m_outputAtFeed = 0; //!< outputSoFar() when the last request was given.
    bool m_feedScheduled = false;
    bool m_servedOne = false;
    Mode m_mode = Mode::Serving;
};

} // namespace chat::server
