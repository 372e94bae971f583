// Unit tests of the WebSocket frames (shared/frames.h): client and server frames survive
// a round trip, are written exactly as the protocol documents them, and bad frames are
// refused with the field (and, where readable, the request id) named. Pure functions only.
#include <shared/frames.h>
#include <shared/jsoncodec.h>
#include <shared/protocol.h>
#include <support/protocolsamples.h>
#include <support/resultcheck.h>

#include <QJsonDocument>
#include <QTest>

#include <tuple>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
namespace limits = chat::protocol::limits;

namespace {

// Frames have no operator==: compare them member by member.
auto fieldsOf(const frames::Auth &frame)
{
    return std::tie(frame.token);
}
auto fieldsOf(const frames::Send &frame)
{
    return std::tie(frame.requestId, frame.request.conversationId, frame.request.clientId,
        frame.request.body, frame.request.replyTo);
}
auto fieldsOf(const frames::Ping &frame)
{
    return std::tie(frame.requestId);
}
auto fieldsOf(const frames::Ready &frame)
{
    return std::tie(frame.protocol, frame.user);
}
auto fieldsOf(const frames::Ack &frame)
{
    return std::tie(frame.requestId, frame.message, frame.duplicate);
}
auto fieldsOf(const frames::MessageEvent &frame)
{
    return std::tie(frame.message);
}
auto fieldsOf(const frames::ErrorFrame &frame)
{
    return std::tie(frame.requestId, frame.error.code, frame.error.message, frame.error.field);
}
auto fieldsOf(const frames::Pong &frame)
{
    return std::tie(frame.requestId);
}
auto fieldsOf(const frames::Read &frame)
{
    return std::tie(frame.requestId, frame.conversationId, frame.upTo);
}
auto fieldsOf(const frames::Delivered &frame)
{
    return std::tie(frame.requestId, frame.conversationId, frame.upTo);
}
auto fieldsOf(const frames::Typing &frame)
{
    return std::tie(frame.requestId, frame.conversationId);
}
auto fieldsOf(const frames::ReadPosition &frame)
{
    return std::tie(frame.conversationId, frame.upTo);
}
auto fieldsOf(const frames::Receipt &frame)
{
    return std::tie(frame.conversationId, frame.userId, frame.kind, frame.upTo);
}
auto fieldsOf(const frames::TypingEvent &frame)
{
    return std::tie(frame.conversationId, frame.userId, frame.expiresInMs);
}
auto fieldsOf(const frames::PresenceEvent &frame)
{
    return std::tie(frame.userId, frame.online, frame.lastSeenAt);
}
auto fieldsOf(const frames::ConversationUpdate &frame)
{
    return std::tie(frame.conversation);
}
auto fieldsOf(const frames::Edit &frame)
{
    return std::tie(frame.requestId, frame.request.target.conversationId,
        frame.request.target.messageId, frame.request.clientId, frame.request.body);
}
auto fieldsOf(const frames::Delete &frame)
{
    return std::tie(frame.requestId, frame.request.target.conversationId,
        frame.request.target.messageId, frame.request.clientId);
}
auto fieldsOf(const frames::React &frame)
{
    return std::tie(frame.requestId, frame.request.target.conversationId,
        frame.request.target.messageId, frame.request.clientId, frame.request.emoji,
        frame.request.remove);
}
auto fieldsOf(const frames::ActionAck &frame)
{
    return std::tie(frame.requestId, frame.update, frame.duplicate);
}
auto fieldsOf(const frames::UpdateEvent &frame)
{
    return std::tie(frame.update);
}

//! A message with everything version 3 adds: a quote, an edit, reactions.
Message richMessage()
{
    Message message = sampleMessage(8, u"Yes, **Friday**"_s);
    message.replyTo = ReplyPreview { 5, true, false, 2, u"bob"_s, u"Ship on Friday?"_s };
    message.editedAt = sampleTime(2000);
    message.reactions = { Reaction { u"👍"_s, { 2, 3 } }, Reaction { u"🎉"_s, { 1 } } };
    return message;
}

MessageUpdate sampleUpdate(MessageUpdate::Kind kind)
{
    return MessageUpdate { 12, kind, 2, u"u-1"_s,
        kind == MessageUpdate::Kind::ReactionAdded ? u"👍"_s : QString(), sampleTime(3000),
        richMessage() };
}

template<typename Variant> bool sameFrame(const Variant &left, const Variant &right)
{
    return left.index() == right.index()
        && std::visit(
            [&right](const auto &frame) {
                using Frame = std::decay_t<decltype(frame)>;
                return fieldsOf(frame) == fieldsOf(std::get<Frame>(right));
            },
            left);
}

// Test data columns hold frames inside these wrappers: QMetaType would otherwise try to
// instantiate std::variant's operator==, which the frame types do not support.
struct ClientFrameCase
{
    frames::ClientFrame frame;
};
struct ServerFrameCase
{
    frames::ServerFrame frame;
};

} // namespace

class tst_Frames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Round trips and the documented wire format.
    void clientFrameRoundTrip_data();
    void clientFrameRoundTrip();
    void serverFrameRoundTrip_data();
    void serverFrameRoundTrip();
    void frameWireFormat_data();
    void frameWireFormat();
    void messageFramesAreWhatQJsonDocumentWrites_data();
    void messageFramesAreWhatQJsonDocumentWrites();
    void aChangedMessageIsEncodedAnew();

    // Rejection of bad frames.
    void clientFrameRejects_data();
    void clientFrameRejects();
    void clientFrameReportsRequestIdOfFailedFrame();
    void serverFrameRejects_data();
    void serverFrameRejects();
};

