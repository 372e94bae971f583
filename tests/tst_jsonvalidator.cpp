// Unit tests of the strict RFC 8259 check (shared/jsonvalidator.h), case by case: what it
// accepts, what it refuses and where, and for each refusal whether Qt's own parser would
// have let it through (the reason the check exists). Pure functions only.
#include <shared/jsonvalidator.h>

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat::json;

Q_DECLARE_METATYPE(chat::json::JsonProblem)

class tst_JsonValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accepts_data();
    void accepts();
    void refuses_data();
    void refuses();
    void qtAloneAcceptsWhatTheRfcForbids_data();
    void qtAloneAcceptsWhatTheRfcForbids();
    void nestingIsBounded();
    void everyPrefixOfAValidTextIsRefusedOrValid();
    void specialBytesAreFoundAtEveryPlaceOfALongString();
    void describesEveryProblem();
};

void tst_JsonValidator::accepts_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addRow("empty object") << QByteArray("{}");
    QTest::addRow("empty array") << QByteArray("[]");
    QTest::addRow("object") << QByteArray("{\"type\":\"send\",\"id\":\"r1\",\"n\":1}");
    QTest::addRow("nested") << QByteArray("{\"a\":[1,{\"b\":[[],{}]},null,true,false]}");
    QTest::addRow("white space everywhere") << QByteArray(" \t\r\n{ \"a\" : [ 1 , 2 ] } \n");
    QTest::addRow("scalar top level") << QByteArray("42");
    QTest::addRow("string top level") << QByteArray("\"x\"");
    QTest::addRow("zero") << QByteArray("[0,-0,0.5,-0.5]");
    QTest::addRow("exponents") << QByteArray("[1e5,1E5,1e+5,1e-5,1.25e-3,-2E+10]");
    QTest::addRow("big integer") << QByteArray("[123456789012345678901234567890]");
    QTest::addRow("all simple escapes") << QByteArray("[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"]");
    QTest::addRow("unicode escapes") << QByteArray("[\"\\u0041\\u00e9\\u20AC\\ud83d\\ude00\"]");
    // The grammar allows it; the decoders answer it field by field (invalid_field).
    QTest::addRow("lone surrogate escape") << QByteArray("{\"body\":\"\\ud800\"}");
    QTest::addRow("escaped NUL") << QByteArray("[\"\\u0000\"]");
    QTest::addRow("two-byte UTF-8") << QByteArray("[\"caf\xc3\xa9\"]");
    QTest::addRow("three-byte UTF-8") << QByteArray("[\"\xe2\x82\xac\xef\xbf\xbf\"]");
    QTest::addRow("four-byte UTF-8") << QByteArray("[\"\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\"]");
    QTest::addRow("DEL is not a control character") << QByteArray("[\"\x7f\"]");
}

void tst_JsonValidator::accepts()
{
    QFETCH(QByteArray, text);
    const JsonValidation result = validateJson(text);
    QCOMPARE(result.problem, JsonProblem::None);
    QVERIFY(result.isValid());
}

