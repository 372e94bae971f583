#include "configfile.h"

#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSettings>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {
Error fileError(const QString &path, const QString &reason)
{
    return Error { ErrorCode::InvalidField, u"%1: %2"_s.arg(path, reason) };
}
} // namespace

Result<QList<ConfigFile::Entry>> ConfigFile::read(const QString &path)
{
    if (auto lines = checkLines(path); !lines)
        return lines.error();

    const QSettings settings(path, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError)
        return fileError(path, u"not a valid INI file"_s);
    QList<Entry> entries;
    const QStringList keys = settings.allKeys();
    for (const QString &key : keys) {
        const QVariant value = settings.value(key);
        // QSettings splits an unquoted value at commas into a list.
        const QString text = value.typeId() == QMetaType::QStringList
            ? value.toStringList().join(u","_s)
            : value.toString();
        entries.append({ key, text });
    }
    return entries;
}

Status ConfigFile::checkLines(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return fileError(path, u"no such file"_s);
    if (info.isDir())
        return fileError(path, u"a directory, not a file"_s);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return fileError(path, file.errorString());

    QString section = u"General"_s; // QSettings' name for keys before any [section]
    QSet<QString> seen;
    int number = 0;
    while (!file.atEnd()) {
        ++number;
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(u';'))
            continue;
        const auto where = [&](const QString &problem) {
            return fileError(path, u"line %1: %2"_s.arg(number).arg(problem));
        };
        // QSettings has no '#' comments: "# port = 1" would be a key named "# port".
        if (line.startsWith(u'#'))
            return where(u"comments start with ';', not '#'"_s);
        if (line.startsWith(u'[')) {
            if (!line.endsWith(u']') || line.size() < 3)
                return where(u"'%1' is not a [section]"_s.arg(line));
            section = line.mid(1, line.size() - 2).trimmed();
            continue;
        }
        const qsizetype equals = line.indexOf(u'=');
        if (equals <= 0)
            return where(u"'%1' is not a key = value line"_s.arg(line));
        const QString key = section + u'/' + line.left(equals).trimmed();
        if (seen.contains(key))
            return where(
                u"[%1] %2 is set a second time"_s.arg(section, line.left(equals).trimmed()));
        seen.insert(key);
    }
    return Done {};
}

} // namespace chat::server
