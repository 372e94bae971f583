// Unit tests of the protocol library: the JSON codecs of the wire types, input validation
// and the WebSocket frames. Pure functions only: no network, no event loop.
#include <shared/frames.h>
#include <shared/jsoncodec.h>
#include <shared/protocol.h>
#include <shared/validation.h>
#include <shared/wireerror.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <limits>
#include <tuple>
#include <utility>

using namespace Qt::StringLiterals;
using namespace chat;
namespace limits = chat::protocol::limits;

namespace {

constexpr qint64 MaxSafeInteger = (qint64(1) << 53) - 1;

QDateTime sampleTime(int msec = 123)
{
    return QDateTime(QDate(2026, 11, 24), QTime(9, 15, 2, msec), Qt::UTC);
}

Message sampleMessage(qint64 id = 101, const QString &body = u"hello"_s)
{
    return Message { id, 7, 3, u"alice"_s, u"client-%1"_s.arg(id), body, sampleTime() };
}

// sampleMessage() as the contract spells it, written out by hand so that a change of
// the encoder cannot go unnoticed by being mirrored in the decoder.
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

// What the peer receives: the object serialised to UTF-8 bytes and parsed back.
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

QString describe(const Error &error)
{
    return u"%1 (field '%2'): %3"_s.arg(errorCodeName(error.code), error.field, error.message);
}

template<typename T> QString describe(const Result<T> &result)
{
    return result ? u"ok"_s : describe(result.error());
}

// A valid send frame's fields, to be spoiled one at a time.
QJsonObject sendObject(const QString &body = u"hello"_s, const QString &clientId = u"c-1"_s)
{
    return { { u"conversationId"_s, 7 }, { u"clientId"_s, clientId }, { u"body"_s, body } };
}

QJsonObject sendFrameObject(const QString &requestId, const QString &body = u"hello"_s)
{
    QJsonObject frame = sendObject(body);
    frame.insert(u"type"_s, u"send"_s);
    frame.insert(u"id"_s, requestId);
    return frame;
}

// Runs the named decoder; the error it reports, or nullopt when it accepted the object.
std::optional<Error> decodeAs(const QString &decoder, const QJsonObject &object)
{
    const auto errorOf = [](const auto &result) -> std::optional<Error> {
        if (result)
            return std::nullopt;
        return result.error();
    };
    if (decoder == u"user")
        return errorOf(json::decodeUser(object));
    if (decoder == u"message")
        return errorOf(json::decodeMessage(object));
    if (decoder == u"conversation")
        return errorOf(json::decodeConversation(object));
    if (decoder == u"contact")
        return errorOf(json::decodeContact(object));
    if (decoder == u"contacts")
        return errorOf(json::decodeContactList(object));
    if (decoder == u"session")
        return errorOf(json::decodeSession(object));
    if (decoder == u"historyPage")
        return errorOf(json::decodeHistoryPage(object));
    if (decoder == u"settings")
        return errorOf(json::decodeSettings(object));
    if (decoder == u"settingsUpdate")
        return errorOf(json::decodeSettingsUpdate(object));
    if (decoder == u"readRequest")
        return errorOf(json::decodeReadRequest(object));
    return Error { ErrorCode::Internal, u"the test names an unknown decoder"_s, decoder };
}

// Frames have no operator==: compare them member by member.
auto fieldsOf(const frames::Auth &frame)
{
    return std::tie(frame.token);
}
auto fieldsOf(const frames::Send &frame)
{
    return std::tie(
        frame.requestId, frame.request.conversationId, frame.request.clientId, frame.request.body);
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

// QCOMPARE prints wire values as their JSON when they differ (found by ADL).
namespace chat {
char *toString(const User &user)
{
    return QTest::toString(jsonText(json::encode(user)));
}
char *toString(const Message &message)
{
    return QTest::toString(jsonText(json::encode(message)));
}
char *toString(const Conversation &conversation)
{
    return QTest::toString(jsonText(json::encode(conversation)));
}
char *toString(const Contact &contact)
{
    return QTest::toString(jsonText(json::encode(contact)));
}
} // namespace chat

// Fails the test with the error's code, field and message when a Result holds an error.
// Evaluates the expression once (QVERIFY2 would evaluate it again for the description).
#define VERIFY_OK(expression)                                                                      \
    do {                                                                                           \
        const auto &verifiedResult = (expression);                                                 \
        QVERIFY2(verifiedResult.ok(), qPrintable(describe(verifiedResult)));                       \
    } while (false)

class tst_Protocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Encoding and decoding round trips.
    void encodeTime_data();
    void encodeTime();
    void decodedTimesAreUtc();
    void userRoundTrip_data();
    void userRoundTrip();
    void messageRoundTrip_data();
    void messageRoundTrip();
    void conversationRoundTrip_data();
    void conversationRoundTrip();
    void contactRoundTrip_data();
    void contactRoundTrip();
    void contactListDecodes();
    void contactWithoutAwarenessFieldsDecodes();
    void contactWireFormat();
    void settingsRoundTrip();
    void settingsUpdateDecodes_data();
    void settingsUpdateDecodes();
    void readRequestRoundTrip();
    void sessionRoundTrip_data();
    void sessionRoundTrip();
    void historyPageRoundTrip_data();
    void historyPageRoundTrip();
    void requestBodiesRoundTrip();
    void sendRequestRoundTrip_data();
    void sendRequestRoundTrip();
    void clientFrameRoundTrip_data();
    void clientFrameRoundTrip();
    void serverFrameRoundTrip_data();
    void serverFrameRoundTrip();
    void frameWireFormat_data();
    void frameWireFormat();

    // Rejection of bad input.
    void parseJsonObjectAccepts_data();
    void parseJsonObjectAccepts();
    void parseJsonObjectRejects_data();
    void parseJsonObjectRejects();
    void decodersRejectBadFields_data();
    void decodersRejectBadFields();
    void sendRequestRejects_data();
    void sendRequestRejects();
    void credentialsRejects_data();
    void credentialsRejects();
    void loginChecksOnlyTypes_data();
    void loginChecksOnlyTypes();
    void clientFrameRejects_data();
    void clientFrameRejects();
    void clientFrameReportsRequestIdOfFailedFrame();
    void serverFrameRejects_data();
    void serverFrameRejects();

    // Error codes and error objects.
    void errorCodeWireNames_data();
    void errorCodeWireNames();
    void errorCodeNamesRoundTrip_data();
    void errorCodeNamesRoundTrip();
    void errorCodeNamesAreDistinct();
    void unknownErrorCodeName();
    void errorJsonRoundTrip_data();
    void errorJsonRoundTrip();
    void errorFromJsonOfUnknownCode();
    void errorFromJsonRequiresMessage();
};

// Round trips --------------------------------------------------------------------

void tst_Protocol::encodeTime_data()
{
    QTest::addColumn<QDateTime>("time");
    QTest::addColumn<QString>("expected");
    QTest::addRow("utc with milliseconds") << sampleTime(123) << u"2026-11-24T09:15:02.123Z"_s;
    // Milliseconds are always written, so every timestamp has the same shape.
    QTest::addRow("zero milliseconds") << sampleTime(0) << u"2026-11-24T09:15:02.000Z"_s;
    QTest::addRow("offset is converted to utc")
        << QDateTime(QDate(2026, 11, 24), QTime(11, 15, 2, 7), Qt::OffsetFromUTC, 2 * 3600)
        << u"2026-11-24T09:15:02.007Z"_s;
}

void tst_Protocol::encodeTime()
{
    QFETCH(QDateTime, time);
    QFETCH(QString, expected);
    QCOMPARE(json::encodeTime(time), expected);
}

void tst_Protocol::decodedTimesAreUtc()
{
    // A peer may send another offset; the decoded value is the same instant, in UTC.
    const QJsonObject object
        = with(sampleMessageJson(), u"createdAt"_s, u"2026-11-24T11:15:02.123+02:00"_s);
    const auto message = json::decodeMessage(object);
    VERIFY_OK(message);
    QCOMPARE(message->createdAt, sampleTime(123));
    QCOMPARE(message->createdAt.timeSpec(), Qt::UTC);
    QCOMPARE(message->createdAt.time().msec(), 123);
}

void tst_Protocol::userRoundTrip_data()
{
    QTest::addColumn<User>("user");
    QTest::addRow("plain") << User { 1, u"alice"_s };
    QTest::addRow("every allowed character") << User { 42, u"A.b_c-9"_s };
    QTest::addRow("longest username") << User { 5, QString(limits::MaxUsernameLength, u'x') };
    // Ids travel as JSON numbers (doubles): 2^53 - 1 is the largest that stays exact.
    QTest::addRow("largest safe id") << User { MaxSafeInteger, u"bob"_s };
}

void tst_Protocol::userRoundTrip()
{
    QFETCH(User, user);
    const auto decoded = json::decodeUser(overTheWire(json::encode(user)));
    VERIFY_OK(decoded);
    QCOMPARE(decoded.value(), user);
}

void tst_Protocol::messageRoundTrip_data()
{
    QTest::addColumn<Message>("message");
    QTest::addRow("ascii") << sampleMessage();
    QTest::addRow("non-ascii") << sampleMessage(2, u"Grüße, naïve café — 東京 Ωμέγα"_s);
    // Emoji outside the BMP are surrogate pairs in UTF-16 and four bytes in UTF-8.
    QTest::addRow("emoji") << sampleMessage(3, u"hi 👋🏽 😀 👨‍👩‍👧"_s);
    QTest::addRow("multi-line") << sampleMessage(4, u"first line\nsecond line\r\n\tthird"_s);
    QTest::addRow("json metacharacters")
        << sampleMessage(5, u"\"quoted\" \\ back\\slash </script> {\"a\":1}"_s);
    QTest::addRow("longest body") << sampleMessage(6, QString(limits::MaxBodyBytes, u'b'));

    Message zeroMs = sampleMessage(7);
    zeroMs.createdAt = sampleTime(0);
    QTest::addRow("zero milliseconds") << zeroMs;
    Message lastMs = sampleMessage(8);
    lastMs.createdAt = sampleTime(999);
    QTest::addRow("999 milliseconds") << lastMs;
    Message largeIds = sampleMessage(MaxSafeInteger);
    largeIds.conversationId = MaxSafeInteger;
    largeIds.senderId = MaxSafeInteger;
    QTest::addRow("largest safe ids") << largeIds;
}

void tst_Protocol::messageRoundTrip()
{
    QFETCH(Message, message);
    const auto decoded = json::decodeMessage(overTheWire(json::encode(message)));
    VERIFY_OK(decoded);
    QCOMPARE(decoded.value(), message);
    // QDateTime equality compares instants; check the millisecond survived explicitly.
    QCOMPARE(decoded->createdAt.time().msec(), message.createdAt.time().msec());
}

void tst_Protocol::conversationRoundTrip_data()
{
    QTest::addColumn<Conversation>("conversation");
    QTest::addRow("direct") << Conversation { 12,
        { User { 1, u"alice"_s }, User { 2, u"bob"_s } } };
    QTest::addRow("no members") << Conversation { 13, {} };
    QTest::addRow("three members") << Conversation { MaxSafeInteger,
        { User { 1, u"alice"_s }, User { 2, u"bob"_s }, User { 3, u"carol"_s } } };
}

void tst_Protocol::conversationRoundTrip()
{
    QFETCH(Conversation, conversation);
    const auto decoded = json::decodeConversation(overTheWire(json::encode(conversation)));
    VERIFY_OK(decoded);
    QCOMPARE(decoded.value(), conversation);
}

void tst_Protocol::contactRoundTrip_data()
{
    QTest::addColumn<Contact>("contact");
    QTest::addRow("never talked") << Contact { User { 2, u"bob"_s }, 0, std::nullopt };
    QTest::addRow("conversation without messages")
        << Contact { User { 2, u"bob"_s }, 12, std::nullopt };
    QTest::addRow("with last message")
        << Contact { User { 3, u"alice"_s }, 7, sampleMessage(101, u"see you 👋"_s) };
    QTest::addRow("with unread, receipts and online") << Contact { .user = User { 3, u"alice"_s },
        .conversationId = 7,
        .lastMessage = sampleMessage(101),
        .unread = 4,
        .readUpTo = 97,
        .theirReadUpTo = 90,
        .theirDeliveredUpTo = 101,
        .online = true };
    QTest::addRow("offline, last seen") << Contact { .user = User { 2, u"bob"_s },
        .conversationId = 12,
        .online = false,
        .lastSeenAt = sampleTime(456) };
}

void tst_Protocol::contactRoundTrip()
{
    QFETCH(Contact, contact);
    const QJsonObject encoded = json::encode(contact);
    // "No conversation" and "no message" are explicit nulls on the wire, not absent keys.
    QCOMPARE(encoded.value(u"conversationId"_s).isNull(), contact.conversationId == 0);
    QCOMPARE(encoded.value(u"lastMessage"_s).isNull(), !contact.lastMessage.has_value());

    const auto decoded = json::decodeContact(overTheWire(encoded));
    VERIFY_OK(decoded);
    QCOMPARE(decoded.value(), contact);
}

void tst_Protocol::contactWithoutAwarenessFieldsDecodes()
{
    // A server from before the awareness fields: they read as zero, false and null.
    const QJsonObject old { { u"user"_s, json::encode(User { 2, u"bob"_s }) },
        { u"conversationId"_s, 7 }, { u"lastMessage"_s, sampleMessageJson() } };
    const auto decoded = json::decodeContact(old);
    VERIFY_OK(decoded);
    QCOMPARE(decoded.value(), (Contact { User { 2, u"bob"_s }, 7, sampleMessage() }));
}

void tst_Protocol::contactWireFormat()
{
    const Contact contact { .user = User { 2, u"bob"_s },
        .conversationId = 7,
        .lastMessage = sampleMessage(),
        .unread = 3,
        .readUpTo = 98,
        .theirReadUpTo = 99,
        .theirDeliveredUpTo = 101,
        .online = false,
        .lastSeenAt = sampleTime() };
    const QJsonObject expected { { u"user"_s,
                                     QJsonObject { { u"id"_s, 2 }, { u"username"_s, u"bob"_s } } },
        { u"conversationId"_s, 7 }, { u"lastMessage"_s, sampleMessageJson() }, { u"unread"_s, 3 },
        { u"readUpTo"_s, 98 }, { u"theirReadUpTo"_s, 99 }, { u"theirDeliveredUpTo"_s, 101 },
        { u"online"_s, false }, { u"lastSeenAt"_s, u"2026-11-24T09:15:02.123Z"_s } };
    QCOMPARE(json::encode(contact), expected);
    // Online, or hidden: lastSeenAt is an explicit null.
    QVERIFY(json::encode(Contact { .user = User { 2, u"bob"_s }, .online = true })
                .value(u"lastSeenAt"_s)
                .isNull());
}

void tst_Protocol::settingsRoundTrip()
{
    for (const Settings &settings :
        { Settings {}, Settings { .shareTyping = false, .shareReceipts = true },
            Settings { .shareTyping = true, .shareReceipts = false, .sharePresence = false } }) {
        const QJsonObject encoded = json::encode(settings);
        QCOMPARE(encoded.size(), 3);
        const auto decoded = json::decodeSettings(overTheWire(encoded));
        VERIFY_OK(decoded);
        QCOMPARE(decoded.value(), settings);
    }
    QCOMPARE(json::encode(Settings {}),
        (QJsonObject { { u"shareTyping"_s, true }, { u"shareReceipts"_s, true },
            { u"sharePresence"_s, true } }));
}

void tst_Protocol::settingsUpdateDecodes_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<Settings>("applied"); // to the defaults
    QTest::addRow("one setting") << QJsonObject { { u"shareTyping"_s, false } }
                                 << Settings { .shareTyping = false };
    QTest::addRow("two settings") << QJsonObject { { u"shareReceipts"_s, false },
        { u"sharePresence"_s, false } }
                                  << Settings { .shareReceipts = false, .sharePresence = false };
    QTest::addRow("all, unchanged") << json::encode(Settings {}) << Settings {};
}

