// chatd's configuration as parseDaemonArguments() reads it, in process: the config file
// (good, missing, unknown keys, bad values, bad lines), flags over the file, the checks
// between settings, the sample resources/chatd.conf and the chatd package's copy of it,
// logging rules, and the commands.
// tst_chatd and tst_chatdservice run the binary itself with these.
#include <server/daemon/configfile.h>
#include <server/daemon/daemonoptions.h>
#include <server/daemon/daemonsettings.h>

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat::server;

namespace {

//! The first line of a refusal, which carries the reason.
QString firstLine(const PrintAndExit &print)
{
    return print.text.section(u'\n', 0, 0);
}

} // namespace

class TestDaemonConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void goodFile();
    void sampleParsesToTheDefaults();
    void sampleListsEverySetting();
    void packagedConfigKeepsTheDatabaseInTheStateDirectory();
    void shownValuesReadBack();
    void flagsOverrideTheFile();
    void fileDatabaseIsRelativeToTheFile();
    void postgresDatabaseFromTheFileOrAFlag();
    void listValues();
    void missingFile_data();
    void missingFile();
    void unknownKey_data();
    void unknownKey();
    void badValue_data();
    void badValue();
    void badLine_data();
    void badLine();
    void inconsistentSettings_data();
    void inconsistentSettings();
    void logRules_data();
    void logRules();
    void commands_data();
    void commands();
    void refusedCommands_data();
    void refusedCommands();

private:
    //! Writes `text` to a file in the test's directory and returns its path.
    QString writeConfig(const QString &text, const QString &name = u"chatd.conf"_s);
    //! parseDaemonArguments() with "chatd" in front.
    static DaemonCommand parse(const QStringList &arguments);
    //! The configuration `arguments` ask to serve with; fails the test otherwise.
    static DaemonConfig serveConfig(const QStringList &arguments);
    //! The refusal `arguments` get; fails the test (and returns nothing) otherwise.
    static PrintAndExit refusal(const QStringList &arguments);

    std::unique_ptr<QTemporaryDir> m_directory;
};

void TestDaemonConfig::init()
{
    m_directory = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_directory->isValid(), qPrintable(m_directory->errorString()));
}

void TestDaemonConfig::cleanup()
{
    m_directory.reset();
}

QString TestDaemonConfig::writeConfig(const QString &text, const QString &name)
{
    const QString path = m_directory->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(text.toUtf8());
    return path;
}

DaemonCommand TestDaemonConfig::parse(const QStringList &arguments)
{
    return parseDaemonArguments(QStringList { u"chatd"_s } + arguments);
}

DaemonConfig TestDaemonConfig::serveConfig(const QStringList &arguments)
{
    const DaemonCommand command = parse(arguments);
    if (const auto *print = std::get_if<PrintAndExit>(&command))
        qWarning().noquote() << "refused:" << print->text;
    const auto *serve = std::get_if<ServeCommand>(&command);
    [&] {
        QVERIFY2(serve, qPrintable(arguments.join(u' ')));
    }();
    return serve ? serve->config : DaemonConfig {};
}

PrintAndExit TestDaemonConfig::refusal(const QStringList &arguments)
{
    const DaemonCommand command = parse(arguments);
    const auto *print = std::get_if<PrintAndExit>(&command);
    [&] {
        QVERIFY2(print, qPrintable(u"accepted: "_s + arguments.join(u' ')));
    }();
    return print ? *print : PrintAndExit {};
}

