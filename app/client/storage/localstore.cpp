#include "localstore.h"

#include <client/clientlogging.h>

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStringList>

namespace chat::client {

using namespace Qt::StringLiterals;

namespace {

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

//! On disk an operation waits ('pending') or was refused ('failed'): one on its way when
//! the app stopped goes again after a restart, with the same client id.
QString diskState(OutgoingOperation::State state)
{
    return state == OutgoingOperation::State::Failed ? u"failed"_s : u"pending"_s;
}

// Each entry takes the schema from version (index) to version (index + 1). Append new
// migrations; never edit one that has shipped.
const sqlite::Migrations &migrationSteps()
{
    static const sqlite::Migrations steps {
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
        {
            // Operations of other kinds than a sent message (edits, reactions, ...) will
            // share the outbox and its order; what version 1 wrote were all sends.
            u"ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'send'"_s,
        },
        {
            // One row per conversation with unsent text: no row is no draft, so an empty
            // text is refused rather than kept as a second way of saying "none". Not
            // tied to the conversation list (not stored here): a draft may outlive it.
            u"CREATE TABLE drafts ("
            "conversation_id INTEGER PRIMARY KEY,"
            "text TEXT NOT NULL CHECK (text <> ''),"
            "updated_at INTEGER NOT NULL)"_s,
        },
        {
            // Edits, deletions and reactions name the stored message they change; a send
            // may answer one. 0 and '' where a kind has none.
            u"ALTER TABLE outbox ADD COLUMN target_id INTEGER NOT NULL DEFAULT 0"_s,
            u"ALTER TABLE outbox ADD COLUMN reply_to INTEGER NOT NULL DEFAULT 0"_s,
            u"ALTER TABLE outbox ADD COLUMN emoji TEXT NOT NULL DEFAULT ''"_s,
            // Why a Failed one failed, as the wire names it: what the user may do about it
            // (edit a message that was too long, not retry it).
            u"ALTER TABLE outbox ADD COLUMN error_code TEXT NOT NULL DEFAULT ''"_s,
        },
    };
    return steps;
}

//! The resume cursor's key (named "position" by version 1, kept so old files resume).
const auto ResumeCursorKey = u"position"_s;
const auto LastConversationKey = u"last_conversation"_s;

} // namespace

LocalStore::LocalStore()
    : m_database(u"localstore"_s)
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
    if (auto status = m_database.open(path, migrationSteps()); !status)
        return status;
    m_path = path;
    qCDebug(lcStorage) << "local store" << path << "at schema version" << schemaVersion();
    return Done {};
}

void LocalStore::close()
{
    m_path.clear();
    m_database.close();
}

bool LocalStore::isOpen() const
{
    return m_database.isOpen();
}

int LocalStore::schemaVersion() const
{
    return m_database.schemaVersion();
}

Result<QSqlQuery> LocalStore::run(const QString &sql, const QVariantList &values) const
{
    if (!isOpen())
        return Error { ErrorCode::Internal, u"the local store is not open"_s };
    QSqlQuery query(m_database.connection());
    if (!query.prepare(sql))
        return Error { ErrorCode::Internal, query.lastError().text() };
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return Error { ErrorCode::Internal, query.lastError().text() };
    return query;
}

Status LocalStore::exec(const QString &sql, const QVariantList &values)
{
    if (auto done = run(sql, values); !done)
        return done.error();
    return Done {};
}

Status LocalStore::addOperation(const OutgoingOperation &operation)
{
    return exec(
        u"INSERT INTO outbox (kind, client_id, conversation_id, body, written_at, state, "
        "error, target_id, reply_to, emoji, error_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
        { kindName(operation.kind), operation.clientId, operation.conversationId,
            orEmpty(operation.body), operation.createdAt.toMSecsSinceEpoch(),
            diskState(operation.state), orEmpty(operation.error), operation.targetId,
            operation.replyTo, orEmpty(operation.emoji),
            operation.state == OutgoingOperation::State::Failed ? errorCodeName(operation.errorCode)
                                                                : u""_s });
}

Status LocalStore::removeOperation(const QString &clientId)
{
    return exec(u"DELETE FROM outbox WHERE client_id = ?"_s, { clientId });
}

