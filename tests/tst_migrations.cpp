// Schema migrations: a fresh database reaches the latest version, and a database left at
// version 1 by an older build (written here by hand with that version's SQL) migrates to
// the latest version keeping every row, gains working awareness tables, and has its
// stored texts in the search index.
#include <server/store/migrations.h>
#include <server/store/store.h>

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

} // namespace

class tst_Migrations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void freshDatabaseReachesLatestVersion()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        QCOMPARE(server::latestSchemaVersion(), 7);
        Store store;
        QVERIFY(store.open(directory.filePath(u"fresh.sqlite3"_s)).ok());
        QCOMPARE(store.schemaVersion(), 7);
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
        QCOMPARE(store.schemaVersion(), 7);
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
            = store.searchMessages(1, u"\"still\"*"_s, std::nullopt, std::nullopt, 0, 10);
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
        QVERIFY(store.setLastSeen(2, seen).ok());
        QCOMPARE(store.lastSeen(2).value(), std::optional<QDateTime>(seen));
        const Settings quiet { .shareTyping = false, .sharePresence = false };
        QVERIFY(store.saveSettings(2, quiet).ok());
        QCOMPARE(store.settings(2).value(), quiet);
        QCOMPARE(store.changedSettings()->size(), 1);

        // Opening again migrates nothing and keeps everything.
        store.close();
        QVERIFY(store.open(path).ok());
        QCOMPARE(store.schemaVersion(), 7);
        QCOMPARE(store.position(Store::PositionKind::Read, 1, 1).value(), 1);
        QCOMPARE(store.settings(2).value(), quiet);
        QCOMPARE(store.history(1, std::nullopt, 10)->messages.size(), 2);
    }
};

QTEST_GUILESS_MAIN(tst_Migrations)
#include "tst_migrations.moc"