void TestDaemonConfig::goodFile()
{
    const QString path = writeConfig(u"; a comment\n"
                                     u"  ; an indented one, port = 1\n"
                                     u"[server]\n"
                                     u"listen = 0.0.0.0\n"
                                     u"port = 9000\n"
                                     u"database = /srv/chat/chat.sqlite3\n"
                                     u"metrics = any\n"
                                     u"allowed-origins = https://Chat.Example.com, "
                                     u"http://10.0.0.5:8420\n"
                                     u"tls-cert = tls/cert.pem\n"
                                     u"tls-key = tls/key.pem\n"
                                     u"tls-handshake-timeout = 5\n"
                                     u"\n"
                                     u"[limits]\n"
                                     u"max-body-bytes = 4000\n"
                                     u"max-frame-bytes = 9024\n"
                                     u"max-group-members = 50\n"
                                     u"edit-window = 900\n"
                                     u"send-burst = 20\n"
                                     u"send-rate = 2.5\n"
                                     u"login-burst = 3\n"
                                     u"login-rate = 0.5\n"
                                     u"session-lifetime = 86400\n"
                                     u"session-idle-timeout = 3600\n"
                                     u"login-account-free-failures = 3\n"
                                     u"login-account-backoff = 5\n"
                                     u"login-account-backoff-max = 600\n"
                                     u"hash-threads = 2\n"
                                     u"hash-queue = 16\n"
                                     u"max-replay = 500\n"
                                     u"[websocket]\n"
                                     u"auth-timeout = 5\n"
                                     u"heartbeat-interval = 15\n"
                                     u"idle-timeout = 45\n"
                                     u"max-queued-bytes = 1048576\n"
                                     u"max-queued-bytes-per-user = 2097152\n"
                                     u"max-sockets-per-user = 4\n"
                                     u"max-sockets-per-address = 8\n"
                                     u"[http]\n"
                                     u"max-header-bytes = 8192\n"
                                     u"max-pending-output-bytes = 262144\n"
                                     u"request-timeout = 5\n"
                                     u"idle-timeout = 30\n"
                                     u"max-connections-per-address = 32\n"
                                     u"max-connections = 4000\n"
                                     u"listen-backlog = 8192\n"
                                     u"[log]\n"
                                     u"level = warning\n"
                                     u"rules = chat.server.http.debug=true\n"_s);
    const DaemonConfig config = serveConfig({ u"--config"_s, path });
    const ServerConfig &server = config.server;
    QCOMPARE(server.address, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(server.port, quint16(9000));
    QCOMPARE(server.databasePath, u"/srv/chat/chat.sqlite3"_s);
    QCOMPARE(server.metrics, MetricsAccess::Any);
    // Paths in the file are relative to its directory.
    QCOMPARE(server.tls.certificatePath, m_directory->filePath(u"tls/cert.pem"_s));
    QCOMPARE(server.tls.keyPath, m_directory->filePath(u"tls/key.pem"_s));
    QCOMPARE(server.tls.handshakeTimeout, std::chrono::milliseconds(5000));
    QCOMPARE(server.chat.maxBodyBytes, qsizetype(4000));
    QCOMPARE(server.maxFrameBytes, qsizetype(9024));
    QCOMPARE(server.memberLimit, 50);
    QCOMPARE(server.actions.editWindow, std::optional(std::chrono::seconds(900)));
    QCOMPARE(server.chat.sendBurst, 20.0);
    QCOMPARE(server.chat.sendsPerSecond, 2.5);
    QCOMPARE(server.auth.attemptBurst, 3.0);
    QCOMPARE(server.auth.attemptsPerSecond, 0.5);
    QCOMPARE(server.auth.sessionLifetime, std::chrono::seconds(86400));
    QCOMPARE(server.auth.sessionIdleTimeout, std::chrono::seconds(3600));
    QCOMPARE(server.auth.backoff.freeFailures, 3);
    QCOMPARE(server.auth.backoff.base, std::chrono::milliseconds(5000));
    QCOMPARE(server.auth.backoff.cap, std::chrono::milliseconds(600000));
    QCOMPARE(server.auth.hashing.threads, 2);
    QCOMPARE(server.auth.hashing.maxQueued, 16);
    QCOMPARE(server.maxReplayMessages, 500);
    QCOMPARE(server.authTimeout, std::chrono::milliseconds(5000));
    QCOMPARE(server.heartbeatInterval, std::chrono::milliseconds(15000));
    QCOMPARE(server.idleTimeout, std::chrono::milliseconds(45000));
    QCOMPARE(server.maxQueuedBytes, qint64(1048576));
    QCOMPARE(server.http.maxHeaderBytes, qsizetype(8192));
    QCOMPARE(server.http.maxPendingOutputBytes, qint64(262144));
    QCOMPARE(server.http.requestTimeout, std::chrono::milliseconds(5000));
    QCOMPARE(server.http.idleTimeout, std::chrono::milliseconds(30000));
    QCOMPARE(server.http.maxConnectionsPerAddress, 32);
    QCOMPARE(server.http.maxConnections, 4000);
    QCOMPARE(server.http.listenBacklog, 8192);
    QCOMPARE(server.maxQueuedBytesPerUser, qint64(2097152));
    QCOMPARE(server.maxSocketsPerUser, 4);
    QCOMPARE(server.maxSocketsPerAddress, 8);
    QCOMPARE(server.allowedOrigins,
        (QStringList { u"https://chat.example.com"_s, u"http://10.0.0.5:8420"_s }));
    QCOMPARE(config.log.level, LogSettings::Level::Warning);
    QCOMPARE(config.log.rules, QStringList { u"chat.server.http.debug=true"_s });
    // Every key of the file was read: none of these is its default.
    const DaemonConfig defaults;
    for (const DaemonSetting &setting : daemonSettings()) {
        QVERIFY2(setting.show(config) != setting.show(defaults), qPrintable(setting.key()));
    }
}

void TestDaemonConfig::sampleParsesToTheDefaults()
{
    // The sample documents the defaults: as it stands, it must change nothing.
    const DaemonConfig sample = serveConfig({ u"--config"_s, QStringLiteral(SAMPLE_CONFIG) });
    const DaemonConfig defaults;
    for (const DaemonSetting &setting : daemonSettings())
        QCOMPARE(setting.show(sample), setting.show(defaults));
}

void TestDaemonConfig::sampleListsEverySetting()
{
    // Each setting appears under its section, set ("key = ...") or shown in a comment
    // ("; key = ..."), so that the sample is the complete list an operator reads.
    QFile file(QStringLiteral(SAMPLE_CONFIG));
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    QSet<QString> listed;
    QString section;
    static const QRegularExpression keyLine(u"\\A;?\\s*([a-z-]+)\\s*="_s);
    for (const QString &raw : QString::fromUtf8(file.readAll()).split(u'\n')) {
        const QString line = raw.trimmed();
        if (line.startsWith(u'[') && line.endsWith(u']')) {
            section = line.mid(1, line.size() - 2);
            continue;
        }
        const auto match = keyLine.match(line);
        if (match.hasMatch())
            listed.insert(section + u'/' + match.captured(1));
    }
    for (const DaemonSetting &setting : daemonSettings())
        QVERIFY2(listed.contains(setting.key()), qPrintable(setting.key()));
}

void TestDaemonConfig::packagedConfigKeepsTheDatabaseInTheStateDirectory()
{
    // The package's /etc/chatd/chatd.conf is the sample with the database set where the
    // unit's StateDirectory is (resources/CMakeLists.txt makes it); nothing else differs.
    const DaemonConfig packaged = serveConfig({ u"--config"_s, QStringLiteral(PACKAGED_CONFIG) });
    QCOMPARE(packaged.server.databasePath, u"/var/lib/chatd/chatd.sqlite3"_s);
    const DaemonConfig defaults;
    for (const DaemonSetting &setting : daemonSettings()) {
        if (setting.key() != u"server/database"_s)
            QCOMPARE(setting.show(packaged), setting.show(defaults));
    }
}

void TestDaemonConfig::shownValuesReadBack()
{
    // What a setting shows (in --help, and in the comparisons above) is a value the file
    // takes, meaning the same.
    const DaemonConfig defaults;
    for (const DaemonSetting &setting : daemonSettings()) {
        DaemonConfig config;
        const auto refused = setting.apply(setting.show(defaults), QDir::root(), config);
        QVERIFY2(!refused, qPrintable(setting.key() + u": "_s + refused.value_or(QString())));
        QCOMPARE(setting.show(config), setting.show(defaults));
    }
}

void TestDaemonConfig::flagsOverrideTheFile()
{
    const QString path = writeConfig(u"[server]\nport = 9000\nlisten = 0.0.0.0\nmetrics = any\n"
                                     u"[limits]\nlogin-burst = 3\nedit-window = 60\n"
                                     u"send-burst = 7\n"_s);
    const DaemonConfig config = serveConfig({ u"--config"_s, path, u"--port"_s, u"9100"_s,
        u"--edit-window"_s, u"0"_s, u"--max-group-members"_s, u"10"_s, u"--metrics"_s, u"off"_s,
        u"--max-connections-per-address"_s, u"5"_s, u"--max-connections"_s, u"0"_s,
        u"--send-burst"_s, u"500"_s, u"--send-rate"_s, u"250"_s, u"--listen-backlog"_s,
        u"1024"_s });
    // Given as flags: the flags win, a 0 included.
    QCOMPARE(config.server.port, quint16(9100));
    QCOMPARE(config.server.metrics, MetricsAccess::Off);
    QVERIFY(!config.server.actions.editWindow);
    QCOMPARE(config.server.memberLimit, 10);
    QCOMPARE(config.server.http.maxConnectionsPerAddress, 5);
    QCOMPARE(config.server.http.maxConnections, 0);
    QCOMPARE(config.server.chat.sendBurst, 500.0);
    QCOMPARE(config.server.chat.sendsPerSecond, 250.0);
    QCOMPARE(config.server.http.listenBacklog, 1024);
    // Only in the file: the file's.
    QCOMPARE(config.server.address, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(config.server.auth.attemptBurst, 3.0);
    // In neither: the default.
    QCOMPARE(config.server.auth.attemptsPerSecond, AuthService::Options {}.attemptsPerSecond);

    // The order on the command line does not matter.
    const DaemonConfig before = serveConfig({ u"--port"_s, u"9100"_s, u"--config"_s, path });
    QCOMPARE(before.server.port, quint16(9100));

    // A bad flag is refused even when the file has a good value.
    const PrintAndExit refused = refusal({ u"--config"_s, path, u"--port"_s, u"http"_s });
    QCOMPARE(refused.exitCode, 2);
    QCOMPARE(firstLine(refused), u"chatd: --port: 'http' is not a port number (0-65535)"_s);
}

void TestDaemonConfig::fileDatabaseIsRelativeToTheFile()
{
    QVERIFY(QDir().mkpath(m_directory->filePath(u"etc"_s)));
    const QString path
        = writeConfig(u"[server]\ndatabase = ../data/chat.sqlite3\n"_s, u"etc/chatd.conf"_s);
    const DaemonConfig config = serveConfig({ u"--config"_s, path });
    QCOMPARE(
        config.server.databasePath, QDir::cleanPath(m_directory->filePath(u"data/chat.sqlite3"_s)));
    // A flag's relative path is the current directory's, as for any command.
    const DaemonConfig flagged = serveConfig({ u"--config"_s, path, u"--db"_s, u"here.sqlite3"_s });
    QCOMPARE(flagged.server.databasePath, QDir::current().absoluteFilePath(u"here.sqlite3"_s));
}

void TestDaemonConfig::postgresDatabaseFromTheFileOrAFlag()
{
    const QString path = writeConfig(
        u"[server]\ndatabase = postgresql://chat:s3cret@db.example.org:5433/chat\n"_s);
    const DaemonConfig config = serveConfig({ u"--config"_s, path });
    QVERIFY(config.server.postgres.has_value());
    QCOMPARE(config.server.postgres->host, u"db.example.org"_s);
    QCOMPARE(config.server.postgres->port, 5433);
    QCOMPARE(config.server.postgres->user, u"chat"_s);
    QCOMPARE(config.server.postgres->password, u"s3cret"_s);
    QCOMPARE(config.server.postgres->database, u"chat"_s);
    // What is shown (--help, logs) keeps the password out.
    const QString shown = config.server.databaseName();
    QVERIFY2(shown.contains(u"db.example.org:5433/chat"_s), qPrintable(shown));
    QVERIFY2(!shown.contains(u"s3cret"_s), qPrintable(shown));
    // A file named by a flag overrides the file's URL, and the other way round.
    const DaemonConfig toFile = serveConfig({ u"--config"_s, path, u"--db"_s, u"here.sqlite3"_s });
    QVERIFY(!toFile.server.postgres.has_value());
    QCOMPARE(toFile.server.databasePath, QDir::current().absoluteFilePath(u"here.sqlite3"_s));
    const DaemonConfig toUrl
        = serveConfig({ u"--db"_s, u"postgres://node@127.0.0.1/chat?sslmode=require"_s });
    QVERIFY(toUrl.server.postgres.has_value());
    QCOMPARE(toUrl.server.postgres->database, u"chat"_s);
}

void TestDaemonConfig::listValues()
{
    // QSettings makes "a, b" a list and ends a value at an unquoted ';': rules work with
    // commas, and with semicolons inside quotes.
    for (const QString &rules : { u"chat.server.http.debug=true, chat.sqlite.info=false"_s,
             u"\"chat.server.http.debug=true;chat.sqlite.info=false\""_s }) {
        const QString path = writeConfig(u"[log]\nrules = %1\n"_s.arg(rules));
        const DaemonConfig config = serveConfig({ u"--config"_s, path });
        QCOMPARE(config.log.rules,
            QStringList({ u"chat.server.http.debug=true"_s, u"chat.sqlite.info=false"_s }));
    }
}

void TestDaemonConfig::missingFile_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("reason");
    QTest::newRow("no such file") << u"nowhere.conf"_s << u"no such file"_s;
    QTest::newRow("a directory") << u"folder"_s << u"a directory, not a file"_s;
}

void TestDaemonConfig::missingFile()
{
    QFETCH(QString, name);
    QFETCH(QString, reason);
    QVERIFY(QDir(m_directory->path()).mkdir(u"folder"_s));
    const QString path = m_directory->filePath(name);
    // A missing file is no empty configuration: chatd would run with nobody's settings.
    const PrintAndExit refused = refusal({ u"--config"_s, path });
    QCOMPARE(refused.exitCode, 2);
    QCOMPARE(refused.text, u"chatd: %1: %2\n"_s.arg(path, reason));
}

void TestDaemonConfig::unknownKey_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("named");

    QTest::newRow("misspelt") << u"[limits]\nlogin-brust = 3\n"_s << u"[limits] login-brust"_s;
    QTest::newRow("in the wrong section")
        << u"[server]\nlogin-burst = 3\n"_s << u"[server] login-burst"_s;
    QTest::newRow("unknown section")
        << u"[tls]\ncertificate = /etc/x.pem\n"_s << u"[tls] certificate"_s;
    QTest::newRow("outside any section") << u"port = 9000\n"_s << u"port"_s;
    QTest::newRow("in another letter case") << u"[server]\nPort = 9000\n"_s << u"[server] Port"_s;
    QTest::newRow("a flag's name, not the key")
        << u"[server]\ndb = x.sqlite3\n"_s << u"[server] db"_s;
}