void tst_Protocol::settingsUpdateDecodes()
{
    QFETCH(QJsonObject, body);
    QFETCH(Settings, applied);
    const auto decoded = json::decodeSettingsUpdate(overTheWire(body));
    VERIFY_OK(decoded);
    QCOMPARE(decoded->appliedTo(Settings {}), applied);
    QCOMPARE(json::encode(decoded.value()), body);
}

void tst_Protocol::readRequestRoundTrip()
{
    const auto decoded
        = json::decodeReadRequest(overTheWire(json::encode(json::ReadRequest { 42 })));
    VERIFY_OK(decoded);
    QCOMPARE(decoded->upTo, qint64(42));
    QCOMPARE(json::encode(json::ReadRequest { 42 }), (QJsonObject { { u"upTo"_s, 42 } }));
}

void tst_Protocol::contactListDecodes()
{
    const QList<Contact> contacts {
        Contact { User { 3, u"carol"_s }, 7, sampleMessage() },
        Contact { User { 2, u"bob"_s }, 0, std::nullopt },
    };
    QJsonArray array;
    for (const Contact &contact : contacts)
        array.append(json::encode(contact));

    const auto decoded = json::decodeContactList(overTheWire({ { u"contacts"_s, array } }));
    VERIFY_OK(decoded);
    QCOMPARE(decoded.value(), contacts);

    const auto empty = json::decodeContactList({ { u"contacts"_s, QJsonArray() } });
    VERIFY_OK(empty);
    QVERIFY(empty->isEmpty());
}

