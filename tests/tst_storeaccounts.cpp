// Unit tests of the accounts and sessions in the SQLite store: users found by name
// ignoring case, taken usernames, the session lifecycle and expiry per user, and what
// `chatd user` changes: disabling, enabling, a new password (each ending sessions).
#include <server/store/store.h>
#include <support/resultcheck.h>
#include <support/storefixture.h>

#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class tst_StoreAccounts : public StoreTest
{
    Q_OBJECT

private Q_SLOTS:
    void createsAndFindsUsers();
    void duplicateUsernameIsTaken_data();
    void duplicateUsernameIsTaken();
    void sessionLifecycle();
    void deleteExpiredSessionsOnlyForThatUser();
    void disablingEndsSessionsAndIsKept();
    void newPasswordEndsSessions();
    void writeProbeChangesNothing();
};

void tst_StoreAccounts::createsAndFindsUsers()
{
    const auto alice = m_fixture.addUser(u"alice"_s);
    VERIFY_OK(alice);
    QVERIFY(alice->id > 0);
    QCOMPARE(alice->username, u"alice"_s);
    const auto bob = m_fixture.addUser(u"Bob"_s);
    VERIFY_OK(bob);
    QVERIFY(bob->id != alice->id);

    const auto found = m_fixture.store().userByName(u"alice"_s);
    VERIFY_OK(found);
    QVERIFY(found.value().has_value());
    QCOMPARE(*found.value(), alice.value());
    // Lookups ignore case like uniqueness does, and return the name as registered.
    const auto upper = m_fixture.store().userByName(u"BOB"_s);
    VERIFY_OK(upper);
    QVERIFY(upper.value().has_value());
    QCOMPARE(*upper.value(), bob.value());
    const auto nobody = m_fixture.store().userByName(u"carol"_s);
    VERIFY_OK(nobody);
    QVERIFY(!nobody.value().has_value());

    const auto credentials = m_fixture.store().credentials(u"ALICE"_s);
    VERIFY_OK(credentials);
    QVERIFY(credentials.value().has_value());
    QCOMPARE(credentials.value()->user, alice.value());
    QCOMPARE(credentials.value()->passwordHash, hashFor(u"alice"_s));
    const auto noCredentials = m_fixture.store().credentials(u"carol"_s);
    VERIFY_OK(noCredentials);
    QVERIFY(!noCredentials.value().has_value());
}

void tst_StoreAccounts::duplicateUsernameIsTaken_data()
{
    QTest::addColumn<QString>("existing");
    QTest::addColumn<QString>("attempt");
    QTest::addRow("same spelling") << u"alice"_s << u"alice"_s;
    QTest::addRow("registered capitalised") << u"Alice"_s << u"alice"_s;
    QTest::addRow("attempt in capitals") << u"alice"_s << u"ALICE"_s;
    QTest::addRow("mixed case with punctuation") << u"mIxEd.Case-1"_s << u"MiXeD.cAsE-1"_s;
}

void tst_StoreAccounts::duplicateUsernameIsTaken()
{
    QFETCH(QString, existing);
    QFETCH(QString, attempt);
    const auto original = m_fixture.addUser(existing);
    VERIFY_OK(original);

    const auto duplicate = m_fixture.store().createUser(attempt, "another-hash");
    QVERIFY(!duplicate.ok());
    QCOMPARE(duplicate.error().code, ErrorCode::UsernameTaken);
    QCOMPARE(duplicate.error().field, u"username"_s);

    // The original account is untouched.
    Inspector inspector(m_fixture);
    QCOMPARE(inspector.scalar(u"SELECT count(*) FROM users"_s).toInt(), 1);
    const auto credentials = m_fixture.store().credentials(existing);
    VERIFY_OK(credentials);
    QVERIFY(credentials.value().has_value());
    QCOMPARE(credentials.value()->user, original.value());
    QCOMPARE(credentials.value()->passwordHash, hashFor(existing));
}

void tst_StoreAccounts::sessionLifecycle()
{
    const auto alice = m_fixture.addUser(u"alice"_s);
    VERIFY_OK(alice);
    const QByteArray hash = tokenHash(u"alice-token"_s);
    // Millisecond precision, as the store keeps it.
    const QDateTime expiresAt = QDateTime::currentDateTimeUtc().addDays(30);
    VERIFY_OK(m_fixture.store().createSession(hash, alice->id, expiresAt));

    const auto record = m_fixture.store().session(hash);
    VERIFY_OK(record);
    QVERIFY(record.value().has_value());
    QCOMPARE(record.value()->user, alice.value());
    QCOMPARE(record.value()->expiresAt, expiresAt);

    // A token hash is unique: a second session with it is refused.
    // The engine says why (SQLite and PostgreSQL in their own words).
    QTest::ignoreMessage(QtWarningMsg,
        QRegularExpression(u"UNIQUE constraint failed|duplicate key value violates unique"_s));
    QVERIFY(!m_fixture.store().createSession(hash, alice->id, expiresAt).ok());

    // A binary hash with a zero byte in it is stored whole, not cut at the zero.
    const QByteArray withZero = QByteArray("\x01\x00\x02", 3);
    VERIFY_OK(m_fixture.store().createSession(withZero, alice->id, expiresAt));
    const auto prefix = m_fixture.store().session(QByteArray("\x01", 1));
    VERIFY_OK(prefix);
    QVERIFY(!prefix.value().has_value());

    const auto unknown = m_fixture.store().session(tokenHash(u"someone-else"_s));
    VERIFY_OK(unknown);
    QVERIFY(!unknown.value().has_value());

    const auto deleted = m_fixture.store().deleteSession(hash);
    VERIFY_OK(deleted);
    QVERIFY(deleted.value());
    const auto deletedAgain = m_fixture.store().deleteSession(hash);
    VERIFY_OK(deletedAgain);
    QVERIFY(!deletedAgain.value());
    const auto gone = m_fixture.store().session(hash);
    VERIFY_OK(gone);
    QVERIFY(!gone.value().has_value());

    // Deleting one session leaves the user's others alone.
    const auto other = m_fixture.store().session(withZero);
    VERIFY_OK(other);
    QVERIFY(other.value().has_value());
}

