#pragma once

#include <QByteArrayView>
#include <QString>

//! A strict RFC 8259 check of JSON text, run before Qt's parser. QJsonDocument accepts
//! what the RFC forbids (raw control characters and NUL inside strings, `\x41` escapes,
//! numbers such as `.5`, `01`, `1.` or `+1`); a server that accepts more than the
//! contract says invites clients that only work with it. One pass, no allocation, no
//! recursion: safe to call on any bytes (a fuzz target calls it directly).
namespace chat::json {

//! What is wrong with the text, if anything (the first problem found).
enum class JsonProblem {
    None,
    Empty, //!< Nothing but white space.
    UnexpectedEnd, //!< The text stops inside a value.
    UnexpectedCharacter, //!< A byte no JSON value, separator or white space starts with.
    ControlCharacter, //!< U+0000..U+001F unescaped inside a string.
    InvalidEscape, //!< A backslash not followed by one of `"\/bfnrt` or `u` and 4 hex digits.
    InvalidNumber, //!< `.5`, `01`, `1.`, `+1`, `1e`, `-`, ...
    InvalidUtf8, //!< Ill-formed UTF-8 (overlong, a surrogate, past U+10FFFF, truncated).
    TooDeep, //!< More than MaxJsonDepth nested arrays and objects.
    TrailingData, //!< Something after the one top-level value.
};

//! Nesting deeper than this is refused (Qt's own parser stops at 1024 as well).
inline constexpr int MaxJsonDepth = 1024;

struct JsonValidation
{
    JsonProblem problem = JsonProblem::None;
    qsizetype offset = 0; //!< Byte offset of the problem.

    [[nodiscard]] bool isValid() const { return problem == JsonProblem::None; }
};

//! Checks that `text` is exactly one JSON value (RFC 8259 §2), encoded as well-formed
//! UTF-8 (§8.1), with only the white space of §2 around it; no byte order mark. Escapes
//! of lone surrogates (`"\ud800"`) pass: the grammar allows them, and the protocol
//! answers them field by field (invalid_field, "not valid Unicode text").
[[nodiscard]] JsonValidation validateJson(QByteArrayView text);

//! A short English description of `problem`, for error messages.
[[nodiscard]] QString describe(JsonProblem problem);

} // namespace chat::json
