#include "unlistedpeopleproxy.h"

#include <client/models/conversationlistmodel.h>
#include <client/people/peopledirectory.h>

namespace chat::client {

UnlistedPeopleProxy::UnlistedPeopleProxy(
    const ConversationListModel &conversations, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_conversations(conversations)
{
    // Conversations come and go (one opened with someone from below): filter again.
    const auto refilter = [this] {
        invalidateRowsFilter();
    };
    connect(&conversations, &QAbstractItemModel::rowsInserted, this, refilter);
    connect(&conversations, &QAbstractItemModel::rowsRemoved, this, refilter);
    connect(&conversations, &QAbstractItemModel::modelReset, this, refilter);
}

int UnlistedPeopleProxy::sourceRow(int row) const
{
    return mapToSource(index(row, 0)).row();
}

bool UnlistedPeopleProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const qint64 userId = sourceModel()
                              ->index(sourceRow, 0, sourceParent)
                              .data(PeopleDirectory::UserIdRole)
                              .toLongLong();
    return m_conversations.rowOfPeer(userId) < 0;
}

} // namespace chat::client
