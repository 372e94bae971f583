#include "daemonconfig.h"

#include <shared/protocol.h>

#include <QDir>
#include <QLoggingCategory>
#include <QStandardPaths>

namespace chat::server {

using namespace Qt::StringLiterals;

DaemonConfig::DaemonConfig()
{
    server.port = protocol::DefaultPort;
    server.databasePath = defaultDatabasePath();
}

QString LogSettings::filterRules() const
{
    QStringList lines;
    // The chat.* categories show info and up by default (server/logging.cpp).
    switch (level) {
    case Level::Debug:
        lines << u"chat.*.debug=true"_s;
        break;
    case Level::Info:
        break;
    case Level::Warning:
        lines << u"chat.*.info=false"_s;
        break;
    case Level::Critical:
        lines << u"chat.*.info=false"_s << u"chat.*.warning=false"_s;
        break;
    }
    lines << rules;
    return lines.join(u'\n');
}

QString defaultDatabasePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(u"chatd/chatd.sqlite3"_s);
}

void applyLogSettings(const LogSettings &settings)
{
    const QString rules = settings.filterRules();
    if (!rules.isEmpty())
        QLoggingCategory::setFilterRules(rules);
}

} // namespace chat::server
