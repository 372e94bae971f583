// The chatd binary as an operator runs it: command line, startup failures, the log lines
// it prints, and a clean stop on SIGTERM/SIGINT. Every daemon is a real child process on
// a free port (read back from its "listening on" log line) with a temporary database.
#include <server/daemon/daemonoptions.h>
#include <shared/jsoncodec.h>
#include <shared/protocol.h>
#include <support/chatdprocess.h>
#include <support/restclient.h>
#include <support/throwawaypostgres.h>
#include <support/timeouts.h>
#include <support/wsclient.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocketProtocol>

#include <csignal>
#include <memory>
#include <sys/types.h>
#include <vector>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {
using Daemon = ChatdProcess;
} // namespace

class TestChatd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void printsHelp();
    void printsVersion();
    void rejectsBadArguments_data();
    void rejectsBadArguments();
    void servesInfoOnTheLoggedPort();
    void signInLimitFollowsTheCommandLine();
    void groupLimitFollowsTheCommandLine();
    void editWindowFollowsTheCommandLine_data();
    void editWindowFollowsTheCommandLine();
    void createsTheDatabaseDirectory();
    void keepsMessagesAndSessionsAcrossRestart_data();
    void keepsMessagesAndSessionsAcrossRestart();
    void sigtermClosesWebSocketsWithGoingAway();
    void unresponsivePeerDoesNotBlockShutdown();
    void repeatedSignalsStopOnce();
    void stopsCleanlyOnSignal_data();
    void stopsCleanlyOnSignal();
    void refusesTakenPort();
    void refusesUnusableDatabase_data();
    void refusesUnusableDatabase();

private:
    //! Starts chatd with `arguments`; it stays owned by the test and dies in cleanup().
    Daemon *start(const QStringList &arguments) { return m_runner->start(arguments); }
    //! Starts chatd on 127.0.0.1, a free port and `databasePath` (a fresh one by default).
    Daemon *startServer(const QString &databasePath = {})
    {
        return m_runner->startServer(databasePath);
    }
    //! startServer(), waits until it listens, and signs `username` up over REST: the
    //! daemon and the session, or a null daemon when that failed (the test has failed).
    std::pair<Daemon *, Session> startWithUser(const QString &username);
    //! Sends `signalNumber` and checks chatd ends with exit code 0 and logs "stopped".
    void verifyCleanStop(Daemon &daemon, int signalNumber);
    //! Checks chatd refused to start: exit code 1, nothing listening, and a last error
    //! line that starts with `start` and contains `detail`.
    void verifyRefusal(Daemon &daemon, const QString &start, const QString &detail);
    //! Runs chatd with `arguments` to its end; for commands that exit by themselves.
    Daemon *runToExit(const QStringList &arguments) { return m_runner->runToExit(arguments); }
    QString path(const QString &name) const { return m_runner->path(name); }

    std::unique_ptr<ChatdRunner> m_runner;
};

void TestChatd::init()
{
    m_runner = std::make_unique<ChatdRunner>(QStringLiteral(CHATD_PATH));
    QVERIFY(m_runner->isValid());
}

void TestChatd::cleanup()
{
    m_runner.reset();
}

std::pair<Daemon *, Session> TestChatd::startWithUser(const QString &username)
{
    Daemon *daemon = startServer();
    Session session;
    [&] {
        QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
        session = RestClient(daemon->url()).signUp(username);
        QVERIFY2(!session.token.isEmpty(), qPrintable(daemon->transcript()));
    }();
    return { QTest::currentTestFailed() ? nullptr : daemon, session };
}

