// Unit tests of the JSON codecs of the wire types (shared/jsoncodec.h): every type and
// request body survives a round trip over the wire, and the wire format is the documented
// one. Pure functions only: no network, no event loop.
#include <shared/jsoncodec.h>
#include <shared/protocol.h>
#include <support/protocolsamples.h>
#include <support/resultcheck.h>

#include <QJsonArray>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
namespace limits = chat::protocol::limits;

namespace {

//! Encodes `value`, sends it over the wire and decodes it with `decode`: a QTest check
//! that the same value comes back.
template<typename T, typename Decode> void verifyRoundTrip(const T &value, Decode decode)
{
    const auto decoded = decode(overTheWire(json::encode(value)));
    VERIFY_OK(decoded);
    QCOMPARE(decoded.value(), value);
}

} // namespace

class tst_JsonCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodeTime_data();
    void encodeTime();
    void encodeTimeWritesWhatQtWrites();
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
};

void tst_JsonCodec::encodeTime_data()
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

void tst_JsonCodec::encodeTime()
{
    QFETCH(QDateTime, time);
    QFETCH(QString, expected);
    QCOMPARE(json::encodeTime(time), expected);
}

void tst_JsonCodec::encodeTimeWritesWhatQtWrites()
{
    // encodeTime() formats by hand for speed: it must give QDateTime's own ISO text for
    // every instant, before and after the epoch, leap days and the ends of years and
    // of the range it formats, and leave the rest (and invalid times) to Qt.
    QList<qint64> instants { 0, -1, 1, 951782400000 /* 2000-02-29 */, 4107542399999,
        -62135596800000 /* 0001-01-01 */, 253402300799999 /* 9999-12-31 23:59:59.999 */,
        253402300800000, -62135596800001 };
    QRandomGenerator random(13);
    for (int i = 0; i < 20000; ++i)
        instants.append(random.bounded(qint64(-62135596800000), qint64(253402300800000)));
    for (const qint64 instant : std::as_const(instants)) {
        const QDateTime time = QDateTime::fromMSecsSinceEpoch(instant, Qt::UTC);
        const QString expected = time.toString(Qt::ISODateWithMs);
        if (json::encodeTime(time) != expected)
            QFAIL(qPrintable(
                u"%1: %2, Qt writes %3"_s.arg(instant).arg(json::encodeTime(time), expected)));
    }
    QCOMPARE(json::encodeTime(QDateTime()), QDateTime().toString(Qt::ISODateWithMs));
}

void tst_JsonCodec::decodedTimesAreUtc()
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

void tst_JsonCodec::userRoundTrip_data()
{
    QTest::addColumn<User>("user");
    QTest::addRow("plain") << User { 1, u"alice"_s };
    QTest::addRow("every allowed character") << User { 42, u"A.b_c-9"_s };
    QTest::addRow("longest username") << User { 5, QString(limits::MaxUsernameLength, u'x') };
    // Ids travel as JSON numbers (doubles): 2^53 - 1 is the largest that stays exact.
    QTest::addRow("largest safe id") << User { MaxSafeInteger, u"bob"_s };
}

void tst_JsonCodec::userRoundTrip()
{
    QFETCH(User, user);
    verifyRoundTrip(user, json::decodeUser);
}

void tst_JsonCodec::messageRoundTrip_data()
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

void tst_JsonCodec::messageRoundTrip()
{
    QFETCH(Message, message);
    const auto decoded = json::decodeMessage(overTheWire(json::encode(message)));
    VERIFY_OK(decoded);
    QCOMPARE(decoded.value(), message);
    // QDateTime equality compares instants; check the millisecond survived explicitly.
    QCOMPARE(decoded->createdAt.time().msec(), message.createdAt.time().msec());
}

void tst_JsonCodec::conversationRoundTrip_data()
{
    QTest::addColumn<Conversation>("conversation");
    const Member alice { User { 1, u"alice"_s } };
    const Member bob { User { 2, u"bob"_s } };
    const Member carol { User { 3, u"carol"_s } };
    QTest::addRow("direct") << Conversation { 12, { alice, bob } };
    QTest::addRow("no members") << Conversation { 13, {} };
    QTest::addRow("three members") << Conversation { MaxSafeInteger, { alice, bob, carol } };
    QTest::addRow("group with roles") << Conversation { 14,
        { Member { alice.user, MemberRole::Owner }, Member { bob.user, MemberRole::Admin }, carol },
        ConversationKind::Group, u"Release “42” ✓"_s, u"ship it\non Friday"_s };
}

void tst_JsonCodec::conversationRoundTrip()
{
    QFETCH(Conversation, conversation);
    verifyRoundTrip(conversation, json::decodeConversation);
}

