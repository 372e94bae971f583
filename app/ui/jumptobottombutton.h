#pragma once

#include <QAbstractButton>

class QListView;

namespace chat::client {
class MessageListModel;
}

namespace chat::ui {

//! The round "↓" button floating at the bottom right of the message list: it shows
//! while the list is not at its bottom (scrolled up, or a window that does not reach the
//! newest message), with a badge counting the messages below not seen yet. Clicking it
//! is the view's business (ConversationView scrolls to the newest).
class JumpToBottomButton : public QAbstractButton
{
    Q_OBJECT
public:
    //! Floats over `list`'s viewport; `messages` is what it shows.
    JumpToBottomButton(QListView *list, client::MessageListModel *messages);

    //! The number on the badge (none for 0).
    [[nodiscard]] int count() const { return m_count; }
    void setCount(int count);
    //! Shows or hides it as the list's position says.
    void updateVisibility();

    [[nodiscard]] QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void place();

    QListView *m_list;
    client::MessageListModel *m_messages;
    int m_count = 0;
};

//! What the badge says: the count, "99+" past 99.
[[nodiscard]] QString badgeText(int count);

} // namespace chat::ui
