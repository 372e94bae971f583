#pragma once

#include <QString>

class QHttpServerRouter;

namespace chat::server::http {

//! A regular expression matching exactly the plain decimal numbers from 0 to `max`
//! (leading zeros allowed): digits only, no sign, and never more than `max`, so that a
//! path segment that matches always converts. Without capturing groups.
[[nodiscard]] QString decimalUpToPattern(qint64 max);

//! Makes `<arg>` of type qint64 match plain decimal digits within 64 bits only. Qt's own
//! pattern, [+-]?\d+, takes `+5` and `-5`, and a number too large for 64 bits that then
//! fails to convert. With this, any other segment matches no route: `404 "no route for
//! ..."`, as PROTOCOL.md §5 says of a path segment that is not a number. Call it before
//! any route is added: a rule reads the converters when it is made.
void usePlainDecimalPathIds(QHttpServerRouter &router);

} // namespace chat::server::http