void tst_Frames::clientFrameRoundTrip_data()
{
    QTest::addColumn<ClientFrameCase>("frame");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("requestId");

    QTest::addRow("auth") << ClientFrameCase { frames::Auth { u"token-123"_s } } << u"auth"_s
                          << QString();
    QTest::addRow("send") << ClientFrameCase { frames::Send { u"r1"_s, { 7, u"c-1"_s, u"hi"_s } } }
                          << u"send"_s << u"r1"_s;
    QTest::addRow("send, emoji multi-line body") << ClientFrameCase {
        frames::Send { u"r2"_s, { MaxSafeInteger, u"{c-2}"_s, u"line one 😀\nline two ✓"_s } }
    } << u"send"_s << u"r2"_s;
    // 5461 three-byte characters and one ASCII byte: exactly the limit in bytes.
    QTest::addRow("send, body at the byte limit") << ClientFrameCase {
        frames::Send { u"r3"_s, { 7, u"c-3"_s, QString(5461, QChar(0x20AC)) + u'x' } }
    } << u"send"_s << u"r3"_s;
    QTest::addRow("ping") << ClientFrameCase { frames::Ping { u"p1"_s } } << u"ping"_s << u"p1"_s;
    QTest::addRow("ping without id")
        << ClientFrameCase { frames::Ping {} } << u"ping"_s << QString();
    QTest::addRow("read") << ClientFrameCase { frames::Read { u"r1"_s, 7, 101 } } << u"read"_s
                          << u"r1"_s;
    QTest::addRow("read without id, at the largest id")
        << ClientFrameCase { frames::Read { {}, MaxSafeInteger, MaxSafeInteger } } << u"read"_s
        << QString();
    QTest::addRow("delivered") << ClientFrameCase { frames::Delivered { u"d1"_s, 7, 5 } }
                               << u"delivered"_s << u"d1"_s;
    QTest::addRow("delivered without id")
        << ClientFrameCase { frames::Delivered { {}, 7, 5 } } << u"delivered"_s << QString();
    QTest::addRow("typing") << ClientFrameCase { frames::Typing { u"t1"_s, 7 } } << u"typing"_s
                            << u"t1"_s;
    QTest::addRow("typing without id")
        << ClientFrameCase { frames::Typing { {}, 7 } } << u"typing"_s << QString();
    QTest::addRow("send, a reply")
        << ClientFrameCase { frames::Send { u"r4"_s, { 7, u"c-4"_s, u"yes"_s, 5 } } } << u"send"_s
        << u"r4"_s;
    QTest::addRow("edit") << ClientFrameCase {
        frames::Edit { u"e1"_s, { { 7, 5 }, u"c-5"_s, u"fixed ✓"_s } }
    } << u"edit"_s << u"e1"_s;
    QTest::addRow("delete") << ClientFrameCase {
        frames::Delete { u"x1"_s, { { 7, 5 }, u"c-6"_s } }
    } << u"delete"_s << u"x1"_s;
    QTest::addRow("react") << ClientFrameCase {
        frames::React { u"a1"_s, { { 7, 5 }, u"c-7"_s, u"👍🏽"_s, false } }
    } << u"react"_s << u"a1"_s;
    QTest::addRow("react, removing")
        << ClientFrameCase { frames::React { u"a2"_s, { { 7, 5 }, u"c-8"_s, u"❤️"_s, true } } }
        << u"react"_s << u"a2"_s;
}

void tst_Frames::clientFrameRoundTrip()
{
    QFETCH(ClientFrameCase, frame);
    QFETCH(QString, type);
    QFETCH(QString, requestId);

    const QString text = frames::encode(frame.frame);
    QCOMPARE(QJsonDocument::fromJson(text.toUtf8()).object().value(u"type"_s).toString(), type);

    // The out-parameter is overwritten, not appended to or left stale.
    QString reportedId = u"stale"_s;
    const auto decoded = frames::decodeClientFrame(text, &reportedId);
    VERIFY_OK(decoded);
    QVERIFY2(sameFrame(decoded.value(), frame.frame), qPrintable(text));
    QCOMPARE(reportedId, requestId);
}

