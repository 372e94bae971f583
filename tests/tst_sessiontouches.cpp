// The uses of sessions (last_used_at) are kept in memory and written together
// (SessionTouches, through AuthService): a burst of sign-ins makes one transaction, a use
// not yet written still keeps its session from going idle (and from the purge at login),
// a session ended before the write stays ended, and a failed write keeps the uses for
// the next one. Straight into the service, over a Store of the test's own.
#include <server/metrics/servermetrics.h>
#include <server/services/authservice.h>
#include <server/store/store.h>
#include <support/resultcheck.h>
#include <support/storefixture.h>
#include <support/timeouts.h>

#include <QDateTime>
#include <QRegularExpression>
#include <QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using server::AuthService;

class tst_SessionTouches : public StoreTest
{
    Q_OBJECT

private Q_SLOTS:
    void burstOfUsesIsOneWrite();
    void pendingUseKeepsSessionAlive();
    void endedSessionIsNotRevivedByAWrite();
    void failedWriteKeepsTheUses();

private:
    //! An AuthService over the fixture's store.
    std::unique_ptr<AuthService> makeAuth(const AuthService::Options &options = {});
    //! `count` sessions of alice, each last used five minutes ago (m_aged), so each is due
    //! a touch; their tokens, none on failure.
    QStringList addAgedSessions(int count);
    //! Options under which uses are written only when the test flushes.
    static AuthService::Options writtenOnFlush();
    //! Sets every session's last_used_at to `when` (ms since the epoch), behind the store,
    //! through a new m_inspector (which the test then uses to look).
    bool setLastUse(qint64 when);
    //! The stored last_used_at of the session of `token` (ms), or -1 when it is gone.
    qint64 storedLastUse(const QString &token);
    //! Changes with each commit, as another connection sees it: SQLite's data_version, or
    //! the next transaction id PostgreSQL will assign (a write takes one, a read none).
    qint64 dataVersion();

    server::ServerMetrics m_metrics;
    qint64 m_aged = 0;
    std::unique_ptr<Inspector> m_inspector;
};

std::unique_ptr<AuthService> tst_SessionTouches::makeAuth(const AuthService::Options &options)
{
    return std::make_unique<AuthService>(m_fixture.store(), m_metrics, options);
}

QStringList tst_SessionTouches::addAgedSessions(int count)
{
    const auto user = m_fixture.addUser(u"alice"_s);
    if (!user)
        return {};
    QStringList tokens;
    for (int i = 0; i < count; ++i) {
        const QString token = u"alice-token-%1"_s.arg(i);
        if (!m_fixture.store().createSession(
                tokenHash(token), user->id, QDateTime::currentDateTimeUtc().addDays(1)))
            return {};
        tokens << token;
    }
    m_aged = QDateTime::currentMSecsSinceEpoch() - 5 * 60 * 1000;
    if (!setLastUse(m_aged))
        return {};
    return tokens;
}

AuthService::Options tst_SessionTouches::writtenOnFlush()
{
    AuthService::Options options;
    options.touchFlushInterval = std::chrono::hours(1);
    return options;
}

bool tst_SessionTouches::setLastUse(qint64 when)
{
    // A connection of its own to this test's file (each test has a new one).
    m_inspector = std::make_unique<Inspector>(m_fixture);
    return m_inspector->exec(u"UPDATE sessions SET last_used_at = %1"_s.arg(when));
}

qint64 tst_SessionTouches::storedLastUse(const QString &token)
{
    const auto record = m_fixture.store().session(tokenHash(token));
    if (!record || !record.value())
        return -1;
    return record.value()->lastUsedAt.toMSecsSinceEpoch();
}

qint64 tst_SessionTouches::dataVersion()
{
    if (m_fixture.engine() == server::StoreEngine::PostgreSQL)
        return m_inspector->scalar(
                              u"SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint"_s)
            .toLongLong();
    return m_inspector->scalar(u"PRAGMA data_version"_s).toLongLong();
}

void tst_SessionTouches::burstOfUsesIsOneWrite()
{
    const QStringList tokens = addAgedSessions(20);
    QCOMPARE(tokens.size(), 20);
    AuthService::Options options;
    options.touchFlushInterval = std::chrono::milliseconds(50);
    auto auth = makeAuth(options);
    const qint64 versionBefore = dataVersion();
    const qint64 usedFrom = QDateTime::currentMSecsSinceEpoch();

    // Each socket of a storm authenticates, some twice: nothing is written yet.
    for (const QString &token : tokens) {
        VERIFY_OK(auth->authenticate(token));
        VERIFY_OK(auth->authenticate(token));
    }
    QCOMPARE(auth->sessionTouches().pending(), tokens.size());
    QCOMPARE(auth->sessionTouches().writes(), 0);
    QCOMPARE(dataVersion(), versionBefore);
    for (const QString &token : tokens)
        QCOMPARE(storedLastUse(token), m_aged);

    // The timer writes them all, in one transaction.
    QTRY_COMPARE_WITH_TIMEOUT(auth->sessionTouches().pending(), 0, Timeout);
    QCOMPARE(auth->sessionTouches().writes(), 1);
    QVERIFY(dataVersion() != versionBefore);
    for (const QString &token : tokens)
        QVERIFY(storedLastUse(token) >= usedFrom);

    // Used again within the touch interval: nothing more to write.
    const qint64 versionAfter = dataVersion();
    for (const QString &token : tokens)
        VERIFY_OK(auth->authenticate(token));
    QCOMPARE(auth->sessionTouches().pending(), 0);
    QCOMPARE(dataVersion(), versionAfter);
}

