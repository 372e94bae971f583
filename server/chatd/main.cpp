// chatd: the headless chat server. Everything it does lives in chat_server; this file
// only wires the command line, Unix signals and the event loop together.
#include <server/chatserver.h>
#include <server/daemon/daemonoptions.h>
#include <server/daemon/unixsignalwatcher.h>

#include <QCoreApplication>
#include <QTextStream>

#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"chatd"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(CHAT_VERSION));

    const auto command = chat::server::parseDaemonArguments(QCoreApplication::arguments());
    if (const auto *print = std::get_if<chat::server::PrintAndExit>(&command)) {
        QTextStream(print->exitCode == 0 ? stdout : stderr) << print->text;
        return print->exitCode;
    }

    chat::server::ChatServer server(std::get<chat::server::ServerConfig>(command));
    // Handlers first: once start() logs "listening on", a supervisor may signal at once,
    // and a signal before the handlers exist would kill chatd instead of stopping it.
    // One that arrives during start() waits in the watcher until exec() delivers it.
    chat::server::UnixSignalWatcher signalWatcher({ SIGINT, SIGTERM });
    QObject::connect(&signalWatcher, &chat::server::UnixSignalWatcher::received, &server,
        [&server](int) { server.shutdown(); });
    QObject::connect(&server, &chat::server::ChatServer::stopped, &app, &QCoreApplication::quit);

    const auto started = server.start();
    if (!started) {
        QTextStream(stderr) << "chatd: " << started.error().message << '\n';
        return 1;
    }
    return QCoreApplication::exec();
}
