#include "procstats.h"

#include <QFile>
#include <QRegularExpression>
#include <QString>

#include <sys/resource.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace chat::bench {

namespace {

QString procFile(qint64 pid, const char *name)
{
    QFile file(u"/proc/%1/%2"_s.arg(pid).arg(QLatin1StringView(name)));
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()) : QString();
}

} // namespace

double cpuSeconds(qint64 pid)
{
    if (pid <= 0)
        return -1;
    // The command name is in parentheses and may hold spaces: utime and stime are fields
    // 14 and 15 of the line, so 11 and 12 after the ')'.
    const QString stat = procFile(pid, "stat");
    const QStringList fields = stat.mid(stat.lastIndexOf(u')') + 2).split(u' ');
    if (fields.size() < 13)
        return -1;
    return (fields[11].toDouble() + fields[12].toDouble()) / double(sysconf(_SC_CLK_TCK));
}

qint64 residentKb(qint64 pid)
{
    if (pid <= 0)
        return -1;
    static const QRegularExpression rss(u"VmRSS:\\s*(\\d+) kB"_s);
    const auto match = rss.match(procFile(pid, "status"));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

double ownCpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

qint64 raiseFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    return qint64(limit.rlim_cur);
}

} // namespace chat::bench