void TestDaemonConfig::unknownKey()
{
    QFETCH(QString, text);
    QFETCH(QString, named);
    const QString path = writeConfig(text);
    const PrintAndExit refused = refusal({ u"--config"_s, path });
    QCOMPARE(refused.exitCode, 2);
    QCOMPARE(refused.text, u"chatd: %1: %2: unknown key\n"_s.arg(path, named));
}

void TestDaemonConfig::badValue_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("reason");

    // One bad value per setting at least (badValueForEverySetting checks the coverage).
    const QList<std::tuple<const char *, QString, QString>> rows {
        { "server/listen", u"localhost"_s, u"'localhost' is not an IP address"_s },
        { "server/port", u"65536"_s, u"'65536' is not a port number (0-65535)"_s },
        { "server/port", u"8420 # the default"_s,
            u"'8420 # the default' is not a port number (0-65535)"_s },
        { "server/database", u""_s, u"a file name or a postgresql:// URL is needed"_s },
        { "server/database", u"postgresql://chat@db.example.org"_s,
            u"invalid PostgreSQL URL: name the database: postgresql://user@host:port/dbname"_s },
        { "server/metrics", u"yes"_s, u"'yes' is not one of off, local, any"_s },
        { "server/metrics", u"Local"_s, u"'Local' is not one of off, local, any"_s },
        { "server/tls-cert", u"/"_s, u"'/' is a directory, not a file"_s },
        { "server/tls-key", u"/"_s, u"'/' is a directory, not a file"_s },
        { "server/tls-handshake-timeout", u"0"_s,
            u"'0' is not a whole number of seconds (1 or more)"_s },
        { "limits/max-body-bytes", u"16385"_s, u"'16385' is not a whole number from 1 to 16384"_s },
        { "limits/max-body-bytes", u"16k"_s, u"'16k' is not a whole number from 1 to 16384"_s },
        { "limits/max-frame-bytes", u"65537"_s,
            u"'65537' is not a whole number from 4096 to 65536"_s },
        { "limits/max-group-members", u"1"_s, u"'1' is not a whole number of at least 2"_s },
        { "limits/edit-window", u"-5"_s, u"'-5' is not a whole number of seconds (0 or more)"_s },
        { "limits/send-burst", u"0.5"_s, u"'0.5' is not a number of at least 1"_s },
        { "limits/send-rate", u"0"_s, u"'0' is not a number above 0"_s },
        { "limits/send-rate", u"nan"_s, u"'nan' is not a number above 0"_s },
        { "limits/login-burst", u"many"_s, u"'many' is not a number of at least 1"_s },
        { "limits/login-rate", u"-1"_s, u"'-1' is not a number above 0"_s },
        { "limits/session-lifetime", u"59"_s,
            u"'59' is not a whole number of seconds (60 or more)"_s },
        { "limits/max-replay", u"0"_s, u"'0' is not a whole number of at least 1"_s },
        { "limits/session-idle-timeout", u"30"_s,
            u"'30' is not a whole number of seconds (60 or more)"_s },
        { "limits/login-account-free-failures", u"0"_s,
            u"'0' is not a whole number of at least 1"_s },
        { "limits/login-account-backoff", u"0.5"_s,
            u"'0.5' is not a whole number of seconds (1 or more)"_s },
        { "limits/login-account-backoff-max", u"-1"_s,
            u"'-1' is not a whole number of seconds (1 or more)"_s },
        { "limits/hash-threads", u"65"_s, u"'65' is not a whole number from 0 to 64"_s },
        { "limits/hash-threads", u"-1"_s, u"'-1' is not a whole number from 0 to 64"_s },
        { "limits/hash-queue", u"0"_s, u"'0' is not a whole number from 1 to 100000"_s },
        { "websocket/auth-timeout", u"1.5"_s,
            u"'1.5' is not a whole number of seconds (1 or more)"_s },
        { "websocket/heartbeat-interval", u"0"_s,
            u"'0' is not a whole number of seconds (1 or more)"_s },
        { "websocket/idle-timeout", u"forever"_s,
            u"'forever' is not a whole number of seconds (1 or more)"_s },
        { "websocket/max-queued-bytes", u"1024"_s,
            u"'1024' is not a whole number of at least 65536"_s },
        { "http/max-header-bytes", u"100000"_s,
            u"'100000' is not a whole number from 1024 to 65536"_s },
        { "http/max-pending-output-bytes", u"1000"_s,
            u"'1000' is not a whole number of at least 65536"_s },
        { "http/request-timeout", u"0"_s, u"'0' is not a whole number of seconds (1 or more)"_s },
        { "http/idle-timeout", u"1m"_s, u"'1m' is not a whole number of seconds (1 or more)"_s },
        { "http/max-connections-per-address", u"0"_s,
            u"'0' is not a whole number of at least 1"_s },
        { "http/max-connections", u"-1"_s, u"'-1' is not a whole number of at least 0"_s },
        { "http/listen-backlog", u"0"_s, u"'0' is not a whole number of at least 1"_s },
        { "websocket/max-queued-bytes-per-user", u"16M"_s,
            u"'16M' is not a whole number of at least 65536"_s },
        { "websocket/max-sockets-per-user", u"0"_s, u"'0' is not a whole number of at least 1"_s },
        { "websocket/max-sockets-per-address", u"-3"_s,
            u"'-3' is not a whole number of at least 1"_s },
        { "server/allowed-origins", u"chat.example.com"_s,
            u"'chat.example.com' is not an origin like https://chat.example.com or "
            u"http://host:8420 (or *)"_s },
        { "log/level", u"loud"_s, u"'loud' is not one of debug, info, warning, critical"_s },
        { "log/level", u"INFO"_s, u"'INFO' is not one of debug, info, warning, critical"_s },
        { "log/rules", u"chat.server.http.debug"_s,
            u"'chat.server.http.debug' is not a logging rule like chat.server.http.debug=true"_s },
        { "log/rules", u"chat.*=yes"_s,
            u"'chat.*=yes' is not a logging rule like chat.server.http.debug=true"_s },
    };
    QSet<QString> covered;
    for (const auto &[key, value, reason] : rows) {
        QTest::addRow("%s = %s", key, qPrintable(value))
            << QString::fromLatin1(key) << value << reason;
        covered.insert(QString::fromLatin1(key));
    }
    for (const DaemonSetting &setting : daemonSettings()) {
        if (!covered.contains(setting.key()))
            qFatal("no bad value tested for %s", qPrintable(setting.key()));
    }
}

