// Unit tests of opening the SQLite store: migrating an empty file, refusing newer or
// foreign files, errors as values on a closed store, foreign keys, independent stores,
// and persistence across reopening. Each test works in its own temporary directory.
#include <server/store/migrations.h>
#include <server/store/store.h>
#include <shared/sqlite/sqlitedatabase.h>
#include <support/resultcheck.h>
#include <support/storefixture.h>

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using chat::server::Store;

namespace {

//! `store` refuses to open `path`: an Internal error that names the file, and still
//! closed. A QTest check.
void verifyRefusesToOpen(Store &store, const QString &path)
{
    const Status opened = store.open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::Internal);
    QVERIFY2(opened.error().message.contains(path), qPrintable(opened.error().message));
    QVERIFY(!store.isOpen());
}

} // namespace

class tst_StoreOpen : public StoreTest
{
    Q_OBJECT

private Q_SLOTS:
    // Opening and migrating.
    void migratesEmptyFile_data();
    void migratesEmptyFile();
    void migrateIsIdempotent();
    void refusesNewerSchema();
    void refusesFileThatIsNotADatabase();
    void refusesPathInMissingDirectory();
    void closedStoreReportsErrors();
    void foreignKeysAreEnforced();
    void storesAreIndependent();

    // Persistence.
    void reopenKeepsEverything();
};

// Opening and migrating ----------------------------------------------------------

void tst_StoreOpen::migratesEmptyFile_data()
{
    QTest::addColumn<bool>("fileExists");
    QTest::addRow("no file yet") << false;
    // A zero-byte file is a valid, empty SQLite database (e.g. made by `touch`).
    QTest::addRow("zero-byte file") << true;
}

void tst_StoreOpen::migratesEmptyFile()
{
    QFETCH(bool, fileExists);
    const QString path = m_fixture.filePath(u"fresh.sqlite3"_s);
    if (fileExists) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }

    Store store;
    VERIFY_OK(store.open(path));
    QVERIFY(store.isOpen());
    QVERIFY(server::latestSchemaVersion() >= 1);
    QCOMPARE(store.schemaVersion(), server::latestSchemaVersion());

    Inspector inspector(path);
    QVERIFY(inspector.isOpen());
    const QStringList tables = inspector.tables();
    for (const QString &table : { u"users"_s, u"sessions"_s, u"conversations"_s,
             u"conversation_members"_s, u"messages"_s }) {
        QVERIFY2(tables.contains(table), qPrintable(table));
    }
    const QVariantList indexes
        = inspector.column(u"SELECT name FROM sqlite_master WHERE type = 'index'"_s);
    QVERIFY(indexes.contains(u"messages_by_conversation"_s));
    QCOMPARE(inspector.scalar(u"PRAGMA user_version"_s).toInt(), server::latestSchemaVersion());
    // WAL is a property of the file, so a second connection sees it too. foreign_keys is
    // per connection: foreignKeysAreEnforced checks it through the store's own.
    QCOMPARE(inspector.scalar(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
}

void tst_StoreOpen::migrateIsIdempotent()
{
    const QString path = m_fixture.filePath(u"direct.sqlite3"_s);
    sqlite::Database database(u"migrate-test"_s);
    VERIFY_OK(database.open(path, server::migrationSteps()));
    database.close();
    Inspector inspector(path);
    QVERIFY(inspector.isOpen());
    const QStringList tables = inspector.tables();
    // A second run at the latest version changes nothing (and does not fail on
    // "table already exists").
    VERIFY_OK(database.open(path, server::migrationSteps()));
    QCOMPARE(database.schemaVersion(), server::latestSchemaVersion());
    database.close();
    QCOMPARE(inspector.tables(), tables);
    QCOMPARE(inspector.scalar(u"PRAGMA user_version"_s).toInt(), server::latestSchemaVersion());
}

void tst_StoreOpen::refusesNewerSchema()
{
    const QString path = m_fixture.filePath(u"future.sqlite3"_s);
    const int future = server::latestSchemaVersion() + 1;
    {
        Inspector newer(path);
        QVERIFY(newer.isOpen());
        QVERIFY(newer.exec(u"CREATE TABLE from_the_future (x INTEGER)"_s));
        QVERIFY(newer.exec(u"PRAGMA user_version = %1"_s.arg(future)));
    }

    Store store;
    const Status opened = store.open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::Internal);
    // The message must tell the operator what is wrong: a newer schema, and which one.
    QVERIFY2(opened.error().message.contains(u"newer"_s), qPrintable(opened.error().message));
    QVERIFY2(opened.error().message.contains(QString::number(future)),
        qPrintable(opened.error().message));
    QVERIFY(!store.isOpen());

    // Refusing must leave the newer build's data alone: no tables of ours, same version.
    Inspector after(path);
    QCOMPARE(after.scalar(u"PRAGMA user_version"_s).toInt(), future);
    QCOMPARE(after.tables(), QStringList { u"from_the_future"_s });
}

