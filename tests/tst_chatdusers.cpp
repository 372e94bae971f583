// `chatd user create|disable|enable|reset-password` through the real binary, run as a
// second process on the database of a chatd that serves meanwhile (WAL and the busy
// timeout make that safe): what each command prints and changes, and what the serving
// chatd then does with logins, tokens and open WebSockets.
#include <shared/protocol.h>
#include <support/chatdprocess.h>
#include <support/restclient.h>
#include <support/timeouts.h>
#include <support/wsclient.h>

#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class TestChatdUsers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void createdUserSignsIn();
    void createRefusals_data();
    void createRefusals();
    void disableEndsSessionsAndSockets();
    void enableAllowsLoginsAgain();
    void resetPasswordEndsSessions();
    void unknownUser_data();
    void unknownUser();

private:
    //! Starts chatd on m_database, with a heartbeat of 1 s so that a socket notices a
    //! session ended elsewhere soon (the check itself waits on the close, not on time).
    ChatdProcess *startDaemon();
    //! Runs `chatd user <arguments> --db <database>` with `input` on stdin, to its end.
    ChatdProcess *user(const QStringList &arguments, const std::optional<QByteArray> &input = {});
    //! Checks the command succeeded and printed `line` (and nothing on stderr).
    static void verifyDone(ChatdProcess &command, const QString &line);
    //! Checks the command failed with exit code 1 and `message` as its only stderr line.
    static void verifyFailed(ChatdProcess &command, const QString &message);
    static HttpReply login(RestClient &rest, const QString &username, const QString &password);

    std::unique_ptr<ChatdRunner> m_runner;
    QString m_database;
};

void TestChatdUsers::init()
{
    m_runner = std::make_unique<ChatdRunner>(QStringLiteral(CHATD_PATH));
    QVERIFY(m_runner->isValid());
    m_database = m_runner->path(u"chat.sqlite3"_s);
}

void TestChatdUsers::cleanup()
{
    m_runner.reset();
}

ChatdProcess *TestChatdUsers::startDaemon()
{
    QFile config(m_runner->path(u"chatd.conf"_s));
    if (!config.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(config.fileName()));
    config.write("[websocket]\nheartbeat-interval = 1\nidle-timeout = 30\n");
    config.close();
    return m_runner->startServer(
        m_database, { u"--config"_s, config.fileName(), u"--login-burst"_s, u"100"_s });
}

ChatdProcess *TestChatdUsers::user(
    const QStringList &arguments, const std::optional<QByteArray> &input)
{
    return m_runner->runToExit(
        QStringList { u"user"_s } + arguments + QStringList { u"--db"_s, m_database }, input);
}

void TestChatdUsers::verifyDone(ChatdProcess &command, const QString &line)
{
    QCOMPARE(command.exitStatus(), QProcess::NormalExit);
    QVERIFY2(command.exitCode() == 0, qPrintable(command.transcript()));
    QCOMPARE(command.standardOutput(), line + u'\n');
    QCOMPARE(command.standardError(), QString());
}

void TestChatdUsers::verifyFailed(ChatdProcess &command, const QString &message)
{
    QCOMPARE(command.exitStatus(), QProcess::NormalExit);
    QVERIFY2(command.exitCode() == 1, qPrintable(command.transcript()));
    QCOMPARE(command.standardError(), u"chatd: "_s + message + u'\n');
    QCOMPARE(command.standardOutput(), QString());
}

HttpReply TestChatdUsers::login(RestClient &rest, const QString &username, const QString &password)
{
    return rest.post(
        u"/login"_s, QJsonObject { { u"username"_s, username }, { u"password"_s, password } });
}

