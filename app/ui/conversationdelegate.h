#pragma once

#include <QStyledItemDelegate>

namespace chat::ui {

//! Where the parts of one conversation row go.
struct ConversationRowLayout
{
    QRect avatar;
    QRect title; //!< What the title may cover (it is elided to fit).
    QRect time;
    QRect mutedMark; //!< The muted bell left of the time; empty unless muted.
    QRect badge; //!< The unread count's pill under the time; empty with nothing unread.
    QRect preview; //!< What the second line may cover.
};

//! A conversation row, as in Telegram Desktop: the avatar (initials in a colour of their
//! own, for a group from its title) with a green dot while the other member of a direct
//! conversation is online, the title, the time of the last message with a struck-out bell
//! before it when muted, the last message's first line ("typing…" in the accent colour
//! while someone types; in a group after its sender's name), and an unread badge under
//! the time, grey when muted. A conversation the user left or was removed from is drawn
//! faded.
class ConversationDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(
        const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    //! The geometry of row `index` painted at `option.rect`.
    [[nodiscard]] static ConversationRowLayout layout(
        const QStyleOptionViewItem &option, const QModelIndex &index);
};

//! "14:05" today, "Mon" this week, "12 Mar" otherwise: the way chat lists show time.
[[nodiscard]] QString shortTimestamp(const QDateTime &utc, const QDateTime &now);
//! The second line of a conversation row: "typing…" while someone types, else "Draft: …"
//! when the user left text unsent in it, else the last message: "You: …" when it was
//! ours, "bob: …" when bob wrote it in a group, as it is when it is a change of the
//! conversation ("alice added bob"), "No messages yet" when there is none.
[[nodiscard]] QString conversationPreviewText(const QModelIndex &index);
//! What the unread badge says: empty for none, "999+" beyond 999.
[[nodiscard]] QString unreadBadgeText(int count);

} // namespace chat::ui
