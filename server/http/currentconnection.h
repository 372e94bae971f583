#pragma once

#include <QPointer>
#include <QTcpSocket>

namespace chat::server {

//! The connection whose request a route handler is handling right now, for a handler
//! that answers later (e.g. after hashing a password on a worker thread): it keeps the
//! QPointer and, before writing through its moved QHttpServerResponder, checks that the
//! connection still exists (null: the peer went away and the socket was deleted).
//!
//!     m_server.route(path, [](const QHttpServerRequest &r, QHttpServerResponder &&responder) {
//!         QPointer<QTcpSocket> connection = CurrentConnection::socket();
//!         ... later: if (connection) response.write(std::move(responder));
//!     });
//!
//! Set by HttpConnectionGuard just before QHttpServer reads a request from the socket
//! (so during every route handler and the missing handler), cleared once QHttpServer is
//! done with it. Null outside a handler. One event loop thread serves HTTP; it is per
//! thread all the same.
//!
//! The guard feeds a connection's next request only after the previous one's response
//! was written, so a deferred response never lets a later one overtake it.
class CurrentConnection
{
public:
    //! The socket of the request being handled, or null outside a route handler.
    [[nodiscard]] static QPointer<QTcpSocket> socket();

private:
    friend class HttpConnectionGuard;
    static void set(QTcpSocket *socket);
    static void clear();
};

} // namespace chat::server
