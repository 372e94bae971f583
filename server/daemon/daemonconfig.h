#pragma once

#include <server/chatserver.h>

#include <QStringList>

namespace chat::server {

//! What chatd's own log shows: a level for the chat.* categories and further rules in
//! the syntax of QT_LOGGING_RULES ("chat.server.http.debug=true"), applied after it.
struct LogSettings
{
    enum class Level { Debug, Info, Warning, Critical };
    Level level = Level::Info;
    QStringList rules;

    //! The rules for QLoggingCategory::setFilterRules(), one a line (empty for Qt's
    //! defaults). QT_LOGGING_RULES in the environment still wins, as Qt evaluates it last.
    [[nodiscard]] QString filterRules() const;
};

//! Everything chatd runs with: the server's configuration and the daemon's logging. The
//! defaults are the documented ones (README, resources/chatd.conf).
struct DaemonConfig
{
    DaemonConfig();

    ServerConfig server;
    LogSettings log;
};

//! Where the database lives when neither --db nor the config file names one: the user's
//! data location (~/.local/share/chatd/chatd.sqlite3).
[[nodiscard]] QString defaultDatabasePath();

//! Installs `settings` as the process' logging filter.
void applyLogSettings(const LogSettings &settings);

} // namespace chat::server