void tst_Frames::serverFrameRoundTrip_data()
{
    QTest::addColumn<ServerFrameCase>("frame");
    QTest::addColumn<QString>("type");

    QTest::addRow("ready") << ServerFrameCase {
        frames::Ready { protocol::Version, User { 3, u"alice"_s }, 0, false }
    } << u"ready"_s;
    QTest::addRow("ready after a resync") << ServerFrameCase {
        frames::Ready { protocol::Version, User { 3, u"alice"_s }, 9007199254740991, true }
    } << u"ready"_s;
    QTest::addRow("ack") << ServerFrameCase { frames::Ack { u"r1"_s, sampleMessage(), false } }
                         << u"ack"_s;
    QTest::addRow("ack of a duplicate")
        << ServerFrameCase { frames::Ack { u"r2"_s, sampleMessage(5), true } } << u"ack"_s;
    QTest::addRow("message") << ServerFrameCase {
        frames::MessageEvent { sampleMessage(6, u"Grüße 😀\nzweite Zeile"_s) }
    } << u"message"_s;
    QTest::addRow("error with id and field") << ServerFrameCase { frames::ErrorFrame {
        u"r3"_s, Error { ErrorCode::InvalidField, u"'body' is too long"_s, u"body"_s } } }
                                             << u"error"_s;
    QTest::addRow("error without id or field") << ServerFrameCase { frames::ErrorFrame {
        QString(), Error { ErrorCode::Unauthenticated, u"authenticate first"_s, QString() } } }
                                               << u"error"_s;
    QTest::addRow("pong") << ServerFrameCase { frames::Pong { u"p1"_s } } << u"pong"_s;
    QTest::addRow("pong without id") << ServerFrameCase { frames::Pong {} } << u"pong"_s;
    QTest::addRow("readPosition") << ServerFrameCase { frames::ReadPosition { 7, 101 } }
                                  << u"readPosition"_s;
    QTest::addRow("read receipt") << ServerFrameCase {
        frames::Receipt { 7, 3, frames::ReceiptKind::Read, 101 }
    } << u"receipt"_s;
    QTest::addRow("delivered receipt")
        << ServerFrameCase { frames::Receipt { 7, 3, frames::ReceiptKind::Delivered, 99 } }
        << u"receipt"_s;
    QTest::addRow("typing") << ServerFrameCase { frames::TypingEvent { 7, 3, 5000 } }
                            << u"typing"_s;
    QTest::addRow("presence online")
        << ServerFrameCase { frames::PresenceEvent { 3, true, std::nullopt } } << u"presence"_s;
    QTest::addRow("presence offline, last seen")
        << ServerFrameCase { frames::PresenceEvent { 3, false, sampleTime(999) } } << u"presence"_s;
    QTest::addRow("presence offline, never seen or hidden")
        << ServerFrameCase { frames::PresenceEvent { 3, false, std::nullopt } } << u"presence"_s;
    QTest::addRow("message with a quote, an edit and reactions")
        << ServerFrameCase { frames::MessageEvent { richMessage() } } << u"message"_s;
    Message deleted = sampleMessage(9, QString());
    deleted.deleted = true;
    QTest::addRow("deleted message")
        << ServerFrameCase { frames::MessageEvent { deleted } } << u"message"_s;
    QTest::addRow("ack of an edit") << ServerFrameCase {
        frames::ActionAck { u"e1"_s, sampleUpdate(MessageUpdate::Kind::Edited), false }
    } << u"ack"_s;
    QTest::addRow("update, a reaction") << ServerFrameCase {
        frames::UpdateEvent { sampleUpdate(MessageUpdate::Kind::ReactionAdded) }
    } << u"update"_s;
    QTest::addRow("update, a deletion")
        << ServerFrameCase { frames::UpdateEvent { sampleUpdate(MessageUpdate::Kind::Deleted) } }
        << u"update"_s;
}

void tst_Frames::serverFrameRoundTrip()
{
    QFETCH(ServerFrameCase, frame);
    QFETCH(QString, type);

    const QString text = frames::encode(frame.frame);
    QCOMPARE(QJsonDocument::fromJson(text.toUtf8()).object().value(u"type"_s).toString(), type);
    const auto decoded = frames::decodeServerFrame(text);
    VERIFY_OK(decoded);
    QVERIFY2(sameFrame(decoded.value(), frame.frame), qPrintable(text));
}

