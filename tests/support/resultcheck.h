#pragma once

#include <shared/result.h>
#include <shared/wireerror.h>

#include <QString>
#include <QTest>

namespace chat::test {

//! "code (field 'f'): message", for a test's failure message.
inline QString describe(const Error &error)
{
    return QStringLiteral("%1 (field '%2'): %3")
        .arg(errorCodeName(error.code), error.field, error.message);
}

//! "ok", or the error a Result holds.
template<typename T> QString describe(const Result<T> &result)
{
    return result ? QStringLiteral("ok") : describe(result.error());
}

} // namespace chat::test

//! Fails the test with the error's code, field and message when a Result holds an error.
//! Evaluates the expression once (QVERIFY2 would evaluate it again for the description).
#define VERIFY_OK(expression)                                                                      \
    do {                                                                                           \
        const auto &verifiedResult = (expression);                                                 \
        QVERIFY2(verifiedResult.ok(), qPrintable(::chat::test::describe(verifiedResult)));         \
    } while (false)
