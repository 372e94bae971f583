#pragma once

#include <server/daemon/daemonconfig.h>

#include <QStringList>

#include <variant>

namespace chat::server {

//! `chatd [options]`: serve.
struct ServeCommand
{
    DaemonConfig config;
};

//! `chatd backup FILE`: an online copy of the database into a new file.
struct BackupCommand
{
    DaemonConfig config;
    QString target;
};

//! `chatd user create|disable|enable|reset-password NAME`: accounts, in the database file.
struct UserCommand
{
    enum class Action { Create, Disable, Enable, ResetPassword };
    DaemonConfig config;
    Action action = Action::Create;
    QString username;
    //! Read the password from standard input without asking, even on a terminal.
    bool passwordFromStdin = false;
};

//! Print text and exit: --help, --version, or a refusal with its reason.
struct PrintAndExit
{
    QString text;
    int exitCode = 0;
};

using DaemonCommand = std::variant<ServeCommand, BackupCommand, UserCommand, PrintAndExit>;

//! Parses chatd's arguments: a command (none: serve), --config FILE, and the flags of
//! daemonSettings(). The config file is read first, then the flags given override it.
//! Bad arguments yield PrintAndExit with the reason, the usage and exit code 2; a bad
//! config file (missing, unreadable, an unknown key, a bad value) the reason naming the
//! file and the key, and exit code 2.
[[nodiscard]] DaemonCommand parseDaemonArguments(const QStringList &arguments);

} // namespace chat::server
