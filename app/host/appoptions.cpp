#include "appoptions.h"

#include <shared/protocol.h>

#include <QCommandLineParser>
#include <QCoreApplication>

namespace chat::host {

using namespace Qt::StringLiterals;

std::variant<AppOptions, AppUsageResult> parseAppArguments(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"chat: the desktop chat client. With --host it also runs a chat server for\n"
        u"others, so no separate chatd is needed. For automatic sign-in, put the\n"
        u"password in the CHAT_PASSWORD environment variable."_s);
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption host(u"host"_s, u"Host a chat server inside the app."_s);
    const QCommandLineOption tls(u"tls"_s,
        u"With --host: serve HTTPS and WSS with a self-signed certificate made on first use "
        u"(clients check its fingerprint)."_s);
    const QCommandLineOption port(u"port"_s,
        u"Port of the hosted server (default %1; 0 picks a free one)."_s.arg(protocol::DefaultPort),
        u"port"_s, QString::number(protocol::DefaultPort));
    const QCommandLineOption listen(u"listen"_s,
        u"Address the hosted server listens on (default: every interface)."_s, u"address"_s,
        u"0.0.0.0"_s);
    const QCommandLineOption db(u"db"_s, u"Database file of the hosted server."_s, u"file"_s);
    const QCommandLineOption server(
        u"server"_s, u"Server to sign in to, e.g. http://host:8420."_s, u"url"_s);
    const QCommandLineOption user(u"user"_s, u"Username to sign in with."_s, u"name"_s);
    const QCommandLineOption registerOption(
        u"register"_s, u"With CHAT_PASSWORD: create the account if it does not exist."_s);
    const QCommandLineOption open(
        u"open"_s, u"Open the conversation with this person once signed in."_s, u"name"_s);
    const QCommandLineOption profile(
        u"profile"_s, u"Keep settings apart under this name (for several windows)."_s, u"name"_s);
    parser.addOptions({ host, tls, port, listen, db, server, user, registerOption, open, profile });

    auto usage = [&parser](const QString &message) {
        return AppUsageResult { u"chat: %1\n\n%2"_s.arg(message, parser.helpText()), 2 };
    };
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(help))
        return AppUsageResult { parser.helpText(), 0 };
    if (parser.isSet(version)) {
        return AppUsageResult { u"%1 %2\n"_s.arg(QCoreApplication::applicationName(),
                                    QCoreApplication::applicationVersion()),
            0 };
    }

    AppOptions options;
    options.host = parser.isSet(host);
    options.hostTls = parser.isSet(tls);
    if (options.hostTls && !options.host)
        return usage(u"--tls needs --host"_s);
    if (!options.listenAddress.setAddress(parser.value(listen)))
        return usage(u"'%1' is not an IP address"_s.arg(parser.value(listen)));
    bool ok = false;
    const uint portNumber = parser.value(port).toUInt(&ok);
    if (!ok || portNumber > 65535)
        return usage(u"'%1' is not a port number (0-65535)"_s.arg(parser.value(port)));
    options.port = quint16(portNumber);
    options.databasePath = parser.value(db);
    if (parser.isSet(server)) {
        options.serverUrl = QUrl::fromUserInput(parser.value(server));
        if (!options.serverUrl.isValid() || options.serverUrl.host().isEmpty())
            return usage(u"'%1' is not a server address"_s.arg(parser.value(server)));
    }
    options.username = parser.value(user);
    options.registerAccount = parser.isSet(registerOption);
    options.openConversation = parser.value(open);
    options.profile = parser.value(profile);
    return options;
}

} // namespace chat::host