void tst_Protocol::sessionRoundTrip_data()
{
    QTest::addColumn<Session>("session");
    QTest::addRow("plain") << Session { u"dG9rZW4tMTIz"_s, User { 1, u"alice"_s }, sampleTime() };
    QTest::addRow("longest token")
        << Session { QString(256, u't'), User { 2, u"bob"_s }, sampleTime(0) };
}

void tst_Protocol::sessionRoundTrip()
{
    QFETCH(Session, session);
    const auto decoded = json::decodeSession(overTheWire(json::encode(session)));
    VERIFY_OK(decoded);
    QCOMPARE(decoded->token, session.token);
    QCOMPARE(decoded->user, session.user);
    QCOMPARE(decoded->expiresAt, session.expiresAt);
    QCOMPARE(decoded->expiresAt.time().msec(), session.expiresAt.time().msec());
}

void tst_Protocol::historyPageRoundTrip_data()
{
    QTest::addColumn<HistoryPage>("page");
    QTest::addRow("empty, last page") << HistoryPage { {}, false };
    QTest::addRow("one message, more to come") << HistoryPage { { sampleMessage(9) }, true };
    QTest::addRow("newest first, mixed bodies")
        << HistoryPage { { sampleMessage(30, u"Ünïcødé"_s), sampleMessage(20, u"two\nlines"_s),
                             sampleMessage(10, u"😀"_s) },
               false };
}

void tst_Protocol::historyPageRoundTrip()
{
    QFETCH(HistoryPage, page);
    const auto decoded = json::decodeHistoryPage(overTheWire(json::encode(page)));
    VERIFY_OK(decoded);
    QCOMPARE(decoded->messages, page.messages);
    QCOMPARE(decoded->hasMore, page.hasMore);
}

void tst_Protocol::requestBodiesRoundTrip()
{
    const json::Credentials credentials { u"alice.b-c_d"_s, u"correct horse 🐎 battery"_s };
    for (const auto use : { json::CredentialsUse::Register, json::CredentialsUse::Login }) {
        const auto decoded = json::decodeCredentials(overTheWire(json::encode(credentials)), use);
        VERIFY_OK(decoded);
        QCOMPARE(decoded->username, credentials.username);
        QCOMPARE(decoded->password, credentials.password);
    }

    const auto open = json::decodeOpenConversation(
        overTheWire(json::encode(json::OpenConversationRequest { u"bob"_s })));
    VERIFY_OK(open);
    QCOMPARE(open->username, u"bob"_s);
}

