#pragma once

#include <QStringView>

#include <optional>

//! Numbers in URLs (path segments, query parameters): plain decimal digits only. Qt's
//! toLongLong() also takes a sign, surrounding white space and overflows to a failure;
//! the protocol promises none of that (PROTOCOL.md §2.2).
namespace chat {

struct PlainDecimal
{
    qint64 value = 0; //!< The number, or the largest qint64 when it is larger.
    bool saturated = false; //!< The digits said more than a qint64 holds.
};

//! `text` read as decimal digits [0-9]+ (leading zeros allowed): no sign, no white space,
//! no `0x`, no exponent, not empty. A value past 2^63 − 1 saturates rather than fails, so
//! that a caller can cap it (a page size) or refuse it (an id) as its contract says.
[[nodiscard]] std::optional<PlainDecimal> parsePlainDecimal(QStringView text);

} // namespace chat
