#pragma once

#include "result.h"

#include <QSqlDatabase>

namespace chat::server {

//! The schema version this build writes; a database with a higher one is refused.
[[nodiscard]] int latestSchemaVersion();

//! Brings the database up to latestSchemaVersion(), one transaction per migration,
//! recording progress in PRAGMA user_version.
[[nodiscard]] Status migrate(QSqlDatabase &database);

} // namespace chat::server
