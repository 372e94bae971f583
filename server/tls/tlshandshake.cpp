#include "tlshandshake.h"

#include <server/logging.h>
#include <server/metrics/instruments.h>

#include <QSslSocket>
#include <QTimer>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

TlsHandshake::TlsHandshake(QSslConfiguration configuration, std::chrono::milliseconds timeout,
    Counters counters, QObject *parent)
    : QObject(parent)
    , m_configuration(std::move(configuration))
    , m_timeout(timeout)
    , m_counters(counters)
{ }

void TlsHandshake::configure(QSslSocket *socket) const
{
    socket->setSslConfiguration(m_configuration);
}

void TlsHandshake::start(QSslSocket *socket, std::function<void(QSslSocket *)> encrypted)
{
    // The timer belongs to the socket: it goes with it, whichever way the socket ends.
    auto *deadline = new QTimer(socket);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, this, [this, socket] {
        refuse(socket, m_counters.timedOut,
            u"no TLS handshake within %1 ms"_s.arg(qint64(m_timeout.count())));
    });
    // Our connections end with the handshake: after it the socket is QHttpServer's, and
    // its errors (a peer closing, say) are no longer handshake failures.
    const auto done = [socket, deadline, this] {
        deadline->stop();
        deadline->deleteLater();
        socket->disconnect(this);
    };
    connect(socket, &QSslSocket::encrypted, this, [socket, done, encrypted = std::move(encrypted)] {
        done();
        encrypted(socket);
    });
    connect(socket, &QAbstractSocket::errorOccurred, this, [this, socket, done] {
        done();
        refuse(socket, m_counters.failed, u"TLS handshake failed: "_s + socket->errorString());
    });
    connect(socket, &QSslSocket::sslErrors, this, [this, socket, done] {
        done();
        refuse(socket, m_counters.failed, u"TLS handshake failed: "_s + socket->errorString());
    });
    deadline->start(m_timeout);
    socket->startServerEncryption();
}

void TlsHandshake::refuse(QSslSocket *socket, Counter *counter, const QString &reason)
{
    socket->disconnect(this);
    if (counter)
        counter->increment();
    if (!m_lastLog.isValid() || m_lastLog.hasExpired(1000)) {
        const QString more
            = m_unlogged > 0 ? u" (and %1 more since the last line)"_s.arg(m_unlogged) : QString();
        qCInfo(lcTls).noquote() << "closing the connection from" << socket->peerAddress().toString()
                                << "-" << reason << more;
        m_lastLog.start();
        m_unlogged = 0;
    } else {
        ++m_unlogged;
    }
    socket->abort();
    socket->deleteLater();
}

} // namespace chat::server