void tst_Frames::frameWireFormat_data()
{
    // The exact objects the protocol documents: a round trip alone would not notice a
    // field renamed on both sides.
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonObject>("expected");

    using CF = frames::ClientFrame;
    using SF = frames::ServerFrame;
    QTest::addRow("auth") << frames::encode(CF { frames::Auth { u"tok"_s } })
                          << QJsonObject { { u"type"_s, u"auth"_s }, { u"token"_s, u"tok"_s } };
    QTest::addRow("send") << frames::encode(
        CF { frames::Send { u"r1"_s, { 7, u"c-1"_s, u"hi"_s } } })
                          << QJsonObject { { u"type"_s, u"send"_s }, { u"id"_s, u"r1"_s },
                                 { u"conversationId"_s, 7 }, { u"clientId"_s, u"c-1"_s },
                                 { u"body"_s, u"hi"_s } };
    QTest::addRow("ping") << frames::encode(CF { frames::Ping { u"p1"_s } })
                          << QJsonObject { { u"type"_s, u"ping"_s }, { u"id"_s, u"p1"_s } };
    QTest::addRow("ping without id")
        << frames::encode(CF { frames::Ping {} })
        << QJsonObject { { u"type"_s, u"ping"_s }, { u"id"_s, QJsonValue() } };
    QTest::addRow("ready")
        << frames::encode(SF { frames::Ready { 1, User { 3, u"alice"_s }, 42, true } })
        << QJsonObject { { u"type"_s, u"ready"_s }, { u"protocol"_s, 1 },
               { u"user"_s, QJsonObject { { u"id"_s, 3 }, { u"username"_s, u"alice"_s } } },
               { u"position"_s, 42 }, { u"resync"_s, true } };
    QTest::addRow("auth with a position")
        << frames::encode(CF { frames::Auth { u"t0k"_s, 17 } })
        << QJsonObject { { u"type"_s, u"auth"_s }, { u"token"_s, u"t0k"_s }, { u"after"_s, 17 } };
    QTest::addRow("ack") << frames::encode(SF { frames::Ack { u"r1"_s, sampleMessage(), true } })
                         << QJsonObject { { u"type"_s, u"ack"_s }, { u"id"_s, u"r1"_s },
                                { u"message"_s, sampleMessageJson() }, { u"duplicate"_s, true } };
    QTest::addRow("message") << frames::encode(SF { frames::MessageEvent { sampleMessage() } })
                             << QJsonObject { { u"type"_s, u"message"_s },
                                    { u"message"_s, sampleMessageJson() } };
    QTest::addRow("error") << frames::encode(SF {
        frames::ErrorFrame { u"r1"_s, Error { ErrorCode::InvalidField, u"bad"_s, u"body"_s } } })
                           << QJsonObject { { u"type"_s, u"error"_s }, { u"id"_s, u"r1"_s },
                                  { u"error"_s,
                                      QJsonObject { { u"code"_s, u"invalid_field"_s },
                                          { u"message"_s, u"bad"_s },
                                          { u"field"_s, u"body"_s } } } };
    // No request: the id is null, and an error about no field has no "field" key.
    QTest::addRow("error without id")
        << frames::encode(SF { frames::ErrorFrame {
               QString(), Error { ErrorCode::RateLimited, u"slow down"_s, QString() } } })
        << QJsonObject { { u"type"_s, u"error"_s }, { u"id"_s, QJsonValue() },
               { u"error"_s,
                   QJsonObject {
                       { u"code"_s, u"rate_limited"_s }, { u"message"_s, u"slow down"_s } } } };
    QTest::addRow("pong") << frames::encode(SF { frames::Pong { u"p1"_s } })
                          << QJsonObject { { u"type"_s, u"pong"_s }, { u"id"_s, u"p1"_s } };
    QTest::addRow("read") << frames::encode(CF { frames::Read { u"r1"_s, 7, 101 } })
                          << QJsonObject { { u"type"_s, u"read"_s }, { u"id"_s, u"r1"_s },
                                 { u"conversationId"_s, 7 }, { u"upTo"_s, 101 } };
    QTest::addRow("delivered") << frames::encode(CF { frames::Delivered { {}, 7, 99 } })
                               << QJsonObject { { u"type"_s, u"delivered"_s },
                                      { u"id"_s, QJsonValue() }, { u"conversationId"_s, 7 },
                                      { u"upTo"_s, 99 } };
    QTest::addRow("typing (client)") << frames::encode(CF { frames::Typing { u"t1"_s, 7 } })
                                     << QJsonObject { { u"type"_s, u"typing"_s },
                                            { u"id"_s, u"t1"_s }, { u"conversationId"_s, 7 } };
    QTest::addRow("readPosition") << frames::encode(SF { frames::ReadPosition { 7, 101 } })
                                  << QJsonObject { { u"type"_s, u"readPosition"_s },
                                         { u"conversationId"_s, 7 }, { u"upTo"_s, 101 } };
    QTest::addRow("receipt") << frames::encode(
        SF { frames::Receipt { 7, 3, frames::ReceiptKind::Delivered, 99 } })
                             << QJsonObject { { u"type"_s, u"receipt"_s },
                                    { u"conversationId"_s, 7 }, { u"userId"_s, 3 },
                                    { u"kind"_s, u"delivered"_s }, { u"upTo"_s, 99 } };
    QTest::addRow("typing (server)")
        << frames::encode(SF { frames::TypingEvent { 7, 3, 5000 } })
        << QJsonObject { { u"type"_s, u"typing"_s }, { u"conversationId"_s, 7 }, { u"userId"_s, 3 },
               { u"expiresInMs"_s, 5000 } };
    QTest::addRow("presence") << frames::encode(
        SF { frames::PresenceEvent { 3, false, sampleTime() } })
                              << QJsonObject { { u"type"_s, u"presence"_s }, { u"userId"_s, 3 },
                                     { u"online"_s, false },
                                     { u"lastSeenAt"_s, u"2026-11-24T09:15:02.123Z"_s } };
    QTest::addRow("presence online")
        << frames::encode(SF { frames::PresenceEvent { 3, true, std::nullopt } })
        << QJsonObject { { u"type"_s, u"presence"_s }, { u"userId"_s, 3 }, { u"online"_s, true },
               { u"lastSeenAt"_s, QJsonValue() } };
}

void tst_Frames::frameWireFormat()
{
    QFETCH(QString, text);
    QFETCH(QJsonObject, expected);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY2(document.object() == expected,
        qPrintable(u"got %1\nexpected %2"_s.arg(text, jsonText(expected))));
}

void tst_Frames::messageFramesAreWhatQJsonDocumentWrites_data()
{
    QTest::addColumn<Message>("message");
    QTest::addColumn<QString>("requestId");
    QTest::addRow("plain") << sampleMessage() << u"r1"_s;
    QTest::addRow("unicode and a newline")
        << sampleMessage(6, u"Grüße 😀\nzweite Zeile \"quoted\" \\ back"_s) << u"r-é"_s;
    QTest::addRow("rich") << richMessage() << u"id \"with\" quotes\t\\"_s;
    Message deleted = sampleMessage(9, QString());
    deleted.deleted = true;
    QTest::addRow("deleted") << deleted << u"\u0001"_s;
}

