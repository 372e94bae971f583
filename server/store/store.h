#pragma once

#include <server/store/membercache.h>
#include <server/store/postgres/postgresdatabase.h>
#include <server/store/statementcache.h>
#include <server/store/storedialect.h>
#include <shared/result.h>
#include <shared/sqlite/sqlitedatabase.h>
#include <shared/sqlite/sqlitestatement.h>
#include <shared/wiretypes.h>

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QString>

#include <chrono>

#include <functional>
#include <optional>
#include <variant>

class QSqlQuery;

namespace chat::server {

//! The part of a timeline one member sees: from the entry that added them to the one
//! that removed them (or their leaving); all of it by default.
struct VisibleRange
{
    qint64 from = 0;
    std::optional<qint64> to; //!< None while they are a member.
};

//! The server's persistence: one SQLite database through QSQLITE, in WAL mode with
//! foreign keys on and synchronous=FULL, so a committed write survives a crash or power
//! loss; or one connection to a PostgreSQL database shared by several chatd nodes, with
//! synchronous_commit on. The same calls, the same answers on both (StoreDialect holds
//! what the SQL says differently). Every method checks its statements and reports failure
//! as an Error value. Lives in the thread that opened it (a QSqlDatabase connection is per
//! thread).
class Store
{
public:
    Store();
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    //! Opens (creating if needed) and migrates the SQLite database file at `path`.
    [[nodiscard]] Status open(const QString &path);
    //! Connects to the PostgreSQL database at `url` and migrates it (the database must
    //! exist; its tables are created).
    [[nodiscard]] Status open(const postgres::ConnectionUrl &url);
    void close();
    [[nodiscard]] bool isOpen() const;
    //! The engine of the last open().
    [[nodiscard]] StoreEngine engine() const { return m_dialect->engine; }
    //! On PostgreSQL, a lost connection (the server stopped, restarted or became
    //! unreachable) fails the statement with ServiceUnavailable, and a later call connects
    //! again: the first a second after, then after twice as long at each failed attempt,
    //! up to MaxReconnectInterval (ServiceUnavailable meanwhile, at once). An attempt runs
    //! on the caller's thread: against a host that does not answer it takes up to
    //! postgres::Database::ConnectTimeoutSeconds, so attempts are spaced out.
    static constexpr std::chrono::milliseconds ReconnectInterval = std::chrono::seconds(1);
    static constexpr std::chrono::milliseconds MaxReconnectInterval = std::chrono::seconds(8);
    [[nodiscard]] int schemaVersion() const;
    //! Result of SQLite's PRAGMA integrity_check ("ok" when sound). PostgreSQL checks its
    //! own pages (data checksums, amcheck): an error there.
    [[nodiscard]] Result<QString> integrityCheck() const;
    //! The prepared statements kept for reuse (tests read how many were prepared).
    [[nodiscard]] const StatementCache &statements() const { return m_statements; }

    // Accounts ------------------------------------------------------------------
    struct Credentials
    {
        User user;
        QByteArray passwordHash;
        bool disabled = false; //!< An administrator disabled the account: no logins.
    };
    //! Fails with UsernameTaken when the name exists (compared case-insensitively).
    [[nodiscard]] Result<User> createUser(const QString &username, const QByteArray &passwordHash);
    [[nodiscard]] Result<std::optional<Credentials>> credentials(const QString &username) const;
    [[nodiscard]] Result<std::optional<User>> userByName(const QString &username) const;

