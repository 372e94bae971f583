#pragma once

#include <shared/protocol.h>

#include <QtGlobal>

#include <chrono>

namespace chat::server {

//! The bounds the guarded HTTP layer (HttpConnectionGuard, ConnectionLimiter) holds every
//! connection to, before QHttpServer sees a byte. Each is a config value (see
//! server/daemon/daemonsettings.cpp); the defaults are the documented ones.
struct HttpLimits
{
    //! Request line and headers of one request (and a chunked body's trailers): more is
    //! answered 431 and the connection closed. At most 64 KiB: QHttpServer's own parser
    //! refuses a header block of 80 KiB without an answer.
    qsizetype maxHeaderBytes = 16 * 1024;
    //! A request body, from its Content-Length or its chunks as they come: more is
    //! answered 413 before the body is read. The protocol's limit; not a setting.
    qint64 maxBodyBytes = protocol::limits::MaxRequestBytes;
    //! Output a connection may have waiting to be sent before its next request is read
    //! (pipelining): past it, the connection is not read until the peer reads.
    qint64 maxPendingOutputBytes = 1024 * 1024;
    //! A request must arrive whole within this time of its first byte (and a connection's
    //! first request within this time of the connection): else 408 and closed.
    std::chrono::milliseconds requestTimeout = std::chrono::seconds(10);
    //! A kept-alive connection with no request (or whose peer reads none of its output)
    //! this long is closed.
    std::chrono::milliseconds idleTimeout = std::chrono::seconds(60);
    //! Connections open at once from one address (HTTP and WebSocket together).
    int maxConnectionsPerAddress = 256;
    //! Connections open at once in total; 0 derives it from the open-file limit at start
    //! (see ConnectionLimiter::derivedTotal()).
    int maxConnections = 0;
    //! Connections the kernel may queue before they are accepted (listen(2)'s backlog;
    //! the kernel caps it at net.core.somaxconn, 4096 on current Linux). Qt's default of
    //! 50 overflowed when 3,000 clients reconnected after a restart, and each dropped SYN
    //! cost its client seconds of backoff.
    int listenBacklog = 4096;
};

} // namespace chat::server
