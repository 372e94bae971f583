// Unit tests of the SQLite store: schema migrations, accounts, sessions, direct
// conversations, idempotent messages, history paging and persistence across reopening.
// Every test works on database files in its own temporary directory.
#include <server/store/migrations.h>
#include <server/store/store.h>
#include <shared/sqlite/sqlitedatabase.h>

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using chat::server::Store;

namespace {

QString describe(const Error &error)
{
    return u"%1 (field '%2'): %3"_s.arg(errorCodeName(error.code), error.field, error.message);
}

template<typename T> QString describe(const Result<T> &result)
{
    return result ? u"ok"_s : describe(result.error());
}

// A password hash as the hasher writes it; the store keeps it as opaque ASCII.
QByteArray hashFor(const QString &username)
{
    return "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$" + username.toUtf8().toBase64();
}

// Sessions are looked up by the SHA-256 of their token: binary, possibly with zero bytes.
QByteArray tokenHash(const QString &token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256);
}

// A second, independent connection to a database file, to look at what the store wrote
// (or prepare a file) without going through the store. Closed and removed on destruction.
class Inspector
{
public:
    explicit Inspector(const QString &path)
        : m_name(u"tst_store-inspector-%1"_s.arg(++s_instances))
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        database.setDatabaseName(path);
        m_open = database.open();
    }
    ~Inspector()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    Inspector(const Inspector &) = delete;
    Inspector &operator=(const Inspector &) = delete;

    [[nodiscard]] bool isOpen() const { return m_open; }
    [[nodiscard]] QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }

    bool exec(const QString &sql)
    {
        QSqlQuery query(database());
        if (!query.exec(sql)) {
            qWarning() << sql << query.lastError().text();
            return false;
        }
        return true;
    }
    // The first column of every row of `sql`.
    [[nodiscard]] QVariantList column(const QString &sql) const
    {
        QSqlQuery query(database());
        QVariantList values;
        if (!query.exec(sql)) {
            qWarning() << sql << query.lastError().text();
            return values;
        }
        while (query.next())
            values.append(query.value(0));
        return values;
    }
    [[nodiscard]] QVariant scalar(const QString &sql) const
    {
        const QVariantList values = column(sql);
        return values.isEmpty() ? QVariant() : values.first();
    }
    [[nodiscard]] QStringList tables() const
    {
        QStringList names;
        for (const QVariant &name :
            column(u"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"_s))
            names.append(name.toString());
        return names;
    }

private:
    inline static int s_instances = 0;
    QString m_name;
    bool m_open = false;
};

} // namespace

// Fails the test with the error's code and message when a Result holds an error.
// Evaluates the expression once (QVERIFY2 would evaluate it again for the description).
#define VERIFY_OK(expression)                                                                      \
    do {                                                                                           \
        const auto &verifiedResult = (expression);                                                 \
        QVERIFY2(verifiedResult.ok(), qPrintable(describe(verifiedResult)));                       \
    } while (false)

class tst_Store : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

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

    // Accounts and sessions.
    void createsAndFindsUsers();
    void duplicateUsernameIsTaken_data();
    void duplicateUsernameIsTaken();
    void sessionLifecycle();
    void deleteExpiredSessionsOnlyForThatUser();

    // Conversations and messages.
    void openDirectConversation();
    void insertMessageIsIdempotent();
    void messageTextSurvivesStorage_data();
    void messageTextSurvivesStorage();
    void historyPaging_data();
    void historyPaging();
    void historyBeforeIdBoundaries();
    void contacts();

    // Persistence.
    void reopenKeepsEverything();

private:
    [[nodiscard]] QString databasePath() const { return m_directory->filePath(u"chat.sqlite3"_s); }
    [[nodiscard]] Result<User> addUser(const QString &username)
    {
        return m_store->createUser(username, hashFor(username));
    }

    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<Store> m_store; //!< Open on databasePath() in every test.
};

void tst_Store::init()
{
    m_directory = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_directory->isValid(), qPrintable(m_directory->errorString()));
    m_store = std::make_unique<Store>();
    VERIFY_OK(m_store->open(databasePath()));
}

