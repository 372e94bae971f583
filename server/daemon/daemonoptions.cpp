#include "daemonoptions.h"

#include <shared/protocol.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

#include <cmath>
#include <optional>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {
std::optional<double> positiveNumber(const QString &text)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    return ok && std::isfinite(value) && value > 0 ? std::optional(value) : std::nullopt;
}
} // namespace

QString defaultDatabasePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(u"chatd/chatd.sqlite3"_s);
}

DaemonCommand parseDaemonArguments(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"chatd: the chat server. Serves REST and a WebSocket on one port and keeps\n"
        u"accounts and messages in an SQLite database."_s);
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption listenOption(u"listen"_s,
        u"Address to listen on (default 127.0.0.1; 0.0.0.0 or :: for every interface)."_s,
        u"address"_s, u"127.0.0.1"_s);
    const QCommandLineOption portOption(u"port"_s,
        u"TCP port for REST and WebSocket (default %1; 0 picks a free one)."_s.arg(
            protocol::DefaultPort),
        u"port"_s, QString::number(protocol::DefaultPort));
    const QCommandLineOption dbOption(u"db"_s,
        u"SQLite database file (default %1)."_s.arg(defaultDatabasePath()), u"file"_s,
        defaultDatabasePath());
    // For load tests and benchmarks that sign many users in from one address; the
    // defaults are the documented limits (PROTOCOL.md §3).
    const AuthService::Options authDefaults;
    const QCommandLineOption loginBurstOption(u"login-burst"_s,
        u"Sign-in attempts (register and login together) one address may make at once "
        u"(default %1)."_s.arg(authDefaults.attemptBurst),
        u"count"_s, QString::number(authDefaults.attemptBurst));
    const QCommandLineOption loginRateOption(u"login-rate"_s,
        u"Sign-in attempts per second one address regains after the burst (default %1)."_s.arg(
            authDefaults.attemptsPerSecond),
        u"per-second"_s, QString::number(authDefaults.attemptsPerSecond));
    const QCommandLineOption memberLimitOption(u"max-group-members"_s,
        u"Members one group may have, its owner included (default %1)."_s.arg(
            protocol::limits::DefaultMemberLimit),
        u"count"_s, QString::number(protocol::limits::DefaultMemberLimit));
    const QCommandLineOption editWindowOption(u"edit-window"_s,
        u"Seconds after sending during which a message may be edited (default 0: any time)."_s,
        u"seconds"_s, u"0"_s);
    parser.addOptions({ listenOption, portOption, dbOption, loginBurstOption, loginRateOption,
        memberLimitOption, editWindowOption });

    auto usageError = [&parser](const QString &message) {
        return PrintAndExit { u"chatd: %1\n\n%2"_s.arg(message, parser.helpText()), 2 };
    };
    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(helpOption))
        return PrintAndExit { parser.helpText(), 0 };
    if (parser.isSet(versionOption)) {
        return PrintAndExit { u"%1 %2\n"_s.arg(QCoreApplication::applicationName(),
                                  QCoreApplication::applicationVersion()),
            0 };
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first()));

    ServerConfig config;
    const QString address = parser.value(listenOption);
    if (!config.address.setAddress(address))
        return usageError(u"'%1' is not an IP address"_s.arg(address));
    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535)
        return usageError(u"'%1' is not a port number (0-65535)"_s.arg(parser.value(portOption)));
    config.port = quint16(port);
    config.databasePath = parser.value(dbOption);
    if (config.databasePath.isEmpty())
        return usageError(u"--db needs a file name"_s);
    const auto burst = positiveNumber(parser.value(loginBurstOption));
    if (!burst || *burst < 1) {
        return usageError(u"--login-burst: '%1' is not a number of at least 1"_s.arg(
            parser.value(loginBurstOption)));
    }
    config.auth.attemptBurst = *burst;
    const auto rate = positiveNumber(parser.value(loginRateOption));
    if (!rate) {
        return usageError(
            u"--login-rate: '%1' is not a number above 0"_s.arg(parser.value(loginRateOption)));
    }
    config.auth.attemptsPerSecond = *rate;
    const int memberLimit = parser.value(memberLimitOption).toInt(&ok);
    if (!ok || memberLimit < 2) {
        return usageError(u"--max-group-members: '%1' is not a whole number of at least 2"_s.arg(
            parser.value(memberLimitOption)));
    }
    config.memberLimit = memberLimit;
    const int editWindow = parser.value(editWindowOption).toInt(&ok);
    if (!ok || editWindow < 0) {
        return usageError(u"--edit-window: '%1' is not a whole number of seconds (0 or more)"_s.arg(
            parser.value(editWindowOption)));
    }
    // 0 means no window, as when the option is absent; a window of 0 s would forbid edits.
    if (editWindow > 0)
        config.actions.editWindow = std::chrono::seconds(editWindow);
    return config;
}

} // namespace chat::server
