#pragma once

#include <QStyledItemDelegate>

namespace chat::ui {

//! A conversation row, as in Telegram Desktop: the avatar with a green dot while the other
//! member is online, the title, the time of the last message, its first line ("typing…"
//! in the accent colour while someone types), and an unread badge under the time.
class ConversationDelegate : public QStyledItemDelegate
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
//! The second line of a conversation row: "typing…" while someone types, else the last
//! message ("You: …" when it was ours, "No messages yet" when there is none).
[[nodiscard]] QString conversationPreviewText(const QModelIndex &index);
//! What the unread badge says: empty for none, "999+" beyond 999.
[[nodiscard]] QString unreadBadgeText(int count);

} // namespace chat::ui
