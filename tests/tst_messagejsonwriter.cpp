// Unit tests of the message JSON writer (shared/messagejsonwriter.h): the bytes it writes
// for a message, a history page and a string are exactly QJsonDocument's compact bytes
// for json::encode() of the same value, for every combination of a message's fields, the
// largest ids, and thousands of random strings (controls, quotes, backslashes, U+007F,
// U+2028, emoji, lone surrogates). Pure functions only.
#include <shared/jsoncodec.h>
#include <shared/messagejsonwriter.h>
#include <support/protocolsamples.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

QByteArray qtBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

//! The string literal QJsonDocument writes for `text` (inside a one-element array).
QByteArray qtStringLiteral(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray { text }).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QByteArray writtenStringLiteral(const QString &text)
{
    QByteArray literal;
    json::appendJsonString(literal, text);
    return literal;
}

//! A random string of up to `maxLength` UTF-16 units, drawn mostly from the characters
//! JSON escaping treats specially.
QString randomText(QRandomGenerator &random, int maxLength)
{
    static const char16_t specials[] = { u'"', u'\\', u'/', 0x7f, 0x2028, 0x2029, u'\b', u'\f',
        u'\n', u'\r', u'\t', 0, 0x1f, 0x80, 0x7ff, 0x800, 0xfeff, 0xfffd, 0xffff };
    QString text;
    const int length = int(random.bounded(maxLength + 1));
    for (int i = 0; i < length; ++i) {
        switch (random.bounded(8)) {
        case 0: // any ASCII, controls included
            text += QChar(char16_t(random.bounded(0x80)));
            break;
        case 1:
            text += QChar(specials[random.bounded(int(std::size(specials)))]);
            break;
        case 2: // two-byte UTF-8
            text += QChar(char16_t(0x80 + random.bounded(0x800 - 0x80)));
            break;
        case 3: { // three-byte UTF-8, not a surrogate
            char16_t unit = char16_t(0x800 + random.bounded(0x10000 - 0x800));
            if (QChar::isSurrogate(unit))
                unit = 0x20ac;
            text += QChar(unit);
            break;
        }
        case 4: { // outside the BMP: a surrogate pair (emoji and beyond)
            const char32_t point = random.bounded(4) == 0
                ? char32_t(0x1f600 + random.bounded(0x50))
                : char32_t(0x10000 + random.bounded(0x100000));
            text += QString::fromUcs4(&point, 1);
            break;
        }
        case 5: // a lone high surrogate (unless a low one happens to follow)
            text += QChar(char16_t(0xd800 + random.bounded(0x400)));
            break;
        case 6: // a lone low surrogate
            text += QChar(char16_t(0xdc00 + random.bounded(0x400)));
            break;
        default: // plain text, the common case
            text += QChar(char16_t(u'a' + random.bounded(26)));
        }
    }
    return text;
}

SystemEvent sampleEvent(const QString &title = u"Launch"_s)
{
    return SystemEvent { SystemEvent::Type::Renamed, { 3, 4 }, title, u"Friday's \"plan\""_s,
        MemberRole::Member };
}

} // namespace

class tst_MessageJsonWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stringsAreEscapedAsQtDoes_data();
    void stringsAreEscapedAsQtDoes();
    void randomStringsAreWhatQJsonDocumentWrites();
    void everyFieldCombinationIsWhatQJsonDocumentWrites();
    void largestIdsAndInvalidTimes();
    void randomMessagesAreWhatQJsonDocumentWrites();
    void historyPagesAreWhatQJsonDocumentWrites_data();
    void historyPagesAreWhatQJsonDocumentWrites();
};

