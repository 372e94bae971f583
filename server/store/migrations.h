#pragma once

#include <shared/sqlite/sqlitedatabase.h>

namespace chat::server {

//! The schema version this build writes; a database with a higher one is refused.
[[nodiscard]] int latestSchemaVersion();

//! The server's schema, one entry per version (see sqlite::Database).
[[nodiscard]] const sqlite::Migrations &migrationSteps();

} // namespace chat::server