void TestDaemonConfig::badValue()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, reason);
    const DaemonSetting *setting = findSetting(key);
    QVERIFY(setting);
    const QString path
        = writeConfig(u"[%1]\n%2 = %3\n"_s.arg(setting->section, setting->name, value));
    const PrintAndExit refused = refusal({ u"--config"_s, path });
    QCOMPARE(refused.exitCode, 2);
    QCOMPARE(refused.text,
        u"chatd: %1: [%2] %3: %4\n"_s.arg(path, setting->section, setting->name, reason));

    // The same value as a flag, where there is one, is refused for the same reason.
    if (!setting->flag.isEmpty()) {
        const PrintAndExit flagged = refusal({ u"--%1=%2"_s.arg(setting->flag, value) });
        QCOMPARE(flagged.exitCode, 2);
        QCOMPARE(firstLine(flagged), u"chatd: --%1: %2"_s.arg(setting->flag, reason));
    }
}

void TestDaemonConfig::badLine_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");

    QTest::newRow("no equals sign")
        << u"[server]\n\nport 9000\n"_s << u"line 3: 'port 9000' is not a key = value line"_s;
    QTest::newRow("no key") << u"[server]\n= 9000\n"_s
                            << u"line 2: '= 9000' is not a key = value line"_s;
    QTest::newRow("set twice") << u"[server]\nport = 9000\n; again:\nport = 9001\n"_s
                               << u"line 4: [server] port is set a second time"_s;
    QTest::newRow("a comment with '#'")
        << u"[server]\n# port = 9000\n"_s << u"line 2: comments start with ';', not '#'"_s;
    QTest::newRow("unclosed section")
        << u"[server\nport = 9000\n"_s << u"line 1: '[server' is not a [section]"_s;
}

