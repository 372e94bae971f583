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

// Fixtures of the store tests (tst_storeopen, tst_storeaccounts, tst_storemessages):
// a Store on a database file of the test's own, and a second look at that file.
namespace chat::test {

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

//! One test's Store, open on chat.sqlite3 in a temporary directory of its own: open() in
//! init(), close() in cleanup(). The accessors are valid between the two.
class StoreFixture
{
public:
    StoreFixture();
    ~StoreFixture();
    Q_DISABLE_COPY(StoreFixture)

    //! A new directory and a Store open in it; the error when either failed.
    [[nodiscard]] Status open();
    //! The store, then the directory with every file in it, go.
    void close();

    [[nodiscard]] server::Store &store() { return *m_store; }
    //! The file the store is open on.
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
    std::unique_ptr<QTemporaryDir> m_directory;
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

//! A second, independent connection to a database file, to look at what the store wrote
//! (or prepare a file) without going through the store. Closed and removed on destruction.
class Inspector
{
public:
    explicit Inspector(const QString &path);
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