void tst_Store::cleanup()
{
    m_store.reset();
    m_directory.reset();
}

// Opening and migrating ----------------------------------------------------------

void tst_Store::migratesEmptyFile_data()
{
    QTest::addColumn<bool>("fileExists");
    QTest::addRow("no file yet") << false;
    // A zero-byte file is a valid, empty SQLite database (e.g. made by `touch`).
    QTest::addRow("zero-byte file") << true;
}

void tst_Store::migratesEmptyFile()
{
    QFETCH(bool, fileExists);
    const QString path = m_directory->filePath(u"fresh.sqlite3"_s);
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

void tst_Store::migrateIsIdempotent()
{
    const QString path = m_directory->filePath(u"direct.sqlite3"_s);
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

void tst_Store::refusesNewerSchema()
{
    const QString path = m_directory->filePath(u"future.sqlite3"_s);
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

void tst_Store::refusesFileThatIsNotADatabase()
{
    const QString path = m_directory->filePath(u"garbage.sqlite3"_s);
    QByteArray garbage;
    for (int i = 0; i < 8192; ++i)
        garbage.append(char((i * 7919 + 13) % 251));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(garbage), garbage.size());
    }

    Store store;
    const Status opened = store.open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::Internal);
    QVERIFY2(opened.error().message.contains(path), qPrintable(opened.error().message));
    QVERIFY(!store.isOpen());

    // Whatever the file was, it is not ours to overwrite.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), garbage);

    // A failed open leaves the store reusable.
    VERIFY_OK(store.open(m_directory->filePath(u"good.sqlite3"_s)));
    QCOMPARE(store.schemaVersion(), server::latestSchemaVersion());
}

void tst_Store::refusesPathInMissingDirectory()
{
    const QString directory = m_directory->filePath(u"no/such/directory"_s);
    const QString path = directory + u"/chat.sqlite3"_s;
    Store store;
    const Status opened = store.open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::Internal);
    QVERIFY2(opened.error().message.contains(path), qPrintable(opened.error().message));
    QVERIFY(!store.isOpen());
    QVERIFY(!QFileInfo::exists(directory));
}

void tst_Store::closedStoreReportsErrors()
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

    m_store->close();
    QVERIFY(!m_store->isOpen());
    QVERIFY(!m_store->userByName(u"alice"_s).ok());
    QVERIFY(!m_store->contacts(1).ok());
}

void tst_Store::foreignKeysAreEnforced()
{
    // foreign_keys is off by default in SQLite and per connection: these writes only fail
    // if the store switched it on for its own connection.
    const auto alice = addUser(u"alice"_s);
    VERIFY_OK(alice);
    constexpr qint64 Missing = 9999;
    // The SQLite reason goes to the log for the operator (asserted here, and kept out of
    // the test output); the error, which may reach a client, stays generic.
    const QRegularExpression foreignKeyFailure(u"FOREIGN KEY constraint failed"_s);
    for (int i = 0; i < 3; ++i)
        QTest::ignoreMessage(QtWarningMsg, foreignKeyFailure);

    const auto message = m_store->insertMessage(Missing, alice->id, u"c-1"_s, u"hi"_s);
    QVERIFY(!message.ok());
    QCOMPARE(message.error().code, ErrorCode::Internal);
    QVERIFY2(
        !message.error().message.contains(u"FOREIGN KEY"_s), qPrintable(message.error().message));

    const Status session = m_store->createSession(
        tokenHash(u"t"_s), Missing, QDateTime::currentDateTimeUtc().addDays(1));
    QVERIFY(!session.ok());

    // The conversation row is written before its members: a failing member must roll
    // the whole conversation back.
    const auto conversation = m_store->openDirectConversation(alice->id, Missing);
    QVERIFY(!conversation.ok());
    Inspector inspector(databasePath());
    QCOMPARE(inspector.scalar(u"SELECT count(*) FROM conversations"_s).toInt(), 0);
    QCOMPARE(inspector.scalar(u"SELECT count(*) FROM conversation_members"_s).toInt(), 0);
    QCOMPARE(inspector.scalar(u"SELECT count(*) FROM messages"_s).toInt(), 0);
}