void tst_Frames::messageFramesAreWhatQJsonDocumentWrites()
{
    // Ack and message frames are put together around the message's JSON (frames.cpp,
    // messageJson()): the bytes must be what the whole object gives.
    QFETCH(Message, message);
    QFETCH(QString, requestId);
    const auto written = [](const QJsonObject &object) {
        return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
    };
    for (const bool duplicate : { false, true }) {
        QCOMPARE(
            frames::encode(frames::ServerFrame { frames::Ack { requestId, message, duplicate } }),
            written({ { u"type"_s, u"ack"_s }, { u"id"_s, requestId },
                { u"message"_s, json::encode(message) }, { u"duplicate"_s, duplicate } }));
    }
    QCOMPARE(frames::encode(frames::ServerFrame { frames::MessageEvent { message } }),
        written({ { u"type"_s, u"message"_s }, { u"message"_s, json::encode(message) } }));
}

void tst_Frames::aChangedMessageIsEncodedAnew()
{
    // The remembered JSON of the last message never stands in for a changed one.
    Message message = sampleMessage(4, u"first"_s);
    const auto bodyOf = [](const QString &frame) {
        return QJsonDocument::fromJson(frame.toUtf8())
            .object()
            .value(u"message"_s)
            .toObject()
            .value(u"body"_s)
            .toString();
    };
    QCOMPARE(bodyOf(frames::encode(frames::ServerFrame { frames::MessageEvent { message } })),
        u"first"_s);
    message.body = u"edited"_s;
    QCOMPARE(bodyOf(frames::encode(frames::ServerFrame { frames::Ack { u"r"_s, message, false } })),
        u"edited"_s);
    message.deleted = true;
    const QJsonObject deleted = QJsonDocument::fromJson(
        frames::encode(frames::ServerFrame { frames::MessageEvent { message } }).toUtf8())
                                    .object()
                                    .value(u"message"_s)
                                    .toObject();
    QCOMPARE(deleted, json::encode(message));
}

