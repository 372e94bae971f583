// chatd: the headless chat server. Everything it does lives in chat_server; this file
// only wires the command line, Unix signals and the event loop together, or hands an
// admin command (backup, user) to server/admin.
#include <server/admin/admincommands.h>
#include <server/chatserver.h>
#include <server/daemon/daemonoptions.h>
#include <server/daemon/eventdispatcher.h>
#include <server/daemon/openfilelimit.h>
#include <server/daemon/unixsignalwatcher.h>

#include <QCoreApplication>
#include <QTextStream>

#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

int serve(const chat::server::DaemonConfig &config)
{
    chat::server::applyLogSettings(config.log);
    // Before the server starts: its total connection cap is derived from this limit.
    chat::server::raiseOpenFileLimit();
    chat::server::ChatServer server(config.server);
    // Handlers first: once start() logs "listening on", a supervisor may signal at once,
    // and a signal before the handlers exist would kill chatd instead of stopping it.
    // One that arrives during start() waits in the watcher until exec() delivers it.
    chat::server::UnixSignalWatcher signalWatcher({ SIGINT, SIGTERM });
    QObject::connect(&signalWatcher, &chat::server::UnixSignalWatcher::received, &server,
        [&server](int) { server.shutdown(); });
    QObject::connect(&server, &chat::server::ChatServer::stopped, QCoreApplication::instance(),
        &QCoreApplication::quit);

    const auto started = server.start();
    if (!started) {
        QTextStream(stderr) << "chatd: " << started.error().message << '\n';
        return 1;
    }
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    chat::server::preferUnixEventDispatcher(); // thousands of sockets: see its header
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"chatd"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(CHAT_VERSION));

    using namespace chat::server;
    const DaemonCommand command = parseDaemonArguments(QCoreApplication::arguments());
    if (const auto *print = std::get_if<PrintAndExit>(&command)) {
        QTextStream(print->exitCode == 0 ? stdout : stderr) << print->text;
        return print->exitCode;
    }
    if (const auto *backup = std::get_if<BackupCommand>(&command))
        return runBackup(*backup);
    if (const auto *user = std::get_if<UserCommand>(&command))
        return runUserCommand(*user);
    return serve(std::get<ServeCommand>(command).config);
}
