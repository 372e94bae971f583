#pragma once

#include <client/search/searchresultsmodel.h>
#include <shared/protocol.h>

#include <QObject>
#include <QTimer>

#include <chrono>

namespace chat::client {

class ChatSession;
class ConversationListModel;

//! Searches the texts of the user's messages (GET /search) as they type: in every
//! conversation, or in one (conversationId(), Ctrl+F in the open conversation). The hits
//! go into results() a page at a time (the next when the list scrolls to its end).
//!
//! Typing waits for a pause (`debounce`), so a word typed is one request; every new search
//! bumps a generation, and an answer to an earlier one (a slower reply to what was typed
//! before) is dropped: the rows always answer what the field says. What has no word to
//! search (blank, punctuation only) asks nothing and empties the results. A failure
//! (offline, the server refused) leaves the rows and says why in errorText().
class MessageSearch : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString query READ query NOTIFY queryChanged)
    Q_PROPERTY(qint64 conversationId READ conversationId NOTIFY conversationChanged)
    Q_PROPERTY(Status status READ status NOTIFY statusChanged)
public:
    enum class Status {
        Idle, //!< Nothing to search for.
        Searching, //!< The first page of query() is awaited (or the pause in typing).
        Found, //!< The rows answer query() (possibly none).
        Failed, //!< The last request failed: errorText() says why.
    };
    Q_ENUM(Status)

    static constexpr int PageSize = protocol::limits::DefaultSearchPage;
    static constexpr std::chrono::milliseconds DefaultDebounce { 250 };

    //! `session` and `conversations` (where the conversations' titles come from) must
    //! outlive the search.
    MessageSearch(ChatSession &session, const ConversationListModel &conversations,
        QObject *parent = nullptr);

    [[nodiscard]] SearchResultsModel *results() { return &m_results; }
    [[nodiscard]] const SearchResultsModel *results() const { return &m_results; }

    //! Searches for `text` after the debounce; the text searched already does nothing.
    void setQuery(const QString &text);
    //! What is searched for: the text as typed, trimmed, at most MaxMessageQueryLength.
    [[nodiscard]] QString query() const { return m_query; }
    //! Searches only conversation `conversationId` from now on (0: every conversation);
    //! a query given is searched again at once.
    void setConversation(qint64 conversationId);
    [[nodiscard]] qint64 conversationId() const { return m_conversationId; }
    //! Runs the pending search at once, or the current one again (Enter in the field).
    void searchNow();
    //! Forgets the query, the scope and the results (the search closed, signed out).
    void clear();

    [[nodiscard]] Status status() const { return m_status; }
    //! Why the last request failed, for the results area; empty unless Failed.
    [[nodiscard]] QString errorText() const { return m_errorText; }
    void setDebounce(std::chrono::milliseconds delay) { m_debounce.setInterval(delay); }

Q_SIGNALS:
    void queryChanged(const QString &query);
    void conversationChanged(qint64 conversationId);
    void statusChanged(chat::client::MessageSearch::Status status);

private:
    //! Asks for the page at `offset` of the current search (0: the first).
    void request(int offset);
    void setStatus(Status status, const QString &errorText = {});
    //! The hits as rows, each with its conversation's title.
    [[nodiscard]] QList<SearchResult> resultsOf(const QList<SearchHit> &hits) const;

    ChatSession &m_session;
    const ConversationListModel &m_conversations;
    SearchResultsModel m_results;
    QTimer m_debounce;
    QString m_query;
    qint64 m_conversationId = 0;
    //! Where the next page starts (the last page's nextOffset).
    int m_nextOffset = 0;
    Status m_status = Status::Idle;
    QString m_errorText;
    //! Bumped by every new search and by clear(): answers to an earlier one are dropped.
    quint64 m_generation = 0;
};

} // namespace chat::client