void tst_StoreAccounts::deleteExpiredSessionsOnlyForThatUser()
{
    const auto users = m_fixture.addUsers({ u"alice"_s, u"bob"_s });
    VERIFY_OK(users);
    const User &alice = users->at(0);
    const User &bob = users->at(1);
    // An hour either side of now: far from the boundary, so the clock cannot matter.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    VERIFY_OK(
        m_fixture.store().createSession(tokenHash(u"alice-old"_s), alice.id, now.addSecs(-3600)));
    VERIFY_OK(
        m_fixture.store().createSession(tokenHash(u"alice-live"_s), alice.id, now.addSecs(3600)));
    VERIFY_OK(m_fixture.store().createSession(tokenHash(u"bob-old"_s), bob.id, now.addSecs(-3600)));

    VERIFY_OK(m_fixture.store().deleteExpiredSessions(alice.id));

    const auto exists = [this](const QString &token) {
        const auto record = m_fixture.store().session(tokenHash(token));
        return record.ok() && record.value().has_value();
    };
    QVERIFY(!exists(u"alice-old"_s));
    QVERIFY(exists(u"alice-live"_s));
    QVERIFY(exists(u"bob-old"_s));
}

void tst_StoreAccounts::disablingEndsSessionsAndIsKept()
{
    const auto users = m_fixture.addUsers({ u"alice"_s, u"bob"_s });
    VERIFY_OK(users);
    const User &alice = users->at(0);
    const User &bob = users->at(1);
    server::Store &store = m_fixture.store();
    const QDateTime later = QDateTime::currentDateTimeUtc().addDays(1);
    for (const QString &token : { u"bob-1"_s, u"bob-2"_s })
        VERIFY_OK(store.createSession(tokenHash(token), bob.id, later));
    VERIFY_OK(store.createSession(tokenHash(u"alice-1"_s), alice.id, later));
    QVERIFY(!store.credentials(u"bob"_s).value()->disabled);

    const auto ended = store.disableUser(bob.id);
    VERIFY_OK(ended);
    QCOMPARE(ended.value(), 2);
    QVERIFY(store.credentials(u"bob"_s).value()->disabled);
    QVERIFY(!store.session(tokenHash(u"bob-1"_s)).value().has_value());
    QVERIFY(store.session(tokenHash(u"alice-1"_s)).value().has_value());
    // A session that appears anyway (an older chatd, a hand-made row) does not count.
    VERIFY_OK(store.createSession(tokenHash(u"bob-3"_s), bob.id, later));
    QVERIFY(!store.session(tokenHash(u"bob-3"_s)).value().has_value());
    // The account, its name and its id stay.
    QCOMPARE(store.userByName(u"bob"_s).value(), std::optional(bob));

    VERIFY_OK(store.enableUser(bob.id));
    QVERIFY(!store.credentials(u"bob"_s).value()->disabled);
    QVERIFY(store.session(tokenHash(u"bob-3"_s)).value().has_value());
}

void tst_StoreAccounts::newPasswordEndsSessions()
{
    const auto users = m_fixture.addUsers({ u"alice"_s, u"bob"_s });
    VERIFY_OK(users);
    server::Store &store = m_fixture.store();
    const QDateTime later = QDateTime::currentDateTimeUtc().addDays(1);
    VERIFY_OK(store.createSession(tokenHash(u"bob-1"_s), users->at(1).id, later));
    VERIFY_OK(store.createSession(tokenHash(u"alice-1"_s), users->at(0).id, later));

    const auto ended = store.replacePassword(users->at(1).id, "new-hash");
    VERIFY_OK(ended);
    QCOMPARE(ended.value(), 1);
    QCOMPARE(store.credentials(u"bob"_s).value()->passwordHash, QByteArray("new-hash"));
    QVERIFY(!store.session(tokenHash(u"bob-1"_s)).value().has_value());
    QVERIFY(store.session(tokenHash(u"alice-1"_s)).value().has_value());
}

void tst_StoreAccounts::writeProbeChangesNothing()
{
    server::Store &store = m_fixture.store();
    VERIFY_OK(store.probeWrite());
    VERIFY_OK(store.probeWrite());
    // Rolled back, it leaves no transaction open: the next write works as ever.
    const auto users = m_fixture.addUsers({ u"alice"_s });
    VERIFY_OK(users);
    store.close();
    const auto closed = store.probeWrite();
    QVERIFY(!closed.ok());
    QCOMPARE(closed.error().message, u"the database is not open"_s);
}

QTEST_GUILESS_MAIN(tst_StoreAccounts)
#include "tst_storeaccounts.moc"
