// Sign-in under load and attack, with real sockets: password hashes run off the event
// loop (GET /info stays fast while 16 logins hash; a full hashing queue answers 429 with
// Retry-After; a client that hangs up mid-hash is not written to; socket auth hashes
// nothing), failed logins are throttled per account across addresses without locking
// anyone out for good, and common passwords are refused (weak_password).
#include <server/chatserver.h>
#include <server/metrics/servermetrics.h>
#include <server/services/accountbackoff.h>
#include <server/services/authservice.h>
#include <server/services/passwordpolicy.h>
#include <server/store/store.h>
#include <support/rawhttpexchange.h>
#include <support/resultcheck.h>
#include <support/serverfixture.h>
#include <support/storefixture.h>
#include <support/timeouts.h>
#include <support/wsclient.h>

#include <QJsonDocument>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

QByteArray credentialsJson(const QString &username, const QString &password)
{
    return QJsonDocument(QJsonObject { { u"username"_s, username }, { u"password"_s, password } })
        .toJson(QJsonDocument::Compact);
}

//! A hash several times OWASP's: long enough that 16 of them on two threads take most of
//! a second, so the event loop would visibly stall if it ran them.
server::PasswordHasher::Cost costlyHash()
{
    return { 3, 48 * 1024 * 1024 };
}

} // namespace

