#pragma once

#include <shared/wiretypes.h>

#include <QAbstractListModel>

namespace chat::client {

//! One hit of a message search as the results list shows it.
struct SearchResult
{
    SearchHit hit;
    //! The group's title or the other member's name, as the list said when the hit came.
    QString conversationTitle;
    bool inGroup = false;
    bool own = false; //!< The signed-in user wrote it.

    friend bool operator==(const SearchResult &, const SearchResult &) = default;
};

//! The hits of a message search, best match first, a page at a time: the first page
//! replaces the rows (setResults()), the next ones are appended (appendResults()), each
//! message once. Scrolling to the end asks for the next page through Qt's fetch-more
//! protocol: canFetchMore() while more hits exist and none are on their way; fetchMore()
//! emits morePageRequested(), which the owner (MessageSearch) answers. The model knows
//! nothing about the network.
class SearchResultsModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        MessageIdRole = Qt::UserRole + 1, //!< qint64: the message found.
        ConversationIdRole, //!< qint64: the conversation it is in.
        ConversationTitleRole, //!< QString: the group's title or the other member's name.
        InGroupRole, //!< bool: the conversation is a group.
        SenderIdRole, //!< qint64: who wrote it.
        SenderNameRole, //!< QString: their username.
        IsOwnRole, //!< bool: the signed-in user wrote it.
        CreatedAtRole, //!< QDateTime (UTC): when it was stored.
        SnippetRole, //!< QString: the words around the match (also Qt::DisplayRole).
        SnippetPartsRole, //!< QList<chat::SnippetPart>: the same, the matched words marked.
    };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    //! More hits exist and none are on their way.
    [[nodiscard]] bool canFetchMore(const QModelIndex &parent) const override;
    //! Asks for the next page (morePageRequested()), once until it arrives or fails.
    void fetchMore(const QModelIndex &parent) override;

    [[nodiscard]] const SearchResult &at(int row) const { return m_results.at(row); }
    //! More hits exist after the last row.
    [[nodiscard]] bool hasMore() const { return m_hasMore; }
    //! The next page was asked for and has not arrived.
    [[nodiscard]] bool isFetchingMore() const { return m_fetchingMore; }

    //! The first page of a search: replaces every row.
    void setResults(const QList<SearchResult> &results, bool hasMore);
    //! The next page: appended, leaving out messages already listed (a hit can move to
    //! the next page when new messages change the ranking). Returns how many went in.
    int appendResults(const QList<SearchResult> &results, bool hasMore);
    //! The next page could not be fetched: a later fetchMore() may try again.
    void morePageFailed() { m_fetchingMore = false; }
    //! No rows, nothing more.
    void clear() { setResults({}, false); }

Q_SIGNALS:
    //! fetchMore(): the owner should fetch the page after the last row.
    void morePageRequested();

private:
    QList<SearchResult> m_results;
    bool m_hasMore = false;
    bool m_fetchingMore = false;
};

//! The snippet's parts as one string.
[[nodiscard]] QString snippetText(const QList<SnippetPart> &parts);

} // namespace chat::client