    // Sessions (storesessions.cpp) ----------------------------------------------
    //! One session as its owner may see it: never its token (nor the token's digest).
    struct SessionRecord
    {
        qint64 id = 0; //!< The row id: names a session to revoke, grants nothing.
        User user;
        QDateTime createdAt;
        QDateTime lastUsedAt; //!< Updated at most once a minute or so (see AuthService).
        QDateTime expiresAt;
        QString client; //!< The User-Agent of the login, if any.
        QString address; //!< The address the login came from.
    };
    struct NewSession
    {
        QByteArray tokenHash;
        qint64 userId = 0;
        QDateTime expiresAt;
        QString client;
        QString address;
    };
    //! Returns the new session's id.
    [[nodiscard]] Result<qint64> createSession(const NewSession &session);
    //! A session with no client or address known.
    [[nodiscard]] Status createSession(
        const QByteArray &tokenHash, qint64 userId, const QDateTime &expiresAt);
    //! None when there is no such session, or its account is disabled.
    [[nodiscard]] Result<std::optional<SessionRecord>> session(const QByteArray &tokenHash) const;
    //! The user's sessions, most recently used first.
    [[nodiscard]] Result<QList<SessionRecord>> sessionsOf(qint64 userId) const;
    //! When a session (by token digest) was last used.
    struct SessionTouch
    {
        QByteArray tokenHash;
        QDateTime when;
    };
    //! Records the uses, all in one transaction (one fsync however many). A session no
    //! longer there (logged out, revoked) is left absent: nothing is inserted.
    [[nodiscard]] Status touchSessions(const QList<SessionTouch> &touches);
    //! Returns whether a session was deleted.
    [[nodiscard]] Result<bool> deleteSession(const QByteArray &tokenHash);
    //! Deletes the user's session `sessionId`; the token digest it had (to close its
    //! sockets), none when the user has no such session.
    [[nodiscard]] Result<std::optional<QByteArray>> deleteSessionById(
        qint64 userId, qint64 sessionId);
    //! Deletes every session of the user but `keepTokenHash`'s; the digests deleted.
    [[nodiscard]] Result<QList<QByteArray>> deleteOtherSessions(
        qint64 userId, const QByteArray &keepTokenHash);
    //! Deletes the user's sessions past their lifetime, or unused since `idleBefore` (when
    //! it is valid).
    [[nodiscard]] Status deleteExpiredSessions(qint64 userId, const QDateTime &idleBefore = {});

    // Administration: accounts as `chatd user` changes them, the health probe -------
    // (storeadmin.cpp)
    //! Marks the account disabled (unless it is) and ends all its sessions, in one
    //! transaction; how many sessions ended.
    [[nodiscard]] Result<int> disableUser(qint64 userId);
    //! Lets a disabled account sign in again.
    [[nodiscard]] Status enableUser(qint64 userId);
    //! Replaces the password hash and ends all the user's sessions, in one transaction;
    //! how many sessions ended.
    [[nodiscard]] Result<int> replacePassword(qint64 userId, const QByteArray &passwordHash);
    //! Whether the database takes a write now: takes the write lock (waiting up to the
    //! busy timeout), writes the row of health_check, and rolls back, so nothing changes.
    [[nodiscard]] Status probeWrite();

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
    //! The ids of a conversation's current members; empty when it does not exist.
    //! Current members, kept between calls (MemberCache) until their membership changes.
    [[nodiscard]] Result<QList<qint64>> memberIds(qint64 conversationId) const;

    struct StoredMessage
    {
        Message message;
        bool created = false; //!< False when (sender, clientId) existed: the original is returned.
        //! The client id named a change of a message, not a message: nothing was stored.
        bool usedForChange = false;
    };
    //! Stores a message unless the sender already used `clientId`; idempotent. A
    //! `replyTo` is stored as given: the caller checked it. In the open transaction
    //! (beginTransaction()), or else in one of its own.
    [[nodiscard]] Result<StoredMessage> insertMessage(qint64 conversationId, qint64 senderId,
        const QString &clientId, const QString &body, std::optional<qint64> replyTo = {});
    struct NewMessage
    {
        qint64 conversationId = 0;
        qint64 senderId = 0;
        QString clientId;
        QString body;
        std::optional<qint64> replyTo;
    };
    //! insertMessage() for several messages, in order, then the new ones added to the
    //! search index by one statement: FTS5 writes an index segment per statement that
    //! touches it, which a trigger per row made a third of a batch's cost. Stops at the
    //! first error. Call it inside a transaction (beginTransaction()): an error then
    //! undoes them all, and a row is never without its entry in the index.
    [[nodiscard]] Result<QList<StoredMessage>> insertMessages(const QList<NewMessage> &messages);
    //! Whether the sender used `clientId` before, for a message or a change of one.
    [[nodiscard]] Result<bool> clientIdUsed(qint64 senderId, const QString &clientId) const;
    //! The user's resume cursor when up to date: the highest message id in the user's
    //! conversations (0 if none).
    [[nodiscard]] Result<qint64> latestCursor(qint64 userId) const;
    //! The highest message id ever assigned (ids are never reused).
    [[nodiscard]] Result<qint64> highestMessageId() const;

