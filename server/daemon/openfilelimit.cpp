#include "openfilelimit.h"

#include <server/logging.h>

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace chat::server {

qint64 raiseOpenFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        qCWarning(lcServer) << "cannot read the open-file limit:" << std::strerror(errno);
        return -1;
    }
    if (limit.rlim_cur < limit.rlim_max) {
        const rlim_t before = limit.rlim_cur;
        limit.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
            qCWarning(lcServer) << "cannot raise the open-file limit from" << before << "to"
                                << limit.rlim_max << ":" << std::strerror(errno);
            limit.rlim_cur = before;
        }
    }
    const qint64 current = limit.rlim_cur == RLIM_INFINITY ? qint64(-1) : qint64(limit.rlim_cur);
    qCInfo(lcServer) << "open-file limit:" << current << "(hard limit" << qint64(limit.rlim_max)
                     << ")";
    return current;
}

} // namespace chat::server