void tst_Frames::clientFrameRejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("requestId");

    const auto invalid = ErrorCode::InvalidField;
    const auto frame = [](const QJsonObject &object) {
        return jsonText(object);
    };

    QTest::addRow("not json") << u"hello"_s << ErrorCode::MalformedJson << QString() << QString();
    QTest::addRow("empty") << QString() << ErrorCode::MalformedJson << QString() << QString();
    QTest::addRow("array") << u"[{\"type\":\"ping\"}]"_s << ErrorCode::MalformedJson << QString()
                           << QString();
    QTest::addRow("number") << u"42"_s << ErrorCode::MalformedJson << QString() << QString();

    QTest::addRow("type missing") << frame({ { u"id"_s, u"r1"_s } }) << invalid << u"type"_s
                                  << u"r1"_s;
    QTest::addRow("auth with a negative position")
        << frame({ { u"type"_s, u"auth"_s }, { u"token"_s, u"t"_s }, { u"after"_s, -1 } })
        << invalid << u"after"_s << QString();
    QTest::addRow("auth with a text position")
        << frame({ { u"type"_s, u"auth"_s }, { u"token"_s, u"t"_s }, { u"after"_s, u"5"_s } })
        << invalid << u"after"_s << QString();
    QTest::addRow("type is a number")
        << frame({ { u"type"_s, 5 }, { u"id"_s, u"r1"_s } }) << invalid << u"type"_s << u"r1"_s;
    QTest::addRow("type is null") << frame({ { u"type"_s, QJsonValue() } }) << invalid << u"type"_s
                                  << QString();
    QTest::addRow("unknown type") << frame({ { u"type"_s, u"shout"_s }, { u"id"_s, u"r2"_s } })
                                  << ErrorCode::UnknownType << u"type"_s << u"r2"_s;
    QTest::addRow("type is case-sensitive")
        << frame({ { u"type"_s, u"PING"_s } }) << ErrorCode::UnknownType << u"type"_s << QString();
    // A server frame type is not a client frame.
    QTest::addRow("server frame type") << frame({ { u"type"_s, u"pong"_s }, { u"id"_s, u"r3"_s } })
                                       << ErrorCode::UnknownType << u"type"_s << u"r3"_s;

    // The id itself is bad: nothing to report back.
    QTest::addRow("id is a number")
        << frame({ { u"type"_s, u"ping"_s }, { u"id"_s, 5 } }) << invalid << u"id"_s << QString();
    QTest::addRow("id over 64") << frame(
        { { u"type"_s, u"ping"_s }, { u"id"_s, QString(limits::MaxRequestIdLength + 1, u'i') } })
                                << invalid << u"id"_s << QString();
    QTest::addRow("id is a lone surrogate")
        << uR"({"type":"ping","id":"\ud800"})"_s << invalid << u"id"_s << QString();

    // A send must say which request an ack or error answers.
    QTest::addRow("send without id")
        << frame(without(sendFrameObject(u"x"_s), u"id"_s)) << invalid << u"id"_s << QString();
    QTest::addRow("send with empty id")
        << frame(sendFrameObject(QString())) << invalid << u"id"_s << QString();
    QTest::addRow("send with null id")
        << frame(with(sendFrameObject(u"x"_s), u"id"_s, QJsonValue())) << invalid << u"id"_s
        << QString();

    // The frame is bad but its id is readable: the error can name the request.
    QTest::addRow("send with empty body")
        << frame(sendFrameObject(u"r4"_s, QString())) << invalid << u"body"_s << u"r4"_s;
    QTest::addRow("send with white-space body")
        << frame(sendFrameObject(u"r5"_s, u"  \n "_s)) << invalid << u"body"_s << u"r5"_s;
    QTest::addRow("send with 6000 three-byte characters")
        << frame(sendFrameObject(u"r6"_s, QString(6000, QChar(0x20AC)))) << invalid << u"body"_s
        << u"r6"_s;
    QTest::addRow("send without conversationId")
        << frame(without(sendFrameObject(u"r7"_s), u"conversationId"_s)) << invalid
        << u"conversationId"_s << u"r7"_s;
    QTest::addRow("send with conversationId 1.5")
        << frame(with(sendFrameObject(u"r8"_s), u"conversationId"_s, 1.5)) << invalid
        << u"conversationId"_s << u"r8"_s;
    QTest::addRow("send with bad clientId")
        << frame(with(sendFrameObject(u"r9"_s), u"clientId"_s, u"a b"_s)) << invalid
        << u"clientId"_s << u"r9"_s;

    QTest::addRow("send replying to 0") << frame(with(sendFrameObject(u"r10"_s), u"replyTo"_s, 0))
                                        << invalid << u"replyTo"_s << u"r10"_s;
    QTest::addRow("send replying to a string")
        << frame(with(sendFrameObject(u"r11"_s), u"replyTo"_s, u"5"_s)) << invalid << u"replyTo"_s
        << u"r11"_s;

    // Changes of messages: an id is required, and so are the message and the client id.
    const QJsonObject react { { u"type"_s, u"react"_s }, { u"id"_s, u"c1"_s },
        { u"conversationId"_s, 7 }, { u"messageId"_s, 5 }, { u"clientId"_s, u"k-1"_s },
        { u"emoji"_s, u"👍"_s } };
    QTest::addRow("react without id")
        << frame(without(react, u"id"_s)) << invalid << u"id"_s << QString();
    QTest::addRow("react without messageId")
        << frame(without(react, u"messageId"_s)) << invalid << u"messageId"_s << u"c1"_s;
    QTest::addRow("react with a word")
        << frame(with(react, u"emoji"_s, u"like"_s)) << invalid << u"emoji"_s << u"c1"_s;
    QTest::addRow("react with two emoji and a space")
        << frame(with(react, u"emoji"_s, u"👍 👍"_s)) << invalid << u"emoji"_s << u"c1"_s;
    QTest::addRow("react with an empty emoji")
        << frame(with(react, u"emoji"_s, QString())) << invalid << u"emoji"_s << u"c1"_s;
    QTest::addRow("react with remove as a string")
        << frame(with(react, u"remove"_s, u"yes"_s)) << invalid << u"remove"_s << u"c1"_s;
    const QJsonObject edit { { u"type"_s, u"edit"_s }, { u"id"_s, u"c2"_s },
        { u"conversationId"_s, 7 }, { u"messageId"_s, 5 }, { u"clientId"_s, u"k-2"_s },
        { u"body"_s, u"fixed"_s } };
    QTest::addRow("edit with an empty body")
        << frame(with(edit, u"body"_s, u" "_s)) << invalid << u"body"_s << u"c2"_s;
    QTest::addRow("edit without clientId")
        << frame(without(edit, u"clientId"_s)) << invalid << u"clientId"_s << u"c2"_s;
    QTest::addRow("delete of message 0")
        << frame({ { u"type"_s, u"delete"_s }, { u"id"_s, u"c3"_s }, { u"conversationId"_s, 7 },
               { u"messageId"_s, 0 }, { u"clientId"_s, u"k-3"_s } })
        << invalid << u"messageId"_s << u"c3"_s;

    QTest::addRow("auth without token")
        << frame({ { u"type"_s, u"auth"_s } }) << invalid << u"token"_s << QString();
    QTest::addRow("auth token is a number")
        << frame({ { u"type"_s, u"auth"_s }, { u"token"_s, 1 } }) << invalid << u"token"_s
        << QString();
    QTest::addRow("auth token over 256")
        << frame({ { u"type"_s, u"auth"_s }, { u"token"_s, QString(257, u't') } }) << invalid
        << u"token"_s << QString();

    // Awareness frames: the id is optional, and named in the error when present.
    const QJsonObject read { { u"type"_s, u"read"_s }, { u"id"_s, u"a1"_s },
        { u"conversationId"_s, 7 }, { u"upTo"_s, 5 } };
    QTest::addRow("read without conversationId")
        << frame(without(read, u"conversationId"_s)) << invalid << u"conversationId"_s << u"a1"_s;
    QTest::addRow("read without upTo")
        << frame(without(read, u"upTo"_s)) << invalid << u"upTo"_s << u"a1"_s;
    QTest::addRow("read with upTo 0")
        << frame(with(read, u"upTo"_s, 0)) << invalid << u"upTo"_s << u"a1"_s;
    QTest::addRow("read with upTo as a string")
        << frame(with(read, u"upTo"_s, u"5"_s)) << invalid << u"upTo"_s << u"a1"_s;
    QTest::addRow("read with upTo past 2^53")
        << frame(with(read, u"upTo"_s, 9007199254740992.0 * 2)) << invalid << u"upTo"_s << u"a1"_s;
    QTest::addRow("delivered with a negative upTo")
        << frame(with(with(read, u"type"_s, u"delivered"_s), u"upTo"_s, -3)) << invalid << u"upTo"_s
        << u"a1"_s;
    QTest::addRow("delivered with conversationId 0")
        << frame(with(with(read, u"type"_s, u"delivered"_s), u"conversationId"_s, 0)) << invalid
        << u"conversationId"_s << u"a1"_s;
    QTest::addRow("typing without conversationId")
        << frame({ { u"type"_s, u"typing"_s }, { u"id"_s, u"a2"_s } }) << invalid
        << u"conversationId"_s << u"a2"_s;
    QTest::addRow("typing with conversationId as a string")
        << frame({ { u"type"_s, u"typing"_s }, { u"conversationId"_s, u"7"_s } }) << invalid
        << u"conversationId"_s << QString();
    QTest::addRow("server frame type readPosition")
        << frame({ { u"type"_s, u"readPosition"_s }, { u"id"_s, u"a3"_s } })
        << ErrorCode::UnknownType << u"type"_s << u"a3"_s;

    // Too large: refused before parsing, so even the id is not read.
    QTest::addRow("frame over 64 KiB") << frame({ { u"type"_s, u"ping"_s }, { u"id"_s, u"r10"_s },
        { u"pad"_s, QString(limits::MaxFrameBytes, u'p') } })
                                       << ErrorCode::PayloadTooLarge << QString() << QString();
}