    //! An explicit write transaction (BEGIN IMMEDIATE), for writing a batch of messages
    //! or a change of several rows with one commit.
    [[nodiscard]] Status beginTransaction();
    [[nodiscard]] Status commitTransaction();
    void rollbackTransaction();

    //! Messages older than `beforeId` (newest first), at most `limit`, within `range`.
    [[nodiscard]] Result<HistoryPage> history(qint64 conversationId, std::optional<qint64> beforeId,
        int limit, const VisibleRange &range = {}) const;
    //! A page of `limit` around `messageId` (newest first): the message, up to half the
    //! page older and the rest newer, within `range`; hasNewer set. NotFound when the
    //! message is not in the conversation's `range`.
    [[nodiscard]] Result<HistoryPage> historyAround(
        qint64 conversationId, qint64 messageId, int limit, const VisibleRange &range = {}) const;

    // Replies, edits, deletions, reactions, resume (storeactions.cpp) ----------------
    //! What is checked before a message is quoted or changed.
    struct MessageFacts
    {
        qint64 id = 0;
        qint64 conversationId = 0;
        qint64 senderId = 0;
        bool system = false;
        bool deleted = false;
        QDateTime createdAt;
    };
    //! None when there is no such entry (a change of a message is not one).
    [[nodiscard]] Result<std::optional<MessageFacts>> messageFacts(qint64 messageId) const;
    //! A change of a message, authorized by the caller.
    struct UpdateRequest
    {
        MessageUpdate::Kind kind = MessageUpdate::Kind::Edited;
        qint64 userId = 0;
        qint64 messageId = 0;
        QString clientId;
        QString body; //!< Edits: the new text.
        QString emoji; //!< Reactions.
    };
    struct StoredUpdate
    {
        MessageUpdate update;
        bool created = true; //!< False for a retry: nothing was changed.
    };
    //! Applies the change and records it with a position, in one transaction. Only the
    //! current text is kept: an edit overwrites it, a deletion erases it with the
    //! message's reactions. A client id the user already used for this same change
    //! returns it (with the message as it is now) and changes nothing; used for anything
    //! else, it is refused (InvalidField "clientId"). A reaction beyond
    //! MaxReactionsPerUser on one message is refused (LimitExceeded).
    [[nodiscard]] Result<StoredUpdate> applyUpdate(const UpdateRequest &request);
    //! The change the user made with this client id, if it is this one; InvalidField
    //! "clientId" if they used it for something else.
    [[nodiscard]] Result<std::optional<StoredUpdate>> previousUpdate(
        const UpdateRequest &request) const;
    //! Fills in what rows alone do not say: reply previews, as a reader who sees the
    //! timeline from `visibleFrom` may see them, and reactions.
    [[nodiscard]] Status complete(QList<Message> &messages, qint64 visibleFrom) const;
    //! The same for readers whose ranges differ: `visibleFrom[i]` for `messages[i]`; a
    //! pair of queries per distinct range start (usually one), not per message.
    [[nodiscard]] Status completeEach(
        QList<Message> &messages, const QList<qint64> &visibleFrom) const;
    //! The current members who see `messageId` (those who joined after it do not).
    [[nodiscard]] Result<QList<qint64>> membersSeeing(
        qint64 conversationId, qint64 messageId) const;
    //! An entry of the timeline as it is replayed: a message, or a change of one.
    using TimelineItem = std::variant<Message, MessageUpdate>;
    //! Messages and changes of the user's conversations after the cursor `afterId`,
    //! oldest first, at most `limit`: what a reconnecting client missed. Changes of
    //! messages the user does not see (older than their joining) are left out.
    [[nodiscard]] Result<QList<TimelineItem>> timelineAfter(
        qint64 userId, qint64 afterId, int limit) const;

