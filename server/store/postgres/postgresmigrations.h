#pragma once

#include <server/store/postgres/postgresdatabase.h>

namespace chat::server::postgres {

//! The server's schema on PostgreSQL, one entry per version, step for step what
//! chat::server::migrationSteps() does on SQLite: a version means the same tables on both
//! engines (the store's statements are written once for both, StoreDialect).
[[nodiscard]] const Migrations &migrationSteps();

} // namespace chat::server::postgres
