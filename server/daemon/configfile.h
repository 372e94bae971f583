#pragma once

#include <shared/result.h>

#include <QList>
#include <QString>

namespace chat::server {

//! An INI file as chatd reads it: through QSettings (IniFormat), and stricter than
//! QSettings alone. QSettings skips a line it cannot read and takes a missing file for an
//! empty one; a daemon that silently ignores "port 9000" (no '=') or a typo in the
//! file's name runs with settings nobody chose. So the file must exist and be readable,
//! every line must be a comment (';': QSettings reads "# a = b" as the key "# a"), a
//! [section] or a key = value, and no key may appear twice. Knows nothing of which keys
//! exist: DaemonOptions checks that.
class ConfigFile
{
public:
    struct Entry
    {
        QString key; //!< "section/name", as QSettings names it.
        QString value; //!< A list value (a, b) comes back joined with commas.
    };

    //! The entries of the file at `path`, in QSettings' (alphabetical) order, or an error
    //! whose message names the file and, for a bad line, its number.
    [[nodiscard]] static Result<QList<Entry>> read(const QString &path);

private:
    [[nodiscard]] static Status checkLines(const QString &path);
};

} // namespace chat::server
