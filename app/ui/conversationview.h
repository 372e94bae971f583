#pragma once

#include <QWidget>

class QLabel;
class QListView;
class QStackedWidget;
class QToolButton;

namespace chat::client {
class ChatClient;
}

namespace chat::ui {

class MessageInput;

//! The right-hand pane: the open conversation's title, its messages as bubbles, and the
//! input bar. Keeps the view pinned to the newest message while the user is at the
//! bottom, loads older pages when they scroll to the top, and offers copy, retry and
//! delete on a message.
class ConversationView : public QWidget
{
    Q_OBJECT
public:
    explicit ConversationView(client::ChatClient &client, QWidget *parent = nullptr);

    [[nodiscard]] MessageInput *input() const { return m_input; }
    [[nodiscard]] QListView *messageList() const { return m_list; }

private:
    void onConversationChanged();
    void onRowsInserted(int first, int last);
    void showContextMenu(const QPoint &position);
    void copySelection();
    [[nodiscard]] bool isAtBottom() const;

    client::ChatClient &m_client;
    QStackedWidget *m_stack;
    QLabel *m_title;
    QListView *m_list;
    MessageInput *m_input;
    QToolButton *m_sendButton;
    bool m_stickToBottom = true;
    //! Distance from the bottom kept while older rows are inserted above.
    int m_distanceFromBottom = -1;
};

} // namespace chat::ui