void TestChatd::verifyCleanStop(Daemon &daemon, int signalNumber)
{
    QVERIFY2(daemon.sendSignal(signalNumber), qPrintable(daemon.transcript()));
    QVERIFY2(daemon.waitForExit(Timeout), qPrintable(daemon.transcript()));
    QVERIFY2(daemon.exitStatus() == QProcess::NormalExit, qPrintable(daemon.transcript()));
    QVERIFY2(daemon.exitCode() == 0, qPrintable(daemon.transcript()));
    QVERIFY2(hasLogLine(daemon.errorLines(), u"stopped"_s), qPrintable(daemon.transcript()));
}

void TestChatd::verifyRefusal(Daemon &daemon, const QString &start, const QString &detail)
{
    QVERIFY2(daemon.waitForExit(Timeout), qPrintable(daemon.transcript()));
    QCOMPARE(daemon.exitStatus(), QProcess::NormalExit);
    QCOMPARE(daemon.exitCode(), 1);
    const QStringList lines = daemon.errorLines();
    QVERIFY(!lines.isEmpty());
    const QString last = lines.constLast();
    QVERIFY2(last.startsWith(start), qPrintable(last));
    QVERIFY2(last.contains(detail), qPrintable(last));
    QVERIFY2(
        !daemon.standardError().contains(u"listening on"_s), qPrintable(daemon.standardError()));
}

void TestChatd::printsHelp()
{
    Daemon *daemon = runToExit({ u"--help"_s });
    QVERIFY2(!daemon->isRunning(), qPrintable(daemon->transcript()));
    QCOMPARE(daemon->exitStatus(), QProcess::NormalExit);
    QCOMPARE(daemon->exitCode(), 0);
    const QString usage = daemon->standardOutput();
    QVERIFY2(usage.contains(u"Usage:"_s), qPrintable(usage));
    QVERIFY2(usage.contains(u"--listen <address>"_s), qPrintable(usage));
    QVERIFY2(usage.contains(u"--port <port>"_s), qPrintable(usage));
    QVERIFY2(usage.contains(u"--db <file|url>"_s), qPrintable(usage));
    QVERIFY2(usage.contains(u"--login-burst <count>"_s), qPrintable(usage));
    QVERIFY2(usage.contains(u"--login-rate <per-second>"_s), qPrintable(usage));
    QVERIFY2(usage.contains(u"--max-group-members <count>"_s), qPrintable(usage));
    QVERIFY2(usage.contains(u"--edit-window <seconds>"_s), qPrintable(usage));
    QVERIFY2(daemon->standardError().isEmpty(), qPrintable(daemon->standardError()));
}

void TestChatd::printsVersion()
{
    Daemon *daemon = runToExit({ u"--version"_s });
    QVERIFY2(!daemon->isRunning(), qPrintable(daemon->transcript()));
    QCOMPARE(daemon->exitStatus(), QProcess::NormalExit);
    QCOMPARE(daemon->exitCode(), 0);
    static const QRegularExpression version(u"\\Achatd \\d+\\.\\d+\\.\\d+\\n\\z"_s);
    QVERIFY2(
        version.match(daemon->standardOutput()).hasMatch(), qPrintable(daemon->standardOutput()));
    QVERIFY2(daemon->standardError().isEmpty(), qPrintable(daemon->standardError()));
}