void tst_Store::storesAreIndependent()
{
    // Each store has its own named connection: two can be open in one process (an
    // embedded server beside tests) without sharing data or clobbering each other.
    Store other;
    VERIFY_OK(other.open(m_directory->filePath(u"other.sqlite3"_s)));
    const auto alice = addUser(u"alice"_s);
    VERIFY_OK(alice);
    const auto inOther = other.userByName(u"alice"_s);
    VERIFY_OK(inOther);
    QVERIFY(!inOther.value().has_value());
    other.close();
    QVERIFY(m_store->isOpen());
    const auto inMine = m_store->userByName(u"alice"_s);
    VERIFY_OK(inMine);
    QVERIFY(inMine.value().has_value());
}

// Accounts and sessions ----------------------------------------------------------

void tst_Store::createsAndFindsUsers()
{
    const auto alice = addUser(u"alice"_s);
    VERIFY_OK(alice);
    QVERIFY(alice->id > 0);
    QCOMPARE(alice->username, u"alice"_s);
    const auto bob = addUser(u"Bob"_s);
    VERIFY_OK(bob);
    QVERIFY(bob->id != alice->id);

    const auto found = m_store->userByName(u"alice"_s);
    VERIFY_OK(found);
    QVERIFY(found.value().has_value());
    QCOMPARE(*found.value(), alice.value());
    // Lookups ignore case like uniqueness does, and return the name as registered.
    const auto upper = m_store->userByName(u"BOB"_s);
    VERIFY_OK(upper);
    QVERIFY(upper.value().has_value());
    QCOMPARE(*upper.value(), bob.value());
    const auto nobody = m_store->userByName(u"carol"_s);
    VERIFY_OK(nobody);
    QVERIFY(!nobody.value().has_value());

    const auto credentials = m_store->credentials(u"ALICE"_s);
    VERIFY_OK(credentials);
    QVERIFY(credentials.value().has_value());
    QCOMPARE(credentials.value()->user, alice.value());
    QCOMPARE(credentials.value()->passwordHash, hashFor(u"alice"_s));
    const auto noCredentials = m_store->credentials(u"carol"_s);
    VERIFY_OK(noCredentials);
    QVERIFY(!noCredentials.value().has_value());
}

void tst_Store::duplicateUsernameIsTaken_data()
{
    QTest::addColumn<QString>("existing");
    QTest::addColumn<QString>("attempt");
    QTest::addRow("same spelling") << u"alice"_s << u"alice"_s;
    QTest::addRow("registered capitalised") << u"Alice"_s << u"alice"_s;
    QTest::addRow("attempt in capitals") << u"alice"_s << u"ALICE"_s;
    QTest::addRow("mixed case with punctuation") << u"mIxEd.Case-1"_s << u"MiXeD.cAsE-1"_s;
}

void tst_Store::duplicateUsernameIsTaken()
{
    QFETCH(QString, existing);
    QFETCH(QString, attempt);
    const auto original = addUser(existing);
    VERIFY_OK(original);

    const auto duplicate = m_store->createUser(attempt, "another-hash");
    QVERIFY(!duplicate.ok());
    QCOMPARE(duplicate.error().code, ErrorCode::UsernameTaken);
    QCOMPARE(duplicate.error().field, u"username"_s);

    // The original account is untouched.
    Inspector inspector(databasePath());
    QCOMPARE(inspector.scalar(u"SELECT count(*) FROM users"_s).toInt(), 1);
    const auto credentials = m_store->credentials(existing);
    VERIFY_OK(credentials);
    QVERIFY(credentials.value().has_value());
    QCOMPARE(credentials.value()->user, original.value());
    QCOMPARE(credentials.value()->passwordHash, hashFor(existing));
}