void TestDaemonConfig::badLine()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);
    const QString path = writeConfig(text);
    const PrintAndExit refused = refusal({ u"--config"_s, path });
    QCOMPARE(refused.exitCode, 2);
    QCOMPARE(refused.text, u"chatd: %1: %2\n"_s.arg(path, reason));
}

void TestDaemonConfig::inconsistentSettings_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");

    QTest::newRow("idle timeout within the heartbeat")
        << u"[websocket]\nheartbeat-interval = 30\n"_s
        << u"[websocket] idle-timeout (30 s) must be longer than heartbeat-interval (30 s)"_s;
    QTest::newRow("an account's longest wait below its first")
        << u"[limits]\nlogin-account-backoff = 600\n"_s
        << u"[limits] login-account-backoff-max (300 s) must be at least login-account-backoff "
           u"(600 s)"_s;
    QTest::newRow("a frame too small for the body")
        << u"[limits]\nmax-frame-bytes = 8192\n"_s
        << u"[limits] max-frame-bytes (8192) must be at least twice max-body-bytes plus 1024 "
           u"(33792)"_s;
    QTest::newRow("a user budget below one socket's")
        << u"[websocket]\nmax-queued-bytes-per-user = 1048576\n"_s
        << u"[websocket] max-queued-bytes-per-user (1048576) must be at least max-queued-bytes "
           u"(4194304)"_s;
}