void TestChatd::rejectsBadArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("reason");

    QTest::newRow("port too large")
        << QStringList { u"--port"_s, u"99999"_s } << u"'99999' is not a port number (0-65535)"_s;
    QTest::newRow("port not a number")
        << QStringList { u"--port"_s, u"abc"_s } << u"'abc' is not a port number (0-65535)"_s;
    QTest::newRow("port negative")
        << QStringList { u"--port"_s, u"-1"_s } << u"'-1' is not a port number (0-65535)"_s;
    QTest::newRow("unknown option")
        << QStringList { u"--frobnicate"_s } << u"Unknown option 'frobnicate'"_s;
    QTest::newRow("option without value")
        << QStringList { u"--port"_s } << u"Missing value after '--port'"_s;
    QTest::newRow("listen not an address") << QStringList { u"--listen"_s, u"notanaddress"_s }
                                           << u"'notanaddress' is not an IP address"_s;
    QTest::newRow("unknown command")
        << QStringList { u"extra"_s } << u"unknown command 'extra' (commands: backup, user)"_s;
    QTest::newRow("empty database name")
        << QStringList { u"--db="_s } << u"--db: a file name or a postgresql:// URL is needed"_s;
    QTest::newRow("login burst not a number") << QStringList { u"--login-burst"_s, u"many"_s }
                                              << u"--login-burst: 'many' is not a number"_s;
    QTest::newRow("login burst below one")
        << QStringList { u"--login-burst"_s, u"0.5"_s } << u"'0.5' is not a number of at least 1"_s;
    QTest::newRow("member limit one") << QStringList { u"--max-group-members"_s, u"1"_s }
                                      << u"--max-group-members: '1' is not a whole number"_s;
    QTest::newRow("member limit not a number")
        << QStringList { u"--max-group-members"_s, u"lots"_s } << u"'lots' is not a whole number"_s;
    QTest::newRow("edit window negative") << QStringList { u"--edit-window"_s,
        u"-1"_s } << u"--edit-window: '-1' is not a whole number of seconds (0 or more)"_s;
    QTest::newRow("edit window a fraction")
        << QStringList { u"--edit-window"_s, u"1.5"_s } << u"--edit-window: '1.5' is not a whole"_s;
    QTest::newRow("edit window not a number")
        << QStringList { u"--edit-window"_s, u"5m"_s } << u"--edit-window: '5m' is not a whole"_s;
    QTest::newRow("login rate zero") << QStringList { u"--login-rate"_s, u"0"_s }
                                     << u"--login-rate: '0' is not a number above 0"_s;
    QTest::newRow("login rate infinite") << QStringList { u"--login-rate"_s, u"inf"_s }
                                         << u"--login-rate: 'inf' is not a number above 0"_s;
}

void TestChatd::rejectsBadArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, reason);

    Daemon *daemon = runToExit(arguments);
    QVERIFY2(!daemon->isRunning(), qPrintable(daemon->transcript()));
    QCOMPARE(daemon->exitStatus(), QProcess::NormalExit);
    QCOMPARE(daemon->exitCode(), 2);
    const QString error = daemon->standardError();
    QVERIFY2(error.startsWith(u"chatd: "_s), qPrintable(error));
    QVERIFY2(error.section(u'\n', 0, 0).contains(reason), qPrintable(error));
    QVERIFY2(error.contains(u"Usage:"_s), qPrintable(error));
    QVERIFY2(daemon->standardOutput().isEmpty(), qPrintable(daemon->standardOutput()));
    QVERIFY2(!error.contains(u"listening on"_s), qPrintable(error));
}

void TestChatd::servesInfoOnTheLoggedPort()
{
    const QString database = path(u"info.sqlite3"_s);
    Daemon *daemon = startServer(database);
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    // The log line tells the operator which database is in use.
    const QString log = daemon->standardError();
    QVERIFY2(log.contains(u"with database %1"_s.arg(database)), qPrintable(log));

    RestClient rest(daemon->url());
    const HttpReply info = rest.get(u"/info"_s);
    QCOMPARE(info.status, 200);
    QVERIFY2(info.header("Content-Type").startsWith("application/json"),
        info.header("Content-Type").constData());
    QCOMPARE(info.json.value(u"server"_s).toString(), u"chatd"_s);
    QCOMPARE(info.json.value(u"protocol"_s).toInteger(), protocol::Version);

    // The same version as --version reports.
    Daemon *version = runToExit({ u"--version"_s });
    QCOMPARE(version->exitCode(), 0);
    QCOMPARE(
        u"chatd %1\n"_s.arg(info.json.value(u"version"_s).toString()), version->standardOutput());

    QVERIFY(QFile::exists(database));
    verifyCleanStop(*daemon, SIGTERM);
}

