#pragma once

#include <shared/result.h>

#include <QHash>
#include <QSqlDatabase>

// The unread counts as the store counted them before schema step 8: row by row, with the
// very queries it ran then (GET /conversations and GET /contacts). The oracle of
// tst_unreadcounters and tst_migrations, and the "before" of bench_unread.
namespace chat::test {

class UnreadRecount
{
public:
    //! Reads through `database`, a connection of its own to the store's file (Inspector).
    explicit UnreadRecount(QSqlDatabase database);

    //! Each conversation the user is or was a member of, and its unread count in the
    //! conversation list: others' texts past the read position, within the visible range.
    [[nodiscard]] Result<QHash<qint64, qint64>> conversations(qint64 userId) const;
    //! Each other user, and how many of their messages in the direct conversation with
    //! `userId` are past its read position (0 without a conversation): GET /contacts.
    [[nodiscard]] Result<QHash<qint64, qint64>> contacts(qint64 userId) const;

private:
    [[nodiscard]] Result<QHash<qint64, qint64>> pairs(
        const QString &sql, qint64 userId, int userBindings) const;

    QSqlDatabase m_database;
};

} // namespace chat::test