void tst_JsonCodec::contactRoundTrip_data()
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

void tst_JsonCodec::contactRoundTrip()
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

void tst_JsonCodec::contactWithoutAwarenessFieldsDecodes()
{
    // A server from before the awareness fields: they read as zero, false and null.
    const QJsonObject old { { u"user"_s, json::encode(User { 2, u"bob"_s }) },
        { u"conversationId"_s, 7 }, { u"lastMessage"_s, sampleMessageJson() } };
    const auto decoded = json::decodeContact(old);
    VERIFY_OK(decoded);
    QCOMPARE(decoded.value(), (Contact { User { 2, u"bob"_s }, 7, sampleMessage() }));
}

void tst_JsonCodec::contactWireFormat()
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

void tst_JsonCodec::settingsRoundTrip()
{
    for (const Settings &settings :
        { Settings {}, Settings { .shareTyping = false, .shareReceipts = true },
            Settings { .shareTyping = true, .shareReceipts = false, .sharePresence = false },
            Settings { .findable = false } }) {
        const QJsonObject encoded = json::encode(settings);
        QCOMPARE(encoded.size(), 4);
        const auto decoded = json::decodeSettings(overTheWire(encoded));
        VERIFY_OK(decoded);
        QCOMPARE(decoded.value(), settings);
    }
    QCOMPARE(json::encode(Settings {}),
        (QJsonObject { { u"shareTyping"_s, true }, { u"shareReceipts"_s, true },
            { u"sharePresence"_s, true }, { u"findable"_s, true } }));
}

void tst_JsonCodec::settingsUpdateDecodes_data()
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

void tst_JsonCodec::settingsUpdateDecodes()
{
    QFETCH(QJsonObject, body);
    QFETCH(Settings, applied);
    const auto decoded = json::decodeSettingsUpdate(overTheWire(body));
    VERIFY_OK(decoded);
    QCOMPARE(decoded->appliedTo(Settings {}), applied);
    QCOMPARE(json::encode(decoded.value()), body);
}

void tst_JsonCodec::readRequestRoundTrip()
{
    const auto decoded
        = json::decodeReadRequest(overTheWire(json::encode(json::ReadRequest { 42 })));
    VERIFY_OK(decoded);
    QCOMPARE(decoded->upTo, qint64(42));
    QCOMPARE(json::encode(json::ReadRequest { 42 }), (QJsonObject { { u"upTo"_s, 42 } }));
}

void tst_JsonCodec::contactListDecodes()
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

void tst_JsonCodec::sessionRoundTrip_data()
{
    QTest::addColumn<Session>("session");
    QTest::addRow("plain") << Session { u"dG9rZW4tMTIz"_s, User { 1, u"alice"_s }, sampleTime() };
    QTest::addRow("longest token")
        << Session { QString(256, u't'), User { 2, u"bob"_s }, sampleTime(0) };
}

void tst_JsonCodec::sessionRoundTrip()
{
    QFETCH(Session, session);
    const auto decoded = json::decodeSession(overTheWire(json::encode(session)));
    VERIFY_OK(decoded);
    QCOMPARE(decoded->token, session.token);
    QCOMPARE(decoded->user, session.user);
    QCOMPARE(decoded->expiresAt, session.expiresAt);
    QCOMPARE(decoded->expiresAt.time().msec(), session.expiresAt.time().msec());
}

void tst_JsonCodec::historyPageRoundTrip_data()
{
    QTest::addColumn<HistoryPage>("page");
    QTest::addRow("empty, last page") << HistoryPage { {}, false };
    QTest::addRow("one message, more to come") << HistoryPage { { sampleMessage(9) }, true };
    QTest::addRow("newest first, mixed bodies")
        << HistoryPage { { sampleMessage(30, u"Ünïcødé"_s), sampleMessage(20, u"two\nlines"_s),
                             sampleMessage(10, u"😀"_s) },
               false };
}

void tst_JsonCodec::historyPageRoundTrip()
{
    QFETCH(HistoryPage, page);
    const auto decoded = json::decodeHistoryPage(overTheWire(json::encode(page)));
    VERIFY_OK(decoded);
    QCOMPARE(decoded->messages, page.messages);
    QCOMPARE(decoded->hasMore, page.hasMore);
}

void tst_JsonCodec::requestBodiesRoundTrip()
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

void tst_JsonCodec::sendRequestRoundTrip_data()
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

void tst_JsonCodec::sendRequestRoundTrip()
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

QTEST_GUILESS_MAIN(tst_JsonCodec)
#include "tst_jsoncodec.moc"
