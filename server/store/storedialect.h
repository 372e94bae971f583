#pragma once

#include <QString>

namespace chat::server {

//! The database engines the Store runs on.
enum class StoreEngine {
    SQLite, //!< One file, one process: the embedded default.
    PostgreSQL, //!< Shared by several chatd nodes (docs/SCALING.md).
};

//! What the store's SQL says differently on each engine, as fragments its statements splice
//! in. Everything else is written once, in SQL both engines read the same way: greatest()
//! and least() (added to SQLite by sqlite::addPortableFunctions), RETURNING, ON CONFLICT,
//! IS NOT DISTINCT FROM, NULLS LAST, CAST(? AS BIGINT) where PostgreSQL cannot infer a
//! parameter's type. The schema is written per engine (migrations.cpp,
//! postgres/postgresmigrations.cpp), step for step, so a version means the same on both.
struct StoreDialect
{
    StoreEngine engine;
    //! Starts a write transaction. SQLite's IMMEDIATE takes the write lock at once
    //! (Store::beginTransaction says why); PostgreSQL locks rows as it writes them.
    QString beginWrite;
    //! "IN (...)" over a list of ids bound as one JSON array (storerows::idList): one
    //! statement, prepared once, whatever the number of ids.
    QString inIdList;
    //! Follows a username in a comparison or an ORDER BY to ignore case. SQLite's column is
    //! declared COLLATE NOCASE but a comparison with a bound value must say it again;
    //! PostgreSQL's is citext, which compares and sorts without case by itself.
    QString caseless;
    //! The highest message id ever assigned (ids are never reused), 0 before the first.
    QString highestMessageId;

    [[nodiscard]] static const StoreDialect &of(StoreEngine engine);
};

inline const StoreDialect &StoreDialect::of(StoreEngine engine)
{
    using namespace Qt::StringLiterals;
    static const StoreDialect sqlite {
        StoreEngine::SQLite,
        u"BEGIN IMMEDIATE"_s,
        u"IN (SELECT value FROM json_each(?))"_s,
        u" COLLATE NOCASE"_s,
        // AUTOINCREMENT keeps the highest id ever used in sqlite_sequence.
        u"SELECT seq FROM sqlite_sequence WHERE name = 'messages'"_s,
    };
    static const StoreDialect postgresql {
        StoreEngine::PostgreSQL,
        u"BEGIN"_s,
        u"IN (SELECT json_array_elements_text(CAST(? AS json))::bigint)"_s,
        QString(),
        // The next id to take, as the last commit left it (postgresmigrations.cpp, step 1).
        u"SELECT next_id - 1 FROM message_positions"_s,
    };
    return engine == StoreEngine::PostgreSQL ? postgresql : sqlite;
}

} // namespace chat::server
