#pragma once

#include <ui/deliverymark.h>
#include <ui/messagelayout.h>

#include <QStyledItemDelegate>

class QAbstractItemView;

namespace chat::ui {

class MessageHighlight;

//! Draws a message as a chat bubble: our own on the right in the accent colour, others'
//! on the left, in a group with the sender's name in their colour above the body;
//! word-wrapped text, then the time and, on our own, a delivery mark (clock while
//! pending, a tick once stored, two once delivered, two in the accent colour once read,
//! in a group "read by 2" instead once someone read it, a warning when it failed).
//! A reply shows the quote above the text; a deleted message "Message deleted" in italics;
//! reactions as chips under the text (ours in the accent colour); an edited one "edited"
//! before the time. Hovering the mark says it, in a group who read it; hovering a chip
//! says who reacted. A change of the conversation ("alice added
//! bob") is a smaller, muted line centred across the list, like Telegram's service messages. Where
//! everything goes is MessageLayout's job; this class paints it.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit MessageDelegate(QAbstractItemView *view);

    //! The row the user was taken to, painted in the accent colour behind its bubble while
    //! it fades (none by default).
    void setHighlight(const MessageHighlight *highlight) { m_highlight = highlight; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(
        const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

    //! The geometry of the row `index` at `option.rect`, as it is painted.
    [[nodiscard]] MessageLayout layout(
        const QStyleOptionViewItem &option, const QModelIndex &index) const;
    //! The geometry of the row `index` where the view shows it now (viewport coordinates):
    //! what a click or a hover at a point of the viewport hits.
    [[nodiscard]] MessageLayout layoutInView(const QModelIndex &index) const;

private:
    [[nodiscard]] MessageLayout layout(
        const QStyleOptionViewItem &option, const MessageContent &content) const;
    void paintBubble(QPainter *painter, const QStyleOptionViewItem &option,
        const MessageContent &content, const MessageLayout &geometry) const;
    void paintQuote(QPainter *painter, const QStyleOptionViewItem &option,
        const MessageContent &content, const MessageLayout &geometry, const QColor &fill) const;
    void paintChips(QPainter *painter, const QStyleOptionViewItem &option,
        const MessageContent &content, const MessageLayout &geometry, const QColor &fill) const;
    void paintFooter(QPainter *painter, const QStyleOptionViewItem &option,
        const MessageContent &content, const MessageLayout &geometry) const;
    void paintSystemLine(
        QPainter *painter, const QStyleOptionViewItem &option, const MessageLayout &geometry) const;

    QAbstractItemView *m_view;
    const MessageHighlight *m_highlight = nullptr;
};

//! What hovering the mark of row `index` says: "Read", "Not sent: <reason>"; in a group,
//! once read, who read it ("Read by bob, carol").
[[nodiscard]] QString deliveryMarkToolTip(const QModelIndex &index);
//! What hovering reaction chip `chip` of row `index` says: "You, bob reacted with 👍".
[[nodiscard]] QString reactionToolTip(const QModelIndex &index, int chip);

} // namespace chat::ui
