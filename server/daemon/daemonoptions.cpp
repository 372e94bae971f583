#include "daemonoptions.h"

#include <server/daemon/configfile.h>
#include <server/daemon/daemonsettings.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>

#include <optional>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {

const QString ConfigFlag = u"config"_s;
const QString PasswordStdinFlag = u"password-stdin"_s;

const QString Description = u"chatd: the chat server. Serves REST and a WebSocket on one port "
                            u"and keeps\naccounts and messages in an SQLite database.\n\n"
                            u"Commands (none: serve):\n"
                            u"  backup FILE                  copy the database into FILE, "
                            u"also while chatd serves\n"
                            u"  user create NAME             create an account\n"
                            u"  user disable NAME            refuse its logins and end its "
                            u"sessions\n"
                            u"  user enable NAME             allow its logins again\n"
                            u"  user reset-password NAME     set a new password and end its "
                            u"sessions\n\n"
                            u"A password is read from standard input: asked for on a "
                            u"terminal, otherwise\nits first line. It is never an argument."_s;

const QStringList UserActions { u"create"_s, u"disable"_s, u"enable"_s, u"reset-password"_s };

//! "[section] name" for a QSettings key, which has no section before the first [section].
QString displayKey(const QString &key)
{
    const qsizetype slash = key.indexOf(u'/');
    return slash < 0 ? key : u"[%1] %2"_s.arg(key.left(slash), key.mid(slash + 1));
}

//! What the positional arguments ask for, without its configuration yet; or why they
//! cannot be understood.
std::variant<DaemonCommand, QString> commandFrom(const QStringList &words)
{
    if (words.isEmpty())
        return DaemonCommand(ServeCommand {});
    const QString &name = words.first();
    if (name == u"backup"_s) {
        if (words.size() != 2)
            return words.size() < 2 ? u"backup needs the FILE to write"_s
                                    : u"unexpected argument '%1'"_s.arg(words.at(2));
        if (words.at(1).isEmpty())
            return u"backup needs the FILE to write"_s;
        return DaemonCommand(BackupCommand { {}, words.at(1) });
    }
    if (name == u"user"_s) {
        if (words.size() < 2 || !UserActions.contains(words.at(1))) {
            return u"user needs one of %1, then a NAME"_s.arg(UserActions.join(u", "_s));
        }
        if (words.size() != 3)
            return words.size() < 3 ? u"user %1 needs a NAME"_s.arg(words.at(1))
                                    : u"unexpected argument '%1'"_s.arg(words.at(3));
        return DaemonCommand(UserCommand {
            {}, UserCommand::Action(UserActions.indexOf(words.at(1))), words.at(2), false });
    }
    return u"unknown command '%1' (commands: backup, user)"_s.arg(name);
}

} // namespace

DaemonCommand parseDaemonArguments(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Description);
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    parser.addOption({ ConfigFlag,
        u"Read settings from this INI file (the packages install a commented one as "
        u"/etc/chatd/chatd.conf); the flags given "
        u"override it."_s,
        u"file"_s });
    const DaemonConfig defaults;
    QList<const DaemonSetting *> flagged;
    for (const DaemonSetting &setting : daemonSettings()) {
        if (setting.flag.isEmpty())
            continue;
        parser.addOption({ setting.flag,
            u"%1 (default %2)."_s.arg(setting.help, setting.show(defaults)), setting.valueName });
        flagged.append(&setting);
    }
    parser.addOption({ PasswordStdinFlag,
        u"user create, user reset-password: read the password from the first line of "
        u"standard input, without asking, even on a terminal."_s });
    parser.addPositionalArgument(u"command"_s,
        u"backup FILE, or user create|disable|enable|reset-password NAME; none: serve."_s,
        u"[command]"_s);

    const auto usageError = [&parser](const QString &message) {
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
    auto parsed = commandFrom(parser.positionalArguments());
    if (const auto *reason = std::get_if<QString>(&parsed))
        return usageError(*reason);
    DaemonCommand command = std::get<DaemonCommand>(std::move(parsed));

    // The file first, then the flags over it.
    DaemonConfig config;
    if (parser.isSet(ConfigFlag)) {
        const QString path = parser.value(ConfigFlag);
        const auto configError = [&path](const QString &message) {
            return PrintAndExit { u"chatd: %1: %2\n"_s.arg(path, message), 2 };
        };
        auto entries = ConfigFile::read(path);
        if (!entries)
            return PrintAndExit { u"chatd: %1\n"_s.arg(entries.error().message), 2 };
        const QDir base = QFileInfo(path).absoluteDir();
        for (const ConfigFile::Entry &entry : std::as_const(entries.value())) {
            const DaemonSetting *setting = findSetting(entry.key);
            if (!setting)
                return configError(u"%1: unknown key"_s.arg(displayKey(entry.key)));
            if (auto refused = setting->apply(entry.value, base, config))
                return configError(u"%1: %2"_s.arg(setting->displayName(), *refused));
        }
    }
    for (const DaemonSetting *setting : std::as_const(flagged)) {
        if (!parser.isSet(setting->flag))
            continue;
        if (auto refused = setting->apply(parser.value(setting->flag), QDir::current(), config))
            return usageError(u"--%1: %2"_s.arg(setting->flag, *refused));
    }
    // The settings checked together have no flags: a contradiction is the file's.
    if (auto inconsistent = checkConsistency(config)) {
        const QString where
            = parser.isSet(ConfigFlag) ? parser.value(ConfigFlag) + u": "_s : QString();
        return PrintAndExit { u"chatd: %1%2\n"_s.arg(where, *inconsistent), 2 };
    }

    // The commands other than serving work on the database file alone: a flag that only a
    // server would use is a mistake worth saying.
    const bool serve = std::holds_alternative<ServeCommand>(command);
    const auto *user = std::get_if<UserCommand>(&command);
    const bool takesPassword = user
        && (user->action == UserCommand::Action::Create
            || user->action == UserCommand::Action::ResetPassword);
    for (const QString &name : parser.optionNames()) {
        const bool allowed = name == ConfigFlag || name == u"db"_s
            || (name == PasswordStdinFlag ? takesPassword : serve);
        if (!allowed) {
            const QString words = parser.positionalArguments().mid(0, user ? 2 : 1).join(u' ');
            return usageError(u"--%1 does not apply to '%2'"_s.arg(
                name, serve ? u"chatd"_s : u"chatd "_s + words));
        }
    }

    return std::visit(
        [&](auto &&value) -> DaemonCommand {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, PrintAndExit>) {
                return value;
            } else {
                T filled = value;
                filled.config = config;
                if constexpr (std::is_same_v<T, UserCommand>)
                    filled.passwordFromStdin = parser.isSet(PasswordStdinFlag);
                return filled;
            }
        },
        command);
}

} // namespace chat::server
