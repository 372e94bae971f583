#pragma once

#include <server/store/store.h>
#include <shared/result.h>
#include <shared/wiretypes.h>

#include <QObject>
#include <QSqlDatabase>
#include <QStringList>
#include <QTemporaryDir>
#include <QVariant>
#include <QtGlobal>

#include <memory>

// Fixtures of the store tests (tst_storeopen, tst_storeaccounts, tst_storemessages...):
// a Store on a database of the test's own, and a second look at that database. The suites
// that hold for both engines run twice (tests/CMakeLists.txt, chat_add_store_test): on
// SQLite, and with CHAT_TEST_STORE_ENGINE=postgresql on a throwaway PostgreSQL cluster.
namespace chat::test {

class ThrowawayPostgres;

//! The engine the store tests of this process run on: CHAT_TEST_STORE_ENGINE names it
//! ("sqlite", the default, or "postgresql").
[[nodiscard]] server::StoreEngine testedEngine();

//! A new, empty database on the process's PostgreSQL cluster, started by the first call
//! and stopped (its files removed) as the application object goes: one cluster per test
//! process, one database per test.
[[nodiscard]] Result<server::postgres::ConnectionUrl> newPostgresDatabase(
    ThrowawayPostgres **cluster = nullptr, QString *name = nullptr);

//! A password hash as the hasher writes it; the store keeps it as opaque ASCII.
QByteArray hashFor(const QString &username);
//! Sessions are looked up by the SHA-256 of their token: binary, possibly with zero bytes.
QByteArray tokenHash(const QString &token);

//! Two stored users, alice and bob, and their direct conversation.
struct StoredPair
{
    User alice;
    User bob;
    qint64 conversationId = 0;
};

//! Three stored users, alice, bob and carol.
struct StoredTrio
{
    User alice;
    User bob;
    User carol;
};

//! One test's Store, open on chat.sqlite3 in a temporary directory of its own, or on a new
//! database of the process's PostgreSQL cluster (started at the first open(), stopped as
//! the application ends), as testedEngine() says: open() in init(), close() in cleanup().
//! The accessors are valid between the two.
class StoreFixture
{
public:
    StoreFixture();
    ~StoreFixture();
    Q_DISABLE_COPY(StoreFixture)

    //! A new directory and a Store open in it; the error when either failed.
    [[nodiscard]] Status open();
    //! Opens `store` (another one, or store() again after a close) on the same database.
    [[nodiscard]] Status openOnSameDatabase(server::Store &store) const;
    //! The store, then the directory with every file in it, go.
    void close();

    [[nodiscard]] server::Store &store() { return *m_store; }
    [[nodiscard]] server::StoreEngine engine() const { return m_engine; }
    //! On PostgreSQL: the cluster and the database the store is open on.
    [[nodiscard]] ThrowawayPostgres *postgres() const { return m_postgres; }
    [[nodiscard]] QString postgresDatabase() const { return m_postgresDatabase; }
    //! The file the store is open on (SQLite).
    [[nodiscard]] QString databasePath() const { return filePath(QStringLiteral("chat.sqlite3")); }
    //! Another file in the test's directory.
    [[nodiscard]] QString filePath(const QString &name) const
    {
        return m_directory->filePath(name);
    }
    //! Creates a user with hashFor(username) as the password hash.
    [[nodiscard]] Result<User> addUser(const QString &username);
    //! Creates each of `usernames`, in order; the first error, if any.
    [[nodiscard]] Result<QList<User>> addUsers(const QStringList &usernames);
    //! Adds alice and bob and opens their conversation; the first error, if any.
    [[nodiscard]] Result<StoredPair> addPair();
    //! Adds alice, bob and carol (no conversation); the first error, if any.
    [[nodiscard]] Result<StoredTrio> addTrio();

private:
    server::StoreEngine m_engine = testedEngine();
    std::unique_ptr<QTemporaryDir> m_directory;
    ThrowawayPostgres *m_postgres = nullptr;
    QString m_postgresDatabase;
    std::unique_ptr<server::Store> m_store;
};

//! The base of the store tests: each test gets its own StoreFixture, opened in init()
//! (the test fails with the error when it does not open) and closed in cleanup().
class StoreTest : public QObject
{
    Q_OBJECT

protected:
    StoreFixture m_fixture;

private Q_SLOTS:
    void init();
    void cleanup();
};

//! A second, independent connection to a store's database, to look at what the store wrote
//! (or prepare a file) without going through the store. Closed and removed on destruction.
class Inspector
{
public:
    //! A SQLite database file.
    explicit Inspector(const QString &path);
    //! The database the fixture's store is open on, whichever the engine.
    explicit Inspector(const StoreFixture &fixture);
    ~Inspector();
    Q_DISABLE_COPY(Inspector)

    [[nodiscard]] bool isOpen() const { return m_open; }
    [[nodiscard]] QSqlDatabase database() const;

    bool exec(const QString &sql);
    //! The first column of every row of `sql`.
    [[nodiscard]] QVariantList column(const QString &sql) const;
    [[nodiscard]] QVariant scalar(const QString &sql) const;
    [[nodiscard]] QStringList tables() const;

private:
    QString m_name;
    bool m_open = false;
};

} // namespace chat::test
