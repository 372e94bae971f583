#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QSslConfiguration>

#include <chrono>
#include <functional>

class QSslSocket;

namespace chat::server {

class Counter;

//! The server's side of the TLS handshake for the sockets TcpListener accepts: makes each
//! a QSslSocket with the server's certificate, starts the handshake, and hands the socket
//! on (to QHttpServer) only once it is encrypted, so that the HTTP layer never sees a
//! plain byte. A peer that does not finish the handshake within the timeout, or fails it
//! (a plain HTTP request on the TLS port, a client that rejects our certificate), is
//! closed here, counted, and logged (at most one line a second, with how many more).
//!
//! Why not QSslServer (6.4): TcpListener must stay one QTcpServer subclass that sets its
//! socket options and counts connections for every socket, TLS or not.
class TlsHandshake : public QObject
{
    Q_OBJECT
public:
    struct Counters
    {
        Counter *timedOut = nullptr; //!< Handshakes not finished in time.
        Counter *failed = nullptr; //!< Handshakes that failed (bad data, an alert).
    };

    TlsHandshake(QSslConfiguration configuration, std::chrono::milliseconds timeout,
        Counters counters, QObject *parent = nullptr);

    //! Gives a new server socket our certificate (then adopt the descriptor, start()).
    void configure(QSslSocket *socket) const;
    //! Starts the handshake on `socket`; `encrypted` gets it once the handshake is done.
    //! A socket that fails or times out is deleted (later) and never handed on.
    void start(QSslSocket *socket, std::function<void(QSslSocket *)> encrypted);

    [[nodiscard]] std::chrono::milliseconds timeout() const { return m_timeout; }

private:
    void refuse(QSslSocket *socket, Counter *counter, const QString &reason);

    QSslConfiguration m_configuration;
    std::chrono::milliseconds m_timeout;
    Counters m_counters;
    // The log's rate guard: one line a second, the rest counted into the next line.
    QElapsedTimer m_lastLog;
    int m_unlogged = 0;
};

} // namespace chat::server
