#pragma once

#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QPointer>
#include <QTcpSocket>

#include <functional>
#include <memory>

namespace chat::server {

//! A route's responder kept past the route handler, to answer once work done elsewhere
//! (a password hash on the HashPool) comes back to the event loop.
//!
//! QHttpServerResponder (6.4) holds its connection's socket as a raw pointer, and
//! QHttpServer deletes the socket when the peer disconnects: answering late could write
//! into a deleted socket. So the connection is also watched through the QPointer of
//! CurrentConnection, taken while the handler runs, and a late answer to a connection
//! that is gone or closed is dropped. HttpConnectionGuard feeds the connection's next
//! (pipelined) request only once this answer is written, so nothing overtakes it.
class DeferredResponder
{
public:
    //! What the answer goes through before it is written (the HTTP layer's common headers
    //! and counting, which QHttpServer's afterRequest does not apply to responder routes).
    using Finish = std::function<void(QHttpServerResponse &)>;

    DeferredResponder(QHttpServerResponder &&responder, Finish finish);

    //! Writes `response` if the connection is still open; false when it was dropped.
    bool write(QHttpServerResponse &&response);
    [[nodiscard]] bool isConnected() const;

private:
    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    Finish m_finish;
    bool m_written = false;
};

} // namespace chat::server
