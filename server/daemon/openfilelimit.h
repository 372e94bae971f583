#pragma once

#include <QtGlobal>

namespace chat::server {

//! Raises this process's soft open-file limit (RLIMIT_NOFILE) to its hard limit and logs
//! the result; returns the soft limit in force afterwards. chatd calls it at start: each
//! connection is a descriptor, and the default soft limit (often 1024) let ~1,050 slow
//! connections starve everyone else. The total connection cap is derived from the value
//! in force when the server starts (ConnectionLimiter::derivedTotal()). Only the daemon
//! does this: an app that embeds the server keeps the limits it was given.
qint64 raiseOpenFileLimit();

} // namespace chat::server
