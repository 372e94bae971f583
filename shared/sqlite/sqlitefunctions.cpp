#include "sqlitefunctions.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace chat::sqlite {

using namespace Qt::StringLiterals;

namespace {

enum class Extreme { Greatest, Least };

//! greatest() or least() (the user data says which) of the integer arguments.
void integerExtreme(sqlite3_context *context, int count, sqlite3_value **arguments)
{
    const bool greatest
        = *static_cast<const Extreme *>(sqlite3_user_data(context)) == Extreme::Greatest;
    bool found = false;
    sqlite3_int64 best = 0;
    for (int i = 0; i < count; ++i) {
        const int type = sqlite3_value_type(arguments[i]);
        if (type == SQLITE_NULL)
            continue;
        if (type != SQLITE_INTEGER) {
            sqlite3_result_error(context, "greatest() and least() take integers", -1);
            return;
        }
        const sqlite3_int64 value = sqlite3_value_int64(arguments[i]);
        if (!found || (greatest ? value > best : value < best))
            best = value;
        found = true;
    }
    if (found)
        sqlite3_result_int64(context, best);
    else
        sqlite3_result_null(context);
}

} // namespace

Status addPortableFunctions(const QSqlDatabase &connection)
{
    // Qt's documented way to reach the driver's own handle (QSqlDriver::handle()).
    const QVariant handle = connection.driver() ? connection.driver()->handle() : QVariant();
    if (!connection.isOpen() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return Error { ErrorCode::Internal, u"not an open SQLite connection"_s };
    sqlite3 *database = *static_cast<sqlite3 *const *>(handle.constData());
    static const Extreme greatest = Extreme::Greatest;
    static const Extreme least = Extreme::Least;
    for (const auto &[name, extreme] :
        { std::pair { "greatest", &greatest }, std::pair { "least", &least } }) {
        // Deterministic: SQLite may use them in indexes and factor them out of loops.
        if (sqlite3_create_function_v2(database, name, -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                const_cast<Extreme *>(extreme), integerExtreme, nullptr, nullptr, nullptr)
            != SQLITE_OK) {
            return Error { ErrorCode::Internal,
                u"adding %1(): %2"_s.arg(
                    QLatin1String(name), QString::fromUtf8(sqlite3_errmsg(database))) };
        }
    }
    return Done {};
}

} // namespace chat::sqlite
