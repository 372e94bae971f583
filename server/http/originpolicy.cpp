#include "originpolicy.h"

#include <QHostAddress>
#include <QUrl>

namespace chat::server::http {

using namespace Qt::StringLiterals;

OriginPolicy::OriginPolicy(const QStringList &allowed)
{
    for (const QString &entry : allowed) {
        const auto origin = normalise(entry);
        if (!origin)
            continue; // the daemon's settings refuse these before they get here
        if (*origin == u"*")
            m_any = true;
        else
            m_allowed.insert(*origin);
    }
}

std::optional<QString> OriginPolicy::normalise(const QString &entry)
{
    const QString trimmed = entry.trimmed();
    if (trimmed == u"*")
        return trimmed;
    const QUrl url(trimmed, QUrl::StrictMode);
    const bool onlyOrigin = url.isValid() && !url.host().isEmpty() && url.userInfo().isEmpty()
        && !url.hasQuery() && !url.hasFragment() && (url.path().isEmpty() || url.path() == u"/");
    if (!onlyOrigin || (url.scheme() != u"http" && url.scheme() != u"https"))
        return std::nullopt;
    // What a browser sends: lower case, the port only when it is not the scheme's own.
    const int defaultPort = url.scheme() == u"https" ? 443 : 80;
    QString origin = url.scheme() + u"://"_s + url.host(QUrl::FullyEncoded).toLower();
    if (url.port() != -1 && url.port() != defaultPort)
        origin += u':' + QString::number(url.port());
    return origin;
}

bool OriginPolicy::isOwnOrigin(const QString &origin, const QByteArray &host, const QString &scheme)
{
    if (host.isEmpty())
        return false;
    const QString hostText = QString::fromLatin1(host).toLower();
    if (origin != scheme + u"://"_s + hostText)
        return false;
    // The Host's name part: "127.0.0.1:8420", "[::1]:8420", "localhost:8420".
    const QUrl url(scheme + u"://"_s + hostText);
    if (!url.isValid())
        return false;
    const QString name = url.host();
    return name == u"localhost" || !QHostAddress(name).isNull();
}

bool OriginPolicy::allows(
    const QByteArray &origin, const QByteArray &host, const QString &scheme) const
{
    if (origin.isEmpty() || m_any)
        return true;
    const QString text = QString::fromLatin1(origin).toLower();
    return m_allowed.contains(text) || isOwnOrigin(text, host, scheme);
}

} // namespace chat::server::http
