#include "databasebackup.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <unistd.h>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {

Error failure(const QString &message)
{
    return Error { ErrorCode::Internal, message };
}

//! A QSQLITE connection of its own for the length of a scope, without chatd's migrations:
//! a backup reads the file as it is.
class Connection
{
public:
    explicit Connection(const QString &path)
    {
        static QAtomicInteger<quint64> counter;
        m_name = u"chat-backup-%1"_s.arg(counter.fetchAndAddRelaxed(1));
        m_database = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        m_database.setDatabaseName(path);
        // The daemon holds the write lock during each commit: wait for it, as chatd does.
        m_database.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    }
    ~Connection()
    {
        m_database.close();
        m_database = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    QSqlDatabase &database() { return m_database; }

    //! The first column of the first row of `sql` with `values` bound, or the error.
    Result<QVariant> scalar(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query(m_database);
        if (!query.prepare(sql))
            return failure(query.lastError().text());
        for (const QVariant &value : values)
            query.addBindValue(value);
        if (!query.exec())
            return failure(query.lastError().text());
        return query.next() ? query.value(0) : QVariant();
    }

private:
    QString m_name;
    QSqlDatabase m_database;
};

//! VACUUM INTO writes the file without an fsync: a backup that a power cut can take back
//! is not one.
Status syncToDisk(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failure(u"cannot open '%1' to sync it: %2"_s.arg(path, file.errorString()));
    if (::fsync(file.handle()) != 0)
        return failure(u"cannot sync '%1' to disk"_s.arg(path));
    return chat::Done {};
}

Result<DatabaseBackup::Done> copy(const QString &databasePath, const QString &target)
{
    {
        Connection source(databasePath);
        if (!source.database().open())
            return failure(u"cannot open database '%1': %2"_s.arg(
                databasePath, source.database().lastError().text()));
        // chatd's migrations set user_version; 0 is an empty or foreign SQLite file.
        auto version = source.scalar(u"PRAGMA user_version"_s);
        if (!version)
            return failure(
                u"cannot read database '%1': %2"_s.arg(databasePath, version.error().message));
        if (version.value().toInt() <= 0)
            return failure(u"'%1' is not a chatd database"_s.arg(databasePath));
        if (auto vacuumed = source.scalar(u"VACUUM INTO ?"_s, { target }); !vacuumed)
            return failure(u"cannot write the backup: %1"_s.arg(vacuumed.error().message));
    }
    if (auto synced = syncToDisk(target); !synced)
        return synced.error();
    {
        Connection backup(target);
        if (!backup.database().open())
            return failure(
                u"cannot open the backup: %1"_s.arg(backup.database().lastError().text()));
        auto check = backup.scalar(u"PRAGMA quick_check"_s);
        if (!check || check.value().toString() != u"ok"_s) {
            return failure(u"the backup does not check out: %1"_s.arg(
                check ? check.value().toString() : check.error().message));
        }
    }
    return DatabaseBackup::Done { QFileInfo(target).size() };
}

} // namespace

Result<DatabaseBackup::Done> DatabaseBackup::run(const QString &databasePath, const QString &target)
{
    // Opening a missing file would create an empty database: say so instead.
    if (!QFileInfo(databasePath).isFile())
        return failure(u"no database at '%1'"_s.arg(databasePath));
    if (QFileInfo::exists(target))
        return failure(u"'%1' exists; a backup never overwrites a file"_s.arg(target));
    const QFileInfo targetInfo(target);
    if (!targetInfo.absoluteDir().exists())
        return failure(u"the directory '%1' does not exist"_s.arg(targetInfo.absolutePath()));

    auto done = copy(databasePath, target);
    if (!done)
        QFile::remove(target); // Whatever the failure left: it is no backup.
    return done;
}

} // namespace chat::server