void tst_Store::sessionLifecycle()
{
    const auto alice = addUser(u"alice"_s);
    VERIFY_OK(alice);
    const QByteArray hash = tokenHash(u"alice-token"_s);
    // Millisecond precision, as the store keeps it.
    const QDateTime expiresAt = QDateTime::currentDateTimeUtc().addDays(30);
    VERIFY_OK(m_store->createSession(hash, alice->id, expiresAt));

    const auto record = m_store->session(hash);
    VERIFY_OK(record);
    QVERIFY(record.value().has_value());
    QCOMPARE(record.value()->user, alice.value());
    QCOMPARE(record.value()->expiresAt, expiresAt);

    // A token hash is unique: a second session with it is refused.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"UNIQUE constraint failed"_s));
    QVERIFY(!m_store->createSession(hash, alice->id, expiresAt).ok());

    // A binary hash with a zero byte in it is stored whole, not cut at the zero.
    const QByteArray withZero = QByteArray("\x01\x00\x02", 3);
    VERIFY_OK(m_store->createSession(withZero, alice->id, expiresAt));
    const auto prefix = m_store->session(QByteArray("\x01", 1));
    VERIFY_OK(prefix);
    QVERIFY(!prefix.value().has_value());

    const auto unknown = m_store->session(tokenHash(u"someone-else"_s));
    VERIFY_OK(unknown);
    QVERIFY(!unknown.value().has_value());

    const auto deleted = m_store->deleteSession(hash);
    VERIFY_OK(deleted);
    QVERIFY(deleted.value());
    const auto deletedAgain = m_store->deleteSession(hash);
    VERIFY_OK(deletedAgain);
    QVERIFY(!deletedAgain.value());
    const auto gone = m_store->session(hash);
    VERIFY_OK(gone);
    QVERIFY(!gone.value().has_value());

    // Deleting one session leaves the user's others alone.
    const auto other = m_store->session(withZero);
    VERIFY_OK(other);
    QVERIFY(other.value().has_value());
}

void tst_Store::deleteExpiredSessionsOnlyForThatUser()
{
    const auto alice = addUser(u"alice"_s);
    const auto bob = addUser(u"bob"_s);
    VERIFY_OK(alice);
    VERIFY_OK(bob);
    // An hour either side of now: far from the boundary, so the clock cannot matter.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    VERIFY_OK(m_store->createSession(tokenHash(u"alice-old"_s), alice->id, now.addSecs(-3600)));
    VERIFY_OK(m_store->createSession(tokenHash(u"alice-live"_s), alice->id, now.addSecs(3600)));
    VERIFY_OK(m_store->createSession(tokenHash(u"bob-old"_s), bob->id, now.addSecs(-3600)));

    VERIFY_OK(m_store->deleteExpiredSessions(alice->id));

    const auto exists = [this](const QString &token) {
        const auto record = m_store->session(tokenHash(token));
        return record.ok() && record.value().has_value();
    };
    QVERIFY(!exists(u"alice-old"_s));
    QVERIFY(exists(u"alice-live"_s));
    QVERIFY(exists(u"bob-old"_s));
}

// Conversations and messages -----------------------------------------------------

void tst_Store::openDirectConversation()
{
    const auto alice = addUser(u"alice"_s);
    const auto bob = addUser(u"bob"_s);
    const auto carol = addUser(u"carol"_s);
    VERIFY_OK(alice);
    VERIFY_OK(bob);
    VERIFY_OK(carol);

    const auto first = m_store->openDirectConversation(alice->id, bob->id);
    VERIFY_OK(first);
    QVERIFY(first->created);
    QVERIFY(first->conversation.id > 0);
    QCOMPARE(first->conversation.members, (QList<User> { alice.value(), bob.value() }));

    const auto again = m_store->openDirectConversation(alice->id, bob->id);
    VERIFY_OK(again);
    QVERIFY(!again->created);
    QCOMPARE(again->conversation.id, first->conversation.id);
    QCOMPARE(again->conversation.members, first->conversation.members);

    // The pair is unordered: whoever opens it, it is the same conversation.
    const auto fromBob = m_store->openDirectConversation(bob->id, alice->id);
    VERIFY_OK(fromBob);
    QVERIFY(!fromBob->created);
    QCOMPARE(fromBob->conversation.id, first->conversation.id);

    const auto withCarol = m_store->openDirectConversation(carol->id, alice->id);
    VERIFY_OK(withCarol);
    QVERIFY(withCarol->created);
    QVERIFY(withCarol->conversation.id != first->conversation.id);
    QCOMPARE(withCarol->conversation.members, (QList<User> { alice.value(), carol.value() }));

    const auto members = m_store->memberIds(first->conversation.id);
    VERIFY_OK(members);
    QCOMPARE(members.value(), (QList<qint64> { alice->id, bob->id }));
    const auto noMembers = m_store->memberIds(9999);
    VERIFY_OK(noMembers);
    QVERIFY(noMembers->isEmpty());

    Inspector inspector(databasePath());
    QCOMPARE(inspector.scalar(u"SELECT count(*) FROM conversations"_s).toInt(), 2);
}

