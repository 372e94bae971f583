// libFuzzer target: any bytes through the strict RFC 8259 check that runs before Qt's JSON
// parser on every REST body and WebSocket frame. Besides not crashing, it checks that the
// check is only ever stricter than Qt: an object or array it passes, Qt parses too (else
// a client following the RFC would get malformed_json). (Not the other way round: Qt's
// writer turns a number past double's range, which the RFC allows, into one it forbids.)
#include <shared/jsonvalidator.h>

#include <QJsonDocument>
#include <QJsonParseError>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace chat;

namespace {

//! Where the one top-level value starts, past RFC 8259's white space.
char firstSignificant(const QByteArray &text)
{
    for (const char c : text) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return c;
    }
    return 0;
}

//! Whether a number in the (valid) text lies outside what a double holds: past its range,
//! or not 0 yet rounding to it. Qt refuses those, within RFC 8259 §6's leave to limit
//! numbers, and PROTOCOL.md §2.1 says so.
bool hasNumberOutsideDouble(const QByteArray &text)
{
    bool inString = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i; // whatever is escaped, it does not end the string
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
            continue;
        }
        if (c != '-' && (c < '0' || c > '9'))
            continue;
        qsizetype end = i;
        while (end < text.size()
            && std::string_view("-+.eE0123456789").find(text[end]) != std::string_view::npos)
            ++end;
        const std::string number(text.constData() + i, size_t(end - i));
        errno = 0;
        (void)std::strtod(number.c_str(), nullptr);
        if (errno == ERANGE)
            return true;
        i = end - 1;
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const json::JsonValidation result = json::validateJson(text);
    if (result.offset < 0 || result.offset > text.size())
        std::abort();
    (void)json::describe(result.problem);
    if (!result.isValid())
        return 0;

    // Qt 6.4 reads objects and arrays at the top level only; the protocol sends no other.
    const char first = firstSignificant(text);
    if (first != '{' && first != '[')
        return 0;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error == QJsonParseError::IllegalNumber && hasNumberOutsideDouble(text))
        return 0;
    if (error.error != QJsonParseError::NoError) {
        std::fprintf(stderr, "valid by RFC 8259 but Qt says %s at %d\n",
            qPrintable(error.errorString()), error.offset);
        std::abort();
    }
    return 0;
}
