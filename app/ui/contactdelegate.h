#pragma once

#include <QStyledItemDelegate>

namespace chat::ui {

//! A contact row: avatar, name, time of the last message, and its first line.
class ContactDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(
        const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

//! "14:05" today, "Mon" this week, "12 Mar" otherwise: the way chat lists show time.
[[nodiscard]] QString shortTimestamp(const QDateTime &utc, const QDateTime &now);

} // namespace chat::ui
