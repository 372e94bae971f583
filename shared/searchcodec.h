#pragma once

#include <shared/result.h>
#include <shared/wiretypes.h>

#include <QJsonObject>

//! JSON of message search (protocol §5.23): a page of hits, each a message with its
//! snippet as parts, the matched ones marked. Decoders validate every field, as in
//! jsoncodec.h.
namespace chat::json {

[[nodiscard]] QJsonObject encode(const SearchHit &hit);
[[nodiscard]] Result<SearchHit> decodeSearchHit(const QJsonObject &object);
[[nodiscard]] QJsonObject encode(const SearchPage &page);
[[nodiscard]] Result<SearchPage> decodeSearchPage(const QJsonObject &object);

} // namespace chat::json
