#pragma once

#include <server/daemon/daemonoptions.h>

namespace chat::server {

//! The commands of chatd other than serving: each prints what it did on standard output
//! (or "chatd: <reason>" on standard error) and returns the exit code, 0 or 1.
[[nodiscard]] int runBackup(const BackupCommand &command);
[[nodiscard]] int runUserCommand(const UserCommand &command);

} // namespace chat::server
