#include "searchresultsmodel.h"

#include <QSet>

namespace chat::client {

namespace {

//! The results whose message is not in `listed` yet, each once; `listed` takes them in.
QList<SearchResult> unlisted(const QList<SearchResult> &results, QSet<qint64> &listed)
{
    QList<SearchResult> added;
    for (const SearchResult &result : results) {
        if (!listed.contains(result.hit.message.id)) {
            listed.insert(result.hit.message.id);
            added.append(result);
        }
    }
    return added;
}

} // namespace

QString snippetText(const QList<SnippetPart> &parts)
{
    QString text;
    for (const SnippetPart &part : parts)
        text += part.text;
    return text;
}

int SearchResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_results.size());
}

QVariant SearchResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SearchResult &result = m_results.at(index.row());
    const Message &message = result.hit.message;
    switch (role) {
    case Qt::DisplayRole:
    case SnippetRole:
        return snippetText(result.hit.snippet);
    case MessageIdRole:
        return message.id;
    case ConversationIdRole:
        return message.conversationId;
    case ConversationTitleRole:
        return result.conversationTitle;
    case InGroupRole:
        return result.inGroup;
    case SenderIdRole:
        return message.senderId;
    case SenderNameRole:
        return message.senderName;
    case IsOwnRole:
        return result.own;
    case CreatedAtRole:
        return message.createdAt;
    case SnippetPartsRole:
        return QVariant::fromValue(result.hit.snippet);
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchResultsModel::roleNames() const
{
    return {
        { MessageIdRole, "messageId" },
        { ConversationIdRole, "conversationId" },
        { ConversationTitleRole, "conversationTitle" },
        { InGroupRole, "inGroup" },
        { SenderIdRole, "senderId" },
        { SenderNameRole, "senderName" },
        { IsOwnRole, "isOwn" },
        { CreatedAtRole, "createdAt" },
        { SnippetRole, "snippet" },
        { SnippetPartsRole, "snippetParts" },
    };
}

bool SearchResultsModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_hasMore && !m_fetchingMore;
}

void SearchResultsModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetchingMore = true;
    Q_EMIT morePageRequested();
}

void SearchResultsModel::setResults(const QList<SearchResult> &results, bool hasMore)
{
    // Still fetching while the rows change: a view (or a model tester) that calls
    // fetchMore() from inside the change must not ask for a page of the old rows.
    m_fetchingMore = true;
    m_hasMore = hasMore;
    QSet<qint64> listed;
    beginResetModel();
    m_results = unlisted(results, listed);
    endResetModel();
    m_fetchingMore = false;
}

int SearchResultsModel::appendResults(const QList<SearchResult> &results, bool hasMore)
{
    QSet<qint64> listed;
    for (const SearchResult &result : std::as_const(m_results))
        listed.insert(result.hit.message.id);
    const QList<SearchResult> added = unlisted(results, listed);
    m_fetchingMore = true; // as in setResults()
    m_hasMore = hasMore;
    if (!added.isEmpty()) {
        const int first = int(m_results.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_results.append(added);
        endInsertRows();
    }
    m_fetchingMore = false;
    return int(added.size());
}

} // namespace chat::client