void tst_Protocol::sendRequestRoundTrip_data()
{
    QTest::addColumn<bool>("withConversation");
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("body");
    for (const bool withConversation : { true, false }) {
        const char *where = withConversation ? "frame" : "rest";
        QTest::addRow("%s: plain", where) << withConversation << u"c-1"_s << u"hello"_s;
        // A UUID in braces uses every punctuation character a client id allows.
        QTest::addRow("%s: uuid client id", where)
            << withConversation << u"{123e4567-e89b-12d3-a456-426614174000}"_s
            << u"multi\nline 😀"_s;
        QTest::addRow("%s: longest client id", where)
            << withConversation << QString(limits::MaxClientIdLength, u'k') << u"x"_s;
        // White space around text is content, not padding: it is kept as sent.
        QTest::addRow("%s: surrounding white space kept", where)
            << withConversation << u"a.b_c:d"_s << u"  indented\n"_s;
    }
}

void tst_Protocol::sendRequestRoundTrip()
{
    QFETCH(bool, withConversation);
    QFETCH(QString, clientId);
    QFETCH(QString, body);
    const json::SendRequest request { 7, clientId, body };
    const QJsonObject encoded = json::encode(request, withConversation);
    QCOMPARE(encoded.contains(u"conversationId"_s), withConversation);

    const auto decoded = json::decodeSendRequest(overTheWire(encoded), withConversation);
    VERIFY_OK(decoded);
    // Without the field, the conversation comes from elsewhere (the REST path): 0 here.
    QCOMPARE(decoded->conversationId, withConversation ? request.conversationId : 0);
    QCOMPARE(decoded->clientId, clientId);
    QCOMPARE(decoded->body, body);
}

void tst_Protocol::clientFrameRoundTrip_data()
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
}

void tst_Protocol::clientFrameRoundTrip()
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

void tst_Protocol::serverFrameRoundTrip_data()
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
}

void tst_Protocol::serverFrameRoundTrip()
{
    QFETCH(ServerFrameCase, frame);
    QFETCH(QString, type);

    const QString text = frames::encode(frame.frame);
    QCOMPARE(QJsonDocument::fromJson(text.toUtf8()).object().value(u"type"_s).toString(), type);
    const auto decoded = frames::decodeServerFrame(text);
    VERIFY_OK(decoded);
    QVERIFY2(sameFrame(decoded.value(), frame.frame), qPrintable(text));
}

void tst_Protocol::frameWireFormat_data()
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

void tst_Protocol::frameWireFormat()
{
    QFETCH(QString, text);
    QFETCH(QJsonObject, expected);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY2(document.object() == expected,
        qPrintable(u"got %1\nexpected %2"_s.arg(text, jsonText(expected))));
}

// Rejections ---------------------------------------------------------------------

void tst_Protocol::parseJsonObjectAccepts_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QJsonObject>("expected");

    QTest::addRow("empty object") << QByteArray("{}") << QJsonObject();
    QTest::addRow("surrounding white space")
        << QByteArray(" \r\n\t{\"a\":1}\n ") << QJsonObject { { u"a"_s, 1 } };
    QTest::addRow("multi-byte utf-8")
        << QByteArray("{\"s\":\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"}")
        << QJsonObject { { u"s"_s, u"é€😀"_s } };
    // A well-formed surrogate pair in escapes is one character, unlike a lone half.
    QTest::addRow("escaped surrogate pair")
        << QByteArray(R"({"s":"\ud83d\ude00"})") << QJsonObject { { u"s"_s, u"😀"_s } };

    // Exactly at the limit passes: padding with white space keeps the object the same.
    QByteArray atLimit = "{\"a\":1}";
    atLimit.append(QByteArray(limits::MaxRequestBytes - atLimit.size(), ' '));
    QTest::addRow("exactly the size limit") << atLimit << QJsonObject { { u"a"_s, 1 } };
}

void tst_Protocol::parseJsonObjectAccepts()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QJsonObject, expected);
    const auto parsed = parseJsonObject(bytes, limits::MaxRequestBytes);
    VERIFY_OK(parsed);
    QCOMPARE(parsed.value(), expected);
}

void tst_Protocol::parseJsonObjectRejects_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<ErrorCode>("code");

    const auto malformed = ErrorCode::MalformedJson;
    QTest::addRow("empty body") << QByteArray() << malformed;
    QTest::addRow("only white space") << QByteArray(" \r\n\t ") << malformed;
    QTest::addRow("array") << QByteArray("[1,2,3]") << malformed;
    QTest::addRow("number") << QByteArray("42") << malformed;
    QTest::addRow("string") << QByteArray("\"hello\"") << malformed;
    QTest::addRow("null") << QByteArray("null") << malformed;
    QTest::addRow("boolean") << QByteArray("true") << malformed;
    QTest::addRow("truncated") << QByteArray("{\"a\":1") << malformed;
    QTest::addRow("trailing garbage") << QByteArray("{\"a\":1} x") << malformed;
    QTest::addRow("two objects") << QByteArray("{}{}") << malformed;
    QTest::addRow("single quotes") << QByteArray("{'a':1}") << malformed;
    QTest::addRow("plain text") << QByteArray("hello") << malformed;

    // Invalid UTF-8 must be refused, not replaced with U+FFFD and silently stored.
    QTest::addRow("utf-8: 0xFF byte") << QByteArray("{\"a\":\"\xFF\"}") << malformed;
    QTest::addRow("utf-8: latin-1 text") << QByteArray("{\"a\":\"caf\xE9\"}") << malformed;
    QTest::addRow("utf-8: overlong slash") << QByteArray("{\"a\":\"\xC0\xAF\"}") << malformed;
    QTest::addRow("utf-8: truncated sequence") << QByteArray("{\"a\":\"\xE2\x82\"}") << malformed;
    QTest::addRow("utf-8: lone continuation byte") << QByteArray("{\"a\":\"\x80\"}") << malformed;
    QTest::addRow("utf-8: encoded surrogate")
        << QByteArray("{\"a\":\"\xED\xA0\x80\"}") << malformed;
    QTest::addRow("utf-8: beyond U+10FFFF")
        << QByteArray("{\"a\":\"\xF4\x90\x80\x80\"}") << malformed;
    QTest::addRow("utf-8: in a key") << QByteArray("{\"\xFF\":1}") << malformed;
    QTest::addRow("utf-8: outside strings") << QByteArray("{\xFF}") << malformed;

    // The size is checked before parsing: an oversized body costs no parsing at all.
    QByteArray padded = "{\"a\":1}";
    padded.append(QByteArray(limits::MaxRequestBytes + 1 - padded.size(), ' '));
    QTest::addRow("one byte over the limit") << padded << ErrorCode::PayloadTooLarge;
    QTest::addRow("oversized garbage")
        << QByteArray(limits::MaxRequestBytes * 2, '\xFF') << ErrorCode::PayloadTooLarge;
}

