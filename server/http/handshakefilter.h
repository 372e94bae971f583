#pragma once

#include <QByteArray>
#include <QTcpSocket>

namespace chat::server::http {

//! `response` without its CORS header lines (Access-Control-*), if it is a WebSocket
//! handshake's `101` answer; any other bytes unchanged.
[[nodiscard]] QByteArray withoutCorsHeaders(const QByteArray &response);

//! A socket that writes the `101` of a WebSocket upgrade without the CORS headers Qt's
//! WebSocket layer puts there. QtWebSockets 6.4 answers every handshake with
//! `Access-Control-Allow-Origin: <the caller's Origin>` (`*` without one), plus
//! -Credentials, -Methods and -Headers, and has no option to leave them out. They mean
//! nothing to a WebSocket (browsers do not apply CORS to it), but they tell every caller
//! its origin is welcome, whatever the OriginPolicy decided; the contract is that no
//! response carries CORS headers (PROTOCOL.md §2.2). The 101 is the first thing written
//! that starts with "HTTP/1.1 101"; it passes here whole (Qt writes it in one call), and
//! after it nothing is looked at again.
//!
//! A template so that a TLS listener can put it over QSslSocket the same way.
template<typename Socket> class HandshakeFilter : public Socket
{
public:
    using Socket::Socket;

protected:
    qint64 writeData(const char *data, qint64 size) override
    {
        static constexpr char switching[] = "HTTP/1.1 101 ";
        constexpr qint64 prefix = sizeof(switching) - 1;
        if (m_upgraded || size < prefix || QByteArray::fromRawData(data, prefix) != switching)
            return Socket::writeData(data, size);
        m_upgraded = true;
        const QByteArray filtered = withoutCorsHeaders(QByteArray(data, size));
        const qint64 written = Socket::writeData(filtered.constData(), filtered.size());
        // The caller wrote `size` bytes as far as it knows; all or nothing went out.
        return written == filtered.size() ? size : written < 0 ? written : 0;
    }

private:
    bool m_upgraded = false;
};

} // namespace chat::server::http
