#include "localstore.h"

#include "clientlogging.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStringList>

namespace chat::client {

using namespace Qt::StringLiterals;

namespace {

QString nextConnectionName()
{
    // QSqlDatabase connections are named per process; several stores (two windows' worth
    // of clients in one test process) must never share one.
    static QAtomicInteger<quint64> counter;
    return u"chat-localstore-%1"_s.arg(counter.fetchAndAddRelaxed(1));
}

//! Keeps [A-Za-z0-9._-] and replaces anything else, so a name is one harmless path
//! component: never empty, never "." or "..", never hidden.
QString safeFileName(const QString &name)
{
    QString safe;
    safe.reserve(name.size());
    for (const QChar c : name) {
        const bool plain = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')
            || (c >= u'0' && c <= u'9') || c == u'.' || c == u'_' || c == u'-';
        safe.append(plain ? c : u'_');
    }
    if (safe.isEmpty() || safe.startsWith(u'.'))
        safe.prepend(u'_');
    return safe;
}

//! A null QString binds as SQL NULL; the error column wants text, maybe empty.
QString orEmpty(const QString &text)
{
    return text.isNull() ? u""_s : text;
}

QString stateName(DeliveryState state)
{
    return state == DeliveryState::Failed ? u"failed"_s : u"pending"_s;
}

// Each entry takes the schema from version (index) to version (index + 1). Append new
// migrations; never edit one that has shipped.
const QList<QStringList> &migrationSteps()
{
    static const QList<QStringList> steps {
        {
            // seq is the sending order; AUTOINCREMENT so it never goes backwards, even
            // after the newest row was deleted.
            u"CREATE TABLE outbox ("
            "seq INTEGER PRIMARY KEY AUTOINCREMENT,"
            "client_id TEXT NOT NULL UNIQUE,"
            "conversation_id INTEGER NOT NULL,"
            "body TEXT NOT NULL,"
            "written_at INTEGER NOT NULL,"
            "state TEXT NOT NULL CHECK (state IN ('pending', 'failed')),"
            "error TEXT NOT NULL DEFAULT '')"_s,
            u"CREATE TABLE meta (key TEXT PRIMARY KEY, value NOT NULL) WITHOUT ROWID"_s,
        },
    };
    return steps;
}

const auto PositionKey = u"position"_s;

} // namespace

LocalStore::LocalStore()
    : m_connectionName(nextConnectionName())
{ }

LocalStore::~LocalStore()
{
    close();
}

QString LocalStore::defaultProfileDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/accounts"_s;
}

QString LocalStore::pathFor(
    const QString &profileDirectory, const QUrl &serverUrl, const QString &username)
{
    const int defaultPort = serverUrl.scheme() == u"https" ? 443 : 80;
    // Usernames are case-insensitive on the server: "Alice" and "alice" share one file.
    const QString server
        = u"%1_%2"_s.arg(safeFileName(serverUrl.host().toLower())).arg(serverUrl.port(defaultPort));
    return QDir(profileDirectory)
        .filePath(server + u'/' + safeFileName(username.toLower()) + u".sqlite3"_s);
}

Status LocalStore::open(const QString &path)
{
    close();
    const QString directory = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(directory)) {
        return Error { ErrorCode::Internal,
            u"cannot create the directory '%1'"_s.arg(QDir::toNativeSeparators(directory)) };
    }
    m_database = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_database.setDatabaseName(path);
    // Another window of the same user may hold a lock for a moment: wait, do not fail.
    m_database.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!m_database.open()) {
        const QString reason = m_database.lastError().text();
        close();
        return Error { ErrorCode::Internal, u"cannot open '%1': %2"_s.arg(path, reason) };
    }
    if (auto status = configure(); !status) {
        close();
        return Error { ErrorCode::Internal,
            u"cannot use '%1': %2"_s.arg(path, status.error().message) };
    }
    if (auto status = migrate(); !status) {
        close();
        return status;
    }
    m_path = path;
    qCDebug(lcNet) << "local store" << path << "at schema version" << schemaVersion();
    return Done {};
}