void TestDaemonConfig::inconsistentSettings()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);
    const QString path = writeConfig(text);
    const PrintAndExit refused = refusal({ u"--config"_s, path });
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(
        refused.text.startsWith(u"chatd: %1: %2"_s.arg(path, reason)), qPrintable(refused.text));

    // Fixed together, both are taken.
    const QString fix = text.contains(u"heartbeat"_s) ? u"idle-timeout = 31\n"_s
        : text.contains(u"per-user"_s)                ? u"max-queued-bytes = 1048576\n"_s
        : text.contains(u"backoff"_s)                 ? u"login-account-backoff-max = 600\n"_s
                                                      : u"max-body-bytes = 3584\n"_s;
    const QString fixed = writeConfig(text + fix);
    const DaemonConfig config = serveConfig({ u"--config"_s, fixed });
    QVERIFY(config.server.idleTimeout > config.server.heartbeatInterval);
}

void TestDaemonConfig::logRules_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("filterRules");

    QTest::newRow("defaults") << u""_s << u""_s;
    QTest::newRow("debug") << u"level = debug\n"_s << u"chat.*.debug=true"_s;
    QTest::newRow("warning") << u"level = warning\n"_s << u"chat.*.info=false"_s;
    QTest::newRow("critical") << u"level = critical\n"_s
                              << u"chat.*.info=false\nchat.*.warning=false"_s;
    QTest::newRow("rules after the level")
        << u"level = warning\nrules = chat.server.http.info=true, qt.network.ssl=false\n"_s
        << u"chat.*.info=false\nchat.server.http.info=true\nqt.network.ssl=false"_s;
}