void tst_Protocol::parseJsonObjectRejects()
{
    QFETCH(QByteArray, bytes);
    QFETCH(ErrorCode, code);
    const auto parsed = parseJsonObject(bytes, limits::MaxRequestBytes);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code, code);
    QVERIFY(parsed.error().field.isEmpty());
    QVERIFY(!parsed.error().message.isEmpty());
}

void tst_Protocol::decodersRejectBadFields_data()
{
    QTest::addColumn<QString>("decoder");
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("field");

    const auto invalid = ErrorCode::InvalidField;

    // Every field of every type: missing, and each JSON type it is not.
    const QList<std::pair<const char *, QJsonObject>> samples {
        { "user", json::encode(User { 1, u"alice"_s }) },
        { "message", json::encode(sampleMessage()) },
        { "conversation", json::encode(Conversation { 12, { User { 1, u"alice"_s } } }) },
        { "session", json::encode(Session { u"token"_s, User { 1, u"alice"_s }, sampleTime() }) },
        { "historyPage", json::encode(HistoryPage { { sampleMessage() }, true }) },
    };
    const QList<std::pair<const char *, QJsonValue>> wrongValues {
        { "a string", u"7"_s },
        { "a number", 7 },
        { "a boolean", true },
        { "an object", QJsonObject() },
        { "an array", QJsonArray() },
        { "null", QJsonValue() },
    };
    for (const auto &[decoder, valid] : samples) {
        for (auto it = valid.begin(); it != valid.end(); ++it) {
            const QString key = it.key();
            QTest::addRow("%s: '%s' missing", decoder, qPrintable(key))
                << QString::fromLatin1(decoder) << jsonBytes(without(valid, key)) << invalid << key;
            for (const auto &[typeName, value] : wrongValues) {
                if (value.type() == it.value().type())
                    continue;
                QTest::addRow("%s: '%s' is %s", decoder, qPrintable(key), typeName)
                    << QString::fromLatin1(decoder) << jsonBytes(with(valid, key, value)) << invalid
                    << key;
            }
        }
    }

    // Lengths.
    QTest::addRow("user: username over 32 characters")
        << u"user"_s << jsonBytes({ { u"id"_s, 1 }, { u"username"_s, QString(33, u'a') } })
        << invalid << u"username"_s;
    QTest::addRow("message: senderName over 32 characters")
        << u"message"_s << jsonBytes(with(sampleMessageJson(), u"senderName"_s, QString(33, u'a')))
        << invalid << u"senderName"_s;
    QTest::addRow("message: clientId over 64 characters")
        << u"message"_s << jsonBytes(with(sampleMessageJson(), u"clientId"_s, QString(65, u'c')))
        << invalid << u"clientId"_s;
    QTest::addRow("session: token over 256 characters")
        << u"session"_s
        << jsonBytes(json::encode(Session { QString(257, u't'), User { 1, u"a"_s }, sampleTime() }))
        << invalid << u"token"_s;

    // Ids: positive integers that a double represents exactly. Written as raw text so the
    // numbers reach the parser exactly as a peer would send them.
    const QList<std::pair<const char *, const char *>> badIds {
        { "fractional", "1.5" },
        { "zero", "0" },
        { "negative", "-1" },
        { "2^53", "9007199254740992" },
        { "huge", "1e300" },
        { "below -2^53", "-9007199254740993" },
    };
    for (const auto &[name, number] : badIds) {
        QTest::addRow("user: id %s", name)
            << u"user"_s << QByteArray(QByteArray("{\"id\":") + number + ",\"username\":\"alice\"}")
            << invalid << u"id"_s;
    }
    QTest::addRow("message: conversationId zero")
        << u"message"_s << jsonBytes(with(sampleMessageJson(), u"conversationId"_s, 0)) << invalid
        << u"conversationId"_s;
    QTest::addRow("message: senderId fractional")
        << u"message"_s << jsonBytes(with(sampleMessageJson(), u"senderId"_s, 2.5)) << invalid
        << u"senderId"_s;

    // Text that is not valid Unicode: JSON escapes can encode a lone surrogate.
    QTest::addRow("user: lone high surrogate")
        << u"user"_s << QByteArray(R"({"id":1,"username":"a\ud800b"})") << invalid << u"username"_s;
    QTest::addRow("user: lone low surrogate")
        << u"user"_s << QByteArray(R"({"id":1,"username":"\udc00"})") << invalid << u"username"_s;
    QTest::addRow("message: lone surrogate in body")
        << u"message"_s
        << jsonBytes(without(sampleMessageJson(), u"body"_s)).replace("}", R"(,"body":"\ud800"})")
        << invalid << u"body"_s;

    // Timestamps.
    QTest::addRow("message: createdAt not a time")
        << u"message"_s << jsonBytes(with(sampleMessageJson(), u"createdAt"_s, u"yesterday"_s))
        << invalid << u"createdAt"_s;
    QTest::addRow("message: createdAt empty")
        << u"message"_s << jsonBytes(with(sampleMessageJson(), u"createdAt"_s, QString()))
        << invalid << u"createdAt"_s;

    // Lists name the list; nested objects name their own field.
    QTest::addRow("conversation: member not an object")
        << u"conversation"_s << QByteArray(R"({"id":1,"members":[1]})") << invalid << u"members"_s;
    QTest::addRow("conversation: member with id 0")
        << u"conversation"_s << QByteArray(R"({"id":1,"members":[{"id":0,"username":"a"}]})")
        << invalid << u"members"_s;
    QTest::addRow("historyPage: message without body")
        << u"historyPage"_s
        << jsonBytes({ { u"messages"_s, QJsonArray { without(sampleMessageJson(), u"body"_s) } },
               { u"hasMore"_s, false } })
        << invalid << u"messages"_s;
    QTest::addRow("session: user without id")
        << u"session"_s
        << jsonBytes(
               { { u"token"_s, u"t"_s }, { u"user"_s, QJsonObject { { u"username"_s, u"a"_s } } },
                   { u"expiresAt"_s, json::encodeTime(sampleTime()) } })
        << invalid << u"id"_s;

    // Contacts: conversationId and lastMessage may be null, but must be present or right.
    const QJsonObject contact = json::encode(Contact { User { 2, u"bob"_s }, 7, sampleMessage() });
    QTest::addRow("contact: user missing")
        << u"contact"_s << jsonBytes(without(contact, u"user"_s)) << invalid << u"user"_s;
    QTest::addRow("contact: user is a string")
        << u"contact"_s << jsonBytes(with(contact, u"user"_s, u"bob"_s)) << invalid << u"user"_s;
    QTest::addRow("contact: user without username")
        << u"contact"_s << jsonBytes(with(contact, u"user"_s, QJsonObject { { u"id"_s, 2 } }))
        << invalid << u"username"_s;
    QTest::addRow("contact: conversationId missing")
        << u"contact"_s << jsonBytes(without(contact, u"conversationId"_s)) << invalid
        << u"conversationId"_s;
    QTest::addRow("contact: conversationId is a string")
        << u"contact"_s << jsonBytes(with(contact, u"conversationId"_s, u"7"_s)) << invalid
        << u"conversationId"_s;
    QTest::addRow("contact: conversationId zero")
        << u"contact"_s << jsonBytes(with(contact, u"conversationId"_s, 0)) << invalid
        << u"conversationId"_s;
    QTest::addRow("contact: lastMessage is a string")
        << u"contact"_s << jsonBytes(with(contact, u"lastMessage"_s, u"hi"_s)) << invalid
        << u"lastMessage"_s;
    QTest::addRow("contact: lastMessage is an array")
        << u"contact"_s << jsonBytes(with(contact, u"lastMessage"_s, QJsonArray())) << invalid
        << u"lastMessage"_s;
    QTest::addRow("contact: lastMessage without id")
        << u"contact"_s
        << jsonBytes(with(contact, u"lastMessage"_s, without(sampleMessageJson(), u"id"_s)))
        << invalid << u"id"_s;
    QTest::addRow("contact: unread negative")
        << u"contact"_s << jsonBytes(with(contact, u"unread"_s, -1)) << invalid << u"unread"_s;
    QTest::addRow("contact: readUpTo is a string")
        << u"contact"_s << jsonBytes(with(contact, u"readUpTo"_s, u"5"_s)) << invalid
        << u"readUpTo"_s;
    QTest::addRow("contact: theirReadUpTo fractional")
        << u"contact"_s << jsonBytes(with(contact, u"theirReadUpTo"_s, 1.5)) << invalid
        << u"theirReadUpTo"_s;
    QTest::addRow("contact: theirDeliveredUpTo null")
        << u"contact"_s << jsonBytes(with(contact, u"theirDeliveredUpTo"_s, QJsonValue()))
        << invalid << u"theirDeliveredUpTo"_s;
    QTest::addRow("contact: online is a string")
        << u"contact"_s << jsonBytes(with(contact, u"online"_s, u"yes"_s)) << invalid
        << u"online"_s;
    QTest::addRow("contact: lastSeenAt not a time")
        << u"contact"_s << jsonBytes(with(contact, u"lastSeenAt"_s, u"yesterday"_s)) << invalid
        << u"lastSeenAt"_s;

    const QJsonObject settings = json::encode(Settings {});
    QTest::addRow("settings: shareTyping missing")
        << u"settings"_s << jsonBytes(without(settings, u"shareTyping"_s)) << invalid
        << u"shareTyping"_s;
    QTest::addRow("settings: shareReceipts is a number")
        << u"settings"_s << jsonBytes(with(settings, u"shareReceipts"_s, 1)) << invalid
        << u"shareReceipts"_s;
    QTest::addRow("settings update: empty")
        << u"settingsUpdate"_s << QByteArray("{}") << invalid << QString();
    QTest::addRow("settings update: unknown name")
        << u"settingsUpdate"_s << jsonBytes({ { u"shareTypin"_s, false } }) << invalid
        << u"shareTypin"_s;
    QTest::addRow("settings update: string value")
        << u"settingsUpdate"_s << jsonBytes({ { u"sharePresence"_s, u"false"_s } }) << invalid
        << u"sharePresence"_s;
    QTest::addRow("settings update: null value")
        << u"settingsUpdate"_s << jsonBytes({ { u"shareReceipts"_s, QJsonValue() } }) << invalid
        << u"shareReceipts"_s;
    QTest::addRow("read request: upTo missing")
        << u"readRequest"_s << QByteArray("{}") << invalid << u"upTo"_s;
    QTest::addRow("read request: upTo zero")
        << u"readRequest"_s << jsonBytes({ { u"upTo"_s, 0 } }) << invalid << u"upTo"_s;
    QTest::addRow("read request: upTo a string")
        << u"readRequest"_s << jsonBytes({ { u"upTo"_s, u"5"_s } }) << invalid << u"upTo"_s;

    QTest::addRow("contacts: missing")
        << u"contacts"_s << QByteArray("{}") << invalid << u"contacts"_s;
    QTest::addRow("contacts: element not an object")
        << u"contacts"_s << QByteArray(R"({"contacts":[null]})") << invalid << u"contacts"_s;
}

