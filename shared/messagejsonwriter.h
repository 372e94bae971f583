#pragma once

#include <shared/wiretypes.h>

#include <QByteArray>
#include <QStringView>

//! A message's JSON written straight to UTF-8 bytes, without a QJsonObject: byte for byte
//! what QJsonDocument(json::encode(message)).toJson(QJsonDocument::Compact) gives (keys in
//! its sorted order, its string escapes), which tst_messagejsonwriter holds it to.
//!
//! Why it exists: building the QJsonObject and serializing it was ~43% of chatd's event
//! loop per send (the object 26%, toJson 17%) and ~58% of its CPU per history page of 200
//! (issue 13). The rarer nested parts (a system entry's `event`, a `replyTo` preview, a
//! non-empty `reactions`) are still encoded by QJsonDocument and spliced in.
namespace chat::json {

//! Appends `text` as a JSON string literal, quotes included, escaped as QJsonDocument does.
void appendJsonString(QByteArray &out, QStringView text);

//! Appends the message's JSON object.
void appendMessageJson(QByteArray &out, const Message &message);

[[nodiscard]] QByteArray messageJson(const Message &message);

//! A history page's JSON ({"hasMore":…,["hasNewer":…,]"messages":[…]}), as the REST route
//! for GET /conversations/{id}/messages sends it.
[[nodiscard]] QByteArray historyPageJson(const HistoryPage &page);

} // namespace chat::json
