// Unit tests of input validation (shared/validation.h and the decoders built on its
// FieldReader): JSON parsing with its size limit and UTF-8 checks, every field of every
// type refused when missing or wrong, send requests and credentials. Pure functions only.
#include <shared/jsoncodec.h>
#include <shared/protocol.h>
#include <shared/validation.h>
#include <support/protocolsamples.h>
#include <support/resultcheck.h>

#include <QJsonArray>
#include <QTest>

#include <optional>
#include <utility>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
namespace limits = chat::protocol::limits;

namespace {

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

} // namespace

class tst_Validation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
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
};

void tst_Validation::parseJsonObjectAccepts_data()
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

void tst_Validation::parseJsonObjectAccepts()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QJsonObject, expected);
    const auto parsed = parseJsonObject(bytes, limits::MaxRequestBytes);
    VERIFY_OK(parsed);
    QCOMPARE(parsed.value(), expected);
}

void tst_Validation::parseJsonObjectRejects_data()
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

void tst_Validation::parseJsonObjectRejects()
{
    QFETCH(QByteArray, bytes);
    QFETCH(ErrorCode, code);
    const auto parsed = parseJsonObject(bytes, limits::MaxRequestBytes);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code, code);
    QVERIFY(parsed.error().field.isEmpty());
    QVERIFY(!parsed.error().message.isEmpty());
}

void tst_Validation::decodersRejectBadFields_data()
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
        { "conversation",
            json::encode(Conversation { 12, { Member { User { 1, u"alice"_s } } } }) },
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

void tst_Validation::decodersRejectBadFields()
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

void tst_Validation::sendRequestRejects_data()
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

void tst_Validation::sendRequestRejects()
{
    QFETCH(QJsonObject, request);
    QFETCH(QString, field);
    const auto decoded = json::decodeSendRequest(request, true);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().code, ErrorCode::InvalidField);
    QCOMPARE(decoded.error().field, field);
}

void tst_Validation::credentialsRejects_data()
{
    QTest::addColumn<json::CredentialsUse>("use");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");

    const auto credentials = [](const QJsonValue &username, const QJsonValue &password) {
        return QJsonObject { { u"username"_s, username }, { u"password"_s, password } };
    };
    const QString password = u"violet-kettle-42"_s;

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

void tst_Validation::credentialsRejects()
{
    QFETCH(json::CredentialsUse, use);
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);
    const auto decoded = json::decodeCredentials(body, use);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().code, ErrorCode::InvalidField);
    QCOMPARE(decoded.error().field, field);
}

void tst_Validation::loginChecksOnlyTypes_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("registerField");

    // Login must not reveal or enforce today's rules: an account made under older rules
    // still logs in, and a wrong value simply fails the credential check.
    QTest::addRow("short username") << u"ab"_s << u"violet-kettle-42"_s << u"username"_s;
    QTest::addRow("odd characters") << u"al ice!"_s << u"violet-kettle-42"_s << u"username"_s;
    QTest::addRow("short password") << u"alice"_s << u"x"_s << u"password"_s;
    QTest::addRow("empty password") << u"alice"_s << QString() << u"password"_s;
}

void tst_Validation::loginChecksOnlyTypes()
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

QTEST_GUILESS_MAIN(tst_Validation)
#include "tst_validation.moc"
