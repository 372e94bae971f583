#include "processstats.h"

#include <QFile>
#include <QList>

#include <unistd.h>

namespace chat::server::processstats {

namespace {

QByteArray readProcFile(const char *path)
{
    // /proc files report a size of 0: read until the end rather than by size.
    QFile file(QString::fromLatin1(path));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

//! The fields of /proc/self/stat after the command name, which is in parentheses and may
//! hold spaces and parentheses itself: field 3 (state) comes first.
QList<QByteArray> statFieldsAfterName()
{
    const QByteArray stat = readProcFile("/proc/self/stat");
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return {};
    return stat.mid(close + 1).simplified().split(' ');
}

//! Field `number` of /proc/self/stat as proc(5) counts them (1 is the pid).
std::optional<qulonglong> statField(const QList<QByteArray> &afterName, int number)
{
    const qsizetype index = number - 3;
    if (index < 0 || index >= afterName.size())
        return std::nullopt;
    bool ok = false;
    const qulonglong value = afterName.at(index).toULongLong(&ok);
    return ok ? std::optional(value) : std::nullopt;
}

std::optional<double> clockTicksPerSecond()
{
    const long ticks = sysconf(_SC_CLK_TCK);
    return ticks > 0 ? std::optional(double(ticks)) : std::nullopt;
}

} // namespace

std::optional<double> residentMemoryBytes()
{
    const QList<QByteArray> fields = readProcFile("/proc/self/statm").simplified().split(' ');
    if (fields.size() < 2)
        return std::nullopt;
    bool ok = false;
    const qulonglong pages = fields.at(1).toULongLong(&ok);
    const long pageSize = sysconf(_SC_PAGESIZE);
    if (!ok || pageSize <= 0)
        return std::nullopt;
    return double(pages) * double(pageSize);
}

std::optional<double> startTimeSeconds()
{
    const auto ticks = clockTicksPerSecond();
    const auto sinceBoot = statField(statFieldsAfterName(), 22);
    if (!ticks || !sinceBoot)
        return std::nullopt;
    for (const QByteArray &line : readProcFile("/proc/stat").split('\n')) {
        if (!line.startsWith("btime "))
            continue;
        bool ok = false;
        const qulonglong bootTime = line.mid(6).trimmed().toULongLong(&ok);
        if (!ok)
            return std::nullopt;
        return double(bootTime) + double(*sinceBoot) / *ticks;
    }
    return std::nullopt;
}

std::optional<double> cpuSeconds()
{
    const auto ticks = clockTicksPerSecond();
    const QList<QByteArray> fields = statFieldsAfterName();
    const auto user = statField(fields, 14);
    const auto system = statField(fields, 15);
    if (!ticks || !user || !system)
        return std::nullopt;
    return double(*user + *system) / *ticks;
}

} // namespace chat::server::processstats
