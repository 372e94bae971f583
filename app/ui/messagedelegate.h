#pragma once

#include <QStyledItemDelegate>

class QAbstractItemView;

namespace chat::ui {

//! The mark after the time on one of our own messages, as Telegram shows it.
enum class DeliveryMark {
    None, //!< Someone else's message: no mark.
    Pending, //!< ◷ on its way to the server.
    Stored, //!< ✓ stored on the server.
    Delivered, //!< ✓✓ reached at least one of the recipient's devices.
    Read, //!< ✓✓ in the accent colour: the recipient has read it.
    Failed, //!< ⚠ not sent.
};

//! The mark a message row shows (MessageListModel's roles).
[[nodiscard]] DeliveryMark deliveryMark(const QModelIndex &index);
//! The mark as text: "◷", "✓", "✓✓", "✓✓" or "⚠"; empty for None. The ticks are painted
//! as lines (fonts' check marks vary from tiny to emoji); this is what they say.
[[nodiscard]] QString deliveryMarkText(DeliveryMark mark);
//! What the mark means, in words (its tooltip): "Sent", "Delivered", "Read"…
[[nodiscard]] QString deliveryMarkDescription(DeliveryMark mark);

//! Draws a message as a chat bubble: our own on the right in the accent colour, the
//! other person's on the left; word-wrapped text, then the time and, on our own, a
//! delivery mark (clock while pending, a tick once stored, two once delivered, two in
//! the accent colour once read, a warning when it failed). Hovering the mark says it.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit MessageDelegate(QAbstractItemView *view);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(
        const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

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
    [[nodiscard]] static QString timeText(const QModelIndex &index);
    [[nodiscard]] QString footerText(const QModelIndex &index) const;
    [[nodiscard]] int footerWidth(const QFont &font, const QModelIndex &index) const;

    QAbstractItemView *m_view;
};

} // namespace chat::ui
