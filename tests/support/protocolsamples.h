#pragma once

#include <shared/wiretypes.h>

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

// Sample wire values and small JSON helpers shared by the protocol tests (tst_jsoncodec,
// tst_frames, tst_validation, tst_wireerror). Pure functions: no network, no event loop.
namespace chat::test {

//! The largest id that travels exactly as a JSON number (a double): 2^53 - 1.
inline constexpr qint64 MaxSafeInteger = (qint64(1) << 53) - 1;

//! 2026-11-24T09:15:02 UTC with `msec` milliseconds.
QDateTime sampleTime(int msec = 123);
//! Message `id` in conversation 7 from alice (id 3), with client id "client-<id>".
Message sampleMessage(qint64 id = 101, const QString &body = QStringLiteral("hello"));
//! sampleMessage() as the contract spells it, written out by hand so that a change of
//! the encoder cannot go unnoticed by being mirrored in the decoder.
QJsonObject sampleMessageJson();

//! The object as compact UTF-8 JSON.
QByteArray jsonBytes(const QJsonObject &object);
QString jsonText(const QJsonObject &object);
//! What the peer receives: the object serialised to UTF-8 bytes and parsed back.
QJsonObject overTheWire(const QJsonObject &object);
//! A copy of `object` with `key` set to `value`, or without `key`.
QJsonObject with(QJsonObject object, const QString &key, const QJsonValue &value);
QJsonObject without(QJsonObject object, const QString &key);

//! A valid send request's fields (as REST takes them), to be spoiled one at a time.
QJsonObject sendObject(
    const QString &body = QStringLiteral("hello"), const QString &clientId = QStringLiteral("c-1"));
//! sendObject() as a WebSocket `send` frame with request id `requestId`.
QJsonObject sendFrameObject(
    const QString &requestId, const QString &body = QStringLiteral("hello"));

} // namespace chat::test

// QCOMPARE prints wire values as their JSON when they differ (found by ADL).
namespace chat {
char *toString(const User &user);
char *toString(const Message &message);
char *toString(const Conversation &conversation);
char *toString(const Contact &contact);
} // namespace chat