void TestChatd::signInLimitFollowsTheCommandLine()
{
    // A burst of 3 and (in effect) no refill: alice registers and logs in, bob registers,
    // and his login, the fourth attempt, is refused.
    Daemon *daemon = start({ u"--port"_s, u"0"_s, u"--db"_s, path(u"limit.sqlite3"_s),
        u"--login-burst"_s, u"3"_s, u"--login-rate"_s, u"0.001"_s });
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    RestClient rest(daemon->url());
    QVERIFY(!rest.signUp(u"alice"_s).token.isEmpty());
    const QJsonObject bob { { u"username"_s, u"bob"_s }, { u"password"_s, defaultPassword() } };
    QCOMPARE(rest.post(u"/register"_s, bob).status, 201);
    const HttpReply refused = rest.post(u"/login"_s, bob);
    QCOMPARE(refused.status, 429);
    QCOMPARE(refused.errorCode(), u"rate_limited"_s);
    verifyCleanStop(*daemon, SIGTERM);
}

void TestChatd::groupLimitFollowsTheCommandLine()
{
    // Groups of at most 2: alice and bob fit, carol does not.
    Daemon *daemon = start({ u"--port"_s, u"0"_s, u"--db"_s, path(u"groups.sqlite3"_s),
        u"--max-group-members"_s, u"2"_s, u"--login-burst"_s, u"100"_s });
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    RestClient rest(daemon->url());
    const chat::Session alice = rest.signUp(u"alice"_s);
    const chat::Session bob = rest.signUp(u"bob"_s);
    const chat::Session carol = rest.signUp(u"carol"_s);
    QVERIFY(!carol.token.isEmpty());
    const auto create = [&](const QList<qint64> &ids, const QString &clientId) {
        QJsonArray members;
        for (const qint64 id : ids)
            members.append(id);
        return rest.post(u"/groups"_s,
            QJsonObject { { u"clientId"_s, clientId }, { u"title"_s, u"Pair"_s },
                { u"memberIds"_s, members } },
            alice.token);
    };
    QCOMPARE(create({ bob.user.id }, u"g-1"_s).status, 201);
    const HttpReply tooMany = create({ bob.user.id, carol.user.id }, u"g-2"_s);
    QCOMPARE(tooMany.status, 409);
    QCOMPARE(tooMany.errorCode(), u"limit_exceeded"_s);
    verifyCleanStop(*daemon, SIGTERM);
}

void TestChatd::editWindowFollowsTheCommandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<qint64>("seconds"); // -1: no window

    QTest::newRow("absent: any time") << QStringList {} << qint64(-1);
    QTest::newRow("0: any time") << QStringList { u"--edit-window"_s, u"0"_s } << qint64(-1);
    QTest::newRow("900 s") << QStringList { u"--edit-window"_s, u"900"_s } << qint64(900);
    QTest::newRow("1 s, with =") << QStringList { u"--edit-window=1"_s } << qint64(1);
}

void TestChatd::editWindowFollowsTheCommandLine()
{
    // What chatd does with the window is tst_messageactions' part; here, that it gets it.
    QFETCH(QStringList, arguments);
    QFETCH(qint64, seconds);
    const server::DaemonCommand command
        = server::parseDaemonArguments(QStringList { u"chatd"_s } + arguments);
    const auto *serve = std::get_if<server::ServeCommand>(&command);
    const auto *refusal = std::get_if<server::PrintAndExit>(&command);
    QVERIFY2(serve, refusal ? qPrintable(refusal->text) : "");
    const std::optional<std::chrono::seconds> window = serve->config.server.actions.editWindow;
    QCOMPARE(window ? qint64(window->count()) : qint64(-1), seconds);
}