void tst_StoreOpen::refusesFileThatIsNotADatabase()
{
    const QString path = m_fixture.filePath(u"garbage.sqlite3"_s);
    QByteArray garbage;
    for (int i = 0; i < 8192; ++i)
        garbage.append(char((i * 7919 + 13) % 251));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(garbage), garbage.size());
    }

    Store store;
    verifyRefusesToOpen(store, path);
    if (QTest::currentTestFailed())
        return;

    // Whatever the file was, it is not ours to overwrite.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), garbage);

    // A failed open leaves the store reusable.
    VERIFY_OK(store.open(m_fixture.filePath(u"good.sqlite3"_s)));
    QCOMPARE(store.schemaVersion(), server::latestSchemaVersion());
}

void tst_StoreOpen::refusesPathInMissingDirectory()
{
    const QString directory = m_fixture.filePath(u"no/such/directory"_s);
    const QString path = directory + u"/chat.sqlite3"_s;
    Store store;
    verifyRefusesToOpen(store, path);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!QFileInfo::exists(directory));
}

void tst_StoreOpen::closedStoreReportsErrors()
{
    // Calls on a store that is not open fail as values: no crash, no assertion.
    Store never;
    QVERIFY(!never.isOpen());
    QCOMPARE(never.schemaVersion(), -1);
    QVERIFY(!never.integrityCheck().ok());
    const auto user = never.createUser(u"alice"_s, hashFor(u"alice"_s));
    QVERIFY(!user.ok());
    QCOMPARE(user.error().code, ErrorCode::Internal);
    QVERIFY(!never.history(1, std::nullopt, 10).ok());

    m_fixture.store().close();
    QVERIFY(!m_fixture.store().isOpen());
    QVERIFY(!m_fixture.store().userByName(u"alice"_s).ok());
    QVERIFY(!m_fixture.store().contacts(1).ok());
}

void tst_StoreOpen::foreignKeysAreEnforced()
{
    // foreign_keys is off by default in SQLite and per connection: these writes only fail
    // if the store switched it on for its own connection.
    const auto alice = m_fixture.addUser(u"alice"_s);
    VERIFY_OK(alice);
    constexpr qint64 Missing = 9999;
    // The SQLite reason goes to the log for the operator (asserted here, and kept out of
    // the test output); the error, which may reach a client, stays generic.
    const QRegularExpression foreignKeyFailure(u"FOREIGN KEY constraint failed"_s);
    for (int i = 0; i < 3; ++i)
        QTest::ignoreMessage(QtWarningMsg, foreignKeyFailure);

    const auto message = m_fixture.store().insertMessage(Missing, alice->id, u"c-1"_s, u"hi"_s);
    QVERIFY(!message.ok());
    QCOMPARE(message.error().code, ErrorCode::Internal);
    QVERIFY2(
        !message.error().message.contains(u"FOREIGN KEY"_s), qPrintable(message.error().message));

    const Status session = m_fixture.store().createSession(
        tokenHash(u"t"_s), Missing, QDateTime::currentDateTimeUtc().addDays(1));
    QVERIFY(!session.ok());

    // The conversation row is written before its members: a failing member must roll
    // the whole conversation back.
    const auto conversation = m_fixture.store().openDirectConversation(alice->id, Missing);
    QVERIFY(!conversation.ok());
    Inspector inspector(m_fixture.databasePath());
    QCOMPARE(inspector.scalar(u"SELECT count(*) FROM conversations"_s).toInt(), 0);
    QCOMPARE(inspector.scalar(u"SELECT count(*) FROM conversation_members"_s).toInt(), 0);
    QCOMPARE(inspector.scalar(u"SELECT count(*) FROM messages"_s).toInt(), 0);
}