void tst_SessionTouches::pendingUseKeepsSessionAlive()
{
    // Two sessions from logins (the second login's purge of idle sessions is under test).
    AuthService::Options options = writtenOnFlush();
    options.sessionIdleTimeout = std::chrono::seconds(60);
    options.hashing = { .threads = 1, .maxQueued = 10 };
    auto auth = makeAuth(options);
    std::optional<Result<User>> registered;
    auth->registerUser({ u"alice"_s, u"violet-kettle-42"_s }, { u"127.0.0.1"_s, {} },
        [&](const Result<User> &user) { registered = user; });
    QTRY_VERIFY_WITH_TIMEOUT(registered.has_value(), Timeout);
    VERIFY_OK(*registered);
    const auto login = [&]() -> QString {
        std::optional<Result<Session>> session;
        auth->login({ u"alice"_s, u"violet-kettle-42"_s }, { u"127.0.0.1"_s, {} },
            [&](const Result<Session> &result) { session = result; });
        if (!QTest::qWaitFor([&] { return session.has_value(); }, Timeout) || !*session)
            return {};
        return session->value().token;
    };
    const QString used = login();
    const QString unused = login();
    QVERIFY(!used.isEmpty() && !unused.isEmpty());

    // Both were last used just under the idle timeout ago; one is used now.
    const qint64 stored = QDateTime::currentMSecsSinceEpoch() - 59'500;
    QVERIFY(setLastUse(stored));
    const auto principal = auth->authenticate(used);
    VERIFY_OK(principal);
    QCOMPARE(auth->sessionTouches().pending(), 1);

    // Past the idle timeout of what is stored: the unused session is over, the used one
    // lives on its use in memory (nothing was written).
    QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentMSecsSinceEpoch() > stored + 60'000, Timeout);
    const auto expired = auth->authenticate(unused);
    QVERIFY(!expired);
    QCOMPARE(expired.error().code, ErrorCode::TokenExpired);
    VERIFY_OK(auth->authenticate(used));
    const auto state = auth->sessionState(principal.value());
    VERIFY_OK(state);
    QCOMPARE(state.value(), AuthService::SessionState::Active);
    QCOMPARE(storedLastUse(used), stored);

    // A login purges the user's idle sessions by what is stored: the use is written first.
    QVERIFY(!login().isEmpty());
    QCOMPARE(storedLastUse(unused), -1);
    QVERIFY(storedLastUse(used) > stored);
    QCOMPARE(auth->sessionTouches().pending(), 0);
    VERIFY_OK(auth->authenticate(used));
}

void tst_SessionTouches::endedSessionIsNotRevivedByAWrite()
{
    const QStringList tokens = addAgedSessions(3);
    QCOMPARE(tokens.size(), 3);
    auto auth = makeAuth(writtenOnFlush());
    QList<server::Principal> principals;
    for (const QString &token : tokens) {
        const auto principal = auth->authenticate(token);
        VERIFY_OK(principal);
        principals << principal.value();
    }
    QCOMPARE(auth->sessionTouches().pending(), 3);

    // One logs out; another is ended behind the service's back (as `chatd user disable`
    // does from another process), its use still pending.
    VERIFY_OK(auth->logout(principals[0]));
    QVERIFY(
        m_inspector->exec(u"DELETE FROM sessions WHERE id = %1"_s.arg(principals[1].sessionId)));
    QCOMPARE(auth->sessionTouches().pending(), 2);

    VERIFY_OK(auth->sessionTouches().flush());
    QCOMPARE(auth->sessionTouches().writes(), 1);
    QCOMPARE(m_inspector->scalar(u"SELECT COUNT(*) FROM sessions"_s).toInt(), 1);
    QCOMPARE(storedLastUse(tokens[0]), -1);
    QCOMPARE(storedLastUse(tokens[1]), -1);
    QVERIFY(storedLastUse(tokens[2]) > m_aged);
    for (int ended = 0; ended < 2; ++ended) {
        const auto refused = auth->authenticate(tokens[ended]);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Unauthenticated);
    }
}

void tst_SessionTouches::failedWriteKeepsTheUses()
{
    const QStringList tokens = addAgedSessions(2);
    QCOMPARE(tokens.size(), 2);
    auto auth = makeAuth(writtenOnFlush());
    for (const QString &token : tokens)
        VERIFY_OK(auth->authenticate(token));

    // The database goes away: the write fails, and the uses wait for the next one.
    m_fixture.store().close();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"could not record the use of 2 "_s));
    QVERIFY(!auth->sessionTouches().flush());
    QCOMPARE(auth->sessionTouches().pending(), 2);
    QCOMPARE(auth->sessionTouches().writes(), 0);

    VERIFY_OK(m_fixture.openOnSameDatabase(m_fixture.store()));
    VERIFY_OK(auth->sessionTouches().flush());
    QCOMPARE(auth->sessionTouches().pending(), 0);
    for (const QString &token : tokens)
        QVERIFY(storedLastUse(token) > m_aged);
}

QTEST_GUILESS_MAIN(tst_SessionTouches)
#include "tst_sessiontouches.moc"
