#pragma once

#include <client/conversations/firstunreadfinder.h>
#include <client/conversations/historypager.h>
#include <client/conversations/readmarker.h>
#include <client/models/memberlistmodel.h>
#include <client/models/messagelistmodel.h>

#include <QObject>

namespace chat::client {

class AwarenessTracker;
class ChatSession;
class ConversationListController;
class ConversationListModel;
class DraftKeeper;
class OutgoingQueue;

//! The conversation on screen: which one it is, its message window (filled by a
//! HistoryPager, our own operations shown from the OutgoingQueue), sending into it,
//! reading it (while the window says it is seen, what arrives is read), typing in it,
//! and who else is typing. For a group it also keeps the members (MemberListModel,
//! fetched on opening and again when the membership changes), whose positions give each
//! of our messages its "read by N"; for a direct conversation the receipt marks come
//! from the conversation list's positions of the other member.
//! The input's text is the open conversation's draft (DraftKeeper's); sending clears it.
class OpenConversation : public QObject
{
    Q_OBJECT
    Q_PROPERTY(qint64 conversationId READ conversationId NOTIFY changed)
    Q_PROPERTY(qint64 peerId READ peerId NOTIFY changed)
    Q_PROPERTY(bool otherIsTyping READ otherIsTyping NOTIFY otherIsTypingChanged)
public:
    //! Everything given must outlive the controller.
    OpenConversation(ChatSession &session, OutgoingQueue &outgoing, ConversationListModel &list,
        ConversationListController &listController, AwarenessTracker &awareness,
        DraftKeeper &drafts, QObject *parent = nullptr);

    [[nodiscard]] MessageListModel *messages() { return &m_messages; }
    //! The open group's members; empty for a direct conversation.
    [[nodiscard]] MemberListModel *members() { return &m_members; }
    [[nodiscard]] HistoryPager &pager() { return m_pager; }
    //! What the user has seen of it, and so its read position (and what is not seen yet).
    [[nodiscard]] ReadMarker &readMarker() { return m_readMarker; }
    //! Where the "New messages" line goes when it opens.
    [[nodiscard]] FirstUnreadFinder &firstUnread() { return m_firstUnread; }
    //! The open conversation's id; 0 when none is open, or while a direct conversation
    //! with peerId() is being created.
    [[nodiscard]] qint64 conversationId() const { return m_messages.conversationId(); }
    //! The other member of the open direct conversation; 0 for a group or none.
    [[nodiscard]] qint64 peerId() const { return m_peerId; }
    [[nodiscard]] bool isGroup() const { return m_messages.isGroup(); }

    //! Opens a conversation of the list and loads its newest page.
    void open(qint64 conversationId);
    //! Shows message `messageId` of conversation `conversationId` (a search hit, the
    //! original of a quoted message): opens the conversation if another one is open, and
    //! makes the message window hold the message, loading the page around it when it does
    //! not (the window then pages towards the newest as the user scrolls down). Then says
    //! jumpedToMessage(), on which the view scrolls to it and highlights it; or
    //! jumpFailed(). Returns the message's row when the window already holds it (and has
    //! said jumpedToMessage() before returning), else -1.
    int jumpToMessage(qint64 conversationId, qint64 messageId);
    //! Opens the direct conversation with a person (from the list or the directory),
    //! creating it on first use.
    void openDirect(const User &peer);
    //! Nothing open (signed out).
    void close();

    //! Sends `text` into the open conversation through the outgoing queue, and clears its
    //! draft; `replyTo`, when not 0, is the stored message it answers. Returns the new
    //! client id, or an empty string when there is nothing to send (blank text, no
    //! conversation open).
    QString send(const QString &text, qint64 replyTo = 0);
    // Changes of the open conversation's stored messages, through the outgoing queue: each
    // shows at once and returns its client id, or "" when the rules (shared/messagerules.h)
    // do not allow it, the message is not in the window, or nothing would change.
    //! Our message `messageId` gets the text `text` (not blank, not the same).
    QString edit(qint64 messageId, const QString &text);
    //! Deletes message `messageId` for everyone (ours, or any as a group admin).
    QString remove(qint64 messageId);
    //! Puts our `emoji` on message `messageId`, or takes it off if it is on.
    QString toggleReaction(qint64 messageId, const QString &emoji);
    //! Whether the user may edit / delete / react to row `row` of messages() now.
    [[nodiscard]] bool canEdit(int row) const;
    [[nodiscard]] bool canDelete(int row) const;
    [[nodiscard]] bool canReact(int row) const;
    //! Our newest message in the window that we may edit (what Up in an empty input
    //! edits), or 0.
    [[nodiscard]] qint64 lastEditableMessage() const;

