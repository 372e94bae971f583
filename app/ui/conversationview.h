#pragma once

#include <QPersistentModelIndex>
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
//!
//! Paging: QAbstractItemView calls the model's fetchMore() when its LAST row shows or its
//! scroll bar reaches the maximum, since lists usually grow downward. A chat grows at the
//! top, so this view tells the model whether the top shows (MessageListModel::setAtTop),
//! which is when the model's canFetchMore() says yes, and calls fetchMore() itself when
//! the scroll bar reaches its minimum (or the rows do not fill the view). Rows inserted
//! or removed above what the user reads keep it in place: the first visible row and its
//! offset are remembered before the change and restored once the view has laid it out.
//! Back at the bottom after older pages dropped the newest rows, it asks for the newest
//! page again (ChatClient::showNewest).
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
    void rememberAnchor();
    void restoreAnchor();
    void updatePaging();
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
    //! The first visible row before rows went in or out, and its top in the viewport.
    QPersistentModelIndex m_anchor;
    int m_anchorTop = 0;
};

} // namespace chat::ui
