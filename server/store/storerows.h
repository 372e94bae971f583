#pragma once

// Helpers the Store's source files share: time conversions, the columns and reader of a
// whole timeline entry, and the visibility rule of membership. Internal to store/.

#include <server/logging.h>
#include <shared/conversationcodec.h>
#include <shared/wiretypes.h>

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace chat::server::storerows {

using namespace Qt::StringLiterals;

inline qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

inline QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

inline Error databaseError(const QString &what, const QSqlError &error)
{
    qCWarning(lcStore) << what << error.text();
    return Error { ErrorCode::Internal, u"database error while %1"_s.arg(what) };
}

//! Column order shared by every query that reads whole timeline entries (alias m for
//! messages, u for the sender).
inline const QString MessageColumns = u"m.id, m.conversation_id, m.sender_id, u.username, "
                                      u"m.client_id, m.body, m.created_at, m.event, "
                                      u"m.reply_to_id, m.edited_at, m.deleted_at"_s;
inline constexpr int MessageColumnCount = 11;

//! Rows of messages that are entries of the timeline, not changes of one (alias m).
inline const QString IsEntry = u"m.action IS NULL"_s;

//! The value to bind for StoreDialect::inIdList: the ids as a JSON array. One value for
//! any number of ids: a placeholder per id made a statement per length, and binding them
//! one by one through Qt cost more than the lookup for a page's 200.
inline QString idList(const QList<qint64> &ids)
{
    QByteArray list = "[";
    for (const qint64 id : ids) {
        if (list.size() > 1)
            list += ',';
        list += QByteArray::number(id);
    }
    list += ']';
    return QString::fromLatin1(list);
}

//! The part of a timeline the member `cm` (a conversation_members row) sees.
inline const QString VisibleToMember = u"m.id >= cm.first_visible_id "
                                       u"AND (cm.left_at_id IS NULL OR m.id <= cm.left_at_id)"_s;

//! The rows that can be unread: texts, neither system entries nor changes of a message.
//! Only they carry ordinals, and the partial indexes of schema step 8 hold only them.
inline const QString IsTextOf = u"%1.event IS NULL AND %1.action IS NULL"_s;

//! How many texts of a conversation have an id up to `upTo` (both SQL expressions): the
//! ordinal of the last of them, found by one seek in messages_text_ordinals (which covers
//! it); 0 when there is none.
inline QString textsUpTo(const QString &conversation, const QString &upTo)
{
    const QString sql = u"coalesce((SELECT t.text_ordinal FROM messages t "
                        u"WHERE t.conversation_id = %1 AND t.id <= %2 AND "_s
        + IsTextOf.arg(u"t"_s) + u" ORDER BY t.id DESC LIMIT 1), 0)"_s;
    return sql.arg(conversation, upTo);
}

//! How many of one sender's texts in a conversation have an id up to `upTo`: one seek in
//! messages_sender_ordinals.
inline QString textsOfSenderUpTo(
    const QString &conversation, const QString &sender, const QString &upTo)
{
    const QString sql = u"coalesce((SELECT t.sender_ordinal FROM messages t "
                        u"WHERE t.conversation_id = %1 AND t.sender_id = %2 AND t.id <= %3 AND "_s
        + IsTextOf.arg(u"t"_s) + u" ORDER BY t.id DESC LIMIT 1), 0)"_s;
    return sql.arg(conversation, sender, upTo);
}

inline Message readMessage(const QSqlQuery &query, int first = 0)
{
    Message message {
        query.value(first).toLongLong(),
        query.value(first + 1).toLongLong(),
        query.value(first + 2).toLongLong(),
        query.value(first + 3).toString(),
        query.value(first + 4).toString(),
        query.value(first + 5).toString(),
        fromMs(query.value(first + 6).toLongLong()),
    };
    if (const QVariant event = query.value(first + 7); !event.isNull()) {
        // Written by this server: an entry that does not read back is a bug, said loudly.
        auto decoded
            = json::decodeSystemEvent(QJsonDocument::fromJson(event.toString().toUtf8()).object());
        if (decoded)
            message.event = decoded.value();
        else
            qCWarning(lcStore) << "unreadable event of entry" << message.id;
    }
    // The quoted message's preview and the reactions come from Store::complete(); until
    // then a reply names only what it quotes, and shows nothing of it.
    if (const QVariant replyTo = query.value(first + 8); !replyTo.isNull())
        message.replyTo = ReplyPreview { .id = replyTo.toLongLong(), .available = false };
    if (const QVariant editedAt = query.value(first + 9); !editedAt.isNull())
        message.editedAt = fromMs(editedAt.toLongLong());
    message.deleted = !query.value(first + 10).isNull();
    return message;
}

} // namespace chat::server::storerows