void TestChatdUsers::createdUserSignsIn()
{
    ChatdProcess *daemon = startDaemon();
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    RestClient rest(daemon->url());
    QVERIFY(!rest.signUp(u"alice"_s).token.isEmpty());

    // While chatd serves; the password comes on stdin, never as an argument.
    ChatdProcess *create = user({ u"create"_s, u"carol"_s, u"--password-stdin"_s },
        QByteArray("the lighthouse key\nignored second line\n"));
    verifyDone(*create, u"created user 'carol' (id 2)"_s);

    const HttpReply signedIn = login(rest, u"carol"_s, u"the lighthouse key"_s);
    QCOMPARE(signedIn.status, 200);
    QCOMPARE(signedIn.json.value(u"user"_s).toObject().value(u"id"_s).toInteger(), 2);
    // She is a user like any other: someone new opens a conversation with her.
    QVERIFY(rest.openConversation(rest.signUp(u"bob"_s).token, u"carol"_s) > 0);
    QCOMPARE(login(rest, u"carol"_s, u"ignored second line"_s).status, 401);

    // From a pipe, --password-stdin is not needed; a Windows line end is not the password's.
    ChatdProcess *piped = user({ u"create"_s, u"dave"_s }, QByteArray("the harbour key\r\n"));
    verifyDone(*piped, u"created user 'dave' (id 4)"_s);
    QCOMPARE(login(rest, u"dave"_s, u"the harbour key"_s).status, 200);

    QVERIFY(daemon->sendSignal(SIGTERM));
    QVERIFY(daemon->waitForExit(Timeout));
    QCOMPARE(daemon->exitCode(), 0);
}

void TestChatdUsers::createRefusals_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("message");

    QTest::newRow("taken, in another case")
        << u"ALICE"_s << QByteArray("a good password\n") << u"the username 'ALICE' is taken"_s;
    QTest::newRow("not a username")
        << u"xy"_s << QByteArray("a good password\n") << u"a username has 3 to 32 characters"_s;
    QTest::newRow("a bad character") << u"bob!"_s << QByteArray("a good password\n")
                                     << u"a username may contain only letters A-Z, digits, '.', "
                                        u"'_' and '-'"_s;
    QTest::newRow("short password")
        << u"bob"_s << QByteArray("short\n") << u"a password has 8 to 256 characters"_s;
    QTest::newRow("no password") << u"bob"_s << QByteArray() << u"no password on standard input"_s;
    QTest::newRow("a common password")
        << u"bob"_s << QByteArray("qwertyuiop\n")
        << u"this password is too common or too easy to guess (The password fails the "
           u"dictionary check - it is based on a dictionary word); choose a longer or less "
           u"predictable one, e.g. a few unrelated words"_s;
}

void TestChatdUsers::createRefusals()
{
    QFETCH(QString, username);
    QFETCH(QByteArray, input);
    QFETCH(QString, message);
    ChatdProcess *daemon = startDaemon();
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    RestClient rest(daemon->url());
    QVERIFY(!rest.signUp(u"alice"_s).token.isEmpty());

    verifyFailed(*user({ u"create"_s, username, u"--password-stdin"_s }, input), message);
    // Nobody was created: the next id is still 2.
    const Session bob = rest.signUp(u"bobby"_s);
    QCOMPARE(bob.user.id, 2);
}

void TestChatdUsers::disableEndsSessionsAndSockets()
{
    ChatdProcess *daemon = startDaemon();
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    RestClient rest(daemon->url());
    const Pair pair = rest.signUpPair();
    QVERIFY(pair.conversationId > 0);
    WsClient alice;
    WsClient bob;
    QVERIFY(alice.connectAndAuthenticate(daemon->webSocketUrl(), pair.alice.token));
    QVERIFY(bob.connectAndAuthenticate(daemon->webSocketUrl(), pair.bob.token));

    // Done in another process: the serving chatd learns it from the database.
    verifyDone(*user({ u"disable"_s, u"bob"_s }), u"disabled 'bob'; ended 1 session"_s);

    // His open socket is closed as a revoked session's, at its next heartbeat...
    QVERIFY2(bob.waitForDisconnected(Timeout), qPrintable(daemon->transcript()));
    QCOMPARE(bob.closeCode(), protocol::closecodes::SessionRevoked);
    // ...his token no longer works...
    QCOMPARE(rest.get(u"/me"_s, pair.bob.token).status, 401);
    // ...and he cannot sign in. Only the right password learns why.
    const HttpReply refused = login(rest, u"bob"_s, defaultPassword());
    QCOMPARE(refused.status, 403);
    QCOMPARE(refused.errorCode(), u"forbidden"_s);
    QCOMPARE(refused.json.value(u"error"_s).toObject().value(u"message"_s).toString(),
        u"this account is disabled"_s);
    QCOMPARE(login(rest, u"bob"_s, u"not his password"_s).errorCode(), u"invalid_credentials"_s);

    // Alice is untouched: her socket is open and her token works.
    QCOMPARE(rest.get(u"/me"_s, pair.alice.token).status, 200);
    QVERIFY(alice.roundTrip(Timeout));
    QVERIFY(alice.isConnected());
    // Saying it twice changes nothing.
    verifyDone(*user({ u"disable"_s, u"bob"_s }), u"'bob' was disabled already"_s);

    QVERIFY(daemon->sendSignal(SIGTERM));
    QVERIFY(daemon->waitForExit(Timeout));
    QCOMPARE(daemon->exitCode(), 0);
}