    // Groups, membership over time, the conversation list (storegroups.cpp) -----------
    //! How a user stands in a conversation they are or were a member of.
    struct Membership
    {
        MemberRole role = MemberRole::Member;
        bool active = true; //!< False once they left or were removed.
        VisibleRange visible;
        bool muted = false;
    };
    //! None when the user never was a member (or the conversation does not exist).
    [[nodiscard]] Result<std::optional<Membership>> membership(
        qint64 conversationId, qint64 userId) const;
    //! A conversation with its current members, the owner first, then admins, then by
    //! joining; none when it does not exist.
    [[nodiscard]] Result<std::optional<Conversation>> conversation(qint64 conversationId) const;
    //! The result of a change of a group: the entry it added to the timeline.
    struct GroupChange
    {
        qint64 conversationId = 0;
        Message event;
        bool created = true; //!< False for a retried create: nothing was changed.
    };
    //! Creates a group owned by `creatorId`, with the others as members, and its first
    //! timeline entry; a `clientId` the creator used before returns that group instead.
    [[nodiscard]] Result<GroupChange> createGroup(qint64 creatorId, const QString &clientId,
        const QString &title, const QString &topic, const QList<qint64> &memberIds);
    //! Adds members (back): each sees the timeline from the entry that adds them.
    [[nodiscard]] Result<GroupChange> addMembers(
        qint64 conversationId, qint64 actorId, const QList<qint64> &userIds);
    //! Ends a membership: removed by `actorId`, or left when `actorId` is the member. The
    //! entry that says so is the last one the member sees. `heir` (if any) becomes owner.
    [[nodiscard]] Result<GroupChange> endMembership(
        qint64 conversationId, qint64 actorId, qint64 userId, std::optional<qint64> heir);
    [[nodiscard]] Result<GroupChange> renameGroup(qint64 conversationId, qint64 actorId,
        const std::optional<QString> &title, const std::optional<QString> &topic);
    //! Gives `userId` a role; making someone owner makes the owner (`actorId`) an admin.
    [[nodiscard]] Result<GroupChange> setRole(
        qint64 conversationId, qint64 actorId, qint64 userId, MemberRole role);
    [[nodiscard]] Status setMuted(qint64 conversationId, qint64 userId, bool muted);
    //! Who inherits the group when its owner leaves: the longest-standing admin, else the
    //! longest-standing member other than the owner; none when nobody else is left.
    [[nodiscard]] Result<std::optional<qint64>> heirOf(qint64 conversationId, qint64 ownerId) const;
    //! The user's conversations (or one of them) as their list shows them, newest activity
    //! first, unfiltered by privacy: peer positions and presence are raw.
    [[nodiscard]] Result<QList<ConversationEntry>> conversationEntries(
        qint64 userId, std::optional<qint64> onlyConversation = {}) const;
    //! A conversation's current members with their raw positions and last seen.
    [[nodiscard]] Result<QList<MemberState>> memberStates(qint64 conversationId) const;
    //! Everyone who shares a current conversation with the user (not the user).
    [[nodiscard]] Result<QList<qint64>> coMembers(qint64 userId) const;
    //! Users whose name starts with `foldedPrefix`, by name, after `afterName`, at most
    //! `limit`; people who are not findable only if they share a conversation with the
    //! viewer, never the viewer.
    [[nodiscard]] Result<QList<User>> searchUsers(
        qint64 viewerId, const QString &foldedPrefix, const QString &afterName, int limit) const;
    //! A message found by searchMessages(), its snippet with the matched words between
    //! SnippetMatchStart and SnippetMatchEnd.
    struct FoundMessage
    {
        Message message;
        QString markedSnippet;
    };
    static constexpr QChar SnippetMatchStart = QChar(0xE000);
    static constexpr QChar SnippetMatchEnd = QChar(0xE001);
    //! How many of the most recent matches a search ranks (see searchMessages()).
    static constexpr int RankingWindow = 2000;
    //! The texts containing all of `words` (the last one also as the start of a longer
    //! word: what is being typed), case and accents folded, that `viewerId` may read (in
    //! their conversations, within what each membership sees), best first (the engine's
    //! rank: bm25 on SQLite, ts_rank on PostgreSQL; then newest) among the RankingWindow
    //! most recent such matches, optionally of one conversation and one sender; `limit` of
    //! them after `offset`. A word is letters, digits and combining marks (SearchService
    //! splits the text so); one with a quote or a backslash is refused.
    [[nodiscard]] Result<QList<FoundMessage>> searchMessages(qint64 viewerId,
        const QStringList &words, std::optional<qint64> conversationId,
        std::optional<qint64> senderId, int offset, int limit) const;
    //! The words as this engine's query: an FTS5 expression of quoted terms, or a
    //! PostgreSQL tsquery; the last word is a prefix.
    [[nodiscard]] QString matchExpression(const QStringList &words) const;
    //! The users with these ids that exist.
    [[nodiscard]] Result<QList<User>> usersByIds(const QList<qint64> &ids) const;

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
    //! Records when each user (the key) was last seen, in one transaction.
    [[nodiscard]] Status setLastSeen(const QHash<qint64, QDateTime> &times);
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
    //! Runs one statement on a prepared statement kept for reuse (StatementCache).
    [[nodiscard]] Result<StatementCache::Lease> run(
        const QString &sql, const QVariantList &values) const;
    //! The first column of the first row as an integer; 0 when there is no row or NULL.
    [[nodiscard]] Result<qint64> integer(const QString &sql, const QVariantList &values) const;
    //! Ends every session of the user; how many there were.
    [[nodiscard]] Result<int> deleteSessionsOf(qint64 userId);
    [[nodiscard]] Result<std::optional<Message>> messageBySender(
        qint64 senderId, const QString &clientId) const;
    //! Inserts the row of a message; its id, none when the sender used the client id
    //! before (nothing was inserted).
    [[nodiscard]] Result<std::optional<qint64>> insertMessageRow(
        const NewMessage &message, qint64 createdAt);
    //! One message of insertMessages(), not yet in the search index. `senderNames`
    //! keeps the usernames read so far.
    [[nodiscard]] Result<StoredMessage> insertUnindexed(
        const NewMessage &message, QHash<qint64, QString> &senderNames);
    //! Adds the texts with these ids to the search index, in one statement.
    [[nodiscard]] Status indexForSearch(const QList<qint64> &ids);
    //! Adds a change of a group to its timeline (inside the caller's transaction).
    [[nodiscard]] Result<Message> insertEvent(
        qint64 conversationId, qint64 actorId, const SystemEvent &event);
    //! Runs `change` (returning a Result) in a transaction; commits if it succeeds,
    //! rolls back otherwise.
    template<typename Change> auto inTransaction(const Change &change) -> decltype(change())
    {
        if (auto begun = beginTransaction(); !begun)
            return begun.error();
        auto changed = change();
        if (!changed) {
            rollbackTransaction();
            return changed;
        }
        if (auto committed = commitTransaction(); !committed)
            return committed.error();
        return changed;
    }

public:
    struct ChangeRow; //!< A change of a message as its row says it (storeactions.cpp).

private:
    //! The change recorded at `position`, its message as it is now.
    [[nodiscard]] Result<MessageUpdate> updateAt(qint64 position) const;
    [[nodiscard]] Result<QList<MessageUpdate>> updatesFor(const QList<ChangeRow> &changes) const;

