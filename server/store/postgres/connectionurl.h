#pragma once

#include <shared/result.h>

#include <QString>

namespace chat::server::postgres {

//! Where a PostgreSQL database is, as chatd's `--db` and config file name it: a libpq
//! connection URI, `postgresql://[user[:password]@][host][:port]/dbname[?param=value&...]`
//! (`postgres://` too; user, password and dbname percent-decoded). The database name is
//! required; an empty host means libpq's default Unix socket. Of libpq's parameters, the
//! ones a deployment needs are taken (sslmode, sslrootcert, sslcert, sslkey,
//! connect_timeout, application_name); anything else is refused by name rather than
//! ignored, so a typo never silently weakens a connection (an sslmode that did nothing).
struct ConnectionUrl
{
    QString host; //!< Empty: the default Unix socket.
    int port = 5432;
    QString user;
    QString password;
    QString database;
    //! The accepted parameters as Qt's QPSQL driver takes them: "key=value;key=value".
    QString connectOptions;

    //! Whether `text` is meant as a PostgreSQL URL at all (its scheme), so that anything
    //! else can be taken for an SQLite file path.
    [[nodiscard]] static bool looksLikeUrl(const QString &text);
    //! The URL's parts, or InvalidField (field "db") saying what is wrong with it.
    [[nodiscard]] static Result<ConnectionUrl> parse(const QString &text);
    //! The URL without its password, for logs and error messages.
    [[nodiscard]] QString displayString() const;
};

} // namespace chat::server::postgres
