#pragma once

#include <QByteArray>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace chat::server::http {

//! Which web pages may open a WebSocket to this server, judged by the upgrade request's
//! `Origin` header (RFC 6454). Authentication is by token, never by cookie, so a foreign
//! page cannot ride on a signed-in browser; this check is defence in depth against pages
//! that got hold of a token, and against probing from a browser.
//!
//! Allowed:
//! - no `Origin` at all: native clients (the desktop app, scripts) send none;
//! - the server's own origin, when the page that asks was served from this server by an
//!   address: `scheme://<Host header>` where the Host names an IP address (or
//!   `localhost`) and a port. A browser sends a Host it connected to, so such an origin
//!   is this very server. A DNS name in the Host is *not* trusted by itself: through DNS
//!   rebinding an attacker's name can point at this server with a matching Host and
//!   Origin; a name to serve pages from must be listed;
//! - every origin listed in the configuration (`allowed-origins`), compared as the
//!   browser serialises it: `scheme://host[:port]`, lower case, no path; `*` allows any.
class OriginPolicy
{
public:
    explicit OriginPolicy(const QStringList &allowed = {});

    //! Whether an upgrade with this Origin (empty: none sent), Host and scheme may go on.
    [[nodiscard]] bool allows(
        const QByteArray &origin, const QByteArray &host, const QString &scheme) const;

    //! The origin a config entry stands for ("https://Chat.Example.com/" →
    //! "https://chat.example.com"), "*", or nullopt when it is not an origin.
    [[nodiscard]] static std::optional<QString> normalise(const QString &entry);

private:
    [[nodiscard]] static bool isOwnOrigin(
        const QString &origin, const QByteArray &host, const QString &scheme);

    QSet<QString> m_allowed;
    bool m_any = false;
};

} // namespace chat::server::http