Status LocalStore::setOperationState(
    const QString &clientId, OutgoingOperation::State state, const QString &error, ErrorCode code)
{
    const QString codeName
        = state == OutgoingOperation::State::Failed ? errorCodeName(code) : u""_s;
    return exec(u"UPDATE outbox SET state = ?, error = ?, error_code = ? WHERE client_id = ?"_s,
        { diskState(state), orEmpty(error), codeName, clientId });
}

Result<QList<OutgoingOperation>> LocalStore::operations() const
{
    auto selected = run(u"SELECT kind, client_id, conversation_id, body, written_at, state, error, "
                        "target_id, reply_to, emoji, error_code FROM outbox ORDER BY seq"_s);
    if (!selected)
        return selected.error();
    QSqlQuery &query = selected.value();
    QList<OutgoingOperation> operations;
    while (query.next()) {
        const auto kind = kindFromName(query.value(0).toString());
        if (!kind) {
            // Written by a newer build: leave it on disk for that build rather than guess.
            qCWarning(lcStorage) << "skipping an outgoing operation of unknown kind"
                                 << query.value(0).toString();
            continue;
        }
        OutgoingOperation operation;
        operation.kind = *kind;
        operation.clientId = query.value(1).toString();
        operation.conversationId = query.value(2).toLongLong();
        operation.body = query.value(3).toString();
        operation.createdAt = QDateTime::fromMSecsSinceEpoch(query.value(4).toLongLong(), Qt::UTC);
        operation.state = query.value(5).toString() == u"failed" ? OutgoingOperation::State::Failed
                                                                 : OutgoingOperation::State::Queued;
        operation.error = query.value(6).toString();
        operation.targetId = query.value(7).toLongLong();
        operation.replyTo = query.value(8).toLongLong();
        operation.emoji = query.value(9).toString();
        // A Failed one of an older file (no code) stays retryable, as it was.
        operation.errorCode
            = errorCodeFromName(query.value(10).toString()).value_or(ErrorCode::Internal);
        operations.append(operation);
    }
    if (query.lastError().isValid())
        return Error { ErrorCode::Internal, query.lastError().text() };
    return operations;
}

Result<qint64> LocalStore::resumeCursor() const
{
    return metaNumber(ResumeCursorKey);
}

Status LocalStore::setResumeCursor(qint64 cursor)
{
    return setMetaNumber(ResumeCursorKey, cursor);
}

Result<qint64> LocalStore::lastConversation() const
{
    return metaNumber(LastConversationKey);
}

Status LocalStore::setLastConversation(qint64 conversationId)
{
    return setMetaNumber(LastConversationKey, conversationId);
}

Result<qint64> LocalStore::metaNumber(const QString &key) const
{
    auto selected = run(u"SELECT value FROM meta WHERE key = ?"_s, { key });
    if (!selected)
        return selected.error();
    return selected.value().next() ? selected.value().value(0).toLongLong() : qint64(0);
}

Status LocalStore::setMetaNumber(const QString &key, qint64 value)
{
    return exec(u"INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s,
        { key, value });
}

Status LocalStore::saveDraft(qint64 conversationId, const QString &text)
{
    if (text.isEmpty())
        return exec(u"DELETE FROM drafts WHERE conversation_id = ?"_s, { conversationId });
    return exec(u"INSERT INTO drafts (conversation_id, text, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (conversation_id) DO UPDATE SET text = excluded.text, "
                "updated_at = excluded.updated_at"_s,
        { conversationId, text, QDateTime::currentMSecsSinceEpoch() });
}

Result<QString> LocalStore::draft(qint64 conversationId) const
{
    auto selected = run(u"SELECT text FROM drafts WHERE conversation_id = ?"_s, { conversationId });
    if (!selected)
        return selected.error();
    return selected.value().next() ? selected.value().value(0).toString() : QString();
}

Result<QList<Draft>> LocalStore::drafts() const
{
    auto selected
        = run(u"SELECT conversation_id, text, updated_at FROM drafts ORDER BY conversation_id"_s);
    if (!selected)
        return selected.error();
    QSqlQuery &query = selected.value();
    QList<Draft> drafts;
    while (query.next()) {
        drafts.append({ .conversationId = query.value(0).toLongLong(),
            .text = query.value(1).toString(),
            .updatedAt = QDateTime::fromMSecsSinceEpoch(query.value(2).toLongLong(), Qt::UTC) });
    }
    if (query.lastError().isValid())
        return Error { ErrorCode::Internal, query.lastError().text() };
    return drafts;
}

} // namespace chat::client
