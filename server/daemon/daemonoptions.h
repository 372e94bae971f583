#pragma once

#include <server/chatserver.h>
#include <shared/result.h>

#include <QStringList>

#include <variant>

namespace chat::server {

//! What chatd's command line asks for: run with a configuration, or print text and exit.
struct PrintAndExit
{
    QString text;
    int exitCode = 0;
};
using DaemonCommand = std::variant<ServerConfig, PrintAndExit>;

//! Parses chatd's arguments (--listen, --port, --db, --login-burst, --login-rate,
//! --max-group-members, --edit-window, --help, --version) with QCommandLineParser. Bad
//! arguments yield PrintAndExit with the reason and exit code 2.
[[nodiscard]] DaemonCommand parseDaemonArguments(const QStringList &arguments);

//! Where the database lives when --db is not given: the user's data location.
[[nodiscard]] QString defaultDatabasePath();

} // namespace chat::server