void tst_Store::insertMessageIsIdempotent()
{
    const auto alice = addUser(u"alice"_s);
    const auto bob = addUser(u"bob"_s);
    VERIFY_OK(alice);
    VERIFY_OK(bob);
    const auto conversation = m_store->openDirectConversation(alice->id, bob->id);
    VERIFY_OK(conversation);
    const qint64 conversationId = conversation->conversation.id;

    const auto first = m_store->insertMessage(conversationId, alice->id, u"c-1"_s, u"hello"_s);
    VERIFY_OK(first);
    QVERIFY(first->created);
    const Message &original = first->message;
    QVERIFY(original.id > 0);
    QCOMPARE(original.conversationId, conversationId);
    QCOMPARE(original.senderId, alice->id);
    QCOMPARE(original.senderName, u"alice"_s);
    QCOMPARE(original.clientId, u"c-1"_s);
    QCOMPARE(original.body, u"hello"_s);
    QVERIFY(original.createdAt.isValid());
    QCOMPARE(original.createdAt.timeSpec(), Qt::UTC);

    // A retry (even with a different body, as a buggy client might send) returns the
    // stored original and creates nothing.
    const auto retry
        = m_store->insertMessage(conversationId, alice->id, u"c-1"_s, u"hello, edited"_s);
    VERIFY_OK(retry);
    QVERIFY(!retry->created);
    QCOMPARE(retry->message, original);
    Inspector inspector(databasePath());
    QCOMPARE(inspector.scalar(u"SELECT count(*) FROM messages"_s).toInt(), 1);

    // Client ids are unique per sender only: bob may use the same one.
    const auto fromBob = m_store->insertMessage(conversationId, bob->id, u"c-1"_s, u"hi"_s);
    VERIFY_OK(fromBob);
    QVERIFY(fromBob->created);
    QVERIFY(fromBob->message.id > original.id);
    QCOMPARE(fromBob->message.senderId, bob->id);
    QCOMPARE(inspector.scalar(u"SELECT count(*) FROM messages"_s).toInt(), 2);
}

void tst_Store::messageTextSurvivesStorage_data()
{
    QTest::addColumn<QString>("body");
    QTest::addRow("ascii") << u"hello"_s;
    QTest::addRow("non-ascii") << u"Grüße — 東京 — Ωμέγα"_s;
    QTest::addRow("emoji") << u"👋🏽 😀 👨‍👩‍👧"_s;
    QTest::addRow("multi-line") << u"one\ntwo\r\nthree\n"_s;
    QTest::addRow("sql metacharacters") << u"'); DROP TABLE messages; --"_s;
    QTest::addRow("16 KiB") << QString(16 * 1024, u'x');
}

void tst_Store::messageTextSurvivesStorage()
{
    QFETCH(QString, body);
    const auto alice = addUser(u"alice"_s);
    const auto bob = addUser(u"bob"_s);
    VERIFY_OK(alice);
    VERIFY_OK(bob);
    const auto conversation = m_store->openDirectConversation(alice->id, bob->id);
    VERIFY_OK(conversation);

    const auto stored
        = m_store->insertMessage(conversation->conversation.id, alice->id, u"c-1"_s, body);
    VERIFY_OK(stored);
    QCOMPARE(stored->message.body, body);

    const auto page = m_store->history(conversation->conversation.id, std::nullopt, 10);
    VERIFY_OK(page);
    QCOMPARE(page->messages.size(), 1);
    QCOMPARE(page->messages.first(), stored->message);
}

