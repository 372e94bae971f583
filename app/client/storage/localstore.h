#pragma once

#include <client/outgoing/outgoingoperation.h>
#include <shared/result.h>

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>
#include <shared/sqlite/sqlitedatabase.h>

class QSqlQuery;

namespace chat::client {

//! What the user typed in a conversation and has not sent, as it was last written.
struct Draft
{
    qint64 conversationId = 0;
    QString text; //!< Never empty: an empty draft is no draft.
    QDateTime updatedAt; //!< UTC, when it was written.
};

//! What the client keeps on disk for one user on one server: the outbox (our outgoing
//! operations the server has not acknowledged, or has refused), the resume cursor, and
//! the drafts (unsent text per conversation).
//! One SQLite file per server+user, so two accounts never see each other's queue. Every
//! write commits with synchronous=FULL before it returns: a message shown as Pending
//! survives a crash of the app or a power cut. Only OutgoingQueue writes the outbox,
//! only DraftKeeper the drafts.
class LocalStore
{
public:
    LocalStore();
    ~LocalStore();
    LocalStore(const LocalStore &) = delete;
    LocalStore &operator=(const LocalStore &) = delete;

    //! Where accounts live unless told otherwise: <AppDataLocation>/accounts.
    [[nodiscard]] static QString defaultProfileDirectory();
    //! <profileDir>/<host>_<port>/<username>.sqlite3, with every name made safe for any
    //! file system (a host or username never escapes the profile directory).
    [[nodiscard]] static QString pathFor(
        const QString &profileDirectory, const QUrl &serverUrl, const QString &username);

    //! Opens (creating the file and its directory) and migrates the schema.
    [[nodiscard]] Status open(const QString &path);
    void close();
    [[nodiscard]] bool isOpen() const;
    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] int schemaVersion() const;

    //! Appends an operation to the outbox; the order of appends is the order of sending.
    [[nodiscard]] Status addOperation(const OutgoingOperation &operation);
    [[nodiscard]] Status removeOperation(const QString &clientId);
    //! Records Failed (with the reason and its code) or back to waiting. Sending is kept
    //! as waiting: after a restart, what was on its way goes again with its client id.
    [[nodiscard]] Status setOperationState(const QString &clientId, OutgoingOperation::State state,
        const QString &error, ErrorCode code = ErrorCode::Internal);
    //! The outbox in the order the operations were written, none of them Sending.
    [[nodiscard]] Result<QList<OutgoingOperation>> operations() const;

    //! The resume cursor: the newest message id the live connection has received, where
    //! the next connection resumes; 0 when none is known.
    [[nodiscard]] Result<qint64> resumeCursor() const;
    [[nodiscard]] Status setResumeCursor(qint64 cursor);

    //! The conversation open when the app last showed one, reopened at the next start;
    //! 0 when none was.
    [[nodiscard]] Result<qint64> lastConversation() const;
    [[nodiscard]] Status setLastConversation(qint64 conversationId);

    //! Replaces the conversation's draft; empty text deletes it.
    [[nodiscard]] Status saveDraft(qint64 conversationId, const QString &text);
    //! The conversation's draft; empty when it has none.
    [[nodiscard]] Result<QString> draft(qint64 conversationId) const;
    //! Every draft, by conversation id.
    [[nodiscard]] Result<QList<Draft>> drafts() const;

private:
    //! Prepares, binds `values` in order and runs `sql`; the query is positioned before
    //! its first row.
    [[nodiscard]] Result<QSqlQuery> run(const QString &sql, const QVariantList &values = {}) const;
    [[nodiscard]] Status exec(const QString &sql, const QVariantList &values = {});
    //! A number kept in the meta table under `key`; 0 when it has none.
    [[nodiscard]] Result<qint64> metaNumber(const QString &key) const;
    [[nodiscard]] Status setMetaNumber(const QString &key, qint64 value);

    QString m_path;
    sqlite::Database m_database;
};

} // namespace chat::client