void tst_JsonValidator::refuses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<JsonProblem>("problem");
    QTest::addColumn<qsizetype>("offset");

    const auto nul = QByteArray("[\"a\0b\"]", 7);
    QTest::addRow("nothing") << QByteArray() << JsonProblem::Empty << qsizetype(0);
    QTest::addRow("only white space") << QByteArray(" \n") << JsonProblem::Empty << qsizetype(2);
    QTest::addRow("raw NUL in a string") << nul << JsonProblem::ControlCharacter << qsizetype(3);
    QTest::addRow("raw tab in a string")
        << QByteArray("[\"a\tb\"]") << JsonProblem::ControlCharacter << qsizetype(3);
    QTest::addRow("raw line feed in a string")
        << QByteArray("{\"a\":\"x\ny\"}") << JsonProblem::ControlCharacter << qsizetype(7);
    QTest::addRow("raw U+001F in a key")
        << QByteArray("{\"a\x1f\":1}") << JsonProblem::ControlCharacter << qsizetype(3);
    QTest::addRow("\\x escape") << QByteArray("[\"\\x41\"]") << JsonProblem::InvalidEscape
                                << qsizetype(2);
    QTest::addRow("\\a escape") << QByteArray("[\"\\a\"]") << JsonProblem::InvalidEscape
                                << qsizetype(2);
    QTest::addRow("\\' escape") << QByteArray("[\"\\'\"]") << JsonProblem::InvalidEscape
                                << qsizetype(2);
    QTest::addRow("\\u with 3 hex digits")
        << QByteArray("[\"\\u041\"]") << JsonProblem::InvalidEscape << qsizetype(2);
    QTest::addRow("\\U escape") << QByteArray("[\"\\U0041\"]") << JsonProblem::InvalidEscape
                                << qsizetype(2);
    QTest::addRow(".5") << QByteArray("[.5]") << JsonProblem::InvalidNumber << qsizetype(1);
    QTest::addRow("01") << QByteArray("[01]") << JsonProblem::InvalidNumber << qsizetype(1);
    QTest::addRow("-01") << QByteArray("[-01]") << JsonProblem::InvalidNumber << qsizetype(1);
    QTest::addRow("1.") << QByteArray("[1.]") << JsonProblem::InvalidNumber << qsizetype(1);
    QTest::addRow("1.e5") << QByteArray("[1.e5]") << JsonProblem::InvalidNumber << qsizetype(1);
    QTest::addRow("+1") << QByteArray("[+1]") << JsonProblem::InvalidNumber << qsizetype(1);
    QTest::addRow("-") << QByteArray("[-]") << JsonProblem::InvalidNumber << qsizetype(1);
    QTest::addRow("1e") << QByteArray("[1e]") << JsonProblem::InvalidNumber << qsizetype(1);
    QTest::addRow("1e+") << QByteArray("[1e+]") << JsonProblem::InvalidNumber << qsizetype(1);
    QTest::addRow("-.5") << QByteArray("{\"a\":-.5}") << JsonProblem::InvalidNumber << qsizetype(5);
    QTest::addRow("hex number") << QByteArray("[0x10]") << JsonProblem::UnexpectedCharacter
                                << qsizetype(2);
    QTest::addRow("Infinity") << QByteArray("[Infinity]") << JsonProblem::UnexpectedCharacter
                              << qsizetype(1);
    QTest::addRow("NaN") << QByteArray("[NaN]") << JsonProblem::UnexpectedCharacter << qsizetype(1);
    QTest::addRow("True") << QByteArray("[True]") << JsonProblem::UnexpectedCharacter
                          << qsizetype(1);
    QTest::addRow("nul") << QByteArray("[nul]") << JsonProblem::UnexpectedCharacter << qsizetype(4);
    QTest::addRow("single quotes")
        << QByteArray("{'a':1}") << JsonProblem::UnexpectedCharacter << qsizetype(1);
    QTest::addRow("unquoted key") << QByteArray("{a:1}") << JsonProblem::UnexpectedCharacter
                                  << qsizetype(1);
    QTest::addRow("trailing comma in array")
        << QByteArray("[1,]") << JsonProblem::UnexpectedCharacter << qsizetype(3);
    QTest::addRow("trailing comma in object")
        << QByteArray("{\"a\":1,}") << JsonProblem::UnexpectedCharacter << qsizetype(7);
    QTest::addRow("missing colon")
        << QByteArray("{\"a\" 1}") << JsonProblem::UnexpectedCharacter << qsizetype(5);
    QTest::addRow("missing comma")
        << QByteArray("[1 2]") << JsonProblem::UnexpectedCharacter << qsizetype(3);
    QTest::addRow("mismatched bracket")
        << QByteArray("{\"a\":[1}") << JsonProblem::UnexpectedCharacter << qsizetype(7);
    QTest::addRow("garbage after the value")
        << QByteArray("{} x") << JsonProblem::TrailingData << qsizetype(3);
    QTest::addRow("two values") << QByteArray("{}{}") << JsonProblem::TrailingData << qsizetype(2);
    QTest::addRow("trailing NUL") << QByteArray("{}\0", 3) << JsonProblem::TrailingData
                                  << qsizetype(2);
    QTest::addRow("form feed as white space")
        << QByteArray("{\f}") << JsonProblem::UnexpectedCharacter << qsizetype(1);
    QTest::addRow("byte order mark")
        << QByteArray("\xef\xbb\xbf{}") << JsonProblem::UnexpectedCharacter << qsizetype(0);
    QTest::addRow("comment") << QByteArray("{/*x*/}") << JsonProblem::UnexpectedCharacter
                             << qsizetype(1);
    QTest::addRow("truncated object")
        << QByteArray("{\"a\":1") << JsonProblem::UnexpectedEnd << qsizetype(6);
    QTest::addRow("truncated string")
        << QByteArray("[\"ab") << JsonProblem::UnexpectedEnd << qsizetype(4);
    QTest::addRow("truncated escape")
        << QByteArray("[\"\\") << JsonProblem::UnexpectedEnd << qsizetype(3);
    QTest::addRow("truncated literal")
        << QByteArray("[tr") << JsonProblem::UnexpectedEnd << qsizetype(3);
    QTest::addRow("only an opening brace")
        << QByteArray("{") << JsonProblem::UnexpectedEnd << qsizetype(1);
    QTest::addRow("lone continuation byte")
        << QByteArray("[\"\x80\"]") << JsonProblem::InvalidUtf8 << qsizetype(2);
    QTest::addRow("overlong slash")
        << QByteArray("[\"\xc0\xaf\"]") << JsonProblem::InvalidUtf8 << qsizetype(2);
    QTest::addRow("overlong three bytes")
        << QByteArray("[\"\xe0\x80\xaf\"]") << JsonProblem::InvalidUtf8 << qsizetype(2);
    QTest::addRow("encoded surrogate")
        << QByteArray("[\"\xed\xa0\x80\"]") << JsonProblem::InvalidUtf8 << qsizetype(2);
    QTest::addRow("past U+10FFFF")
        << QByteArray("[\"\xf4\x90\x80\x80\"]") << JsonProblem::InvalidUtf8 << qsizetype(2);
    QTest::addRow("F5 lead byte") << QByteArray("[\"\xf5\x80\x80\x80\"]")
                                  << JsonProblem::InvalidUtf8 << qsizetype(2);
    QTest::addRow("truncated sequence")
        << QByteArray("[\"\xe2\x82\"]") << JsonProblem::InvalidUtf8 << qsizetype(2);
    QTest::addRow("sequence cut by the end")
        << QByteArray("[\"\xf0\x9f") << JsonProblem::InvalidUtf8 << qsizetype(2);
    QTest::addRow("non-ASCII outside a string")
        << QByteArray("[\xc3\xa9]") << JsonProblem::UnexpectedCharacter << qsizetype(1);
}

