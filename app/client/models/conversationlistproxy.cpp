#include "conversationlistproxy.h"

#include <client/models/conversationlistmodel.h>

namespace chat::client {

ConversationListProxy::ConversationListProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setFilterRole(ConversationListModel::TitleRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    sort(0);
}

void ConversationListProxy::setFilterText(const QString &text)
{
    if (text == m_filterText)
        return;
    m_filterText = text;
    setFilterFixedString(text);
    Q_EMIT filterTextChanged(text);
}

bool ConversationListProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // "Less" sorts first: the newer activity (a higher message id), then the title.
    const qint64 leftActivity = left.data(ConversationListModel::LastActivityRole).toLongLong();
    const qint64 rightActivity = right.data(ConversationListModel::LastActivityRole).toLongLong();
    if (leftActivity != rightActivity)
        return leftActivity > rightActivity;
    const int byTitle = QString::compare(left.data(ConversationListModel::TitleRole).toString(),
        right.data(ConversationListModel::TitleRole).toString(), Qt::CaseInsensitive);
    if (byTitle != 0)
        return byTitle < 0;
    return left.row() < right.row(); // a stable order for equal keys
}

} // namespace chat::client
