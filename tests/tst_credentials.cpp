// Where the session token is kept (issue 11): SavedSession's JSON, the owner-only file,
// and the keychain store falling back to that file where no keychain service can be
// reached (no D-Bus session here), then forgetting everywhere.
#include <client/credentials/filecredentialstore.h>
#include <client/credentials/keychaincredentialstore.h>
#include <client/credentials/savedsession.h>
#include <support/timeouts.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::client;

namespace {

SavedSession sample()
{
    SavedSession session;
    session.server = QUrl(u"http://127.0.0.1:8420"_s);
    session.user = User { 7, u"alice"_s };
    session.token = u"0123456789abcdef"_s;
    return session;
}

//! What `store` loads, waiting for a store that answers later.
std::optional<std::optional<SavedSession>> loadFrom(CredentialStore &store)
{
    std::optional<std::optional<SavedSession>> loaded;
    store.load([&loaded](std::optional<SavedSession> session) { loaded = session; });
    (void)QTest::qWaitFor([&loaded] { return loaded.has_value(); }, chat::test::Timeout);
    return loaded;
}

//! What loadFrom() gives when the store answered that it keeps nothing.
std::optional<std::optional<SavedSession>> loadedNothing()
{
    return std::optional<std::optional<SavedSession>>(std::in_place);
}

constexpr auto NotOwner = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther
    | QFileDevice::WriteOther;

} // namespace

class TestCredentials : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void savedSessionRoundTrips()
    {
        const SavedSession session = sample();
        QCOMPARE(SavedSession::fromJson(session.toJson()), session);
    }

    void savedSessionRefusesIncompleteOrForeign_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not JSON") << QByteArray("token=abc");
        QTest::newRow("no token") << QByteArray(
            "{\"server\":\"http://h:1\",\"userId\":1,\"username\":\"a\"}");
        QTest::newRow("no user id")
            << QByteArray("{\"server\":\"http://h:1\",\"username\":\"a\",\"token\":\"t\"}");
        QTest::newRow("not http") << QByteArray(
            "{\"server\":\"file:///etc\",\"userId\":1,\"username\":\"a\",\"token\":\"t\"}");
        QTest::newRow("array") << QByteArray("[1,2]");
    }

    void savedSessionRefusesIncompleteOrForeign()
    {
        QFETCH(QByteArray, json);
        QCOMPARE(SavedSession::fromJson(json), std::nullopt);
    }

    void fileStoreKeepsOwnerOnlyAndForgets()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"profile/session.json"_s); // made on first save
        FileCredentialStore store(path);
        QCOMPARE(loadFrom(store), loadedNothing());

        store.save(sample());
        QVERIFY(QFile::exists(path));
        QCOMPARE(QFile::permissions(path) & NotOwner, QFileDevice::Permissions());
        QCOMPARE(loadFrom(store), std::optional(std::optional(sample())));

        SavedSession other = sample();
        other.token = u"another"_s;
        store.save(other); // replaces
        QCOMPARE(loadFrom(store), std::optional(std::optional(other)));

        store.forget();
        QVERIFY(!QFile::exists(path));
        QCOMPARE(loadFrom(store), loadedNothing());
    }

    void fileStoreIgnoresADamagedFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"session.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"server\":");
        file.close();
        FileCredentialStore store(path);
        QCOMPARE(loadFrom(store), loadedNothing());
    }

    void keychainFallsBackToTheFileWithoutAKeychain()
    {
        // No session bus to find a Secret Service on, and no X display to start one.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/chat-test-bus");
        qunsetenv("DISPLAY");
        QTemporaryDir dir;
        const QString path = dir.filePath(u"session.json"_s);
        KeychainCredentialStore store(dir.path(), std::make_unique<FileCredentialStore>(path));
        QCOMPARE(loadFrom(store), loadedNothing());

        store.save(sample());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), chat::test::Timeout);
        QCOMPARE(QFile::permissions(path) & NotOwner, QFileDevice::Permissions());
        QCOMPARE(loadFrom(store), std::optional(std::optional(sample())));
        QVERIFY(store.location().contains(path));

        store.forget();
        QVERIFY(!QFile::exists(path));
        QCOMPARE(loadFrom(store), loadedNothing());
    }
};

QTEST_GUILESS_MAIN(TestCredentials)
#include "tst_credentials.moc"