    //! The open connection's database (of the engine m_dialect names).
    [[nodiscard]] QSqlDatabase &connection() const;
    //! PostgreSQL: connects again when the connection was lost (ReconnectInterval).
    [[nodiscard]] Status ensureConnected() const;
    //! What a failed statement means: on PostgreSQL, when the connection is gone,
    //! ServiceUnavailable (and the next call reconnects); `error` as it is otherwise.
    [[nodiscard]] Error failure(const Error &error) const;

    sqlite::Database m_sqlite;
    postgres::Database m_postgres;
    const StoreDialect *m_dialect = &StoreDialect::of(StoreEngine::SQLite);
    //! After the databases: its statements go before the connection does.
    mutable StatementCache m_statements;
    //! The insert of every message on SQLite, bound through SQLite's API (insertUnindexed).
    sqlite::Statement m_insertMessage;
    //! memberIds() as last read; forgotten at membership writes and rollbacks.
    mutable MemberCache m_members;
    bool m_inTransaction = false; //!< Between beginTransaction() and its commit or rollback.
    //! PostgreSQL: the connection was found lost; ensureConnected() reconnects.
    bool m_connectionLost = false;
    QElapsedTimer m_lastReconnect; //!< When ensureConnected() last tried.
    std::chrono::milliseconds m_reconnectWait = ReconnectInterval; //!< Before the next try.
};

} // namespace chat::server