void tst_MessageJsonWriter::stringsAreEscapedAsQtDoes_data()
{
    // Each escape spelt out, so that both Qt (6.4.2 here) and the writer are held to it.
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("literal");
    QTest::addRow("empty") << QString() << "\"\""_ba;
    QTest::addRow("quote") << u"\""_s << "\"\\\"\""_ba;
    QTest::addRow("backslash") << u"\\"_s << "\"\\\\\""_ba;
    QTest::addRow("slash, not escaped") << u"/"_s << "\"/\""_ba;
    QTest::addRow("short escapes") << u"\b\f\n\r\t"_s << "\"\\b\\f\\n\\r\\t\""_ba;
    QTest::addRow("NUL") << QString(QChar(0)) << "\"\\u0000\""_ba;
    QTest::addRow("other controls, lowercase hex")
        << u"\u0001\u000b\u001f"_s << "\"\\u0001\\u000b\\u001f\""_ba;
    QTest::addRow("DEL, not escaped") << u"\u007f"_s << "\"\x7f\""_ba;
    QTest::addRow("U+2028, not escaped") << u"\u2028"_s << "\"\xe2\x80\xa8\""_ba;
    QTest::addRow("two bytes") << u"é"_s << "\"\xc3\xa9\""_ba;
    QTest::addRow("emoji") << u"😀"_s << "\"\xf0\x9f\x98\x80\""_ba;
    QTest::addRow("lone high surrogate, lowercase hex")
        << QString(QChar(char16_t(0xd83d))) << "\"\\ud83d\""_ba;
    QTest::addRow("lone low surrogate") << QString(QChar(char16_t(0xdead))) << "\"\\udead\""_ba;
    QTest::addRow("high then text")
        << QString(QChar(char16_t(0xdbff))) + u"x"_s << "\"\\udbffx\""_ba;
    QTest::addRow("low then high")
        << QString(QChar(char16_t(0xdc00))) + QChar(char16_t(0xd800)) << "\"\\udc00\\ud800\""_ba;
    QTest::addRow("high, high, low")
        << QString(QChar(char16_t(0xd800))) + u"😀"_s << "\"\\ud800\xf0\x9f\x98\x80\""_ba;
}

void tst_MessageJsonWriter::stringsAreEscapedAsQtDoes()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, literal);
    QCOMPARE(qtStringLiteral(text), literal);
    QCOMPARE(writtenStringLiteral(text), literal);
}

void tst_MessageJsonWriter::randomStringsAreWhatQJsonDocumentWrites()
{
    QRandomGenerator random(13);
    for (int i = 0; i < 20000; ++i) {
        const QString text = randomText(random, 24);
        const QByteArray expected = "prefix"_ba + qtStringLiteral(text);
        QByteArray written = "prefix"_ba; // appended, never overwriting what was there
        json::appendJsonString(written, text);
        if (written != expected) {
            QFAIL(qPrintable(u"case %1: %2 != %3"_s.arg(i).arg(
                QString::fromLatin1(written.toHex()), QString::fromLatin1(expected.toHex()))));
        }
    }
}

void tst_MessageJsonWriter::everyFieldCombinationIsWhatQJsonDocumentWrites()
{
    const std::optional<ReplyPreview> replies[] = {
        std::nullopt,
        ReplyPreview { 5, true, false, 2, u"bob"_s, u"Ship on Friday?"_s },
        ReplyPreview { 6, false, false, 0, QString(), QString() },
        ReplyPreview { 7, true, true, 0, QString(), QString() },
    };
    const QList<Reaction> reactionSets[] = {
        {},
        { Reaction { u"👍"_s, { 2 } } },
        { Reaction { u"👍"_s, { 2, 3 } }, Reaction { u"🎉"_s, { 1 } } },
    };
    int cases = 0;
    for (const bool system : { false, true }) {
        for (const auto &reply : replies) {
            for (const bool edited : { false, true }) {
                for (const bool deleted : { false, true }) {
                    for (const auto &reactions : reactionSets) {
                        Message message = sampleMessage(40 + cases, deleted ? QString() : u"hi"_s);
                        if (system)
                            message.event = sampleEvent();
                        message.replyTo = reply;
                        if (edited)
                            message.editedAt = sampleTime(999);
                        message.deleted = deleted;
                        message.reactions = reactions;
                        QCOMPARE(json::messageJson(message), qtBytes(json::encode(message)));
                        ++cases;
                    }
                }
            }
        }
    }
    QCOMPARE(cases, 2 * 4 * 2 * 2 * 3);
}