void tst_StoreOpen::storesAreIndependent()
{
    // Each store has its own named connection: two can be open in one process (an
    // embedded server beside tests) without sharing data or clobbering each other.
    Store other;
    VERIFY_OK(other.open(m_fixture.filePath(u"other.sqlite3"_s)));
    const auto alice = m_fixture.addUser(u"alice"_s);
    VERIFY_OK(alice);
    const auto inOther = other.userByName(u"alice"_s);
    VERIFY_OK(inOther);
    QVERIFY(!inOther.value().has_value());
    other.close();
    QVERIFY(m_fixture.store().isOpen());
    const auto inMine = m_fixture.store().userByName(u"alice"_s);
    VERIFY_OK(inMine);
    QVERIFY(inMine.value().has_value());
}

// Persistence --------------------------------------------------------------------

void tst_StoreOpen::reopenKeepsEverything()
{
    const auto users = m_fixture.addUsers({ u"alice"_s, u"bob"_s });
    VERIFY_OK(users);
    const User &alice = users->at(0);
    const User &bob = users->at(1);
    const QByteArray hash = tokenHash(u"alice-token"_s);
    const QDateTime expiresAt = QDateTime::currentDateTimeUtc().addDays(30);
    VERIFY_OK(m_fixture.store().createSession(hash, alice.id, expiresAt));
    const auto conversation = m_fixture.store().openDirectConversation(alice.id, bob.id);
    VERIFY_OK(conversation);
    const qint64 conversationId = conversation->conversation.id;
    const auto first
        = m_fixture.store().insertMessage(conversationId, alice.id, u"c-1"_s, u"hi 👋"_s);
    const auto second
        = m_fixture.store().insertMessage(conversationId, bob.id, u"c-1"_s, u"hello"_s);
    VERIFY_OK(first);
    VERIFY_OK(second);

    m_fixture.store().close();
    QVERIFY(!m_fixture.store().isOpen());
    // Closing folds the WAL back into the main file, so the file alone is the database.
    const QFileInfo wal(m_fixture.databasePath() + u"-wal"_s);
    QVERIFY(!wal.exists() || wal.size() == 0);

    Store reopened;
    VERIFY_OK(reopened.open(m_fixture.databasePath()));
    QCOMPARE(reopened.schemaVersion(), server::latestSchemaVersion());
    const auto integrity = reopened.integrityCheck();
    VERIFY_OK(integrity);
    QCOMPARE(integrity.value(), u"ok"_s);

    const auto credentials = reopened.credentials(u"alice"_s);
    VERIFY_OK(credentials);
    QVERIFY(credentials.value().has_value());
    QCOMPARE(credentials.value()->user, alice);
    QCOMPARE(credentials.value()->passwordHash, hashFor(u"alice"_s));

    const auto session = reopened.session(hash);
    VERIFY_OK(session);
    QVERIFY(session.value().has_value());
    QCOMPARE(session.value()->user, alice);
    QCOMPARE(session.value()->expiresAt, expiresAt);

    const auto found = reopened.openDirectConversation(bob.id, alice.id);
    VERIFY_OK(found);
    QVERIFY(!found->created);
    QCOMPARE(found->conversation, conversation->conversation);

    const auto page = reopened.history(conversationId, std::nullopt, 10);
    VERIFY_OK(page);
    QCOMPARE(page->messages, (QList<Message> { second->message, first->message }));
    QVERIFY(!page->hasMore);

    // Idempotency outlives a restart: a retry after it creates nothing.
    const auto retry = reopened.insertMessage(conversationId, alice.id, u"c-1"_s, u"hi 👋"_s);
    VERIFY_OK(retry);
    QVERIFY(!retry->created);
    QCOMPARE(retry->message, first->message);
    // New ids continue after the old ones.
    const auto next = reopened.insertMessage(conversationId, alice.id, u"c-2"_s, u"again"_s);
    VERIFY_OK(next);
    QVERIFY(next->message.id > second->message.id);

    // A second open of the same store object works as well.
    reopened.close();
    VERIFY_OK(reopened.open(m_fixture.databasePath()));
    QCOMPARE(reopened.schemaVersion(), server::latestSchemaVersion());
    const auto finalCheck = reopened.integrityCheck();
    VERIFY_OK(finalCheck);
    QCOMPARE(finalCheck.value(), u"ok"_s);
}

QTEST_GUILESS_MAIN(tst_StoreOpen)
#include "tst_storeopen.moc"
