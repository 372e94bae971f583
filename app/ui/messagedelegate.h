#pragma once

#include <QStyledItemDelegate>

class QAbstractItemView;

namespace chat::ui {

//! Draws a message as a chat bubble: our own on the right in the accent colour, the
//! other person's on the left; word-wrapped text, then the time and, on our own, a
//! delivery mark (clock while pending, tick once stored, a warning when it failed).
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit MessageDelegate(QAbstractItemView *view);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(
        const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    struct Layout
    {
        QRect bubble;
        QRect text;
        QRect footer;
        int wrapWidth = 0; //!< The width the body was wrapped at.
    };
    [[nodiscard]] Layout layout(
        const QStyleOptionViewItem &option, const QModelIndex &index, int top) const;
    [[nodiscard]] QString footerText(const QModelIndex &index) const;

    QAbstractItemView *m_view;
};

} // namespace chat::ui