void tst_Protocol::decodersRejectBadFields()
{
    QFETCH(QString, decoder);
    QFETCH(QByteArray, json);
    QFETCH(ErrorCode, code);
    QFETCH(QString, field);

    const auto object = parseJsonObject(json, limits::MaxRequestBytes);
    VERIFY_OK(object);
    const auto error = decodeAs(decoder, object.value());
    QVERIFY2(error, json.constData());
    QCOMPARE(error->code, code);
    QCOMPARE(error->field, field);
    QVERIFY(!error->message.isEmpty());
}

void tst_Protocol::sendRequestRejects_data()
{
    QTest::addColumn<QJsonObject>("request");
    QTest::addColumn<QString>("field");

    // Bodies: the limit is in bytes of UTF-8, not in characters.
    QTest::addRow("empty body") << sendObject(QString()) << u"body"_s;
    QTest::addRow("white-space body") << sendObject(u" \t\r\n \u3000"_s) << u"body"_s;
    QTest::addRow("16385 ascii bytes")
        << sendObject(QString(limits::MaxBodyBytes + 1, u'a')) << u"body"_s;
    QTest::addRow("6000 three-byte characters")
        << sendObject(QString(6000, QChar(0x20AC))) << u"body"_s;
    QTest::addRow("one byte over in three-byte characters")
        << sendObject(QString(5461, QChar(0x20AC)) + u"xy"_s) << u"body"_s;
    QTest::addRow("8193 two-byte characters")
        << sendObject(QString(8193, QChar(0xE9))) << u"body"_s;
    QTest::addRow("4097 emoji") << sendObject(u"😀"_s.repeated(4097)) << u"body"_s;
    QTest::addRow("body is a number") << with(sendObject(), u"body"_s, 5) << u"body"_s;
    QTest::addRow("body is null") << with(sendObject(), u"body"_s, QJsonValue()) << u"body"_s;
    QTest::addRow("body missing") << without(sendObject(), u"body"_s) << u"body"_s;

    // Client ids: 1 to 64 characters of [A-Za-z0-9._:{}-].
    QTest::addRow("empty clientId") << sendObject(u"hi"_s, QString()) << u"clientId"_s;
    QTest::addRow("clientId over 64") << sendObject(u"hi"_s, QString(65, u'c')) << u"clientId"_s;
    QTest::addRow("clientId with a space") << sendObject(u"hi"_s, u"c 1"_s) << u"clientId"_s;
    QTest::addRow("clientId with a slash") << sendObject(u"hi"_s, u"c/1"_s) << u"clientId"_s;
    QTest::addRow("clientId non-ascii") << sendObject(u"hi"_s, u"ç-1"_s) << u"clientId"_s;
    QTest::addRow("clientId with a trailing newline")
        << sendObject(u"hi"_s, u"c-1\n"_s) << u"clientId"_s;
    QTest::addRow("clientId is a number") << with(sendObject(), u"clientId"_s, 1) << u"clientId"_s;
    QTest::addRow("clientId missing") << without(sendObject(), u"clientId"_s) << u"clientId"_s;

    // Conversation ids.
    QTest::addRow("conversationId missing")
        << without(sendObject(), u"conversationId"_s) << u"conversationId"_s;
    QTest::addRow("conversationId is a string")
        << with(sendObject(), u"conversationId"_s, u"7"_s) << u"conversationId"_s;
    QTest::addRow("conversationId 1.5")
        << with(sendObject(), u"conversationId"_s, 1.5) << u"conversationId"_s;
    QTest::addRow("conversationId 0")
        << with(sendObject(), u"conversationId"_s, 0) << u"conversationId"_s;
    QTest::addRow("conversationId negative")
        << with(sendObject(), u"conversationId"_s, -7) << u"conversationId"_s;
    QTest::addRow("conversationId 2^53")
        << with(sendObject(), u"conversationId"_s, double(qint64(1) << 53)) << u"conversationId"_s;
}

