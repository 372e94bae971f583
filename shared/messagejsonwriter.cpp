#include "messagejsonwriter.h"

#include <shared/actioncodec.h>
#include <shared/conversationcodec.h>
#include <shared/jsoncodec.h>

#include <QJsonDocument>
#include <QJsonObject>

namespace chat::json {

namespace {

char hexDigit(unsigned value)
{
    return "0123456789abcdef"[value & 0xf];
}

//! Writes `\uXXXX` (lowercase hex, as qjsonwriter.cpp) and returns the end.
char *writeUnicodeEscape(char *cursor, char16_t unit)
{
    *cursor++ = '\\';
    *cursor++ = 'u';
    *cursor++ = hexDigit(unit >> 12);
    *cursor++ = hexDigit(unit >> 8);
    *cursor++ = hexDigit(unit >> 4);
    *cursor++ = hexDigit(unit);
    return cursor;
}

void appendInteger(QByteArray &out, qint64 value)
{
    out += QByteArray::number(value);
}

void appendBool(QByteArray &out, bool value)
{
    out += value ? "true" : "false";
}

//! A rarer nested object (an event, a reply preview) as QJsonDocument writes it, or null.
template<typename Part> void appendObjectOrNull(QByteArray &out, const std::optional<Part> &part)
{
    if (part)
        out += QJsonDocument(encode(*part)).toJson(QJsonDocument::Compact);
    else
        out += "null";
}

} // namespace

void appendJsonString(QByteArray &out, QStringView text)
{
    // At most 6 bytes per UTF-16 unit (an escape), plus the quotes; trimmed at the end.
    const qsizetype start = out.size();
    out.resize(start + 6 * text.size() + 2);
    char *cursor = out.data() + start;
    *cursor++ = '"';
    const char16_t *src = text.utf16();
    const char16_t *const end = src + text.size();
    while (src != end) {
        const char16_t unit = *src++;
        if (unit < 0x80) {
            if (unit >= 0x20 && unit != u'"' && unit != u'\\') {
                *cursor++ = char(unit);
                continue;
            }
            *cursor++ = '\\';
            switch (unit) {
            case u'"':
                *cursor++ = '"';
                break;
            case u'\\':
                *cursor++ = '\\';
                break;
            case u'\b':
                *cursor++ = 'b';
                break;
            case u'\f':
                *cursor++ = 'f';
                break;
            case u'\n':
                *cursor++ = 'n';
                break;
            case u'\r':
                *cursor++ = 'r';
                break;
            case u'\t':
                *cursor++ = 't';
                break;
            default:
                *cursor++ = 'u';
                *cursor++ = '0';
                *cursor++ = '0';
                *cursor++ = hexDigit(unit >> 4);
                *cursor++ = hexDigit(unit);
            }
        } else if (unit < 0x800) {
            *cursor++ = char(0xc0 | (unit >> 6));
            *cursor++ = char(0x80 | (unit & 0x3f));
        } else if (!QChar::isSurrogate(unit)) {
            *cursor++ = char(0xe0 | (unit >> 12));
            *cursor++ = char(0x80 | ((unit >> 6) & 0x3f));
            *cursor++ = char(0x80 | (unit & 0x3f));
        } else if (QChar::isHighSurrogate(unit) && src != end && QChar::isLowSurrogate(*src)) {
            const char32_t point = QChar::surrogateToUcs4(unit, *src++);
            *cursor++ = char(0xf0 | (point >> 18));
            *cursor++ = char(0x80 | ((point >> 12) & 0x3f));
            *cursor++ = char(0x80 | ((point >> 6) & 0x3f));
            *cursor++ = char(0x80 | (point & 0x3f));
        } else {
            // A lone surrogate has no UTF-8: Qt writes it as an escape, and so do we.
            cursor = writeUnicodeEscape(cursor, unit);
        }
    }
    *cursor++ = '"';
    out.truncate(cursor - out.constData());
}

void appendMessageJson(QByteArray &out, const Message &message)
{
    // The keys of encode(Message) and encodeMessageState(), in QJsonObject's sorted order.
    out += "{\"body\":";
    appendJsonString(out, message.body);
    out += ",\"clientId\":";
    appendJsonString(out, message.clientId);
    out += ",\"conversationId\":";
    appendInteger(out, message.conversationId);
    out += ",\"createdAt\":";
    appendJsonString(out, encodeTime(message.createdAt));
    out += ",\"deleted\":";
    appendBool(out, message.deleted);
    out += ",\"editedAt\":";
    if (message.editedAt)
        appendJsonString(out, encodeTime(*message.editedAt));
    else
        out += "null";
    out += ",\"event\":";
    appendObjectOrNull(out, message.event);
    out += ",\"id\":";
    appendInteger(out, message.id);
    out += message.event ? ",\"kind\":\"system\"" : ",\"kind\":\"text\"";
    out += ",\"reactions\":";
    if (message.reactions.isEmpty())
        out += "[]";
    else
        out += QJsonDocument(encodeReactions(message.reactions)).toJson(QJsonDocument::Compact);
    out += ",\"replyTo\":";
    appendObjectOrNull(out, message.replyTo);
    out += ",\"senderId\":";
    appendInteger(out, message.senderId);
    out += ",\"senderName\":";
    appendJsonString(out, message.senderName);
    out += '}';
}

QByteArray messageJson(const Message &message)
{
    QByteArray out;
    out.reserve(256 + 2 * message.body.size());
    appendMessageJson(out, message);
    return out;
}

QByteArray historyPageJson(const HistoryPage &page)
{
    // encode(HistoryPage)'s keys in sorted order; hasNewer only when the page says.
    QByteArray out;
    out.reserve(320 * page.messages.size() + 64);
    out += "{\"hasMore\":";
    appendBool(out, page.hasMore);
    if (page.hasNewer) {
        out += ",\"hasNewer\":";
        appendBool(out, *page.hasNewer);
    }
    out += ",\"messages\":[";
    for (qsizetype i = 0; i < page.messages.size(); ++i) {
        if (i > 0)
            out += ',';
        appendMessageJson(out, page.messages[i]);
    }
    out += "]}";
    return out;
}

} // namespace chat::json
