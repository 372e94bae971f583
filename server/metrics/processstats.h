#pragma once

#include <optional>

namespace chat::server {

//! What the kernel knows of this process, read from /proc (Linux) the way Prometheus'
//! own client libraries read it for their process_* metrics. Each answer is nullopt
//! where /proc is missing or says something unexpected; nothing here is cached.
namespace processstats {

//! Resident set size in bytes (/proc/self/statm: resident pages × page size).
[[nodiscard]] std::optional<double> residentMemoryBytes();
//! When the process started, in seconds since the Unix epoch (/proc/self/stat's start
//! time after boot, plus /proc/stat's boot time).
[[nodiscard]] std::optional<double> startTimeSeconds();
//! User and system CPU time spent, in seconds (/proc/self/stat).
[[nodiscard]] std::optional<double> cpuSeconds();

} // namespace processstats

} // namespace chat::server
