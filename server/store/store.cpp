#include "store.h"

#include <server/logging.h>
#include <server/store/migrations.h>
#include <server/store/postgres/postgresmigrations.h>
#include <server/store/storerows.h>
#include <shared/sqlite/sqlitefunctions.h>

#include <QSqlError>
#include <QSqlQuery>

namespace chat::server {

using namespace Qt::StringLiterals;
using namespace chat::server::storerows;

namespace {

QString directKey(qint64 a, qint64 b)
{
    return u"%1:%2"_s.arg(std::min(a, b)).arg(std::max(a, b));
}

} // namespace

Store::Store()
    : m_sqlite(u"store"_s)
    , m_postgres(u"store"_s)
{ }

Store::~Store()
{
    close();
}

Status Store::open(const QString &path)
{
    close(); // no statement may outlive a schema change (StatementCache)
    m_dialect = &StoreDialect::of(StoreEngine::SQLite);
    if (auto status = m_sqlite.open(path, migrationSteps()); !status)
        return status;
    if (auto added = sqlite::addPortableFunctions(m_sqlite.connection()); !added) {
        m_sqlite.close();
        return added;
    }
    qCInfo(lcStore) << "opened" << path << "at schema version" << schemaVersion();
    return Done {};
}

Status Store::open(const postgres::ConnectionUrl &url)
{
    close();
    m_dialect = &StoreDialect::of(StoreEngine::PostgreSQL);
    if (auto status = m_postgres.open(url, postgres::migrationSteps()); !status)
        return status;
    qCInfo(lcStore) << "opened" << url.displayString() << "at schema version" << schemaVersion();
    return Done {};
}

void Store::close()
{
    m_statements.clear();
    m_insertMessage.finalize();
    m_members.clear(); // a closed store answers nothing from memory either
    m_sqlite.close();
    m_postgres.close();
}

bool Store::isOpen() const
{
    return m_sqlite.isOpen() || m_postgres.isOpen();
}

QSqlDatabase &Store::connection() const
{
    // The connection is Qt's handle, shared like a pointer: const reads still run SQL on it.
    auto &self = const_cast<Store &>(*this);
    return engine() == StoreEngine::PostgreSQL ? self.m_postgres.connection()
                                               : self.m_sqlite.connection();
}

int Store::schemaVersion() const
{
    return engine() == StoreEngine::PostgreSQL ? m_postgres.schemaVersion()
                                               : m_sqlite.schemaVersion();
}

Result<QString> Store::integrityCheck() const
{
    if (engine() != StoreEngine::SQLite)
        return Error { ErrorCode::Internal, u"integrity_check is SQLite's"_s };
    auto query = run(u"PRAGMA integrity_check"_s, {});
    if (!query)
        return query.error();
    QStringList lines;
    while (query.value().next())
        lines << query.value().value(0).toString();
    return lines.join(u'\n');
}

Status Store::ensureConnected() const
{
    if (!m_connectionLost)
        return Done {};
    auto &self = const_cast<Store &>(*this); // as connection(): the connection is a handle
    const Error unavailable { ErrorCode::ServiceUnavailable,
        u"the database is unavailable; try again shortly"_s };
    if (m_lastReconnect.isValid() && m_lastReconnect.elapsed() < m_reconnectWait.count())
        return unavailable;
    self.m_lastReconnect.start();
    // The kept statements were prepared on the lost session: they go with it.
    self.m_statements.clear();
    self.m_members.clear();
    if (auto reconnected = self.m_postgres.reconnect(); !reconnected) {
        qCWarning(lcStore).noquote() << reconnected.error().message;
        self.m_reconnectWait = std::min(m_reconnectWait * 2, MaxReconnectInterval);
        return unavailable;
    }
    self.m_connectionLost = false;
    self.m_reconnectWait = ReconnectInterval;
    qCInfo(lcStore) << "connected to the database again";
    return Done {};
}

Error Store::failure(const Error &error) const
{
    if (engine() != StoreEngine::PostgreSQL || !m_postgres.connectionLost())
        return error;
    auto &self = const_cast<Store &>(*this);
    if (!m_connectionLost) {
        qCWarning(lcStore) << "lost the connection to the database; reconnecting";
        // The first attempt a ReconnectInterval from now, not at once: a server that
        // is restarting refuses connections for a moment.
        self.m_lastReconnect.start();
        self.m_reconnectWait = ReconnectInterval;
    }
    self.m_connectionLost = true;
    self.m_inTransaction = false; // the server rolled it back with the session
    self.m_members.clear();
    return Error { ErrorCode::ServiceUnavailable,
        u"the database is unavailable; try again shortly"_s };
}

Result<StatementCache::Lease> Store::run(const QString &sql, const QVariantList &values) const
{
    // First: a connection that was lost is closed until it is back.
    if (auto connected = ensureConnected(); !connected)
        return connected.error();
    if (!isOpen())
        return Error { ErrorCode::Internal, u"the database is not open"_s };
    auto lease = m_statements.run(connection(), sql, values);
    if (!lease)
        return failure(lease.error());
    return lease;
}

Result<qint64> Store::integer(const QString &sql, const QVariantList &values) const
{
    auto query = run(sql, values);
    if (!query)
        return query.error();
    return query.value().next() ? query.value().value(0).toLongLong() : qint64(0);
}

Result<User> Store::createUser(const QString &username, const QByteArray &passwordHash)
{
    auto existing = userByName(username);
    if (!existing)
        return existing.error();
    if (existing.value())
        return Error { ErrorCode::UsernameTaken, u"the username '%1' is taken"_s.arg(username),
            u"username"_s };
    auto id = integer(u"INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?) "
                      u"RETURNING id"_s,
        { username, QString::fromLatin1(passwordHash), nowMs() });
    if (!id)
        return id.error();
    return User { id.value(), username };
}

Result<std::optional<Store::Credentials>> Store::credentials(const QString &username) const
{
    auto query = run(u"SELECT id, username, password_hash, disabled_at IS NOT NULL FROM users "
                     u"WHERE username = ?"_s,
        { username });
    if (!query)
        return query.error();
    if (!query.value().next())
        return std::optional<Credentials>();
    return std::optional<Credentials>(Credentials {
        User { query.value().value(0).toLongLong(), query.value().value(1).toString() },
        query.value().value(2).toString().toLatin1(), query.value().value(3).toBool() });
}

Result<std::optional<User>> Store::userByName(const QString &username) const
{
    auto query = run(u"SELECT id, username FROM users WHERE username = ?"_s, { username });
    if (!query)
        return query.error();
    if (!query.value().next())
        return std::optional<User>();
    return std::optional<User>(
        User { query.value().value(0).toLongLong(), query.value().value(1).toString() });
}

Result<QList<Contact>> Store::contacts(qint64 userId) const
{
    auto query = run(u"SELECT other.id, other.username, c.id, "_s + MessageColumns
            + u" FROM users other "
              u"LEFT JOIN conversations c ON c.direct_key = "
              u"  least(other.id, ?) || ':' || greatest(other.id, ?) "
              u"LEFT JOIN messages m ON m.id = "
              u"  (SELECT max(id) FROM messages WHERE conversation_id = c.id "
              u"   AND action IS NULL) "
              u"LEFT JOIN users u ON u.id = m.sender_id "
              u"WHERE other.id != ? "
              u"ORDER BY m.id IS NULL, m.id DESC, other.username"_s
            + m_dialect->caseless,
        { userId, userId, userId });
    if (!query)
        return query.error();
    QList<Contact> contacts;
    QSqlQuery &rows = query.value();
    while (rows.next()) {
        Contact contact;
        contact.user = User { rows.value(0).toLongLong(), rows.value(1).toString() };
        contact.conversationId = rows.value(2).isNull() ? 0 : rows.value(2).toLongLong();
        if (!rows.value(3).isNull())
            contact.lastMessage = readMessage(rows, 3);
        contacts.append(contact);
    }
    // Direct conversations: both members see all of it.
    QList<Message> lastMessages;
    for (const Contact &contact : std::as_const(contacts)) {
        if (contact.lastMessage)
            lastMessages.append(*contact.lastMessage);
    }
    if (auto completed = complete(lastMessages, 0); !completed)
        return completed.error();
    qsizetype next = 0;
    for (Contact &contact : contacts) {
        if (contact.lastMessage)
            contact.lastMessage = lastMessages.at(next++);
    }
    return contacts;
}

Result<Store::OpenedConversation> Store::openDirectConversation(qint64 userId, qint64 otherId)
{
    const QString key = directKey(userId, otherId);
    auto existing = integer(u"SELECT id FROM conversations WHERE direct_key = ?"_s, { key });
    if (!existing)
        return existing.error();

    qint64 conversationId = existing.value();
    const bool created = conversationId == 0;
    if (created) {
        auto inserted = inTransaction([&]() -> Result<qint64> {
            const qint64 now = nowMs();
            auto id = integer(u"INSERT INTO conversations (kind, direct_key, created_at, "
                              u"created_by) VALUES ('direct', ?, ?, ?) RETURNING id"_s,
                { key, now, userId });
            if (!id)
                return id.error();
            m_members.forget(id.value());
            for (qint64 member : { userId, otherId }) {
                auto insert = run(u"INSERT INTO conversation_members (conversation_id, user_id, "
                                  u"joined_at) VALUES (?, ?, ?)"_s,
                    { id.value(), member, now });
                if (!insert)
                    return insert.error();
            }
            return id;
        });
        if (!inserted)
            return inserted.error();
        conversationId = inserted.value();
    }

    auto opened = conversation(conversationId);
    if (!opened)
        return opened.error();
    if (!opened.value())
        return Error { ErrorCode::Internal, u"a conversation vanished"_s };
    return OpenedConversation { *opened.value(), created };
}

Result<QList<qint64>> Store::memberIds(qint64 conversationId) const
{
    if (const QList<qint64> *kept = m_members.find(conversationId))
        return *kept;
    auto query = run(u"SELECT user_id FROM conversation_members WHERE conversation_id = ? "
                     u"AND left_at_id IS NULL ORDER BY user_id"_s,
        { conversationId });
    if (!query)
        return query.error();
    QList<qint64> ids;
    while (query.value().next())
        ids.append(query.value().value(0).toLongLong());
    m_members.insert(conversationId, ids);
    return ids;
}

Result<std::optional<Message>> Store::messageBySender(
    qint64 senderId, const QString &clientId) const
{
    auto query = run(u"SELECT "_s + MessageColumns
            + u" FROM messages m JOIN users u ON u.id = m.sender_id "
              u"WHERE m.sender_id = ? AND m.client_id = ?"_s,
        { senderId, clientId });
    if (!query)
        return query.error();
    if (!query.value().next())
        return std::optional<Message>();
    return std::optional<Message>(readMessage(query.value()));
}

Result<Store::StoredMessage> Store::insertMessage(qint64 conversationId, qint64 senderId,
    const QString &clientId, const QString &body, std::optional<qint64> replyTo)
{
    // The row and its entry in the search index, both or neither: in the caller's
    // transaction, or else in one of its own.
    const auto insert = [&] {
        return insertMessages({ NewMessage { conversationId, senderId, clientId, body, replyTo } });
    };
    auto stored = m_inTransaction ? insert() : inTransaction(insert);
    if (!stored)
        return stored.error();
    return stored.value().first();
}

Result<QList<Store::StoredMessage>> Store::insertMessages(const QList<NewMessage> &messages)
{
    QList<StoredMessage> stored;
    stored.reserve(messages.size());
    QList<qint64> created;
    QHash<qint64, QString> senderNames; // read once per sender and batch
    for (const NewMessage &message : messages) {
        auto inserted = insertUnindexed(message, senderNames);
        if (!inserted)
            return inserted.error();
        if (inserted.value().created)
            created.append(inserted.value().message.id);
        stored.append(std::move(inserted.value()));
    }
    if (!created.isEmpty()) {
        if (auto indexed = indexForSearch(created); !indexed)
            return indexed.error();
    }
    return stored;
}

Status Store::indexForSearch(const QList<qint64> &ids)
{
    // PostgreSQL's search column is computed from the row itself (schema step 5).
    if (engine() != StoreEngine::SQLite)
        return Done {};
    auto indexed = run(u"INSERT INTO message_search(rowid, body) SELECT id, body FROM messages "
                       u"WHERE id "_s
            + m_dialect->inIdList + u" AND event IS NULL AND action IS NULL"_s,
        { idList(ids) });
    if (!indexed)
        return indexed.error();
    return Done {};
}

Result<std::optional<qint64>> Store::insertMessageRow(const NewMessage &message, qint64 createdAt)
{
    const auto &[conversationId, senderId, clientId, body, replyTo] = message;
    // ON CONFLICT DO NOTHING makes the unique (sender, client id) the single source of
    // idempotency: a retry, even racing the original, can never create a second row.
    // A text takes the next ordinals of its conversation and of its sender there (schema
    // step 8, what unread counts subtract), each read by one seek in the same statement:
    // the same transaction as the row, whichever connection writes it. Ids only grow, so
    // the last text by id holds the highest ordinal.
    static const QString insertSql = u"INSERT INTO messages (conversation_id, sender_id, "
                                     u"client_id, body, created_at, reply_to_id, text_ordinal, "
                                     u"sender_ordinal) VALUES (?, ?, ?, ?, ?, ?, 1 + "_s
        + textsUpTo(u"?"_s, u"9223372036854775807"_s) + u", 1 + "_s
        + textsOfSenderUpTo(u"?"_s, u"?"_s, u"9223372036854775807"_s)
        + u") ON CONFLICT (sender_id, client_id) DO NOTHING"_s;
    if (!isOpen())
        return Error { ErrorCode::Internal, u"the database is not open"_s };
    if (engine() == StoreEngine::PostgreSQL) {
        auto inserted = run(insertSql + u" RETURNING id"_s,
            { conversationId, senderId, clientId, body, createdAt,
                replyTo ? QVariant(*replyTo) : QVariant(QMetaType::fromType<qint64>()),
                conversationId, conversationId, senderId });
        if (!inserted)
            return inserted.error();
        // A retry inserts nothing (DO NOTHING): no row comes back.
        if (!inserted.value().next())
            return std::optional<qint64>();
        return std::optional<qint64>(inserted.value().value(0).toLongLong());
    }
    // On SQLite, bound through its own API (sqlite::Statement), not RETURNING either, which
    // SQLite runs through a temporary table opened and closed at every insert.
    if (!m_insertMessage.isPrepared()) {
        if (auto prepared = m_insertMessage.prepare(connection(), insertSql); !prepared)
            return prepared.error();
    }
    m_insertMessage.bind(1, conversationId);
    m_insertMessage.bind(2, senderId);
    m_insertMessage.bind(3, clientId);
    m_insertMessage.bind(4, body);
    m_insertMessage.bind(5, createdAt);
    if (replyTo)
        m_insertMessage.bind(6, *replyTo);
    else
        m_insertMessage.bindNull(6);
    m_insertMessage.bind(7, conversationId);
    m_insertMessage.bind(8, conversationId);
    m_insertMessage.bind(9, senderId);
    if (auto inserted = m_insertMessage.execute(); !inserted) {
        qCWarning(lcStore) << "inserting a message:" << inserted.error().message;
        return Error { ErrorCode::Internal, u"database error while storing a message"_s };
    }
    // A retry inserts nothing (DO NOTHING): no row changed.
    if (m_insertMessage.changes() != 1)
        return std::optional<qint64>();
    return std::optional<qint64>(m_insertMessage.lastInsertRowId());
}

Result<Store::StoredMessage> Store::insertUnindexed(
    const NewMessage &message, QHash<qint64, QString> &senderNames)
{
    const auto &[conversationId, senderId, clientId, body, replyTo] = message;
    // The stored message is built from the values at hand and the new row's id, not
    // read back (that SELECT was a third of a send's cost).
    std::optional<Message> stored;
    bool created = false;
    {
        const qint64 createdAt = nowMs();
        auto inserted = insertMessageRow(message, createdAt);
        if (!inserted)
            return inserted.error();
        created = inserted.value().has_value();
        if (created) {
            const qint64 id = *inserted.value();
            auto senderName = senderNames.find(senderId);
            if (senderName == senderNames.end()) {
                auto name = run(u"SELECT username FROM users WHERE id = ?"_s, { senderId });
                if (!name)
                    return name.error();
                if (!name.value().next())
                    return Error { ErrorCode::Internal, u"a sender vanished"_s };
                senderName = senderNames.insert(senderId, name.value().value(0).toString());
            }
            // The rest is what was just written.
            stored = Message { id, conversationId, senderId, *senderName, clientId, body,
                fromMs(createdAt) };
            if (replyTo)
                stored->replyTo = ReplyPreview { .id = *replyTo, .available = false };
        }
    }
    if (!created) {
        auto original = messageBySender(senderId, clientId);
        if (!original)
            return original.error();
        stored = original.value();
    }
    if (!stored)
        return Error { ErrorCode::Internal, u"a stored message vanished"_s };
    // A new message has no reactions yet: only a quote needs reading. A retry gets the
    // original as it is now. (The sender sees what they quote: checked before sending.)
    if (!created || replyTo) {
        QList<Message> completed { *stored };
        if (auto status = complete(completed, 0); !status)
            return status.error();
        stored = completed.first();
    }
    bool usedForChange = false;
    if (!created) {
        auto change = integer(u"SELECT action IS NOT NULL FROM messages "
                              u"WHERE sender_id = ? AND client_id = ?"_s,
            { senderId, clientId });
        if (!change)
            return change.error();
        usedForChange = change.value() != 0;
    }
    return StoredMessage { *stored, created, usedForChange };
}

Result<bool> Store::clientIdUsed(qint64 senderId, const QString &clientId) const
{
    auto used = integer(u"SELECT count(*) FROM messages WHERE sender_id = ? AND client_id = ?"_s,
        { senderId, clientId });
    if (!used)
        return used.error();
    return used.value() > 0;
}

Result<qint64> Store::latestCursor(qint64 userId) const
{
    return integer(u"SELECT max(m.id) FROM messages m JOIN conversation_members cm "
                   u"ON cm.conversation_id = m.conversation_id AND cm.user_id = ? WHERE "_s
            + VisibleToMember,
        { userId });
}

Result<qint64> Store::highestMessageId() const
{
    return integer(m_dialect->highestMessageId, {});
}

Status Store::beginTransaction()
{
    // SQLite's IMMEDIATE: the write lock is taken now, waiting (the busy timeout) while
    // another connection of this process (the writer thread, or the main thread's) holds
    // it. A deferred BEGIN would first read (preparing a statement reads the schema) and
    // then fail at once, without waiting, when it came to write while the other one did.
    if (auto connected = ensureConnected(); !connected)
        return connected.error();
    if (!isOpen())
        return Error { ErrorCode::Internal, u"the database is not open"_s };
    if (engine() == StoreEngine::SQLite) {
        if (auto begun = run(m_dialect->beginWrite, {}); !begun)
            return begun.error();
    } else {
        // PostgreSQL prepares no BEGIN (StatementCache prepares everything it runs).
        if (QSqlQuery begin(connection()); !begin.exec(m_dialect->beginWrite))
            return failure(databaseError(u"beginning a transaction"_s, begin.lastError()));
        // Every write transaction first waits for the message positions, which a message
        // inserted later would take anyway (PostgreSQL's schema step 1 says why they are
        // one row): so that all writers, on every node, take their locks in one order. A
        // transaction that locked a member's row and then wanted the positions, while
        // another held the positions and wanted that row, would deadlock. Writers are
        // serialized, as SQLite's single writer is; a batch of messages is one of them.
        if (auto locked = run(u"SELECT next_id FROM message_positions FOR UPDATE"_s, {}); !locked) {
            connection().rollback();
            return locked.error();
        }
    }
    m_inTransaction = true;
    return Done {};
}

Status Store::commitTransaction()
{
    m_inTransaction = false;
    if (!connection().commit()) {
        const QSqlError error = connection().lastError();
        connection().rollback();
        m_members.clear();
        // A commit whose connection dropped may have been committed or not: the server
        // may have written it before the connection went. Either way the caller answers
        // nothing was stored; a retry with the same client id finds out (idempotent).
        return failure(databaseError(u"committing"_s, error));
    }
    return Done {};
}

void Store::rollbackTransaction()
{
    m_inTransaction = false;
    connection().rollback();
    m_members.clear(); // what was read inside may show what was undone
}

Result<HistoryPage> Store::history(qint64 conversationId, std::optional<qint64> beforeId, int limit,
    const VisibleRange &range) const
{
    // One row more than asked tells whether an older page exists (within the range).
    const qint64 before = std::min(beforeId.value_or(std::numeric_limits<qint64>::max()),
        range.to ? *range.to + 1 : std::numeric_limits<qint64>::max());
    auto query = run(u"SELECT "_s + MessageColumns
            + u" FROM messages m JOIN users u ON u.id = m.sender_id "
              u"WHERE m.conversation_id = ? AND m.id < ? AND m.id >= ? AND "_s
            + IsEntry + u" ORDER BY m.id DESC LIMIT ?"_s,
        { conversationId, before, range.from, limit + 1 });
    if (!query)
        return query.error();
    HistoryPage page;
    while (query.value().next())
        page.messages.append(readMessage(query.value()));
    page.hasMore = page.messages.size() > limit;
    if (page.hasMore)
        page.messages.removeLast();
    if (auto completed = complete(page.messages, range.from); !completed)
        return completed.error();
    return page;
}

Result<HistoryPage> Store::historyAround(
    qint64 conversationId, qint64 messageId, int limit, const VisibleRange &range) const
{
    const bool visible = messageId >= range.from && (!range.to || messageId <= *range.to);
    auto target = run(u"SELECT 1 FROM messages WHERE id = ? AND conversation_id = ? "
                      u"AND action IS NULL"_s,
        { messageId, conversationId });
    if (!target)
        return target.error();
    if (!visible || !target.value().next()) {
        return Error { ErrorCode::NotFound,
            u"no message %1 in conversation %2"_s.arg(messageId).arg(conversationId), u"around"_s };
    }
    // The message and up to half the page before it; then the newer rest, oldest first.
    const int older = std::max(1, (limit + 1) / 2);
    auto page = history(conversationId, messageId + 1, older, range);
    if (!page)
        return page.error();
    const int newerLimit = limit - int(page.value().messages.size());
    const qint64 to = range.to.value_or(std::numeric_limits<qint64>::max());
    auto newer = run(u"SELECT "_s + MessageColumns
            + u" FROM messages m JOIN users u ON u.id = m.sender_id "
              u"WHERE m.conversation_id = ? AND m.id > ? AND m.id <= ? AND "_s
            + IsEntry + u" ORDER BY m.id LIMIT ?"_s,
        { conversationId, messageId, to, newerLimit + 1 });
    if (!newer)
        return newer.error();
    QList<Message> newest;
    while (newer.value().next())
        newest.append(readMessage(newer.value()));
    page.value().hasNewer = newest.size() > newerLimit;
    if (*page.value().hasNewer)
        newest.removeLast();
    if (auto completed = complete(newest, range.from); !completed)
        return completed.error();
    // Newest first, as every history page.
    for (const Message &message : std::as_const(newest))
        page.value().messages.prepend(message);
    return page;
}

} // namespace chat::server