void tst_MessageJsonWriter::largestIdsAndInvalidTimes()
{
    for (const qint64 id : { qint64(0), qint64(1), qint64(9), qint64(10), MaxSafeInteger,
             MaxSafeInteger - 1, std::numeric_limits<qint64>::max() }) {
        Message message = sampleMessage(id);
        message.conversationId = id;
        message.senderId = id;
        QCOMPARE(json::messageJson(message), qtBytes(json::encode(message)));
    }
    // encodeTime leaves an invalid time to Qt (an empty string): so does the writer.
    Message message = sampleMessage();
    message.createdAt = QDateTime();
    QCOMPARE(json::messageJson(message), qtBytes(json::encode(message)));
    message.createdAt = QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC);
    message.editedAt = QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);
    QCOMPARE(json::messageJson(message), qtBytes(json::encode(message)));
}

void tst_MessageJsonWriter::randomMessagesAreWhatQJsonDocumentWrites()
{
    QRandomGenerator random(2026);
    for (int i = 0; i < 5000; ++i) {
        Message message = sampleMessage(
            qint64(random.bounded(quint64(MaxSafeInteger))) + 1, randomText(random, 60));
        message.conversationId = qint64(random.bounded(quint64(MaxSafeInteger))) + 1;
        message.senderId = qint64(random.bounded(quint64(MaxSafeInteger))) + 1;
        message.senderName = randomText(random, 12);
        message.clientId = randomText(random, 12);
        message.createdAt = QDateTime::fromMSecsSinceEpoch(
            qint64(random.bounded(quint64(4102444800000))), Qt::UTC);
        if (random.bounded(4) == 0)
            message.event = sampleEvent(randomText(random, 10));
        if (random.bounded(4) == 0) {
            message.replyTo
                = ReplyPreview { 5, true, false, 2, randomText(random, 8), randomText(random, 20) };
        }
        if (random.bounded(4) == 0)
            message.editedAt = message.createdAt.addMSecs(random.bounded(100000));
        message.deleted = random.bounded(8) == 0;
        if (random.bounded(4) == 0)
            message.reactions = { Reaction { randomText(random, 4), { 1, MaxSafeInteger } } };
        const QByteArray expected = qtBytes(json::encode(message));
        const QByteArray written = json::messageJson(message);
        if (written != expected) {
            QFAIL(qPrintable(u"case %1:\n%2\n%3"_s.arg(i).arg(
                QString::fromUtf8(written), QString::fromUtf8(expected))));
        }
    }
}

void tst_MessageJsonWriter::historyPagesAreWhatQJsonDocumentWrites_data()
{
    QTest::addColumn<HistoryPage>("page");
    Message system = sampleMessage(3, u"alice renamed the group"_s);
    system.event = sampleEvent();
    const QList<Message> three { sampleMessage(5, u"new\n\"est\""_s), system, sampleMessage(1) };
    QTest::addRow("empty, no more") << HistoryPage { {}, false, std::nullopt };
    QTest::addRow("three, more, hasNewer unset") << HistoryPage { three, true, std::nullopt };
    QTest::addRow("hasNewer true") << HistoryPage { three, false, true };
    QTest::addRow("hasNewer false") << HistoryPage { three, true, false };
    QTest::addRow("one") << HistoryPage { { sampleMessage(MaxSafeInteger) }, true, std::nullopt };
}

void tst_MessageJsonWriter::historyPagesAreWhatQJsonDocumentWrites()
{
    QFETCH(HistoryPage, page);
    QCOMPARE(json::historyPageJson(page), qtBytes(json::encode(page)));
}

QTEST_GUILESS_MAIN(tst_MessageJsonWriter)
#include "tst_messagejsonwriter.moc"
