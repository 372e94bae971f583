#include "searchcodec.h"

#include <shared/codecfields.h>
#include <shared/jsoncodec.h>
#include <shared/protocol.h>
#include <shared/validation.h>

#include <QJsonArray>

namespace chat::json {

using namespace Qt::StringLiterals;
using namespace chat::codec;
namespace limits = protocol::limits;

namespace {

QJsonObject encode(const SnippetPart &part)
{
    QJsonObject object { { u"text"_s, part.text } };
    if (part.match)
        object.insert(u"match"_s, true);
    return object;
}

Result<SnippetPart> decodeSnippetPart(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto text = reader.string(u"text"_s, int(limits::MaxBodyBytes));
    // "match" is there only when true.
    const QJsonValue match = object.value(u"match"_s);
    if (!match.isUndefined() && !match.isBool())
        reader.fail(u"match"_s, u"'match' must be a boolean"_s);
    if (!reader.ok())
        return reader.error();
    return SnippetPart { *text, match.toBool(false) };
}

} // namespace

QJsonObject encode(const SearchHit &hit)
{
    QJsonArray snippet;
    for (const SnippetPart &part : hit.snippet)
        snippet.append(encode(part));
    return { { u"message"_s, encode(hit.message) }, { u"snippet"_s, snippet } };
}

Result<SearchHit> decodeSearchHit(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto message = reader.object(u"message"_s);
    const auto snippet = readList<SnippetPart>(reader, u"snippet"_s, decodeSnippetPart);
    if (!reader.ok())
        return reader.error();
    auto decoded = decodeMessage(*message);
    if (!decoded)
        return decoded.error();
    return SearchHit { decoded.value(), *snippet };
}

QJsonObject encode(const SearchPage &page)
{
    QJsonArray hits;
    for (const SearchHit &hit : page.hits)
        hits.append(encode(hit));
    return { { u"hits"_s, hits }, { u"hasMore"_s, page.hasMore },
        { u"nextOffset"_s, page.nextOffset } };
}

Result<SearchPage> decodeSearchPage(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto hits = readList<SearchHit>(reader, u"hits"_s, decodeSearchHit);
    const auto hasMore = reader.boolean(u"hasMore"_s);
    const auto nextOffset = reader.integer(u"nextOffset"_s, 0, limits::MaxSearchDepth);
    if (!reader.ok())
        return reader.error();
    return SearchPage { *hits, *hasMore, int(*nextOffset) };
}

} // namespace chat::json