void tst_Protocol::sendRequestRejects()
{
    QFETCH(QJsonObject, request);
    QFETCH(QString, field);
    const auto decoded = json::decodeSendRequest(request, true);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().code, ErrorCode::InvalidField);
    QCOMPARE(decoded.error().field, field);
}

void tst_Protocol::credentialsRejects_data()
{
    QTest::addColumn<json::CredentialsUse>("use");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");

    const auto credentials = [](const QJsonValue &username, const QJsonValue &password) {
        return QJsonObject { { u"username"_s, username }, { u"password"_s, password } };
    };
    const QString password = u"password123"_s;

    // Types and presence are checked for both registration and login.
    for (const auto use : { json::CredentialsUse::Register, json::CredentialsUse::Login }) {
        const char *name = use == json::CredentialsUse::Register ? "register" : "login";
        QTest::addRow("%s: username missing", name)
            << use << QJsonObject { { u"password"_s, password } } << u"username"_s;
        QTest::addRow("%s: password missing", name)
            << use << QJsonObject { { u"username"_s, u"alice"_s } } << u"password"_s;
        QTest::addRow("%s: username is a number", name)
            << use << credentials(42, password) << u"username"_s;
        QTest::addRow("%s: username is an object", name)
            << use << credentials(QJsonObject(), password) << u"username"_s;
        QTest::addRow("%s: password is null", name)
            << use << credentials(u"alice"_s, QJsonValue()) << u"password"_s;
        QTest::addRow("%s: password is an array", name)
            << use << credentials(u"alice"_s, QJsonArray { password }) << u"password"_s;
        QTest::addRow("%s: username over 32", name)
            << use << credentials(QString(33, u'a'), password) << u"username"_s;
        QTest::addRow("%s: password over 256", name)
            << use << credentials(u"alice"_s, QString(257, u'p')) << u"password"_s;
    }

    // The username and password rules apply to registration.
    const auto reg = json::CredentialsUse::Register;
    QTest::addRow("register: empty username")
        << reg << credentials(QString(), password) << u"username"_s;
    QTest::addRow("register: 2-character username")
        << reg << credentials(u"ab"_s, password) << u"username"_s;
    QTest::addRow("register: space in username")
        << reg << credentials(u"al ice"_s, password) << u"username"_s;
    QTest::addRow("register: '!' in username")
        << reg << credentials(u"alice!"_s, password) << u"username"_s;
    QTest::addRow("register: '@' in username")
        << reg << credentials(u"alice@home"_s, password) << u"username"_s;
    QTest::addRow("register: non-ascii letter")
        << reg << credentials(u"ålice"_s, password) << u"username"_s;
    // A trailing newline would make "alice\n" a second, look-alike "alice".
    QTest::addRow("register: trailing newline")
        << reg << credentials(u"alice\n"_s, password) << u"username"_s;
    QTest::addRow("register: 7-character password")
        << reg << credentials(u"alice"_s, u"1234567"_s) << u"password"_s;
    QTest::addRow("register: empty password")
        << reg << credentials(u"alice"_s, QString()) << u"password"_s;
}

void tst_Protocol::credentialsRejects()
{
    QFETCH(json::CredentialsUse, use);
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);
    const auto decoded = json::decodeCredentials(body, use);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().code, ErrorCode::InvalidField);
    QCOMPARE(decoded.error().field, field);
}

void tst_Protocol::loginChecksOnlyTypes_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("registerField");

    // Login must not reveal or enforce today's rules: an account made under older rules
    // still logs in, and a wrong value simply fails the credential check.
    QTest::addRow("short username") << u"ab"_s << u"password123"_s << u"username"_s;
    QTest::addRow("odd characters") << u"al ice!"_s << u"password123"_s << u"username"_s;
    QTest::addRow("short password") << u"alice"_s << u"x"_s << u"password"_s;
    QTest::addRow("empty password") << u"alice"_s << QString() << u"password"_s;
}

void tst_Protocol::loginChecksOnlyTypes()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(QString, registerField);
    const QJsonObject body = json::encode(json::Credentials { username, password });

    const auto login = json::decodeCredentials(body, json::CredentialsUse::Login);
    VERIFY_OK(login);
    QCOMPARE(login->username, username);
    QCOMPARE(login->password, password);

    const auto registration = json::decodeCredentials(body, json::CredentialsUse::Register);
    QVERIFY(!registration.ok());
    QCOMPARE(registration.error().code, ErrorCode::InvalidField);
    QCOMPARE(registration.error().field, registerField);
}

void tst_Protocol::clientFrameRejects_data()
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

void tst_Protocol::clientFrameRejects()
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

