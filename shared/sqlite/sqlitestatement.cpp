#include "sqlitestatement.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace chat::sqlite {

using namespace Qt::StringLiterals;

Statement::~Statement()
{
    finalize();
}

Status Statement::prepare(const QSqlDatabase &connection, const QString &sql)
{
    finalize();
    // Qt's documented way to reach the driver's own handle (QSqlDriver::handle()).
    const QVariant handle = connection.driver() ? connection.driver()->handle() : QVariant();
    if (!connection.isOpen() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return Error { ErrorCode::Internal, u"not an open SQLite connection"_s };
    m_connection = *static_cast<sqlite3 *const *>(handle.constData());
    const QByteArray text = sql.toUtf8();
    if (sqlite3_prepare_v3(m_connection, text.constData(), int(text.size()),
            SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr)
        != SQLITE_OK) {
        const QString reason = QString::fromUtf8(sqlite3_errmsg(m_connection));
        finalize();
        return Error { ErrorCode::Internal, u"preparing a statement: %1"_s.arg(reason) };
    }
    m_texts.resize(size_t(sqlite3_bind_parameter_count(m_statement)) + 1);
    return Done {};
}

void Statement::finalize()
{
    sqlite3_finalize(m_statement); // a no-op on nullptr
    m_statement = nullptr;
    m_connection = nullptr;
    m_texts.clear();
}

void Statement::bind(int position, qint64 value)
{
    sqlite3_bind_int64(m_statement, position, value);
}

void Statement::bind(int position, const QString &text)
{
    QByteArray &utf8 = m_texts.at(size_t(position));
    utf8 = text.toUtf8();
    // toUtf8() of an empty string may have no data at all; SQLite reads NULL data as NULL.
    sqlite3_bind_text(m_statement, position, utf8.isNull() ? "" : utf8.constData(),
        int(utf8.size()), SQLITE_STATIC);
}

void Statement::bindNull(int position)
{
    sqlite3_bind_null(m_statement, position);
}

Status Statement::execute()
{
    if (!m_statement)
        return Error { ErrorCode::Internal, u"running a statement that is not prepared"_s };
    int result = SQLITE_ROW;
    while (result == SQLITE_ROW)
        result = sqlite3_step(m_statement);
    // sqlite3_reset repeats the step's error; the message must be read before it.
    const QString reason
        = result == SQLITE_DONE ? QString() : QString::fromUtf8(sqlite3_errmsg(m_connection));
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    for (QByteArray &text : m_texts)
        text.clear();
    if (result != SQLITE_DONE)
        return Error { ErrorCode::Internal,
            u"database error while running a statement: %1"_s.arg(reason) };
    return Done {};
}

qint64 Statement::changes() const
{
    return m_connection ? sqlite3_changes64(m_connection) : 0;
}

qint64 Statement::lastInsertRowId() const
{
    return m_connection ? sqlite3_last_insert_rowid(m_connection) : 0;
}

} // namespace chat::sqlite