void tst_Store::historyPaging_data()
{
    QTest::addColumn<int>("messageCount");
    QTest::addColumn<int>("limit");
    QTest::addRow("no messages") << 0 << 50;
    QTest::addRow("one message, limit 1") << 1 << 1;
    QTest::addRow("fewer than a page") << 7 << 50;
    QTest::addRow("exactly one page") << 50 << 50;
    QTest::addRow("one more than a page") << 51 << 50;
    QTest::addRow("uneven pages") << 7 << 3;
    QTest::addRow("250 in pages of 50") << 250 << 50;
}

void tst_Store::historyPaging()
{
    QFETCH(int, messageCount);
    QFETCH(int, limit);
    const auto alice = addUser(u"alice"_s);
    const auto bob = addUser(u"bob"_s);
    const auto carol = addUser(u"carol"_s);
    VERIFY_OK(alice);
    VERIFY_OK(bob);
    VERIFY_OK(carol);
    const auto paged = m_store->openDirectConversation(alice->id, bob->id);
    const auto noise = m_store->openDirectConversation(alice->id, carol->id);
    VERIFY_OK(paged);
    VERIFY_OK(noise);
    const qint64 conversationId = paged->conversation.id;

    QList<Message> expected; // newest first, as history returns them
    for (int i = 0; i < messageCount; ++i) {
        // Messages of another conversation interleave, so this one's ids have gaps.
        if (i % 3 == 0) {
            const auto other = m_store->insertMessage(
                noise->conversation.id, alice->id, u"noise-%1"_s.arg(i), u"noise"_s);
            VERIFY_OK(other);
        }
        const qint64 sender = i % 2 ? bob->id : alice->id;
        const auto stored = m_store->insertMessage(
            conversationId, sender, u"m-%1"_s.arg(i), u"message %1"_s.arg(i));
        VERIFY_OK(stored);
        expected.prepend(stored->message);
    }

    // Page as a client does: each request starts before the oldest message it has.
    QList<Message> seen;
    std::optional<qint64> beforeId;
    int pages = 0;
    for (;;) {
        const auto page = m_store->history(conversationId, beforeId, limit);
        VERIFY_OK(page);
        ++pages;
        QVERIFY(pages <= messageCount + 1); // no endless paging on a bug
        seen.append(page->messages);
        if (!page->hasMore)
            break;
        // Only the last page may be short; one that promises more is full.
        QCOMPARE(page->messages.size(), limit);
        beforeId = page->messages.last().id;
    }

    // Every message exactly once, no gap, no repeat, none from the other conversation.
    QCOMPARE(seen, expected);
    for (qsizetype i = 1; i < seen.size(); ++i)
        QVERIFY2(seen.at(i - 1).id > seen.at(i).id, "ids must strictly decrease");
    // hasMore was false only on the last page: exactly as many pages as needed.
    QCOMPARE(pages, std::max(1, (messageCount + limit - 1) / limit));
}

