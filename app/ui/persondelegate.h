#pragma once

#include <QStyledItemDelegate>

#include <functional>

namespace chat::ui {

//! A person in a list (the directory, a group's members, a picker): their avatar in their
//! colour (by user id), with the green dot while online, their name, and a second line of detail
//! ("admin · online"). The name is the row's display text; where the rest comes from is the list's
//! to say.
class PersonDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using Detail = std::function<QString(const QModelIndex &)>;

    explicit PersonDelegate(QObject *parent = nullptr);

    //! The second line of a row; none by default.
    void setDetail(Detail detail) { m_detail = std::move(detail); }
    //! The boolean role that says whether the person is online; none by default.
    void setOnlineRole(int role) { m_onlineRole = role; }
    //! The role holding the person's user id, which their avatar's colour comes from (the
    //! same colour as in the sidebar and above their messages in a group).
    void setUserIdRole(int role) { m_userIdRole = role; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(
        const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    Detail m_detail;
    int m_onlineRole = -1;
    int m_userIdRole = -1;
};

} // namespace chat::ui
