#pragma once

// Reading helpers shared by the codec's source files (jsoncodec.cpp, conversationcodec.cpp);
// not part of the library's interface.

#include <shared/conversationcodec.h>
#include <shared/protocol.h>
#include <shared/result.h>
#include <shared/validation.h>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace chat::codec {

//! The largest id every JSON implementation represents exactly (2^53 - 1).
inline constexpr qint64 MaxId = (qint64(1) << 53) - 1;
//! Generous bound for text fields whose real limit is checked elsewhere (bytes, rules).
inline constexpr int AnyText = 1 << 20;

//! An ISO 8601 timestamp field, as UTC.
inline std::optional<QDateTime> readTime(FieldReader &reader, const QString &name)
{
    using namespace Qt::StringLiterals;
    const auto text = reader.string(name, 64);
    if (!text)
        return std::nullopt;
    QDateTime time = QDateTime::fromString(*text, Qt::ISODateWithMs);
    if (!time.isValid()) {
        reader.fail(name, u"'%1' must be an ISO 8601 timestamp"_s.arg(name));
        return std::nullopt;
    }
    return time.toUTC();
}

//! An array field of objects, each decoded by `decode`.
template<typename T, typename Decoder>
std::optional<QList<T>> readList(FieldReader &reader, const QString &name, Decoder decode)
{
    using namespace Qt::StringLiterals;
    const auto array = reader.array(name);
    if (!array)
        return std::nullopt;
    QList<T> items;
    items.reserve(array->size());
    for (qsizetype i = 0; i < array->size(); ++i) {
        const QJsonValue item = array->at(i);
        if (!item.isObject()) {
            reader.fail(name, u"'%1[%2]' must be an object"_s.arg(name).arg(i));
            return std::nullopt;
        }
        auto decoded = decode(item.toObject());
        if (!decoded) {
            reader.fail(name, u"'%1[%2]': %3"_s.arg(name).arg(i).arg(decoded.error().message));
            return std::nullopt;
        }
        items.append(std::move(decoded).value());
    }
    return items;
}

inline QJsonArray encodeIds(const QList<qint64> &ids)
{
    QJsonArray array;
    for (const qint64 id : ids)
        array.append(id);
    return array;
}

//! A list of distinct ids, at most MaxUsersPerRequest of them.
inline std::optional<QList<qint64>> readIds(FieldReader &reader, const QString &name)
{
    using namespace Qt::StringLiterals;
    const auto array = reader.array(name);
    if (!array)
        return std::nullopt;
    if (array->size() > protocol::limits::MaxUsersPerRequest) {
        reader.fail(name,
            u"'%1' names at most %2 users"_s.arg(name).arg(protocol::limits::MaxUsersPerRequest));
        return std::nullopt;
    }
    QList<qint64> ids;
    for (const QJsonValue &value : *array) {
        const double number = value.toDouble(-1);
        if (!value.isDouble() || number < 1 || number > double(MaxId) || number != qint64(number)) {
            reader.fail(name, u"'%1' must hold user ids (whole numbers from 1)"_s.arg(name));
            return std::nullopt;
        }
        if (!ids.contains(qint64(number)))
            ids.append(qint64(number));
    }
    return ids;
}

//! A member role field: "member", "admin" or "owner".
inline std::optional<MemberRole> readRole(FieldReader &reader, const QString &name)
{
    using namespace Qt::StringLiterals;
    const auto text = reader.string(name, 16);
    if (!text)
        return std::nullopt;
    const auto role = json::roleFromName(*text);
    if (!role)
        reader.fail(name, u"'%1' must be \"member\", \"admin\" or \"owner\""_s.arg(name));
    return role;
}

} // namespace chat::codec