void TestDaemonConfig::logRules()
{
    QFETCH(QString, text);
    QFETCH(QString, filterRules);
    const DaemonConfig config = serveConfig({ u"--config"_s, writeConfig(u"[log]\n"_s + text) });
    QCOMPARE(config.log.filterRules(), filterRules);
}

void TestDaemonConfig::commands_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected"); // what the command is, in words

    QTest::newRow("serve") << QStringList {} << u"serve"_s;
    QTest::newRow("backup") << QStringList { u"backup"_s, u"/backups/chat.sqlite3"_s }
                            << u"backup /backups/chat.sqlite3"_s;
    QTest::newRow("user create") << QStringList { u"user"_s, u"create"_s, u"carol"_s }
                                 << u"user 0 carol stdin=0"_s;
    QTest::newRow("user create, password from stdin") << QStringList { u"user"_s, u"create"_s,
        u"carol"_s, u"--password-stdin"_s } << u"user 0 carol stdin=1"_s;
    QTest::newRow("user disable") << QStringList { u"user"_s, u"disable"_s, u"bob"_s }
                                  << u"user 1 bob stdin=0"_s;
    QTest::newRow("user enable") << QStringList { u"--db"_s, u"/x.sqlite3"_s, u"user"_s,
        u"enable"_s, u"bob"_s } << u"user 2 bob stdin=0"_s;
    QTest::newRow("user reset-password") << QStringList { u"user"_s, u"reset-password"_s, u"bob"_s,
        u"--password-stdin"_s } << u"user 3 bob stdin=1"_s;
}

