#pragma once

#include <QAbstractItemView>
#include <QPersistentModelIndex>
#include <QWidget>

class QLabel;
class QListView;
class QStackedWidget;
class QTimer;
class QToolButton;

namespace chat::client {
class ClientContext;
}

namespace chat::ui {

class ComposeBanner;
class MessageActions;
class JumpToBottomButton;
class MessageDelegate;
class MessageHighlight;
class MessageInput;
class MessageLinks;
class SeenReporter;

//! The conversation pane: the open conversation's title with the other member's state under
//! it ("typing…", "online", "last seen …"; for a group who is typing, or how many members
//! and how many online), its messages as bubbles, and the input bar (off, with the reason,
//! in a group the user left),
//! whose edits tell the other person that the user is typing. Keeps the view pinned to the newest
//! message while the user is at the bottom, and loads older pages when they scroll to the top.
//! What the user does to messages (reply, edit, delete, react, copy, retry) is
//! MessageActions', with the ComposeBanner above the input while replying or editing.
//!
//! Paging: QAbstractItemView calls the model's fetchMore() when its LAST row shows or its
//! scroll bar reaches the maximum, since lists usually grow downward. A chat grows at the
//! top, so this view tells the model whether the top shows (MessageListModel::setAtTop),
//! which is when the model's canFetchMore() says yes, and calls fetchMore() itself when
//! the scroll bar reaches its minimum (or the rows do not fill the view). Rows inserted
//! or removed above what the user reads keep it in place: the first visible row and its
//! offset are remembered before the change and restored once the view has laid it out.
//! At the bottom of a window that does not reach the newest message (older pages dropped
//! the newest rows, or the window was moved to a message far back), it asks for the next
//! newer page (HistoryPager::fetchNewer), which goes in below without moving what the user
//! reads; it sticks to the bottom again only once the window reaches the newest.
//!
//! Jumping: when OpenConversation says jumpedToMessage() (a search hit, the original of a
//! quote), the view centres that message and highlights it for a moment (MessageHighlight).
//!
//! The timeline: a conversation opens with the "New messages" line at the top when there
//! is one (FirstUnreadFinder), else at the bottom; the "↓" button (JumpToBottomButton)
//! shows while the list is not at its bottom, with the count of messages below not seen
//! yet, and takes the user to the newest; what the list shows is reported to the client
//! (SeenReporter), which reads only what was on screen in the active window; links in
//! bubbles open on a click (MessageLinks); day names follow the date (DayClock).
class ConversationView : public QWidget
{
    Q_OBJECT
public:
    explicit ConversationView(client::ClientContext &context, QWidget *parent = nullptr);

    [[nodiscard]] MessageInput *input() const { return m_input; }
    [[nodiscard]] QListView *messageList() const { return m_list; }
    //! The conversation's title in the header.
    [[nodiscard]] QLabel *titleLabel() const { return m_title; }
    //! The line under the name: "typing…", "online", "last seen …", or empty.
    [[nodiscard]] QLabel *subtitleLabel() const { return m_subtitle; }
    //! Whether a conversation shows (rather than the "choose someone" placeholder).
    [[nodiscard]] bool isShowingConversation() const;

    //! The header's button that shows a group's members (hidden for direct conversations).
    [[nodiscard]] QToolButton *groupInfoButton() const { return m_groupInfo; }
    //! The message the user was last taken to, while it stands out.
    [[nodiscard]] const MessageHighlight *highlight() const { return m_highlight; }
    //! Replying and editing: the band above the input, and the actions on messages.
    [[nodiscard]] ComposeBanner *composeBanner() const { return m_banner; }
    [[nodiscard]] MessageActions *messageActions() const { return m_actions; }
    //! The "↓" button over the bottom right of the list.
    [[nodiscard]] JumpToBottomButton *jumpToBottomButton() const { return m_jumpButton; }
    //! The links of the bubbles (set its opener to see what a click would open).
    [[nodiscard]] MessageLinks *messageLinks() const { return m_links; }
    //! What tells the client which messages are on screen.
    [[nodiscard]] SeenReporter *seenReporter() const { return m_seen; }
    //! Scrolls to the newest message, loading the newest page when the window does not
    //! reach it (what the "↓" button does).
    void scrollToNewest();

Q_SIGNALS:
    //! A conversation started or stopped showing (see isShowingConversation()).
    void showingConversationChanged();
    //! The user asked for the open group's details (the header's button).
    void groupInfoRequested();

private:
    void onConversationChanged();
    //! The open conversation's row in the conversation list, or -1.
    [[nodiscard]] int listRow() const;
    void updateSubtitle();
    void onRowsInserted(int first, int last);
    void rememberAnchor();
    void restoreAnchor();
    void updatePaging();
    [[nodiscard]] bool isAtBottom() const;
    //! Centres message `messageId` and highlights it (it was jumped to).
    void showJumpTarget(qint64 messageId);
    //! Scrolls row `target` to where `hint` says, and keeps it there while rows settle.
    void placeRow(const QModelIndex &target, QAbstractItemView::ScrollHint hint);
    //! The day separators, the "New messages" line, the "↓" button, links, reading.
    void setUpTimeline(MessageDelegate *delegate);
    //! Puts the "New messages" line at the top, once its row is in, unless the user
    //! scrolled away meanwhile.
    void placeFirstUnread();

    client::ClientContext &m_context;
    QStackedWidget *m_stack;
    QLabel *m_title;
    QLabel *m_subtitle;
    //! Refreshes "last seen …", which changes with the time ("just now", "yesterday").
    QTimer *m_subtitleClock;
    QListView *m_list;
    MessageInput *m_input;
    QToolButton *m_sendButton;
    QToolButton *m_groupInfo;
    MessageHighlight *m_highlight;
    ComposeBanner *m_banner;
    MessageActions *m_actions = nullptr;
    JumpToBottomButton *m_jumpButton = nullptr;
    MessageLinks *m_links = nullptr;
    SeenReporter *m_seen = nullptr;
    //! The message the "New messages" line was found above, until the view goes there.
    qint64 m_firstUnreadToPlace = 0;
    bool m_stickToBottom = true;
    //! While showJumpTarget() lays the rows out and scrolls: the scroll bar's signals are
    //! its own doing, not the user's.
    bool m_placingJumpTarget = false;
    //! The conversation the pane shows, and its person for a direct one (tell a switch
    //! from a refresh, or from a new direct conversation getting its id).
    qint64 m_shownConversation = 0;
    qint64 m_shownPeer = 0;
    //! The first visible row before rows went in or out, and its top in the viewport.
    QPersistentModelIndex m_anchor;
    int m_anchorTop = 0;
};

//! The header's line under the conversation's title: "typing…" while they type, else
//! "online", "last seen just now/at 14:05/yesterday at 14:05/<date> at <time>" (QLocale's
//! short formats), or empty when their presence is not shown to us (offline and no time:
//! they do not share it, or we do not).
[[nodiscard]] QString presenceText(
    bool typing, bool online, const QDateTime &lastSeen, const QDateTime &now);
//! Who is typing in a group: "alice is typing…", "alice and bob are typing…", "alice, bob
//! and 2 others are typing…"; empty for nobody.
[[nodiscard]] QString typingText(const QStringList &names);
//! A group's header line when nobody types: "3 members, 2 online".
[[nodiscard]] QString groupStatusText(int members, int online);

} // namespace chat::ui
