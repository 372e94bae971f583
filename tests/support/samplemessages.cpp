#include "samplemessages.h"

#include <QTimeZone>

namespace chat::test {

using namespace Qt::StringLiterals;

QDateTime serverTime(qint64 id)
{
    return QDateTime(QDate(2024, 3, 1), QTime(12, 0), QTimeZone::utc()).addSecs(id);
}

QDateTime writtenTime(int n)
{
    // The same local day as the stored messages, anywhere: a message stored moments after
    // it was written starts no day of its own.
    return QDateTime(QDate(2024, 3, 1), QTime(13, 0), QTimeZone::utc()).addMSecs(n * 250);
}

Message storedMessage(
    qint64 id, qint64 senderId, const QString &clientId, const QString &body, qint64 conversationId)
{
    Message message;
    message.id = id;
    message.conversationId = conversationId;
    message.senderId = senderId;
    message.senderName = senderId == OwnUserId ? u"alice"_s : u"bob"_s;
    message.clientId = clientId;
    message.body = body;
    message.createdAt = serverTime(id);
    return message;
}

Message theirs(qint64 id, qint64 conversationId)
{
    return storedMessage(id, BobId, u"bob-%1"_s.arg(id), u"hello %1"_s.arg(id), conversationId);
}

Message ours(qint64 id, const QString &clientId, const QString &body, qint64 conversationId)
{
    return storedMessage(id, OwnUserId, clientId, body, conversationId);
}

QList<Message> pageOf(qint64 from, qint64 to)
{
    QList<Message> page;
    for (qint64 id = to; id >= from; --id)
        page.append(theirs(id));
    return page;
}

QList<qint64> idRange(qint64 from, qint64 to)
{
    QList<qint64> ids;
    for (qint64 id = from; id <= to; ++id)
        ids.append(id);
    return ids;
}

} // namespace chat::test