class TestSignIn : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { m_fixture.stop(); }

    void infoStaysFastWhileSignInsHash()
    {
        QVERIFY2(m_fixture.start([](server::ServerConfig &config) {
            config.auth.hashCost = costlyHash();
            config.auth.hashing = { .threads = 2, .maxQueued = 64 };
        }),
            qPrintable(m_fixture.error()));
        // Four accounts, four logins each: within what one account may have in flight.
        const QStringList users { u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s };
        QCOMPARE(m_fixture.signUp(users).size(), users.size());
        const auto &pool = m_fixture.chatServer().authService().hashPool();

        std::vector<std::unique_ptr<RawHttpExchange>> logins;
        for (int i = 0; i < 16; ++i) {
            logins.push_back(std::make_unique<RawHttpExchange>());
            logins.back()->start(m_fixture.url(), "POST", "/api/v1/login",
                credentialsJson(users.at(i % users.size()), defaultPassword()));
        }
        QTRY_VERIFY_WITH_TIMEOUT(pool.pending() >= 8, Timeout);

        // /info, one after another, while the logins hash: each sample counts only if
        // hashes were still pending when its answer came.
        QList<qint64> samples;
        while (pool.pending() > 0 && samples.size() < 50) {
            RawHttpExchange info;
            info.start(m_fixture.url(), "GET", "/api/v1/info");
            QTRY_VERIFY_WITH_TIMEOUT(info.isDone(), Timeout);
            QCOMPARE(info.status(), 200);
            if (pool.pending() > 0)
                samples.append(info.elapsedMs());
        }
        QVERIFY2(samples.size() >= 5, "the logins finished before /info could be measured");
        std::sort(samples.begin(), samples.end());
        const qint64 median = samples.at(samples.size() / 2);
        qInfo() << "GET /info while logins hash:" << samples.size() << "samples, p50" << median
                << "ms, max" << samples.constLast() << "ms";
        QVERIFY2(median < 20, qPrintable(u"p50 of /info was %1 ms"_s.arg(median)));

        for (const auto &login : logins) {
            QTRY_VERIFY_WITH_TIMEOUT(login->isDone(), Timeout);
            QCOMPARE(login->status(), 200);
            QCOMPARE(login->header("Cache-Control"), QByteArray("no-store"));
        }
    }

    void fullHashQueueAnswers429WithRetryAfter()
    {
        QVERIFY2(m_fixture.start([](server::ServerConfig &config) {
            config.auth.hashCost = costlyHash();
            config.auth.hashing = { .threads = 1, .maxQueued = 2 };
        }),
            qPrintable(m_fixture.error()));
        QVERIFY(!m_fixture.signUp({ u"alice"_s }).isEmpty());

        std::vector<std::unique_ptr<RawHttpExchange>> logins;
        for (int i = 0; i < 6; ++i) {
            logins.push_back(std::make_unique<RawHttpExchange>());
            logins.back()->start(m_fixture.url(), "POST", "/api/v1/login",
                credentialsJson(u"alice"_s, defaultPassword()));
        }
        int ok = 0;
        int refused = 0;
        for (const auto &login : logins) {
            QTRY_VERIFY_WITH_TIMEOUT(login->isDone(), Timeout);
            if (login->status() == 200) {
                ++ok;
                continue;
            }
            ++refused;
            QCOMPARE(login->status(), 429);
            QCOMPARE(login->errorCode(), u"rate_limited"_s);
            QVERIFY(login->header("Retry-After").toInt() >= 1);
            QVERIFY(login->body().contains("retry in"));
        }
        QCOMPARE(ok, 2);
        QCOMPARE(refused, 4);
    }

    void clientHangingUpWhileHashingIsNotWrittenTo()
    {
        QVERIFY2(m_fixture.start([](server::ServerConfig &config) {
            config.auth.hashCost = costlyHash();
            config.auth.hashing = { .threads = 1, .maxQueued = 64 };
        }),
            qPrintable(m_fixture.error()));
        QVERIFY(!m_fixture.signUp({ u"alice"_s }).isEmpty());
        const auto &pool = m_fixture.chatServer().authService().hashPool();
        const qint64 before = pool.completed();

        std::vector<std::unique_ptr<RawHttpExchange>> logins;
        for (int i = 0; i < 4; ++i) {
            logins.push_back(std::make_unique<RawHttpExchange>());
            logins.back()->start(m_fixture.url(), "POST", "/api/v1/login",
                credentialsJson(u"alice"_s, defaultPassword()));
        }
        QTRY_VERIFY_WITH_TIMEOUT(pool.pending() == 4, Timeout);
        for (const auto &login : logins)
            login->abort();
        // The server notices the hang-ups (and deletes those sockets) while hashing; the
        // answers then find no connection. ASan builds would catch a write into one.
        QTRY_COMPARE_WITH_TIMEOUT(pool.completed(), before + 4, Timeout);
        QVERIFY(m_fixture.isRunning());
        QCOMPARE(m_fixture.rest().get(u"/info"_s).status, 200);
        QCOMPARE(m_fixture.rest()
                     .post(u"/login"_s,
                         QJsonObject {
                             { u"username"_s, u"alice"_s }, { u"password"_s, defaultPassword() } })
                     .status,
            200);
    }

    void socketAuthenticationHashesNoPassword()
    {
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        const QList<Session> sessions = m_fixture.signUp({ u"alice"_s });
        QCOMPARE(sessions.size(), 1);
        const auto &pool = m_fixture.chatServer().authService().hashPool();
        const qint64 before = pool.completed();
        WsClient header;
        QVERIFY(header.connectAndAuthenticate(m_fixture.webSocketUrl(), sessions[0].token));
        WsClient frame;
        QVERIFY(frame.connectAndAuthenticate(
            m_fixture.webSocketUrl(), sessions[0].token, WsClient::TokenIn::FirstFrame));
        QCOMPARE(m_fixture.rest().get(u"/me"_s, sessions[0].token).status, 200);
        QCOMPARE(pool.completed(), before);
    }

    // 300 guesses at one account from 30 addresses, straight into the service (the address
    // is its parameter: nothing the client sends can pick it).
    void guessesAcrossAddressesAreThrottledPerAccount()
    {
        StoreFixture storage;
        VERIFY_OK(storage.open());
        server::ServerMetrics metrics;
        server::AuthService::Options options;
        options.attemptBurst = 10; // each address may guess 10 times at once...
        options.attemptsPerSecond = 100; // ...and the victim retries below without waiting
        options.hashing = { .threads = 2, .maxQueued = 1000 };
        options.backoff = { .freeFailures = 5,
            .base = std::chrono::milliseconds(300),
            .cap = std::chrono::milliseconds(1200) };
        server::AuthService auth(storage.store(), metrics, options);
        bool registered = false;
        auth.registerUser({ u"victim"_s, u"violet-kettle-42"_s }, { u"10.0.0.1"_s, {} },
            [&](const Result<User> &user) { registered = user.ok(); });
        QTRY_VERIFY_WITH_TIMEOUT(registered, Timeout);
        const qint64 hashesBefore = auth.hashPool().completed();

        int answered = 0;
        int wrong = 0;
        int throttled = 0;
        for (int guess = 0; guess < 300; ++guess) {
            const QString origin = u"192.0.2.%1"_s.arg(guess % 30);
            auth.login({ u"Victim"_s, u"guess-%1"_s.arg(guess) }, { origin, {} },
                [&](const Result<Session> &session) {
                    ++answered;
                    if (!session && session.error().code == ErrorCode::InvalidCredentials)
                        ++wrong;
                    else if (!session && session.error().code == ErrorCode::RateLimited) {
                        ++throttled;
                        QVERIFY(session.error().retryAfterSeconds >= 1);
                    }
                });
        }
        QTRY_COMPARE_WITH_TIMEOUT(answered, 300, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(auth.hashPool().pending(), 0, Timeout);
        // A burst gets no more checks than the free failures: the rest are refused unhashed.
        QCOMPARE(wrong, 5);
        QCOMPARE(throttled, 295);
        QCOMPARE(auth.hashPool().completed() - hashesBefore, 5);
        QCOMPARE(metrics.rateLimitedAccountSignIns.value(), quint64(295));
        QCOMPARE(metrics.signInsFailed.value(), quint64(5));

        // The victim is delayed, not locked out: once the wait is over, the password works.
        std::optional<Result<Session>> victim;
        const auto victimSignsIn = [&] {
            victim.reset();
            auth.login({ u"victim"_s, u"violet-kettle-42"_s }, { u"10.0.0.1"_s, {} },
                [&](const Result<Session> &session) { victim = session; });
            return QTest::qWaitFor([&] { return victim.has_value(); }, Timeout) && victim->ok();
        };
        QTRY_VERIFY_WITH_TIMEOUT(victimSignsIn(), Timeout);
        QCOMPARE(victim->value().user.username, u"victim"_s);
    }

    // The waits double from the base up to the cap, a success ends them, and the table
    // stays bounded however many names are tried (a clock of the test's own).
    void backoffDoublesUpToItsCapAndForgets()
    {
        using namespace std::chrono_literals;
        auto now = std::chrono::steady_clock::time_point() + 1h;
        server::AccountBackoff backoff(
            { .freeFailures = 2, .base = 1s, .cap = 4s, .maxEntries = 100 },
            [&now] { return now; });
        const auto fail = [&] {
            const auto begun = backoff.tryBegin(u"alice"_s);
            if (!begun.allowed)
                return std::chrono::milliseconds(-1);
            return backoff.finish(u"ALICE"_s, false).retryAfter;
        };
        QCOMPARE(fail(), 0ms);
        QCOMPARE(fail(), 1000ms); // the second failure starts the first wait
        QVERIFY(!backoff.tryBegin(u"Alice"_s).allowed);
        QCOMPARE(backoff.tryBegin(u"alice"_s).retryAfter, 1000ms);
        now += 1s;
        QCOMPARE(fail(), 2000ms);
        now += 2s;
        QCOMPARE(fail(), 4000ms);
        now += 4s;
        QCOMPARE(fail(), 4000ms); // capped
        now += 4s;
        QVERIFY(backoff.tryBegin(u"alice"_s).allowed);
        (void)backoff.finish(u"alice"_s, true);
        QCOMPARE(fail(), 0ms); // the success forgot them

        for (int i = 0; i < 1000; ++i) {
            if (backoff.tryBegin(u"user%1"_s.arg(i)).allowed)
                (void)backoff.finish(u"user%1"_s.arg(i), false);
        }
        QVERIFY(backoff.size() <= 100);
    }

    void accountBackoffOverHttp()
    {
        QVERIFY2(m_fixture.start([](server::ServerConfig &config) {
            config.auth.backoff = {
                .freeFailures = 2, .base = std::chrono::seconds(1), .cap = std::chrono::seconds(2)
            };
        }),
            qPrintable(m_fixture.error()));
        QVERIFY(!m_fixture.signUp({ u"alice"_s }).isEmpty());
        const QJsonObject wrong { { u"username"_s, u"alice"_s }, { u"password"_s, u"not it!"_s } };
        const QJsonObject right { { u"username"_s, u"alice"_s },
            { u"password"_s, defaultPassword() } };
        QCOMPARE(m_fixture.rest().post(u"/login"_s, wrong).status, 401);
        QCOMPARE(m_fixture.rest().post(u"/login"_s, wrong).status, 401);
        // Two failures: now even the right password waits.
        const HttpReply waiting = m_fixture.rest().post(u"/login"_s, right);
        QCOMPARE(waiting.status, 429);
        QCOMPARE(waiting.errorCode(), u"rate_limited"_s);
        QCOMPARE(waiting.header("Retry-After"), QByteArray("1"));
        QVERIFY(waiting.body.contains("failed sign-ins for this account"));
        QTRY_COMPARE_WITH_TIMEOUT(m_fixture.rest().post(u"/login"_s, right).status, 200, Timeout);
        // The success forgot the failures: a wrong password is checked again at once.
        QCOMPARE(m_fixture.rest().post(u"/login"_s, wrong).status, 401);
    }

    void commonPasswordsAreRefused_data()
    {
        QTest::addColumn<QString>("password");
        QTest::addRow("password") << u"password"_s;
        QTest::addRow("123456789") << u"123456789"_s;
        QTest::addRow("qwertyuiop") << u"qwertyuiop"_s;
        QTest::addRow("the username in it") << u"carol-2024"_s;
    }

    void commonPasswordsAreRefused()
    {
        QFETCH(QString, password);
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        const HttpReply reply = m_fixture.rest().post(u"/register"_s,
            QJsonObject { { u"username"_s, u"carol"_s }, { u"password"_s, password } });
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), u"weak_password"_s);
        QCOMPARE(
            reply.json.value(u"error"_s).toObject().value(u"field"_s).toString(), u"password"_s);
        QCOMPARE(m_fixture.rest()
                     .post(u"/login"_s,
                         QJsonObject { { u"username"_s, u"carol"_s }, { u"password"_s, password } })
                     .status,
            401);
    }

    void longPassphrasesAreAccepted()
    {
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        const QString passphrase
            = u"a quiet orange lighthouse keeps counting the boats of the northern bay "_s
                  .repeated(3)
                  .left(200);
        QCOMPARE(
            m_fixture.rest()
                .post(u"/register"_s,
                    QJsonObject { { u"username"_s, u"carol"_s }, { u"password"_s, passphrase } })
                .status,
            201);
        QCOMPARE(
            m_fixture.rest()
                .post(u"/login"_s,
                    QJsonObject { { u"username"_s, u"carol"_s }, { u"password"_s, passphrase } })
                .status,
            200);
        // And the policy on its own, as `chatd user` uses it.
        QVERIFY(!server::PasswordPolicy::check(u"dave"_s, u"correct horse battery staple"_s));
        QCOMPARE(server::PasswordPolicy::check(u"dave"_s, u"qwertyuiop"_s)->code,
            ErrorCode::WeakPassword);
    }

private:
    ServerFixture m_fixture;
};

QTEST_GUILESS_MAIN(TestSignIn)
#include "tst_signin.moc"