void tst_JsonValidator::refuses()
{
    QFETCH(QByteArray, text);
    QFETCH(JsonProblem, problem);
    QFETCH(qsizetype, offset);
    const JsonValidation result = validateJson(text);
    QVERIFY(!result.isValid());
    QCOMPARE(result.problem, problem);
    QCOMPARE(result.offset, offset);
}

void tst_JsonValidator::qtAloneAcceptsWhatTheRfcForbids_data()
{
    // The cases of issue 12 that made this check necessary. If a Qt update starts
    // refusing one of them, this says so (and the check still refuses it).
    QTest::addColumn<QByteArray>("text");
    QTest::addRow("raw NUL in a string") << QByteArray("{\"a\":\"x\0y\"}", 11);
    QTest::addRow("raw control character") << QByteArray("{\"a\":\"x\x01y\"}");
    QTest::addRow("\\x escape") << QByteArray("{\"a\":\"\\x41\"}");
    QTest::addRow(".5") << QByteArray("{\"a\":.5}");
}

void tst_JsonValidator::qtAloneAcceptsWhatTheRfcForbids()
{
    QFETCH(QByteArray, text);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        QSKIP("this Qt refuses it by itself now");
    QVERIFY(document.isObject());
    QVERIFY(!validateJson(text).isValid());
}