void tst_Store::historyBeforeIdBoundaries()
{
    const auto alice = addUser(u"alice"_s);
    const auto bob = addUser(u"bob"_s);
    VERIFY_OK(alice);
    VERIFY_OK(bob);
    const auto conversation = m_store->openDirectConversation(alice->id, bob->id);
    VERIFY_OK(conversation);
    const qint64 conversationId = conversation->conversation.id;
    QList<qint64> ids;
    for (int i = 0; i < 3; ++i) {
        const auto stored
            = m_store->insertMessage(conversationId, alice->id, u"c-%1"_s.arg(i), u"m"_s);
        VERIFY_OK(stored);
        ids.append(stored->message.id);
    }
    const qint64 oldest = ids.first();
    const qint64 newest = ids.last();

    const auto idsOf = [&](std::optional<qint64> beforeId, int limit) {
        QList<qint64> result;
        const auto page = m_store->history(conversationId, beforeId, limit);
        if (page) {
            for (const Message &message : page->messages)
                result.append(message.id);
            // Encode hasMore in the result so each check below can assert it too.
            if (page->hasMore)
                result.append(-1);
        }
        return result;
    };

    // Nothing is older than the oldest message: an empty, final page.
    QCOMPARE(idsOf(oldest, 10), QList<qint64>());
    QCOMPARE(idsOf(0, 10), QList<qint64>());
    QCOMPARE(idsOf(-5, 10), QList<qint64>());
    // beforeId is exclusive.
    QCOMPARE(idsOf(oldest + 1, 10), QList<qint64> { oldest });
    QCOMPARE(idsOf(newest, 10), (QList<qint64> { ids.at(1), oldest }));
    // Beyond the newest (or no beforeId) starts at the newest.
    QCOMPARE(idsOf(newest + 1000, 10), (QList<qint64> { newest, ids.at(1), oldest }));
    QCOMPARE(idsOf(std::nullopt, 2), (QList<qint64> { newest, ids.at(1), -1 }));

    const auto missing = m_store->history(9999, std::nullopt, 10);
    VERIFY_OK(missing);
    QVERIFY(missing->messages.isEmpty());
    QVERIFY(!missing->hasMore);
}

void tst_Store::contacts()
{
    // Created out of alphabetical order, with mixed case, so neither id nor binary
    // string order can pass for the order by name.
    const auto alice = addUser(u"alice"_s);
    const auto zoe = addUser(u"zoe"_s);
    const auto erin = addUser(u"Erin"_s);
    const auto carol = addUser(u"carol"_s);
    const auto dave = addUser(u"dave"_s);
    const auto bob = addUser(u"Bob"_s);
    for (const auto *user : { &alice, &zoe, &erin, &carol, &dave, &bob })
        VERIFY_OK(*user);

    const auto withCarol = m_store->openDirectConversation(alice->id, carol->id);
    const auto withZoe = m_store->openDirectConversation(zoe->id, alice->id);
    const auto withDave = m_store->openDirectConversation(alice->id, dave->id);
    const auto carolZoe = m_store->openDirectConversation(carol->id, zoe->id);
    for (const auto *conversation : { &withCarol, &withZoe, &withDave, &carolZoe })
        VERIFY_OK(*conversation);

    const auto send = [this](const Result<Store::OpenedConversation> &conversation,
                          const Result<User> &sender, const QString &text) {
        return m_store->insertMessage(conversation->conversation.id, sender->id, text, text);
    };
    const auto toCarol = send(withCarol, alice, u"to-carol"_s);
    const auto toZoe = send(withZoe, alice, u"to-zoe"_s);
    const auto carolReply = send(withCarol, carol, u"carol-reply"_s);
    const auto unrelated = send(carolZoe, carol, u"carol-to-zoe"_s);
    for (const auto *message : { &toCarol, &toZoe, &carolReply, &unrelated })
        VERIFY_OK(*message);

    const auto list = m_store->contacts(alice->id);
    VERIFY_OK(list);
    // Most recent conversation first (carol replied last), then everyone without a
    // message, by name ignoring case. Dave's conversation is empty: nothing to rank it by.
    const QList<Contact> expected {
        Contact { carol.value(), withCarol->conversation.id, carolReply->message },
        Contact { zoe.value(), withZoe->conversation.id, toZoe->message },
        Contact { bob.value(), 0, std::nullopt },
        Contact { dave.value(), withDave->conversation.id, std::nullopt },
        Contact { erin.value(), 0, std::nullopt },
    };
    QCOMPARE(list.value().size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const Contact &actual = list.value().at(i);
        QCOMPARE(actual.user, expected.at(i).user);
        QCOMPARE(actual.conversationId, expected.at(i).conversationId);
        QCOMPARE(actual.lastMessage.has_value(), expected.at(i).lastMessage.has_value());
        if (actual.lastMessage)
            QCOMPARE(*actual.lastMessage, *expected.at(i).lastMessage);
    }

    // Each user sees their own view: for zoe, carol's message is the latest.
    const auto zoeList = m_store->contacts(zoe->id);
    VERIFY_OK(zoeList);
    QCOMPARE(zoeList->size(), 5);
    QCOMPARE(zoeList->first().user, carol.value());
    QVERIFY(zoeList->first().lastMessage.has_value());
    QCOMPARE(*zoeList->first().lastMessage, unrelated->message);
}

