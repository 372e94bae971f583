#pragma once

#include <shared/result.h>

#include <QSqlDatabase>

namespace chat::sqlite {

//! Adds to an open QSQLITE connection the scalar functions PostgreSQL has and SQLite lacks,
//! so that a statement the server's store writes once runs on both engines: greatest(...)
//! and least(...) of integers (SQLite spells them max(a, b) and min(a, b), which PostgreSQL
//! reads as aggregates). As in PostgreSQL, NULL arguments are ignored, and the result is
//! NULL only when all are NULL; a non-integer argument is an error, not a guess.
//! Per connection: call it after each open.
[[nodiscard]] Status addPortableFunctions(const QSqlDatabase &connection);

} // namespace chat::sqlite