void TestChatd::createsTheDatabaseDirectory()
{
    const QString database = path(u"data/nested/chat.sqlite3"_s);
    Daemon *daemon = startServer(database);
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    QVERIFY(QFile::exists(database));
    RestClient rest(daemon->url());
    QCOMPARE(rest.get(u"/info"_s).status, 200);
    verifyCleanStop(*daemon, SIGTERM);
}

void TestChatd::keepsMessagesAndSessionsAcrossRestart_data()
{
    QTest::addColumn<bool>("postgresql");
    QTest::newRow("sqlite file") << false;
    // --db postgresql://...: the same, on a database of a cluster of the test's own.
    QTest::newRow("postgresql url") << true;
}

void TestChatd::keepsMessagesAndSessionsAcrossRestart()
{
    QFETCH(bool, postgresql);
    QString database = path(u"persistent.sqlite3"_s);
    ThrowawayPostgres cluster;
    if (postgresql) {
        QVERIFY2(cluster.start(), qPrintable(cluster.error()));
        QVERIFY2(cluster.createDatabase(u"persistent"_s), qPrintable(cluster.error()));
        database = cluster.url(u"persistent"_s);
    }
    Daemon *first = startServer(database);
    QVERIFY2(first->waitUntilListening(), qPrintable(first->transcript()));

    chat::Message sent;
    chat::Session alice;
    qint64 conversationId = 0;
    {
        RestClient rest(first->url());
        alice = rest.signUp(u"alice"_s);
        QVERIFY2(!alice.token.isEmpty(), qPrintable(first->transcript()));
        const chat::Session bob = rest.signUp(u"bob"_s);
        QVERIFY(!bob.token.isEmpty());
        conversationId = rest.openConversation(alice.token, u"bob"_s);
        QVERIFY(conversationId > 0);
        const HttpReply reply = rest.sendMessage(
            alice.token, conversationId, u"c5a1f6e0-restart"_s, u"written before SIGTERM"_s);
        QCOMPARE(reply.status, 201);
        auto message = chat::json::decodeMessage(reply.json.value(u"message"_s).toObject());
        QVERIFY2(message.ok(), reply.body.constData());
        sent = message.value();
    }
    verifyCleanStop(*first, SIGTERM);
    if (QTest::currentTestFailed())
        return;

    Daemon *second = startServer(database);
    QVERIFY2(second->waitUntilListening(), qPrintable(second->transcript()));
    RestClient rest(second->url());
    // The session of the first run still holds...
    const HttpReply me = rest.get(u"/me"_s, alice.token);
    QCOMPARE(me.status, 200);
    QCOMPARE(me.json.value(u"user"_s).toObject().value(u"username"_s).toString(), u"alice"_s);
    // ...and the message is in the history, exactly as acknowledged.
    const HttpReply history
        = rest.get(u"/conversations/%1/messages"_s.arg(conversationId), alice.token);
    QCOMPARE(history.status, 200);
    auto page = chat::json::decodeHistoryPage(history.json);
    QVERIFY2(page.ok(), history.body.constData());
    QCOMPARE(page->messages.size(), 1);
    QCOMPARE(page->messages.first().body, u"written before SIGTERM"_s);
    QVERIFY(page->messages.first() == sent);
    verifyCleanStop(*second, SIGTERM);
}

void TestChatd::sigtermClosesWebSocketsWithGoingAway()
{
    const auto [daemon, session] = startWithUser(u"carol"_s);
    if (!daemon)
        return;

    WsClient client;
    QVERIFY2(client.connectAndAuthenticate(
                 daemon->webSocketUrl(), session.token, WsClient::TokenIn::Header),
        qPrintable(daemon->transcript()));
    QCOMPARE(client.frames(u"ready"_s).size(), 1);
    QCOMPARE(client.frames(u"ready"_s).first().value(u"protocol"_s).toInteger(), protocol::Version);

    QVERIFY(daemon->sendSignal(SIGTERM));
    QVERIFY2(client.waitForDisconnected(Timeout), qPrintable(daemon->transcript()));
    QCOMPARE(client.closeCode(), int(QWebSocketProtocol::CloseCodeGoingAway));

    QVERIFY2(daemon->waitForExit(Timeout), qPrintable(daemon->transcript()));
    QCOMPARE(daemon->exitStatus(), QProcess::NormalExit);
    QCOMPARE(daemon->exitCode(), 0);
    const QStringList lines = daemon->errorLines();
    QVERIFY2(
        hasLogLine(lines, u"shutting down: 1 sockets to close"_s), qPrintable(lines.join(u'\n')));
    QVERIFY2(hasLogLine(lines, u"stopped"_s), qPrintable(lines.join(u'\n')));
}

