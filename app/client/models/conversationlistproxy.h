#pragma once

#include <QSortFilterProxyModel>

namespace chat::client {

//! The conversation list as the sidebar shows it: the most recent activity first (people
//! we have not talked with yet after every conversation, by name), narrowed by a search
//! string that matches titles, case-insensitively. It re-sorts by itself when a
//! conversation's last message changes (dynamic sorting), so the source model never
//! moves its rows.
class ConversationListProxy : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_PROPERTY(QString filterText READ filterText WRITE setFilterText NOTIFY filterTextChanged)
public:
    explicit ConversationListProxy(QObject *parent = nullptr);

    [[nodiscard]] QString filterText() const { return m_filterText; }
    //! Shows only conversations whose title contains `text` (all when empty).
    void setFilterText(const QString &text);

Q_SIGNALS:
    void filterTextChanged(const QString &text);

protected:
    [[nodiscard]] bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_filterText;
};

} // namespace chat::client
