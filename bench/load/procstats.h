#pragma once

#include <QtGlobal>

//! What the load generator reads of the server under load, from /proc/<pid>: CPU time and
//! resident memory. A pid of 0 (none given) reads as -1.
namespace chat::bench {

//! utime + stime of all the process' threads so far, in seconds (clock-tick resolution).
[[nodiscard]] double cpuSeconds(qint64 pid);
//! VmRSS in KiB.
[[nodiscard]] qint64 residentKb(qint64 pid);
//! This process' own user + system CPU so far, in seconds.
[[nodiscard]] double ownCpuSeconds();
//! Raises RLIMIT_NOFILE to its hard limit (one descriptor per socket); returns the new soft limit.
qint64 raiseFileLimit();

} // namespace chat::bench