void TestChatdUsers::enableAllowsLoginsAgain()
{
    ChatdProcess *daemon = startDaemon();
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    RestClient rest(daemon->url());
    QVERIFY(!rest.signUp(u"bob"_s).token.isEmpty());
    verifyDone(*user({ u"disable"_s, u"Bob"_s }), u"disabled 'bob'; ended 1 session"_s);
    QCOMPARE(login(rest, u"bob"_s, defaultPassword()).status, 403);

    verifyDone(*user({ u"enable"_s, u"bob"_s }), u"enabled 'bob'"_s);
    const HttpReply signedIn = login(rest, u"bob"_s, defaultPassword());
    QCOMPARE(signedIn.status, 200);
    QCOMPARE(rest.get(u"/me"_s, signedIn.json.value(u"token"_s).toString()).status, 200);
    verifyDone(*user({ u"enable"_s, u"bob"_s }), u"'bob' was not disabled"_s);

    QVERIFY(daemon->sendSignal(SIGTERM));
    QVERIFY(daemon->waitForExit(Timeout));
}

void TestChatdUsers::resetPasswordEndsSessions()
{
    ChatdProcess *daemon = startDaemon();
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    RestClient rest(daemon->url());
    const Session bob = rest.signUp(u"bob"_s);
    QVERIFY(!bob.token.isEmpty());
    QCOMPARE(login(rest, u"bob"_s, defaultPassword()).status, 200); // a second session
    WsClient socket;
    QVERIFY(socket.connectAndAuthenticate(daemon->webSocketUrl(), bob.token));

    ChatdProcess *reset
        = user({ u"reset-password"_s, u"bob"_s }, QByteArray("a brand new password\n"));
    verifyDone(*reset, u"set a new password for 'bob'; ended 2 sessions"_s);

    // Whoever had the old password or a session is out.
    QVERIFY2(socket.waitForDisconnected(Timeout), qPrintable(daemon->transcript()));
    QCOMPARE(socket.closeCode(), protocol::closecodes::SessionRevoked);
    QCOMPARE(rest.get(u"/me"_s, bob.token).status, 401);
    QCOMPARE(login(rest, u"bob"_s, defaultPassword()).status, 401);
    QCOMPARE(login(rest, u"bob"_s, u"a brand new password"_s).status, 200);

    // A password that registration would refuse is refused here too, and nothing changes.
    verifyFailed(
        *user({ u"reset-password"_s, u"bob"_s, u"--password-stdin"_s }, QByteArray("tiny\n")),
        u"a password has 8 to 256 characters"_s);
    QCOMPARE(login(rest, u"bob"_s, u"a brand new password"_s).status, 200);

    QVERIFY(daemon->sendSignal(SIGTERM));
    QVERIFY(daemon->waitForExit(Timeout));
}

void TestChatdUsers::unknownUser_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("input");

    QTest::newRow("disable") << QStringList { u"disable"_s, u"nobody"_s } << QByteArray();
    QTest::newRow("enable") << QStringList { u"enable"_s, u"nobody"_s } << QByteArray();
    QTest::newRow("reset-password")
        << QStringList { u"reset-password"_s, u"nobody"_s } << QByteArray("a good password\n");
}

void TestChatdUsers::unknownUser()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, input);

    // No database yet: the command says so and makes none (a mistyped --db stays empty).
    verifyFailed(*user(arguments, input),
        u"no database at '%1' (chatd creates it when it first starts)"_s.arg(m_database));
    QVERIFY(!QFileInfo::exists(m_database));
    verifyFailed(*user({ u"create"_s, u"carol"_s }, QByteArray("a good password\n")),
        u"no database at '%1' (chatd creates it when it first starts)"_s.arg(m_database));
    QVERIFY(!QFileInfo::exists(m_database));

    // With one, and chatd stopped: the commands need no running daemon.
    ChatdProcess *daemon = startDaemon();
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    QVERIFY(daemon->sendSignal(SIGTERM));
    QVERIFY(daemon->waitForExit(Timeout));
    verifyFailed(*user(arguments, input), u"no user named 'nobody'"_s);
}

QTEST_GUILESS_MAIN(TestChatdUsers)
#include "tst_chatdusers.moc"
