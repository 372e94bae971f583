#pragma once

#include <QSortFilterProxyModel>

namespace chat::client {

class ConversationListModel;

//! The directory's people without a direct conversation in the list: under the filtered
//! conversations, the sidebar offers only people not already shown above them.
class UnlistedPeopleProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    //! `conversations` must outlive the proxy.
    explicit UnlistedPeopleProxy(
        const ConversationListModel &conversations, QObject *parent = nullptr);

    //! The directory row of a row of this proxy (for the user behind it).
    [[nodiscard]] int sourceRow(int row) const;

protected:
    [[nodiscard]] bool filterAcceptsRow(
        int sourceRow, const QModelIndex &sourceParent) const override;

private:
    const ConversationListModel &m_conversations;
};

} // namespace chat::client
