#include "connectionurl.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace chat::server::postgres {

using namespace Qt::StringLiterals;

namespace {

Error invalid(const QString &why)
{
    return Error { ErrorCode::InvalidField, u"invalid PostgreSQL URL: "_s + why, u"db"_s };
}

const QStringList SslModes { u"disable"_s, u"allow"_s, u"prefer"_s, u"require"_s, u"verify-ca"_s,
    u"verify-full"_s };

//! Checks one parameter's value; an empty string when it is fine, else why not.
QString problemWith(const QString &key, const QString &value)
{
    // The driver joins the options into a libpq conninfo string: no spaces, quotes or
    // backslashes, which would start another keyword there.
    static const QRegularExpression plain(u"^[A-Za-z0-9._/:+-]+$"_s);
    if (!plain.match(value).hasMatch())
        return u"the value of %1 may hold only letters, digits and ._/:+-"_s.arg(key);
    if (key == u"sslmode"_s && !SslModes.contains(value))
        return u"sslmode must be one of %1"_s.arg(SslModes.join(u", "_s));
    if (key == u"connect_timeout"_s) {
        bool ok = false;
        const int seconds = value.toInt(&ok);
        if (!ok || seconds < 1 || seconds > 3600)
            return u"connect_timeout must be a number of seconds from 1 to 3600"_s;
    }
    return {};
}

} // namespace

bool ConnectionUrl::looksLikeUrl(const QString &text)
{
    return text.startsWith(u"postgresql://"_s, Qt::CaseInsensitive)
        || text.startsWith(u"postgres://"_s, Qt::CaseInsensitive);
}

Result<ConnectionUrl> ConnectionUrl::parse(const QString &text)
{
    if (!looksLikeUrl(text))
        return invalid(u"it must start with postgresql:// or postgres://"_s);
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return invalid(url.errorString());
    if (url.hasFragment())
        return invalid(u"a '#' part means nothing here"_s);
    ConnectionUrl parsed;
    parsed.host = url.host(QUrl::FullyDecoded);
    parsed.port = url.port(5432);
    parsed.user = url.userName(QUrl::FullyDecoded);
    parsed.password = url.password(QUrl::FullyDecoded);
    parsed.database = url.path(QUrl::FullyDecoded).mid(1);
    if (parsed.database.isEmpty())
        return invalid(u"name the database: postgresql://user@host:port/dbname"_s);
    if (parsed.database.contains(u'/'))
        return invalid(u"a database name has no '/'"_s);
    QStringList options;
    const QUrlQuery query(url);
    static const QStringList Accepted { u"sslmode"_s, u"sslrootcert"_s, u"sslcert"_s, u"sslkey"_s,
        u"connect_timeout"_s, u"application_name"_s };
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!Accepted.contains(key)) {
            return invalid(
                u"unknown parameter '%1' (accepted: %2)"_s.arg(key, Accepted.join(u", "_s)));
        }
        if (const QString problem = problemWith(key, value); !problem.isEmpty())
            return invalid(problem);
        options.append(key + u'=' + value);
    }
    parsed.connectOptions = options.join(u';');
    return parsed;
}

QString ConnectionUrl::displayString() const
{
    // For people to read: not percent-encoded, no password, the port always shown.
    return u"postgresql://%1%2:%3/%4"_s.arg(user.isEmpty() ? QString() : user + u'@', host)
        .arg(port)
        .arg(database);
}

} // namespace chat::server::postgres
