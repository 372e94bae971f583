#include "daemonoptions.h"

#include <shared/protocol.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace chat::server {

using namespace Qt::StringLiterals;

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
    parser.addOptions({ listenOption, portOption, dbOption });

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
    return config;
}

} // namespace chat::server
