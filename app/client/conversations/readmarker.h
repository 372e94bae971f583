#pragma once

#include <QObject>
#include <QTimer>

namespace chat::client {

class AwarenessTracker;
class ConversationListModel;
class MessageListModel;

//! What the user has seen of the open conversation, and so how far it is read.
//!
//! The conversation counts as looked at while its pane shows in the active window
//! (setVisible(), from the window). Without a view that says what it shows (a client
//! with no screen, as in the client tests), everything the window holds is then seen.
//! A view that shows the messages calls followViewport() and reports what is on screen
//! (setShown()): from then on a message is seen only once it has been in the viewport
//! while the conversation was looked at, and the read position sent (`read`) is the
//! newest stored message seen, never beyond; scrolling down later moves it on.
//!
//! It also counts what is not seen yet below the viewport (unseenCount(): others'
//! messages after the furthest of what was seen and the read position, which another
//! device of the user may have moved), for the view's "↓" button.
class ReadMarker : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int unseenCount READ unseenCount NOTIFY unseenCountChanged)
public:
    //! While the user scrolls, at most one `read` this often (each can make the list be
    //! fetched again, to count what is left unread).
    static constexpr int ScrollReadIntervalMs = 300;

    //! Everything given must outlive the marker.
    ReadMarker(AwarenessTracker &awareness, MessageListModel &messages, ConversationListModel &list,
        QObject *parent = nullptr);

    //! The conversation pane shows in the active window (or no longer does).
    void setVisible(bool visible);
    [[nodiscard]] bool isVisible() const { return m_visible; }
    //! A view reports what it shows from now on (setShown()).
    void followViewport();
    [[nodiscard]] bool followsViewport() const { return m_followsViewport; }
    //! The view's report: the newest stored message in the viewport (0: none) and whether
    //! the bottom of the list shows (a message arriving now would be on screen).
    void setShown(qint64 newestShownId, bool atBottom);

    //! The newest stored message of the open conversation seen since it opened.
    [[nodiscard]] qint64 seenUpTo() const { return m_seenUpTo; }
    //! A message of `conversationId` arriving now would be seen at once: read rather than
    //! unread.
    [[nodiscard]] bool isInView(qint64 conversationId) const;
    //! Others' messages in the window not seen yet (at least the unread count while the
    //! window does not reach the newest).
    [[nodiscard]] int unseenCount() const { return m_unseen; }

    //! Sends the read position up to what is seen (`force`: even if it seems sent).
    void markRead(bool force);

Q_SIGNALS:
    void unseenCountChanged(int count);

private:
    //! Everything up to `id` (and stored) has been seen.
    void see(qint64 id);
    //! A read check within `delayMs`, or sooner if one is due sooner.
    void scheduleRead(int delayMs);
    //! Another conversation opened: nothing of it is seen yet.
    void followConversation();
    void updateUnseen();

    AwarenessTracker &m_awareness;
    MessageListModel &m_messages;
    ConversationListModel &m_list;
    qint64 m_conversationId = 0;
    bool m_visible = false;
    bool m_followsViewport = false;
    qint64 m_shownUpTo = 0;
    bool m_atBottom = false;
    qint64 m_seenUpTo = 0;
    int m_unseen = 0;
    //! Coalesces read checks after changes of the message list and while scrolling.
    QTimer m_readCheck;
};

} // namespace chat::client
