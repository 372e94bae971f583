#include "searchservice.h"

namespace chat::server {

using namespace Qt::StringLiterals;
namespace limits = protocol::limits;

namespace {

//! What the unicode61 tokenizer keeps inside a word: letters, digits and the marks
//! that combine with them. Everything else separates words.
bool isWordCharacter(QChar c)
{
    return c.isLetterOrNumber() || c.category() == QChar::Mark_NonSpacing
        || c.category() == QChar::Mark_SpacingCombining;
}

constexpr int MaxWords = 16;

Error invalidQuery(const QString &message)
{
    return Error { ErrorCode::InvalidField, message, u"q"_s };
}

} // namespace

SearchService::SearchService(Store &store)
    : m_store(store)
{ }

QStringList SearchService::wordsOf(const QString &text)
{
    QStringList words;
    QString word;
    for (const QChar c : text) {
        if (isWordCharacter(c)) {
            word.append(c);
        } else if (!word.isEmpty()) {
            words.append(word);
            word.clear();
        }
    }
    if (!word.isEmpty())
        words.append(word);
    return words;
}

QList<SnippetPart> SearchService::snippetParts(const QString &marked)
{
    QList<SnippetPart> parts;
    QString text;
    bool inMatch = false;
    const auto flush = [&] {
        if (!text.isEmpty())
            parts.append(SnippetPart { text, inMatch });
        text.clear();
    };
    for (const QChar c : marked) {
        if (c == Store::SnippetMatchStart) {
            flush();
            inMatch = true;
        } else if (c == Store::SnippetMatchEnd) {
            flush();
            inMatch = false;
        } else {
            text.append(c);
        }
    }
    flush();
    return parts;
}

Result<SearchPage> SearchService::search(const User &user, const Query &query) const
{
    if (query.text.size() > limits::MaxMessageQueryLength) {
        return invalidQuery(
            u"a search is at most %1 characters"_s.arg(limits::MaxMessageQueryLength));
    }
    const QStringList words = wordsOf(query.text);
    if (words.isEmpty())
        return invalidQuery(u"a search needs at least one word"_s);
    if (words.size() > MaxWords)
        return invalidQuery(u"a search is at most %1 words"_s.arg(MaxWords));
    if (query.offset < 0 || query.limit < 1
        || query.offset + query.limit > limits::MaxSearchDepth) {
        return Error { ErrorCode::InvalidField,
            u"results go %1 deep at most (offset + limit)"_s.arg(limits::MaxSearchDepth),
            u"offset"_s };
    }
    if (query.conversationId) {
        auto membership = m_store.membership(*query.conversationId, user.id);
        if (!membership)
            return membership.error();
        if (!membership.value()) {
            return Error { ErrorCode::NotFound, u"no conversation %1"_s.arg(*query.conversationId),
                u"conversationId"_s };
        }
    }
    // One more than asked tells whether another page follows.
    auto found = m_store.searchMessages(
        user.id, words, query.conversationId, query.senderId, query.offset, query.limit + 1);
    if (!found)
        return found.error();
    SearchPage page;
    page.hasMore = found.value().size() > query.limit;
    if (page.hasMore)
        found.value().removeLast();
    for (const Store::FoundMessage &hit : found.value()) {
        const QString &body = hit.message.body;
        // A body that holds a marker itself cannot be split at them: no parts are marked.
        const bool ambiguous
            = body.contains(Store::SnippetMatchStart) || body.contains(Store::SnippetMatchEnd);
        QList<SnippetPart> parts = snippetParts(hit.markedSnippet);
        if (ambiguous) {
            QString plain;
            for (const SnippetPart &part : parts)
                plain += part.text;
            parts = { SnippetPart { plain, false } };
        }
        page.hits.append(SearchHit { hit.message, parts });
    }
    page.nextOffset = query.offset + int(page.hits.size());
    return page;
}

} // namespace chat::server
