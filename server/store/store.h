#pragma once

#include <shared/result.h>
#include <shared/sqlite/sqlitedatabase.h>
#include <shared/wiretypes.h>

#include <QByteArray>
#include <QHash>
#include <QString>

#include <optional>

class QSqlQuery;

namespace chat::server {

//! The server's persistence: one SQLite database through QSQLITE, in WAL mode with
//! foreign keys on and synchronous=FULL, so a committed write survives a crash or power
//! loss. Every method checks its statements and reports failure as an Error value.
//! Lives in the thread that opened it (a QSqlDatabase connection is per thread).
class Store
{
public:
    Store();
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    //! Opens (creating if needed) and migrates the database file at `path`.
    [[nodiscard]] Status open(const QString &path);
    void close();
    [[nodiscard]] bool isOpen() const;
    [[nodiscard]] int schemaVersion() const;
    //! Result of PRAGMA integrity_check ("ok" when sound).
    [[nodiscard]] Result<QString> integrityCheck() const;

    // Accounts ------------------------------------------------------------------
    struct Credentials
    {
        User user;
        QByteArray passwordHash;
    };
    //! Fails with UsernameTaken when the name exists (compared case-insensitively).
    [[nodiscard]] Result<User> createUser(const QString &username, const QByteArray &passwordHash);
    [[nodiscard]] Result<std::optional<Credentials>> credentials(const QString &username) const;
    [[nodiscard]] Result<std::optional<User>> userByName(const QString &username) const;

    // Sessions ------------------------------------------------------------------
    struct SessionRecord
    {
        User user;
        QDateTime expiresAt;
    };
    [[nodiscard]] Status createSession(
        const QByteArray &tokenHash, qint64 userId, const QDateTime &expiresAt);
    [[nodiscard]] Result<std::optional<SessionRecord>> session(const QByteArray &tokenHash) const;
    //! Returns whether a session was deleted.
    [[nodiscard]] Result<bool> deleteSession(const QByteArray &tokenHash);
    [[nodiscard]] Status deleteExpiredSessions(qint64 userId);

    // Conversations and messages ------------------------------------------------
    //! Everyone else on the server, each with the direct conversation and its last message;
    //! most recent conversation first, then by name.
    [[nodiscard]] Result<QList<Contact>> contacts(qint64 userId) const;
    struct OpenedConversation
    {
        Conversation conversation;
        bool created = false;
    };
    //! Finds or creates the direct conversation of two users.
    [[nodiscard]] Result<OpenedConversation> openDirectConversation(qint64 userId, qint64 otherId);
    //! The member ids of a conversation; empty when it does not exist.
    [[nodiscard]] Result<QList<qint64>> memberIds(qint64 conversationId) const;

    struct StoredMessage
    {
        Message message;
        bool created = false; //!< False when (sender, clientId) existed: the original is returned.
    };
    //! Stores a message unless the sender already used `clientId`; idempotent.
    [[nodiscard]] Result<StoredMessage> insertMessage(
        qint64 conversationId, qint64 senderId, const QString &clientId, const QString &body);
    //! Messages of the user's conversations after the cursor `afterId` (a message id),
    //! oldest first, at most `limit`: what a reconnecting client missed.
    [[nodiscard]] Result<QList<Message>> messagesAfter(
        qint64 userId, qint64 afterId, int limit) const;
    //! The user's resume cursor when up to date: the highest message id in the user's
    //! conversations (0 if none).
    [[nodiscard]] Result<qint64> latestCursor(qint64 userId) const;
    //! The highest message id ever assigned (ids are never reused).
    [[nodiscard]] Result<qint64> highestMessageId() const;

    //! An explicit transaction, for writing a batch of messages with one commit.
    [[nodiscard]] Status beginTransaction();
    [[nodiscard]] Status commitTransaction();
    void rollbackTransaction();

    //! Messages older than `beforeId` (newest first), at most `limit`.
    [[nodiscard]] Result<HistoryPage> history(
        qint64 conversationId, std::optional<qint64> beforeId, int limit) const;

    // Awareness: read and delivered positions, settings, last seen (storeawareness.cpp) --
    enum class PositionKind { Read, Delivered };
    struct Advanced
    {
        qint64 position = 0; //!< The stored position after the call.
        bool moved = false; //!< False when `upTo` was not past the stored position.
    };
    //! Moves the user's position in the conversation to `upTo` unless it is already there
    //! or further: positions never go back.
    [[nodiscard]] Result<Advanced> advancePosition(
        PositionKind kind, qint64 userId, qint64 conversationId, qint64 upTo);
    //! The user's position in the conversation (0 when none was stored).
    [[nodiscard]] Result<qint64> position(
        PositionKind kind, qint64 userId, qint64 conversationId) const;
    //! The newest message id of a conversation (0 when it has none).
    [[nodiscard]] Result<qint64> newestMessageId(qint64 conversationId) const;
    //! The user's settings (the defaults when never changed).
    [[nodiscard]] Result<Settings> settings(qint64 userId) const;
    [[nodiscard]] Status saveSettings(qint64 userId, const Settings &settings);
    //! The settings of every user who changed any (the rest have the defaults).
    [[nodiscard]] Result<QHash<qint64, Settings>> changedSettings() const;
    [[nodiscard]] Status setLastSeen(qint64 userId, const QDateTime &time);
    [[nodiscard]] Result<std::optional<QDateTime>> lastSeen(qint64 userId) const;
    //! What the user's contact list shows of each other user, unfiltered by settings.
    struct ContactState
    {
        qint64 unread = 0; //!< Messages from the contact past the user's read position.
        qint64 readUpTo = 0;
        qint64 theirReadUpTo = 0;
        qint64 theirDeliveredUpTo = 0;
        std::optional<QDateTime> lastSeenAt;
    };
    //! Keyed by the other user's id.
    [[nodiscard]] Result<QHash<qint64, ContactState>> contactStates(qint64 userId) const;

private:
    [[nodiscard]] Result<QSqlQuery> run(const QString &sql, const QVariantList &values) const;
    //! The first column of the first row as an integer; 0 when there is no row or NULL.
    [[nodiscard]] Result<qint64> integer(const QString &sql, const QVariantList &values) const;
    [[nodiscard]] Result<std::optional<Message>> messageBySender(
        qint64 senderId, const QString &clientId) const;

    sqlite::Database m_database;
};

} // namespace chat::server