void tst_JsonValidator::nestingIsBounded()
{
    const QByteArray deepest = QByteArray(MaxJsonDepth, '[') + QByteArray(MaxJsonDepth, ']');
    QVERIFY(validateJson(deepest).isValid());
    const QByteArray tooDeep
        = QByteArray(MaxJsonDepth + 1, '[') + QByteArray(MaxJsonDepth + 1, ']');
    QCOMPARE(validateJson(tooDeep).problem, JsonProblem::TooDeep);
    QCOMPARE(validateJson(tooDeep).offset, qsizetype(MaxJsonDepth));
    // A million openings cost no stack: the check is a loop, not a recursion.
    QCOMPARE(validateJson(QByteArray(1'000'000, '{')).problem, JsonProblem::UnexpectedCharacter);
    QCOMPARE(validateJson(QByteArray(1'000'000, '[')).problem, JsonProblem::TooDeep);
}

void tst_JsonValidator::everyPrefixOfAValidTextIsRefusedOrValid()
{
    // Cutting a text anywhere must give an answer with an offset inside the text, never
    // a read past its end (the fuzz target checks the same under AddressSanitizer).
    const QByteArray text
        = QByteArray(
              "{\"type\":\"send\",\"id\":\"r1\",\"n\":[-1.5e+3,0,true,null],\"s\":\"\\u00e9\\n")
        + "\xf0\x9f\x98\x80" + QByteArray("\"}");
    QVERIFY(validateJson(text).isValid());
    for (qsizetype size = 0; size < text.size(); ++size) {
        const QByteArray prefix = text.left(size);
        const JsonValidation result = validateJson(prefix);
        QVERIFY2(!result.isValid(), prefix.constData());
        QVERIFY(result.offset >= 0 && result.offset <= size);
    }
}

void tst_JsonValidator::specialBytesAreFoundAtEveryPlaceOfALongString()
{
    // Long strings are scanned eight bytes at a time: a special byte must be found
    // wherever it falls in a word, and near the string's end.
    for (int at = 0; at < 40; ++at) {
        QByteArray plain(40, 'a');
        const auto with = [&](const QByteArray &bytes) -> QByteArray {
            QByteArray text = plain;
            text.replace(at, bytes.size(), bytes);
            return QByteArray("[\"") + text + "\"]";
        };
        const qsizetype offset = 2 + at;
        QCOMPARE(validateJson(with(QByteArray(1, '\x1f'))).problem, JsonProblem::ControlCharacter);
        QCOMPARE(validateJson(with(QByteArray(1, '\x1f'))).offset, offset);
        QCOMPARE(validateJson(with(QByteArray(1, '\0'))).offset, offset);
        QCOMPARE(validateJson(with(QByteArray(1, '\x80'))).problem, JsonProblem::InvalidUtf8);
        QCOMPARE(validateJson(with(QByteArray(1, '\x80'))).offset, offset);
        if (at < 38) {
            QVERIFY(validateJson(with("\xe2\x82\xac")).isValid());
            QVERIFY(validateJson(with("\\n")).isValid());
        }
        QCOMPARE(validateJson(with("\\x")).problem, JsonProblem::InvalidEscape);
        QCOMPARE(validateJson(with("\"")).offset, offset + 1); // the string ended early
    }
}

void tst_JsonValidator::describesEveryProblem()
{
    for (int value = int(JsonProblem::None); value <= int(JsonProblem::TrailingData); ++value)
        QVERIFY(!describe(JsonProblem(value)).isEmpty());
}

QTEST_GUILESS_MAIN(tst_JsonValidator)
#include "tst_jsonvalidator.moc"