void tst_Frames::clientFrameRejects()
{
    QFETCH(QString, text);
    QFETCH(ErrorCode, code);
    QFETCH(QString, field);
    QFETCH(QString, requestId);

    QString reportedId;
    const auto decoded = frames::decodeClientFrame(text, &reportedId);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().code, code);
    QCOMPARE(decoded.error().field, field);
    QCOMPARE(reportedId, requestId);
}

void tst_Frames::clientFrameReportsRequestIdOfFailedFrame()
{
    // The server answers a bad send with an error frame naming the request, so the client
    // can fail the right pending message instead of waiting for an ack forever.
    const QString badBody = jsonText(sendFrameObject(u"req-42"_s, u" "_s));
    QString requestId;
    const auto decoded = frames::decodeClientFrame(badBody, &requestId);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().field, u"body"_s);
    QCOMPARE(requestId, u"req-42"_s);

    // The out-parameter is optional: the same frame without it fails the same way.
    const auto withoutOut = frames::decodeClientFrame(badBody, nullptr);
    QVERIFY(!withoutOut.ok());
    QCOMPARE(withoutOut.error().code, decoded.error().code);
    QCOMPARE(withoutOut.error().field, decoded.error().field);
}

void tst_Frames::serverFrameRejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("field");

    const auto invalid = ErrorCode::InvalidField;
    const auto frame = [](const QString &type, QJsonObject object) {
        object.insert(u"type"_s, type);
        return jsonText(object);
    };
    const QJsonObject user = json::encode(User { 3, u"alice"_s });
    const QJsonObject message = sampleMessageJson();

    QTest::addRow("not json") << u"{"_s << ErrorCode::MalformedJson << QString();
    QTest::addRow("array") << u"[]"_s << ErrorCode::MalformedJson << QString();
    QTest::addRow("type missing") << jsonText({ { u"id"_s, u"x"_s } }) << invalid << u"type"_s;
    QTest::addRow("unknown type") << frame(u"shout"_s, {}) << ErrorCode::UnknownType << u"type"_s;
    QTest::addRow("client frame type")
        << frame(u"send"_s, {}) << ErrorCode::UnknownType << u"type"_s;
    QTest::addRow("id is a number") << frame(u"pong"_s, { { u"id"_s, 1 } }) << invalid << u"id"_s;

    // A ready frame complete but for what each row breaks or leaves out.
    auto ready = [&](const QJsonObject &changes, const QString &without = {}) {
        QJsonObject object { { u"protocol"_s, 1 }, { u"user"_s, user }, { u"position"_s, 0 },
            { u"resync"_s, false } };
        for (auto it = changes.begin(); it != changes.end(); ++it)
            object.insert(it.key(), it.value());
        object.remove(without);
        return frame(u"ready"_s, object);
    };
    QTest::addRow("ready without protocol") << ready({}, u"protocol"_s) << invalid << u"protocol"_s;
    QTest::addRow("ready with protocol 0")
        << ready({ { u"protocol"_s, 0 } }) << invalid << u"protocol"_s;
    QTest::addRow("ready with protocol as a string")
        << ready({ { u"protocol"_s, u"1"_s } }) << invalid << u"protocol"_s;
    QTest::addRow("ready without user") << ready({}, u"user"_s) << invalid << u"user"_s;
    QTest::addRow("ready with user id 0")
        << ready({ { u"user"_s, with(user, u"id"_s, 0) } }) << invalid << u"id"_s;
    QTest::addRow("ready without position") << ready({}, u"position"_s) << invalid << u"position"_s;
    QTest::addRow("ready with a negative position")
        << ready({ { u"position"_s, -1 } }) << invalid << u"position"_s;
    QTest::addRow("ready with resync as a string")
        << ready({ { u"resync"_s, u"no"_s } }) << invalid << u"resync"_s;

    QTest::addRow("ack without message")
        << frame(u"ack"_s, { { u"id"_s, u"r1"_s }, { u"duplicate"_s, false } }) << invalid
        << u"message"_s;
    QTest::addRow("ack with message as a string") << frame(
        u"ack"_s, { { u"id"_s, u"r1"_s }, { u"message"_s, u"hi"_s }, { u"duplicate"_s, false } })
                                                  << invalid << u"message"_s;
    QTest::addRow("ack with message without body") << frame(u"ack"_s,
        { { u"id"_s, u"r1"_s }, { u"message"_s, without(message, u"body"_s) },
            { u"duplicate"_s, false } }) << invalid << u"body"_s;
    QTest::addRow("ack without duplicate")
        << frame(u"ack"_s, { { u"id"_s, u"r1"_s }, { u"message"_s, message } }) << invalid
        << u"duplicate"_s;
    QTest::addRow("ack with duplicate as a string") << frame(u"ack"_s,
        { { u"id"_s, u"r1"_s }, { u"message"_s, message }, { u"duplicate"_s, u"false"_s } })
                                                    << invalid << u"duplicate"_s;

    QTest::addRow("message event with null message")
        << frame(u"message"_s, { { u"message"_s, QJsonValue() } }) << invalid << u"message"_s;
    QTest::addRow("message event with bad createdAt")
        << frame(u"message"_s, { { u"message"_s, with(message, u"createdAt"_s, u"noon"_s) } })
        << invalid << u"createdAt"_s;

    QTest::addRow("error without error") << frame(u"error"_s, {}) << invalid << u"error"_s;
    QTest::addRow("error as a string")
        << frame(u"error"_s, { { u"error"_s, u"boom"_s } }) << invalid << u"error"_s;
    QTest::addRow("error without message")
        << frame(u"error"_s, { { u"error"_s, QJsonObject { { u"code"_s, u"not_found"_s } } } })
        << invalid << u"error"_s;

    QTest::addRow("client frame type read")
        << frame(u"read"_s, { { u"conversationId"_s, 7 }, { u"upTo"_s, 5 } })
        << ErrorCode::UnknownType << u"type"_s;

    QTest::addRow("readPosition without upTo")
        << frame(u"readPosition"_s, { { u"conversationId"_s, 7 } }) << invalid << u"upTo"_s;
    QTest::addRow("readPosition with conversationId 0")
        << frame(u"readPosition"_s, { { u"conversationId"_s, 0 }, { u"upTo"_s, 5 } }) << invalid
        << u"conversationId"_s;
    const QJsonObject receipt { { u"conversationId"_s, 7 }, { u"userId"_s, 3 },
        { u"kind"_s, u"read"_s }, { u"upTo"_s, 5 } };
    QTest::addRow("receipt with an unknown kind")
        << frame(u"receipt"_s, with(receipt, u"kind"_s, u"seen"_s)) << invalid << u"kind"_s;
    QTest::addRow("receipt without kind")
        << frame(u"receipt"_s, without(receipt, u"kind"_s)) << invalid << u"kind"_s;
    QTest::addRow("receipt without userId")
        << frame(u"receipt"_s, without(receipt, u"userId"_s)) << invalid << u"userId"_s;
    QTest::addRow("receipt with upTo as a string")
        << frame(u"receipt"_s, with(receipt, u"upTo"_s, u"5"_s)) << invalid << u"upTo"_s;
    const QJsonObject typing { { u"conversationId"_s, 7 }, { u"userId"_s, 3 },
        { u"expiresInMs"_s, 5000 } };
    QTest::addRow("typing without expiresInMs")
        << frame(u"typing"_s, without(typing, u"expiresInMs"_s)) << invalid << u"expiresInMs"_s;
    QTest::addRow("typing with expiresInMs 0")
        << frame(u"typing"_s, with(typing, u"expiresInMs"_s, 0)) << invalid << u"expiresInMs"_s;
    QTest::addRow("typing without userId")
        << frame(u"typing"_s, without(typing, u"userId"_s)) << invalid << u"userId"_s;
    const QJsonObject presence { { u"userId"_s, 3 }, { u"online"_s, false },
        { u"lastSeenAt"_s, QJsonValue() } };
    QTest::addRow("presence without online")
        << frame(u"presence"_s, without(presence, u"online"_s)) << invalid << u"online"_s;
    QTest::addRow("presence with online as a number")
        << frame(u"presence"_s, with(presence, u"online"_s, 1)) << invalid << u"online"_s;
    QTest::addRow("presence without lastSeenAt")
        << frame(u"presence"_s, without(presence, u"lastSeenAt"_s)) << invalid << u"lastSeenAt"_s;
    QTest::addRow("presence with a bad lastSeenAt")
        << frame(u"presence"_s, with(presence, u"lastSeenAt"_s, u"noon"_s)) << invalid
        << u"lastSeenAt"_s;
    QTest::addRow("presence with lastSeenAt as a number")
        << frame(u"presence"_s, with(presence, u"lastSeenAt"_s, 5)) << invalid << u"lastSeenAt"_s;

    QTest::addRow("frame over 64 KiB")
        << frame(u"pong"_s, { { u"pad"_s, QString(limits::MaxFrameBytes, u'p') } })
        << ErrorCode::PayloadTooLarge << QString();
}

void tst_Frames::serverFrameRejects()
{
    QFETCH(QString, text);
    QFETCH(ErrorCode, code);
    QFETCH(QString, field);
    const auto decoded = frames::decodeServerFrame(text);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().code, code);
    QCOMPARE(decoded.error().field, field);
}

QTEST_GUILESS_MAIN(tst_Frames)
#include "tst_frames.moc"
