#include "messagesearch.h"

#include <client/models/conversationlistmodel.h>
#include <client/network/chatsession.h>
#include <client/network/conversationsapi.h>

#include <algorithm>

namespace chat::client {

namespace {

namespace limits = protocol::limits;

//! Whether the server would find a word in `text` (it searches runs of letters and digits).
bool hasWord(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.isLetterOrNumber(); });
}

} // namespace

MessageSearch::MessageSearch(
    ChatSession &session, const ConversationListModel &conversations, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_conversations(conversations)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(DefaultDebounce);
    connect(&m_debounce, &QTimer::timeout, this, &MessageSearch::searchNow);
    connect(&m_results, &SearchResultsModel::morePageRequested, this,
        [this] { request(m_nextOffset); });
    connect(&m_session, &ChatSession::signedInChanged, this, [this] {
        if (!m_session.isSignedIn())
            clear();
    });
}

void MessageSearch::setQuery(const QString &text)
{
    const QString query = text.trimmed().left(limits::MaxMessageQueryLength);
    if (query == m_query)
        return;
    m_query = query;
    ++m_generation; // an answer to the text before is of no use now, even before the pause
    Q_EMIT queryChanged(m_query);
    if (!hasWord(m_query)) {
        m_debounce.stop();
        m_results.clear();
        setStatus(Status::Idle);
        return;
    }
    setStatus(Status::Searching);
    m_debounce.start();
}

void MessageSearch::setConversation(qint64 conversationId)
{
    if (conversationId == m_conversationId)
        return;
    m_conversationId = conversationId;
    Q_EMIT conversationChanged(conversationId);
    m_results.clear(); // hits of elsewhere are not hits here
    searchNow();
}

void MessageSearch::searchNow()
{
    m_debounce.stop();
    ++m_generation; // a next page of the search before is no longer wanted
    if (!hasWord(m_query)) {
        m_results.clear();
        setStatus(Status::Idle);
        return;
    }
    request(0);
}

void MessageSearch::clear()
{
    m_debounce.stop();
    ++m_generation;
    if (!m_query.isEmpty()) {
        m_query.clear();
        Q_EMIT queryChanged(m_query);
    }
    if (m_conversationId != 0) {
        m_conversationId = 0;
        Q_EMIT conversationChanged(0);
    }
    m_results.clear();
    setStatus(Status::Idle);
}

void MessageSearch::request(int offset)
{
    if (!m_session.isSignedIn()) {
        m_results.morePageFailed();
        setStatus(Status::Failed, tr("Sign in to search your messages."));
        return;
    }
    if (offset == 0)
        setStatus(Status::Searching);
    const ConversationsApi::MessageQuery query { .text = m_query,
        .conversationId = m_conversationId,
        .senderId = 0,
        .offset = offset,
        .limit = std::min(PageSize, limits::MaxSearchDepth - offset) };
    ConversationsApi(m_session.api())
        .searchMessages(query,
            whileAlive<SearchPage>(
                this, [this, offset, generation = m_generation](Result<SearchPage> page) {
                    if (generation != m_generation)
                        return; // typed on, scoped elsewhere, or closed meanwhile
                    if (!page) {
                        m_results.morePageFailed();
                        setStatus(Status::Failed,
                            page.error().code == ErrorCode::NetworkError
                                ? tr("Could not search: the server cannot be reached. Check "
                                     "your connection and try again.")
                                : tr("Could not search: %1").arg(page.error().message));
                        return;
                    }
                    m_nextOffset = page->nextOffset;
                    // The server ranks no deeper than MaxSearchDepth hits.
                    const bool more = page->hasMore && m_nextOffset < limits::MaxSearchDepth;
                    if (offset == 0) {
                        m_results.setResults(resultsOf(page->hits), more);
                    } else if (m_results.appendResults(resultsOf(page->hits), more) == 0 && more) {
                        // All listed already (the ranking moved): no row came for a view
                        // to ask again on, so ask now.
                        m_results.fetchMore({});
                    }
                    setStatus(Status::Found);
                }));
}

QList<SearchResult> MessageSearch::resultsOf(const QList<SearchHit> &hits) const
{
    QList<SearchResult> results;
    results.reserve(hits.size());
    for (const SearchHit &hit : hits) {
        SearchResult result { .hit = hit,
            .conversationTitle = {},
            .inGroup = false,
            .own = hit.message.senderId == m_session.user().id };
        if (const int row = m_conversations.rowOf(hit.message.conversationId); row >= 0) {
            result.conversationTitle = m_conversations.at(row).title;
            result.inGroup = m_conversations.at(row).isGroup();
        }
        results.append(result);
    }
    return results;
}

void MessageSearch::setStatus(Status status, const QString &errorText)
{
    if (m_status == status && m_errorText == errorText)
        return;
    m_status = status;
    m_errorText = errorText;
    Q_EMIT statusChanged(status);
}

} // namespace chat::client