void tst_Protocol::clientFrameReportsRequestIdOfFailedFrame()
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

void tst_Protocol::serverFrameRejects_data()
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

void tst_Protocol::serverFrameRejects()
{
    QFETCH(QString, text);
    QFETCH(ErrorCode, code);
    QFETCH(QString, field);
    const auto decoded = frames::decodeServerFrame(text);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().code, code);
    QCOMPARE(decoded.error().field, field);
}

// Error codes --------------------------------------------------------------------

void tst_Protocol::errorCodeWireNames_data()
{
    // The wire names are the contract with every client ever shipped: spelled out here
    // so that renaming one is a deliberate, visible change.
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("name");
    QTest::addRow("BadRequest") << ErrorCode::BadRequest << u"bad_request"_s;
    QTest::addRow("MalformedJson") << ErrorCode::MalformedJson << u"malformed_json"_s;
    QTest::addRow("InvalidField") << ErrorCode::InvalidField << u"invalid_field"_s;
    QTest::addRow("UnknownType") << ErrorCode::UnknownType << u"unknown_type"_s;
    QTest::addRow("Unauthenticated") << ErrorCode::Unauthenticated << u"unauthenticated"_s;
    QTest::addRow("TokenExpired") << ErrorCode::TokenExpired << u"token_expired"_s;
    QTest::addRow("InvalidCredentials")
        << ErrorCode::InvalidCredentials << u"invalid_credentials"_s;
    QTest::addRow("NotFound") << ErrorCode::NotFound << u"not_found"_s;
    QTest::addRow("MethodNotAllowed") << ErrorCode::MethodNotAllowed << u"method_not_allowed"_s;
    QTest::addRow("UsernameTaken") << ErrorCode::UsernameTaken << u"username_taken"_s;
    QTest::addRow("PayloadTooLarge") << ErrorCode::PayloadTooLarge << u"payload_too_large"_s;
    QTest::addRow("RateLimited") << ErrorCode::RateLimited << u"rate_limited"_s;
    QTest::addRow("Internal") << ErrorCode::Internal << u"internal_error"_s;
    QTest::addRow("NetworkError") << ErrorCode::NetworkError << u"network_error"_s;
    QTest::addRow("ProtocolViolation") << ErrorCode::ProtocolViolation << u"protocol_violation"_s;
}

void tst_Protocol::errorCodeWireNames()
{
    QFETCH(ErrorCode, code);
    QFETCH(QString, name);
    QCOMPARE(errorCodeName(code), name);
}

void tst_Protocol::errorCodeNamesRoundTrip_data()
{
    // One row per enum value, found through the meta-object: a code added to the enum
    // but not to the name table shows up here without anyone remembering to add it.
    QTest::addColumn<ErrorCode>("code");
    const QMetaEnum codes = QMetaEnum::fromType<ErrorCode>();
    QVERIFY(codes.isValid());
    QVERIFY(codes.keyCount() > 0);
    for (int i = 0; i < codes.keyCount(); ++i)
        QTest::addRow("%s", codes.key(i)) << ErrorCode(codes.value(i));
}

void tst_Protocol::errorCodeNamesRoundTrip()
{
    QFETCH(ErrorCode, code);
    const QString name = errorCodeName(code);
    static const QRegularExpression snakeCase(u"^[a-z]+(_[a-z]+)*$"_s);
    QVERIFY2(snakeCase.match(name).hasMatch(), qPrintable(name));
    const auto back = errorCodeFromName(name);
    QVERIFY2(back.has_value(), qPrintable(name));
    QCOMPARE(*back, code);
}

void tst_Protocol::errorCodeNamesAreDistinct()
{
    const QMetaEnum codes = QMetaEnum::fromType<ErrorCode>();
    QSet<QString> names;
    for (int i = 0; i < codes.keyCount(); ++i)
        names.insert(errorCodeName(ErrorCode(codes.value(i))));
    QCOMPARE(names.size(), codes.keyCount());
}

void tst_Protocol::unknownErrorCodeName()
{
    QVERIFY(!errorCodeFromName(u"no_such_code"_s).has_value());
    QVERIFY(!errorCodeFromName(QString()).has_value());
    // The C++ enumerator name is not the wire name.
    QVERIFY(!errorCodeFromName(u"InvalidField"_s).has_value());
}

void tst_Protocol::errorJsonRoundTrip_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("field");
    const QMetaEnum codes = QMetaEnum::fromType<ErrorCode>();
    for (int i = 0; i < codes.keyCount(); ++i) {
        QTest::addRow("%s with field", codes.key(i)) << ErrorCode(codes.value(i)) << u"body"_s;
        QTest::addRow("%s without field", codes.key(i)) << ErrorCode(codes.value(i)) << QString();
    }
}

void tst_Protocol::errorJsonRoundTrip()
{
    QFETCH(ErrorCode, code);
    QFETCH(QString, field);
    const Error error { code, u"what went wrong: «détails» 😀"_s, field };
    const QJsonObject encoded = error.toJson();
    QCOMPARE(encoded.value(u"code"_s).toString(), errorCodeName(code));
    QCOMPARE(encoded.contains(u"field"_s), !field.isEmpty());

    const auto decoded = Error::fromJson(overTheWire(encoded));
    QVERIFY(decoded.has_value());
    QCOMPARE(decoded->code, code);
    QCOMPARE(decoded->message, error.message);
    QCOMPARE(decoded->field, field);
}

void tst_Protocol::errorFromJsonOfUnknownCode()
{
    // A newer server may invent codes: the client still shows the error, as internal.
    const auto decoded = Error::fromJson({ { u"code"_s, u"teapot"_s },
        { u"message"_s, u"I'm a teapot"_s }, { u"field"_s, u"kettle"_s } });
    QVERIFY(decoded.has_value());
    QCOMPARE(decoded->code, ErrorCode::Internal);
    QCOMPARE(decoded->message, u"I'm a teapot"_s);
    QCOMPARE(decoded->field, u"kettle"_s);

    const auto noCode = Error::fromJson({ { u"message"_s, u"no code at all"_s } });
    QVERIFY(noCode.has_value());
    QCOMPARE(noCode->code, ErrorCode::Internal);
    QCOMPARE(noCode->message, u"no code at all"_s);
}

void tst_Protocol::errorFromJsonRequiresMessage()
{
    QCOMPARE(Error::fromJson({ { u"code"_s, u"not_found"_s } }).has_value(), false);
    QCOMPARE(Error::fromJson({ { u"code"_s, u"not_found"_s }, { u"message"_s, 404 } }).has_value(),
        false);
    QCOMPARE(Error::fromJson({}).has_value(), false);
}

QTEST_GUILESS_MAIN(tst_Protocol)
#include "tst_protocol.moc"
