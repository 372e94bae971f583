#pragma once

#include <shared/result.h>

#include <QString>

namespace chat::server {

//! `chatd backup FILE`: an online copy of the database, safe while chatd serves it.
//! SQLite's VACUUM INTO, run on a connection of its own, writes one consistent snapshot
//! (a read transaction: in WAL mode the daemon keeps writing meanwhile) into a new,
//! compact file. The copy is synced to disk and checked before it is reported done.
class DatabaseBackup
{
public:
    struct Done
    {
        qint64 bytes = 0; //!< The size of the backup file.
    };

    //! Copies the database at `databasePath` (which must exist and be chatd's) into
    //! `target`, which must not exist: a backup never overwrites a file, not even an
    //! older backup. On failure nothing is left at `target`.
    [[nodiscard]] static Result<Done> run(const QString &databasePath, const QString &target);
};

} // namespace chat::server
