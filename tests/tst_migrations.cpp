// Schema migrations: a fresh database reaches the latest version, and a database left at
// version 1 by an older build (written here by hand with that version's SQL) migrates to
// the latest version keeping every row, gains working awareness tables, and has its
// stored texts in the search index; and a database left at version 7 with a group's
// history (system entries, a change of a message, a member who came and left) gains the
// ordinals of step 8, with every unread count equal to the old row-by-row recount; and
// one left at version 8 loses the per-row search trigger of step 4, its new texts indexed
// per batch by Store::insertMessages instead.
#include <server/store/migrations.h>
#include <server/store/store.h>
#include <shared/sqlite/sqlitedatabase.h>
#include <support/resultcheck.h>
#include <support/storefixture.h>
#include <support/unreadrecount.h>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using chat::server::Store;

namespace {

// Schema version 1 exactly as it shipped (server/migrations.cpp, step 1).
const QStringList VersionOneSchema {
    u"CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE COLLATE NOCASE, "
    u"password_hash TEXT NOT NULL, created_at INTEGER NOT NULL)"_s,
    u"CREATE TABLE sessions (id INTEGER PRIMARY KEY, token_hash BLOB NOT NULL UNIQUE, "
    u"user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE, "
    u"created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL)"_s,
    u"CREATE INDEX sessions_by_user ON sessions(user_id)"_s,
    u"CREATE TABLE conversations (id INTEGER PRIMARY KEY, "
    u"kind TEXT NOT NULL CHECK (kind IN ('direct', 'group')), direct_key TEXT UNIQUE, "
    u"title TEXT, created_at INTEGER NOT NULL)"_s,
    u"CREATE TABLE conversation_members ("
    u"conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE, "
    u"user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE, "
    u"joined_at INTEGER NOT NULL, PRIMARY KEY (conversation_id, user_id)) WITHOUT ROWID"_s,
    u"CREATE INDEX members_by_user ON conversation_members(user_id, conversation_id)"_s,
    u"CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    u"conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE, "
    u"sender_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE, "
    u"client_id TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL, "
    u"UNIQUE (sender_id, client_id))"_s,
    u"CREATE INDEX messages_by_conversation ON messages(conversation_id, id)"_s,
};

// A version-1 database with two users, their conversation and two messages from bob.
bool writeVersionOneDatabase(const QString &path)
{
    const QString name = u"tst-migrations-v1"_s;
    bool ok = true;
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        database.setDatabaseName(path);
        ok = database.open();
        QSqlQuery query(database);
        QStringList statements = VersionOneSchema;
        statements << u"INSERT INTO users VALUES (1, 'alice', 'hash-a', 1000)"_s
                   << u"INSERT INTO users VALUES (2, 'bob', 'hash-b', 1000)"_s
                   << u"INSERT INTO conversations VALUES (1, 'direct', '1:2', NULL, 1000)"_s
                   << u"INSERT INTO conversation_members VALUES (1, 1, 1000), (1, 2, 1000)"_s
                   << u"INSERT INTO messages VALUES (1, 1, 2, 'c-1', 'hello', 2000)"_s
                   << u"INSERT INTO messages VALUES (2, 1, 2, 'c-2', 'still there?', 3000)"_s
                   << u"PRAGMA user_version = 1"_s;
        for (const QString &statement : std::as_const(statements)) {
            if (ok && !query.exec(statement)) {
                qWarning() << statement << query.lastError().text();
                ok = false;
            }
        }
        database.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

// Version 7's rows: alice (1), bob (2) and carol (3); their direct conversation (1) and a
// group (2) that carol joined at entry 5 and left at entry 9; read positions.
const QStringList VersionSevenRows {
    u"INSERT INTO users (id, username, password_hash, created_at) VALUES "
    u"(1, 'alice', 'h', 1), (2, 'bob', 'h', 1), (3, 'carol', 'h', 1)"_s,
    u"INSERT INTO conversations (id, kind, direct_key, created_at, created_by) VALUES "
    u"(1, 'direct', '1:2', 1, 1)"_s,
    u"INSERT INTO conversations (id, kind, title, created_at, created_by, client_id) VALUES "
    u"(2, 'group', 'Lunch', 1, 1, 'g-1')"_s,
    u"INSERT INTO conversation_members (conversation_id, user_id, joined_at, role, "
    u"first_visible_id, left_at_id) VALUES (1, 1, 1, 'member', 0, NULL), "
    u"(1, 2, 1, 'member', 0, NULL), (2, 1, 1, 'owner', 0, NULL), (2, 2, 1, 'member', 0, NULL), "
    u"(2, 3, 1, 'member', 5, 9)"_s,
    u"INSERT INTO messages (id, conversation_id, sender_id, client_id, body, created_at, "
    u"event, action, target_id) VALUES "
    u"(1, 2, 1, 'event!1', 'created', 1, '{}', NULL, NULL), "
    u"(2, 1, 2, 'c-2', 'hi', 1, NULL, NULL, NULL), "
    u"(3, 2, 2, 'c-3', 'b1', 1, NULL, NULL, NULL), "
    u"(4, 2, 1, 'c-4', 'a1', 1, NULL, NULL, NULL), "
    u"(5, 2, 1, 'event!5', 'added carol', 1, '{}', NULL, NULL), "
    u"(6, 2, 2, 'c-6', 'b2', 1, NULL, NULL, NULL), "
    u"(7, 2, 3, 'c-7', 'c1', 1, NULL, NULL, NULL), "
    u"(8, 1, 1, 'c-8', 'hey', 1, NULL, NULL, NULL), "
    u"(9, 2, 1, 'event!9', 'removed carol', 1, '{}', NULL, NULL), "
    u"(10, 2, 2, 'c-10', '', 1, NULL, 'edit', 6), "
    u"(11, 2, 2, 'c-11', 'b3', 1, NULL, NULL, NULL), "
    u"(12, 1, 2, 'c-12', 'there?', 1, NULL, NULL, NULL)"_s,
    u"INSERT INTO read_positions (user_id, conversation_id, last_read_id) VALUES "
    u"(1, 2, 3), (2, 1, 8)"_s,
};

} // namespace

class tst_Migrations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void freshDatabaseReachesLatestVersion()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        QCOMPARE(server::latestSchemaVersion(), 9);
        Store store;
        QVERIFY(store.open(directory.filePath(u"fresh.sqlite3"_s)).ok());
        QCOMPARE(store.schemaVersion(), 9);
        const auto settings = store.settings(1);
        QVERIFY(settings.ok());
        QCOMPARE(settings.value(), Settings {});
    }

    void versionOneMigratesKeepingData()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        const QString path = directory.filePath(u"v1.sqlite3"_s);
        QVERIFY(writeVersionOneDatabase(path));

        Store store;
        const auto opened = store.open(path);
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().message));
        QCOMPARE(store.schemaVersion(), 9);
        QCOMPARE(store.integrityCheck().value(), u"ok"_s);

        // The old rows are all there.
        const auto alice = store.userByName(u"alice"_s);
        QVERIFY(alice.ok() && alice.value());
        QCOMPARE(alice.value()->id, 1);
        const auto page = store.history(1, std::nullopt, 10);
        QVERIFY(page.ok());
        QCOMPARE(page->messages.size(), 2);
        QCOMPARE(page->messages.constFirst().body, u"still there?"_s);
        QCOMPARE(page->messages.constFirst().senderName, u"bob"_s);
        // Step 4 indexed the texts already stored: they are found.
        const auto found
            = store.searchMessages(1, { u"still"_s }, std::nullopt, std::nullopt, 0, 10);
        QVERIFY(found.ok());
        QCOMPARE(found->size(), 1);
        QCOMPARE(found->constFirst().message.body, u"still there?"_s);

        // The new columns and tables start empty and work: nobody is disabled (step 6).
        QVERIFY(!store.credentials(u"alice"_s).value()->disabled);
        QVERIFY(store.probeWrite().ok());
        QVERIFY(store.lastSeen(1).ok());
        QVERIFY(!store.lastSeen(1).value().has_value());
        auto states = store.contactStates(1);
        QVERIFY(states.ok());
        QCOMPARE(states->value(2).unread, 2);
        QCOMPARE(states->value(2).readUpTo, 0);

        const auto advanced = store.advancePosition(Store::PositionKind::Read, 1, 1, 1);
        QVERIFY(advanced.ok());
        QVERIFY(advanced->moved);
        QCOMPARE(store.advancePosition(Store::PositionKind::Read, 1, 1, 1)->moved, false);
        // Positions never move back.
        const auto back = store.advancePosition(Store::PositionKind::Read, 1, 1, 0);
        QVERIFY(back.ok());
        QCOMPARE(back->position, 1);
        QVERIFY(!back->moved);
        QVERIFY(store.advancePosition(Store::PositionKind::Delivered, 1, 1, 2).ok());
        QCOMPARE(store.position(Store::PositionKind::Delivered, 1, 1).value(), 2);
        QCOMPARE(store.position(Store::PositionKind::Read, 1, 1).value(), 1);
        states = store.contactStates(1);
        QCOMPARE(states->value(2).unread, 1);
        QCOMPARE(states->value(2).readUpTo, 1);
        QCOMPARE(store.contactStates(2)->value(1).theirReadUpTo, 1);
        QCOMPARE(store.contactStates(2)->value(1).theirDeliveredUpTo, 2);

        const QDateTime seen = QDateTime::fromMSecsSinceEpoch(1'800'000'000'123, Qt::UTC);
        QVERIFY(store.setLastSeen({ { 2, seen } }).ok());
        QCOMPARE(store.lastSeen(2).value(), std::optional<QDateTime>(seen));
        const Settings quiet { .shareTyping = false, .sharePresence = false };
        QVERIFY(store.saveSettings(2, quiet).ok());
        QCOMPARE(store.settings(2).value(), quiet);
        QCOMPARE(store.changedSettings()->size(), 1);

        // Opening again migrates nothing and keeps everything.
        store.close();
        QVERIFY(store.open(path).ok());
        QCOMPARE(store.schemaVersion(), 9);
        QCOMPARE(store.position(Store::PositionKind::Read, 1, 1).value(), 1);
        QCOMPARE(store.settings(2).value(), quiet);
        QCOMPARE(store.history(1, std::nullopt, 10)->messages.size(), 2);
    }

    void versionSevenGainsUnreadOrdinals()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        const QString path = directory.filePath(u"v7.sqlite3"_s);
        {
            sqlite::Database older(u"tst-migrations-v7"_s);
            VERIFY_OK(older.open(path, server::migrationSteps().mid(0, 7)));
            QCOMPARE(older.schemaVersion(), 7);
        }
        test::Inspector inspector(path);
        QVERIFY(inspector.isOpen());
        for (const QString &statement : VersionSevenRows)
            QVERIFY2(inspector.exec(statement), qPrintable(statement));

        Store store;
        VERIFY_OK(store.open(path));
        QCOMPARE(store.schemaVersion(), 9);
        QCOMPARE(store.integrityCheck().value(), u"ok"_s);

        // Texts are numbered per conversation and per sender there; other rows are not.
        const auto ordinals = [&](const QString &column) {
            return inspector.column(
                u"SELECT coalesce(%1, 0) FROM messages ORDER BY id"_s.arg(column));
        };
        QCOMPARE(
            ordinals(u"text_ordinal"_s), (QVariantList { 0, 1, 1, 2, 0, 3, 4, 2, 0, 0, 5, 3 }));
        QCOMPARE(
            ordinals(u"sender_ordinal"_s), (QVariantList { 0, 1, 1, 1, 0, 2, 1, 1, 0, 0, 3, 2 }));

        // The counts, by hand and against the old recount.
        const auto unread = [&](qint64 user, qint64 conversation) -> qint64 {
            const auto entry = store.conversationEntries(user, conversation);
            return entry && entry->size() == 1 ? entry->constFirst().unread : -1;
        };
        QCOMPARE(unread(1, 2), 3); // b2, c1, b3 past a position at b1
        QCOMPARE(unread(2, 2), 2); // a1, c1
        QCOMPARE(unread(3, 2), 1); // b2: from her joining to her leaving, not her own c1
        QCOMPARE(unread(1, 1), 2);
        QCOMPARE(unread(2, 1), 0);
        QCOMPARE(store.contactStates(1)->value(2).unread, 2);
        const test::UnreadRecount recount(inspector.database());
        const auto check = [&] {
            for (const qint64 user : { 1, 2, 3 }) {
                const auto expected = recount.conversations(user);
                const auto contacts = recount.contacts(user);
                const auto states = store.contactStates(user);
                if (!expected || !contacts || !states)
                    return false;
                for (auto it = expected->cbegin(); it != expected->cend(); ++it) {
                    if (unread(user, it.key()) != it.value())
                        return false;
                }
                for (auto it = contacts->cbegin(); it != contacts->cend(); ++it) {
                    if (states->value(it.key()).unread != it.value())
                        return false;
                }
            }
            return true;
        };
        QVERIFY(check());

        // New texts go on from the backfilled ordinals.
        const auto sent = store.insertMessage(2, 2, u"c-13"_s, u"b4"_s);
        VERIFY_OK(sent);
        QCOMPARE(inspector
                     .scalar(u"SELECT text_ordinal || '/' || sender_ordinal FROM messages "
                             u"WHERE id = %1"_s.arg(sent->message.id))
                     .toString(),
            u"6/4"_s);
        QCOMPARE(unread(1, 2), 4);
        QCOMPARE(unread(3, 2), 1);
        QVERIFY(check());
    }

    void versionEightIndexesNewTextsByBatch()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        const QString path = directory.filePath(u"v8.sqlite3"_s);
        {
            sqlite::Database older(u"tst-migrations-v8"_s);
            VERIFY_OK(older.open(path, server::migrationSteps().mid(0, 8)));
            QCOMPARE(older.schemaVersion(), 8);
        }
        test::Inspector inspector(path);
        QVERIFY(inspector.isOpen());
        // Indexed as they are inserted, by version 8's trigger.
        for (const QString &statement : VersionSevenRows)
            QVERIFY2(inspector.exec(statement), qPrintable(statement));

        Store store;
        VERIFY_OK(store.open(path));
        QCOMPARE(store.schemaVersion(), 9);
        QCOMPARE(inspector
                     .scalar(u"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                             u"AND name = 'message_search_insert'"_s)
                     .toInt(),
            0);
        const auto hits = [&](const QString &word) -> qsizetype {
            const auto found = store.searchMessages(2, { word }, std::nullopt, std::nullopt, 0, 10);
            return found ? found->size() : -1;
        };
        QCOMPARE(hits(u"there"_s), 1); // what the trigger indexed stays found

        // A batch: each new text found once, the retry within it not indexed again.
        VERIFY_OK(store.beginTransaction());
        const auto batch = store.insertMessages({
            { 1, 2, u"c-20"_s, u"walrus one"_s, std::nullopt },
            { 1, 1, u"c-21"_s, u"walrus two"_s, std::nullopt },
            { 1, 2, u"c-20"_s, u"walrus one"_s, std::nullopt },
        });
        VERIFY_OK(batch);
        QCOMPARE(batch->size(), 3);
        QVERIFY(batch->at(0).created && batch->at(1).created && !batch->at(2).created);
        QCOMPARE(batch->at(2).message.id, batch->at(0).message.id);
        VERIFY_OK(store.commitTransaction());
        QCOMPARE(hits(u"walrus"_s), 2);

        // A batch rolled back leaves nothing in the index.
        VERIFY_OK(store.beginTransaction());
        VERIFY_OK(store.insertMessages({ { 1, 2, u"c-22"_s, u"narwhal"_s, std::nullopt } }));
        store.rollbackTransaction();
        QCOMPARE(hits(u"narwhal"_s), 0);
        // Alone, insertMessage is a transaction of its own, the text indexed with it.
        VERIFY_OK(store.insertMessage(1, 1, u"c-23"_s, u"narwhal"_s));
        QCOMPARE(hits(u"narwhal"_s), 1);

        // The external-content index agrees with the table, row for row.
        QVERIFY(inspector.exec(
            u"INSERT INTO message_search(message_search) VALUES ('integrity-check')"_s));
    }
};

QTEST_GUILESS_MAIN(tst_Migrations)
#include "tst_migrations.moc"