void TestChatd::unresponsivePeerDoesNotBlockShutdown()
{
    const auto [daemon, session] = startWithUser(u"dave"_s);
    if (!daemon)
        return;

    // A WebSocket peer by hand, which never answers the server's close frame.
    QByteArray received;
    QTcpSocket peer;
    QObject::connect(&peer, &QTcpSocket::readyRead, &peer, [&] { received += peer.readAll(); });
    peer.connectToHost(QHostAddress(QHostAddress::LocalHost), daemon->port());
    QTRY_VERIFY_WITH_TIMEOUT(peer.state() == QAbstractSocket::ConnectedState, Timeout);
    peer.write("GET /api/v1/ws HTTP/1.1\r\n"
               "Host: 127.0.0.1:"
        + QByteArray::number(daemon->port())
        + "\r\n"
          "Upgrade: websocket\r\n"
          "Connection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          "Sec-WebSocket-Version: 13\r\n"
          "Authorization: Bearer "
        + session.token.toLatin1() + "\r\n\r\n");
    QTRY_VERIFY2_WITH_TIMEOUT(
        received.contains("\"type\":\"ready\""), received.constData(), Timeout);
    QVERIFY2(received.startsWith("HTTP/1.1 101"), received.constData());
    received = received.mid(received.indexOf("\r\n\r\n") + 4);

    // The close code of the first close frame (opcode 8; server frames are unmasked).
    auto closeCode = [&received]() -> int {
        qsizetype at = 0;
        while (at + 2 <= received.size()) {
            const int opcode = quint8(received.at(at)) & 0x0f;
            qsizetype length = quint8(received.at(at + 1)) & 0x7f;
            qsizetype header = 2;
            if (length == 126) {
                if (at + 4 > received.size())
                    return -1;
                length = (quint8(received.at(at + 2)) << 8) | quint8(received.at(at + 3));
                header = 4;
            } else if (length == 127) {
                return -1; // No frame here is that large.
            }
            if (at + header + length > received.size())
                return -1;
            if (opcode == 0x8 && length >= 2) {
                return (quint8(received.at(at + header)) << 8)
                    | quint8(received.at(at + header + 1));
            }
            at += header + length;
        }
        return -1;
    };
    QCOMPARE(closeCode(), -1);

    QVERIFY(daemon->sendSignal(SIGTERM));
    QTRY_COMPARE_WITH_TIMEOUT(closeCode(), int(QWebSocketProtocol::CloseCodeGoingAway), Timeout);
    QVERIFY2(daemon->waitForExit(Timeout), qPrintable(daemon->transcript()));
    QCOMPARE(daemon->exitStatus(), QProcess::NormalExit);
    QCOMPARE(daemon->exitCode(), 0);
    QVERIFY2(hasLogLine(daemon->errorLines(), u"stopped"_s), qPrintable(daemon->transcript()));
    QTRY_VERIFY_WITH_TIMEOUT(peer.state() == QAbstractSocket::UnconnectedState, Timeout);
}

