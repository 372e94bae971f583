// Unit tests of the wire errors (shared/wireerror.h): the error codes' wire names, which
// are a contract with every client ever shipped, and error objects in JSON.
#include <shared/wireerror.h>
#include <support/protocolsamples.h>

#include <QMetaEnum>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class tst_WireError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
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

void tst_WireError::errorCodeWireNames_data()
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

void tst_WireError::errorCodeWireNames()
{
    QFETCH(ErrorCode, code);
    QFETCH(QString, name);
    QCOMPARE(errorCodeName(code), name);
}

void tst_WireError::errorCodeNamesRoundTrip_data()
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

void tst_WireError::errorCodeNamesRoundTrip()
{
    QFETCH(ErrorCode, code);
    const QString name = errorCodeName(code);
    static const QRegularExpression snakeCase(u"^[a-z]+(_[a-z]+)*$"_s);
    QVERIFY2(snakeCase.match(name).hasMatch(), qPrintable(name));
    const auto back = errorCodeFromName(name);
    QVERIFY2(back.has_value(), qPrintable(name));
    QCOMPARE(*back, code);
}

void tst_WireError::errorCodeNamesAreDistinct()
{
    const QMetaEnum codes = QMetaEnum::fromType<ErrorCode>();
    QSet<QString> names;
    for (int i = 0; i < codes.keyCount(); ++i)
        names.insert(errorCodeName(ErrorCode(codes.value(i))));
    QCOMPARE(names.size(), codes.keyCount());
}

void tst_WireError::unknownErrorCodeName()
{
    QVERIFY(!errorCodeFromName(u"no_such_code"_s).has_value());
    QVERIFY(!errorCodeFromName(QString()).has_value());
    // The C++ enumerator name is not the wire name.
    QVERIFY(!errorCodeFromName(u"InvalidField"_s).has_value());
}

void tst_WireError::errorJsonRoundTrip_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("field");
    const QMetaEnum codes = QMetaEnum::fromType<ErrorCode>();
    for (int i = 0; i < codes.keyCount(); ++i) {
        QTest::addRow("%s with field", codes.key(i)) << ErrorCode(codes.value(i)) << u"body"_s;
        QTest::addRow("%s without field", codes.key(i)) << ErrorCode(codes.value(i)) << QString();
    }
}

void tst_WireError::errorJsonRoundTrip()
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

void tst_WireError::errorFromJsonOfUnknownCode()
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

void tst_WireError::errorFromJsonRequiresMessage()
{
    QCOMPARE(Error::fromJson({ { u"code"_s, u"not_found"_s } }).has_value(), false);
    QCOMPARE(Error::fromJson({ { u"code"_s, u"not_found"_s }, { u"message"_s, 404 } }).has_value(),
        false);
    QCOMPARE(Error::fromJson({}).has_value(), false);
}

QTEST_GUILESS_MAIN(tst_WireError)
#include "tst_wireerror.moc"
