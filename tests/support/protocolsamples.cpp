#include "protocolsamples.h"

#include <QJsonArray>

#include <shared/jsoncodec.h>
#include <shared/validation.h>

#include <QJsonDocument>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;

namespace chat::test {

QDateTime sampleTime(int msec)
{
    return QDateTime(QDate(2026, 11, 24), QTime(9, 15, 2, msec), Qt::UTC);
}

Message sampleMessage(qint64 id, const QString &body)
{
    return Message { id, 7, 3, u"alice"_s, u"client-%1"_s.arg(id), body, sampleTime() };
}

QJsonObject sampleMessageJson()
{
    return {
        { u"id"_s, 101 },
        { u"conversationId"_s, 7 },
        { u"senderId"_s, 3 },
        { u"senderName"_s, u"alice"_s },
        { u"clientId"_s, u"client-101"_s },
        { u"body"_s, u"hello"_s },
        { u"createdAt"_s, u"2026-11-24T09:15:02.123Z"_s },
        { u"kind"_s, u"text"_s },
        { u"event"_s, QJsonValue() },
        { u"replyTo"_s, QJsonValue() },
        { u"editedAt"_s, QJsonValue() },
        { u"deleted"_s, false },
        { u"reactions"_s, QJsonArray() },
    };
}

QByteArray jsonBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(jsonBytes(object));
}

QJsonObject overTheWire(const QJsonObject &object)
{
    auto parsed = parseJsonObject(jsonBytes(object), std::numeric_limits<qsizetype>::max());
    return parsed ? parsed.value() : QJsonObject();
}

QJsonObject with(QJsonObject object, const QString &key, const QJsonValue &value)
{
    object.insert(key, value);
    return object;
}

QJsonObject without(QJsonObject object, const QString &key)
{
    object.remove(key);
    return object;
}

QJsonObject sendObject(const QString &body, const QString &clientId)
{
    return { { u"conversationId"_s, 7 }, { u"clientId"_s, clientId }, { u"body"_s, body } };
}

QJsonObject sendFrameObject(const QString &requestId, const QString &body)
{
    QJsonObject frame = sendObject(body);
    frame.insert(u"type"_s, u"send"_s);
    frame.insert(u"id"_s, requestId);
    return frame;
}

} // namespace chat::test

namespace chat {

char *toString(const User &user)
{
    return QTest::toString(test::jsonText(json::encode(user)));
}

char *toString(const Message &message)
{
    return QTest::toString(test::jsonText(json::encode(message)));
}

char *toString(const Conversation &conversation)
{
    return QTest::toString(test::jsonText(json::encode(conversation)));
}

char *toString(const Contact &contact)
{
    return QTest::toString(test::jsonText(json::encode(contact)));
}

} // namespace chat