void LocalStore::close()
{
    m_path.clear();
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    if (m_database.isOpen()) {
        // Fold the WAL back into the main file, so a closed store is one file.
        QSqlQuery(m_database).exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
        m_database.close();
    }
    m_database = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool LocalStore::isOpen() const
{
    return m_database.isOpen();
}

Status LocalStore::configure()
{
    QSqlQuery query(m_database);
    // WAL: the UI thread's reads never wait on a write. synchronous=FULL: a queued
    // message is on disk before it is shown as Pending, power loss included.
    if (!query.exec(u"PRAGMA journal_mode = WAL"_s) || !query.next())
        return Error { ErrorCode::Internal, query.lastError().text() };
    if (query.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0) {
        return Error { ErrorCode::Internal,
            u"the file system does not support WAL (journal mode is '%1')"_s.arg(
                query.value(0).toString()) };
    }
    if (!query.exec(u"PRAGMA synchronous = FULL"_s))
        return Error { ErrorCode::Internal, query.lastError().text() };
    return Done {};
}

int LocalStore::schemaVersion() const
{
    QSqlQuery query(m_database);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
        return -1;
    return query.value(0).toInt();
}

Status LocalStore::migrate()
{
    const QList<QStringList> &steps = migrationSteps();
    const int current = schemaVersion();
    if (current < 0)
        return Error { ErrorCode::Internal, u"cannot read the schema version"_s };
    if (current > steps.size()) {
        // Written by a newer version of the app: better to refuse than to guess.
        return Error { ErrorCode::Internal,
            u"'%1' has schema version %2; this version of the app knows up to %3"_s
                .arg(m_database.databaseName())
                .arg(current)
                .arg(steps.size()) };
    }
    for (int version = current; version < steps.size(); ++version) {
        // One transaction per step: a step is applied completely, or not at all.
        if (!m_database.transaction())
            return Error { ErrorCode::Internal, m_database.lastError().text() };
        QStringList statements = steps.at(version);
        statements.append(u"PRAGMA user_version = %1"_s.arg(version + 1));
        for (const QString &statement : std::as_const(statements)) {
            QSqlQuery query(m_database);
            if (!query.exec(statement)) {
                const QString reason = query.lastError().text();
                m_database.rollback();
                return Error { ErrorCode::Internal,
                    u"migration to schema version %1 failed: %2"_s.arg(version + 1).arg(reason) };
            }
        }
        if (!m_database.commit()) {
            const QString reason = m_database.lastError().text();
            m_database.rollback();
            return Error { ErrorCode::Internal,
                u"cannot commit schema version %1: %2"_s.arg(version + 1).arg(reason) };
        }
    }
    return Done {};
}

Status LocalStore::exec(const QString &sql, const QVariantList &values)
{
    if (!isOpen())
        return Error { ErrorCode::Internal, u"the local store is not open"_s };
    QSqlQuery query(m_database);
    if (!query.prepare(sql))
        return Error { ErrorCode::Internal, query.lastError().text() };
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return Error { ErrorCode::Internal, query.lastError().text() };
    return Done {};
}

Status LocalStore::addOutgoing(const OutgoingMessage &message)
{
    return exec(u"INSERT INTO outbox (client_id, conversation_id, body, written_at, state, error) "
                "VALUES (?, ?, ?, ?, ?, ?)"_s,
        { message.clientId, message.conversationId, message.body,
            message.writtenAt.toMSecsSinceEpoch(), stateName(message.state),
            orEmpty(message.error) });
}

Status LocalStore::removeOutgoing(const QString &clientId)
{
    return exec(u"DELETE FROM outbox WHERE client_id = ?"_s, { clientId });
}

Status LocalStore::setOutgoingState(
    const QString &clientId, DeliveryState state, const QString &error)
{
    return exec(u"UPDATE outbox SET state = ?, error = ? WHERE client_id = ?"_s,
        { stateName(state), orEmpty(error), clientId });
}

Result<QList<OutgoingMessage>> LocalStore::outgoing() const
{
    if (!isOpen())
        return Error { ErrorCode::Internal, u"the local store is not open"_s };
    QSqlQuery query(m_database);
    if (!query.exec(u"SELECT client_id, conversation_id, body, written_at, state, error "
                    "FROM outbox ORDER BY seq"_s))
        return Error { ErrorCode::Internal, query.lastError().text() };
    QList<OutgoingMessage> messages;
    while (query.next()) {
        OutgoingMessage message;
        message.clientId = query.value(0).toString();
        message.conversationId = query.value(1).toLongLong();
        message.body = query.value(2).toString();
        message.writtenAt = QDateTime::fromMSecsSinceEpoch(query.value(3).toLongLong(), Qt::UTC);
        message.state = query.value(4).toString() == u"failed" ? DeliveryState::Failed
                                                               : DeliveryState::Pending;
        message.error = query.value(5).toString();
        messages.append(message);
    }
    if (query.lastError().isValid())
        return Error { ErrorCode::Internal, query.lastError().text() };
    return messages;
}

Result<qint64> LocalStore::position() const
{
    if (!isOpen())
        return Error { ErrorCode::Internal, u"the local store is not open"_s };
    QSqlQuery query(m_database);
    if (!query.prepare(u"SELECT value FROM meta WHERE key = ?"_s))
        return Error { ErrorCode::Internal, query.lastError().text() };
    query.addBindValue(PositionKey);
    if (!query.exec())
        return Error { ErrorCode::Internal, query.lastError().text() };
    return query.next() ? query.value(0).toLongLong() : qint64(0);
}

Status LocalStore::setPosition(qint64 position)
{
    return exec(u"INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s,
        { PositionKey, position });
}

} // namespace chat::client