    //! What the user has typed in the open conversation and not sent: what the input
    //! shows when it opens.
    [[nodiscard]] QString draft() const;
    //! The user edited the input. Text typed while a direct conversation is being
    //! created is held here, and becomes its draft once it has an id.
    void setDraft(const QString &text);

    //! After missed events that the server could not replay: merges the newest page in.
    void catchUp();

    //! True while the conversation pane shows and the window is active: the open
    //! conversation is then read as far as it is seen (ReadMarker), as it grows.
    void setVisible(bool visible) { m_readMarker.setVisible(visible); }
    [[nodiscard]] bool isVisible() const { return m_readMarker.isVisible(); }
    //! A message of `conversationId` arriving now would be seen at once (open, visible,
    //! and the window shows the newest messages at the bottom): read rather than unread.
    [[nodiscard]] bool isInView(qint64 conversationId) const
    {
        return m_readMarker.isInView(conversationId);
    }
    //! Sends our read position up to what is seen when the conversation is looked at
    //! (`force`: even if it seems sent already).
    void markRead(bool force) { m_readMarker.markRead(force); }
    //! The user edited the input: the other members see "typing…" (throttled).
    void userTyped();
    //! Someone else is typing in the open conversation.
    [[nodiscard]] bool otherIsTyping() const { return m_otherIsTyping; }
    //! Who is typing, by name ("alice", "bob"), ordered by user id (stable while it shows).
    [[nodiscard]] QStringList typingNames() const;

Q_SIGNALS:
    //! Another conversation (or none) is open now.
    void changed();
    //! The conversation's local rows show and its newest page is on its way.
    void ready(qint64 conversationId);
    //! The message jumpToMessage() asked for is in the window now, at
    //! messages()->rowOfId(messageId): the view scrolls to it and highlights it.
    void jumpedToMessage(qint64 messageId);
    //! The message jumpToMessage() asked for cannot be shown (also told as notice()).
    void jumpFailed(qint64 messageId, const QString &reason);
    void otherIsTypingChanged(bool typing);
    //! Something the user should know (a failed fetch, a local write that failed).
    void notice(const QString &text);

private:
    //! Up to this many unread messages, the conversation opens on its newest page, which
    //! almost surely holds the first of them (a page has 50 entries, ours among them);
    //! with more, it opens on the page around the read position.
    static constexpr int UnreadOnNewestPage = HistoryPager::PageSize / 4;

    //! Empties the window for `conversationId` (0: being created) with its receipt marks.
    void resetMessages(qint64 conversationId);
    //! Opens conversation `conversationId` of the list: its window, then start().
    void openListed(qint64 conversationId, qint64 aroundMessageId);
    //! Shows what is not stored yet, loads the newest page (or the page around
    //! `aroundMessageId`, if not 0), and says ready().
    void start(qint64 conversationId, qint64 aroundMessageId);
    void showLocalOperations(qint64 conversationId);
    //! Queues a change of a stored message (a disk that refuses it is told as notice());
    //! returns its client id.
    QString enqueueChange(const OutgoingOperation &change);
    //! The user's role in the open conversation (Member in a direct one).
    [[nodiscard]] MemberRole ownRole() const;
    void showReceipts();
    void updateOtherIsTyping();
    //! Fetches the open group's members (again: the membership changed).
    void loadMembers();

    ChatSession &m_session;
    OutgoingQueue &m_outgoing;
    ConversationListModel &m_list;
    ConversationListController &m_listController;
    AwarenessTracker &m_awareness;
    DraftKeeper &m_drafts;
    //! The draft of the direct conversation being created (it has no id to keep it by).
    QString m_draftWhileCreating;
    MessageListModel m_messages;
    MemberListModel m_members;
    HistoryPager m_pager;
    ReadMarker m_readMarker;
    FirstUnreadFinder m_firstUnread;
    qint64 m_peerId = 0;
    bool m_otherIsTyping = false;
};

} // namespace chat::client