void TestChatd::repeatedSignalsStopOnce()
{
    const auto [daemon, session] = startWithUser(u"erin"_s);
    if (!daemon)
        return;
    WsClient client;
    QVERIFY2(client.connectAndAuthenticate(daemon->webSocketUrl(), session.token),
        qPrintable(daemon->transcript()));

    // An impatient operator: SIGTERM, then Ctrl-C and SIGTERM again before it is gone.
    // The later ones may find it already exited, which is fine too.
    QVERIFY(daemon->sendSignal(SIGTERM));
    daemon->sendSignal(SIGINT);
    daemon->sendSignal(SIGTERM);
    QVERIFY2(daemon->waitForExit(Timeout), qPrintable(daemon->transcript()));
    QCOMPARE(daemon->exitStatus(), QProcess::NormalExit);
    QCOMPARE(daemon->exitCode(), 0);
    const QStringList lines = daemon->errorLines();
    QCOMPARE(lines.filter(u"shutting down"_s).size(), 1);
    QCOMPARE(lines.count(u"chat.server: stopped"_s), 1);
    QVERIFY(client.waitForDisconnected(Timeout));
    QCOMPARE(client.closeCode(), int(QWebSocketProtocol::CloseCodeGoingAway));
}

void TestChatd::stopsCleanlyOnSignal_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGINT") << int(SIGINT);
    QTest::newRow("SIGTERM") << int(SIGTERM);
}

void TestChatd::stopsCleanlyOnSignal()
{
    QFETCH(int, signalNumber);
    // Signalled the moment it reports it is listening: the handler must already be there.
    Daemon *daemon = startServer();
    QVERIFY2(daemon->waitUntilListening(), qPrintable(daemon->transcript()));
    verifyCleanStop(*daemon, signalNumber);
}

void TestChatd::refusesTakenPort()
{
    QTcpServer occupant;
    QVERIFY2(occupant.listen(QHostAddress(QHostAddress::LocalHost), 0),
        qPrintable(occupant.errorString()));
    const QString port = QString::number(occupant.serverPort());

    // In a directory of its own, which chatd would create along with the database.
    const QString database = path(u"taken/chat.sqlite3"_s);
    Daemon *daemon
        = start({ u"--listen"_s, u"127.0.0.1"_s, u"--port"_s, port, u"--db"_s, database });
    // "chatd: cannot listen on 127.0.0.1 port N: The bound address is already in use"
    verifyRefusal(
        *daemon, u"chatd: cannot listen on 127.0.0.1 port %1: "_s.arg(port), u"already in use"_s);
    // The port is checked first: a chatd that cannot serve leaves no database behind.
    QVERIFY2(!QFile::exists(database), qPrintable(database));
    QVERIFY2(!QFileInfo::exists(path(u"taken"_s)), qPrintable(path(u"taken"_s)));
}

void TestChatd::refusesUnusableDatabase_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("reason");

    QTest::newRow("parent is a regular file")
        << u"file-parent"_s << u"cannot create the directory"_s;
    QTest::newRow("database is a directory") << u"directory"_s << u"cannot open database"_s;
    QTest::newRow("not an SQLite file") << u"garbage"_s << u"cannot use database"_s;
}

void TestChatd::refusesUnusableDatabase()
{
    QFETCH(QString, kind);
    QFETCH(QString, reason);

    QString database;
    QString named; // The path the message names.
    if (kind == u"file-parent"_s) {
        QFile file(path(u"plain-file"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a directory\n");
        named = file.fileName();
        database = named + u"/x.sqlite3"_s;
    } else if (kind == u"directory"_s) {
        QVERIFY(QDir().mkdir(path(u"a-directory"_s)));
        database = named = path(u"a-directory"_s);
    } else {
        QFile file(path(u"garbage.sqlite3"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        database = named = file.fileName();
    }

    Daemon *daemon = startServer(database);
    verifyRefusal(*daemon, u"chatd: "_s + reason, u"'%1'"_s.arg(named));
}

QTEST_GUILESS_MAIN(TestChatd)
#include "tst_chatd.moc"