void TestDaemonConfig::commands()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const QString path = writeConfig(u"[server]\ndatabase = chat.sqlite3\n"_s);
    const DaemonCommand command = parse(QStringList { u"--config"_s, path } + arguments);
    const QString words = std::visit(
        [](const auto &value) -> QString {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, ServeCommand>)
                return u"serve"_s;
            else if constexpr (std::is_same_v<T, BackupCommand>)
                return u"backup "_s + value.target;
            else if constexpr (std::is_same_v<T, UserCommand>)
                return u"user %1 %2 stdin=%3"_s.arg(int(value.action))
                    .arg(value.username)
                    .arg(int(value.passwordFromStdin));
            else
                return u"refused: "_s + value.text;
        },
        command);
    QCOMPARE(words, expected);
    // Every command has the configuration: the admin commands need its database.
    const QString database = std::visit(
        [](const auto &value) -> QString {
            if constexpr (std::is_same_v<std::decay_t<decltype(value)>, PrintAndExit>)
                return {};
            else
                return value.config.server.databasePath;
        },
        command);
    QCOMPARE(database,
        arguments.contains(u"--db"_s) ? u"/x.sqlite3"_s : m_directory->filePath(u"chat.sqlite3"_s));
}

void TestDaemonConfig::refusedCommands_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("reason");

    QTest::newRow("unknown command")
        << QStringList { u"restore"_s } << u"unknown command 'restore' (commands: backup, user)"_s;
    QTest::newRow("backup without a file")
        << QStringList { u"backup"_s } << u"backup needs the FILE to write"_s;
    QTest::newRow("backup with two files")
        << QStringList { u"backup"_s, u"a"_s, u"b"_s } << u"unexpected argument 'b'"_s;
    QTest::newRow("user without an action")
        << QStringList { u"user"_s }
        << u"user needs one of create, disable, enable, reset-password, then a NAME"_s;
    QTest::newRow("user with an unknown action") << QStringList { u"user"_s, u"delete"_s,
        u"bob"_s } << u"user needs one of create, disable, enable, reset-password, then a NAME"_s;
    QTest::newRow("user without a name")
        << QStringList { u"user"_s, u"disable"_s } << u"user disable needs a NAME"_s;
    QTest::newRow("a server flag for backup") << QStringList { u"backup"_s, u"b.sqlite3"_s,
        u"--port"_s, u"9000"_s } << u"--port does not apply to 'chatd backup'"_s;
    QTest::newRow("a server flag for user") << QStringList { u"user"_s, u"create"_s, u"carol"_s,
        u"--login-burst=3"_s } << u"--login-burst does not apply to 'chatd user create'"_s;
    QTest::newRow("--password-stdin for disable")
        << QStringList { u"user"_s, u"disable"_s, u"bob"_s, u"--password-stdin"_s }
        << u"--password-stdin does not apply to 'chatd user disable'"_s;
    QTest::newRow("--password-stdin for serving")
        << QStringList { u"--password-stdin"_s } << u"--password-stdin does not apply to 'chatd'"_s;
    QTest::newRow("a password as an argument") << QStringList { u"user"_s, u"create"_s, u"carol"_s,
        u"--password"_s, u"secret"_s } << u"Unknown option 'password'."_s;
}

void TestDaemonConfig::refusedCommands()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, reason);
    const PrintAndExit refused = refusal(arguments);
    QCOMPARE(refused.exitCode, 2);
    QCOMPARE(firstLine(refused), u"chatd: "_s + reason);
    QVERIFY2(refused.text.contains(u"Usage:"_s), qPrintable(refused.text));
}

QTEST_GUILESS_MAIN(TestDaemonConfig)
#include "tst_daemonconfig.moc"