// Persistence --------------------------------------------------------------------

void tst_Store::reopenKeepsEverything()
{
    const auto alice = addUser(u"alice"_s);
    const auto bob = addUser(u"bob"_s);
    VERIFY_OK(alice);
    VERIFY_OK(bob);
    const QByteArray hash = tokenHash(u"alice-token"_s);
    const QDateTime expiresAt = QDateTime::currentDateTimeUtc().addDays(30);
    VERIFY_OK(m_store->createSession(hash, alice->id, expiresAt));
    const auto conversation = m_store->openDirectConversation(alice->id, bob->id);
    VERIFY_OK(conversation);
    const qint64 conversationId = conversation->conversation.id;
    const auto first = m_store->insertMessage(conversationId, alice->id, u"c-1"_s, u"hi 👋"_s);
    const auto second = m_store->insertMessage(conversationId, bob->id, u"c-1"_s, u"hello"_s);
    VERIFY_OK(first);
    VERIFY_OK(second);

    m_store->close();
    QVERIFY(!m_store->isOpen());
    // Closing folds the WAL back into the main file, so the file alone is the database.
    const QFileInfo wal(databasePath() + u"-wal"_s);
    QVERIFY(!wal.exists() || wal.size() == 0);

    Store reopened;
    VERIFY_OK(reopened.open(databasePath()));
    QCOMPARE(reopened.schemaVersion(), server::latestSchemaVersion());
    const auto integrity = reopened.integrityCheck();
    VERIFY_OK(integrity);
    QCOMPARE(integrity.value(), u"ok"_s);

    const auto credentials = reopened.credentials(u"alice"_s);
    VERIFY_OK(credentials);
    QVERIFY(credentials.value().has_value());
    QCOMPARE(credentials.value()->user, alice.value());
    QCOMPARE(credentials.value()->passwordHash, hashFor(u"alice"_s));

    const auto session = reopened.session(hash);
    VERIFY_OK(session);
    QVERIFY(session.value().has_value());
    QCOMPARE(session.value()->user, alice.value());
    QCOMPARE(session.value()->expiresAt, expiresAt);

    const auto found = reopened.openDirectConversation(bob->id, alice->id);
    VERIFY_OK(found);
    QVERIFY(!found->created);
    QCOMPARE(found->conversation, conversation->conversation);

    const auto page = reopened.history(conversationId, std::nullopt, 10);
    VERIFY_OK(page);
    QCOMPARE(page->messages, (QList<Message> { second->message, first->message }));
    QVERIFY(!page->hasMore);

    // Idempotency outlives a restart: a retry after it creates nothing.
    const auto retry = reopened.insertMessage(conversationId, alice->id, u"c-1"_s, u"hi 👋"_s);
    VERIFY_OK(retry);
    QVERIFY(!retry->created);
    QCOMPARE(retry->message, first->message);
    // New ids continue after the old ones.
    const auto next = reopened.insertMessage(conversationId, alice->id, u"c-2"_s, u"again"_s);
    VERIFY_OK(next);
    QVERIFY(next->message.id > second->message.id);

    // A second open of the same store object works as well.
    reopened.close();
    VERIFY_OK(reopened.open(databasePath()));
    QCOMPARE(reopened.schemaVersion(), server::latestSchemaVersion());
    const auto finalCheck = reopened.integrityCheck();
    VERIFY_OK(finalCheck);
    QCOMPARE(finalCheck.value(), u"ok"_s);
}

QTEST_GUILESS_MAIN(tst_Store)
#include "tst_store.moc"
