#include "admincommands.h"

#include <server/admin/databasebackup.h>
#include <server/admin/passwordinput.h>
#include <server/admin/useradmin.h>
#include <server/store/store.h>
#include <shared/validation.h>

#include <QFileInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QTextStream>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {

int report(const Result<QString> &outcome)
{
    if (!outcome) {
        QTextStream(stderr) << "chatd: " << outcome.error().message << '\n';
        return 1;
    }
    QTextStream(stdout) << outcome.value() << '\n';
    return 0;
}

//! An admin command's output is its report: the store's info lines ("opened ...") would
//! only bury it. Warnings still show.
void quietLog()
{
    QLoggingCategory::setFilterRules(u"chat.*.info=false"_s);
}

Result<QString> userCommand(const UserCommand &command)
{
    const ServerConfig &server = command.config.server;
    const QString &database = server.databasePath;
    // Store::open would create a missing file: a mistyped path must not make a database.
    // (A PostgreSQL database must exist already: connecting tells.)
    if (!server.postgres && !QFileInfo(database).isFile()) {
        return Error { ErrorCode::NotFound,
            u"no database at '%1' (chatd creates it when it first starts)"_s.arg(database) };
    }
    using Action = UserCommand::Action;
    const bool takesPassword
        = command.action == Action::Create || command.action == Action::ResetPassword;
    // A name that cannot be created is refused before anyone types a password for it.
    if (command.action == Action::Create) {
        if (auto invalid = checkUsername(command.username))
            return *invalid;
    }
    QString password;
    if (takesPassword) {
        auto read = PasswordInput::read(command.username, command.passwordFromStdin);
        if (!read)
            return read.error();
        password = read.value();
    }

    Store store;
    if (auto opened = server.openStore(store); !opened)
        return opened.error();
    UserAdmin admin(store);
    switch (command.action) {
    case Action::Create:
        return admin.create(command.username, password);
    case Action::Disable:
        return admin.disable(command.username);
    case Action::Enable:
        return admin.enable(command.username);
    case Action::ResetPassword:
        return admin.resetPassword(command.username, password);
    }
    return Error { ErrorCode::Internal, u"unknown user action"_s };
}

} // namespace

int runBackup(const BackupCommand &command)
{
    quietLog();
    if (const auto &postgres = command.config.server.postgres) {
        return report(Error { ErrorCode::InvalidField,
            u"chatd backup copies a SQLite database; %1 is PostgreSQL's: use pg_dump"_s.arg(
                postgres->displayString()),
            u"db"_s });
    }
    const QString &database = command.config.server.databasePath;
    auto done = DatabaseBackup::run(database, command.target);
    if (!done)
        return report(done.error());
    return report(u"backed up '%1' to '%2' (%3)"_s.arg(
        database, command.target, QLocale::c().formattedDataSize(done->bytes)));
}

int runUserCommand(const UserCommand &command)
{
    quietLog();
    return report(userCommand(command));
}

} // namespace chat::server
