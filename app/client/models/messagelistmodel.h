#pragma once

#include <client/models/messagerowsmodel.h>
#include <client/outgoing/outgoingoperation.h>

#include <QMap>

#include <algorithm>

namespace chat::client {

//! The open conversation, oldest message first: stored messages in server order, then
//! our own Pending/Failed ones in the order they were written (the rows and their roles
//! are MessageRowsModel's). A sent message is one row from the moment Enter is pressed:
//! the outgoing queue's signals add it (Pending), fail it or retry it, and the server's
//! copy (ack, REST reply or echo, whichever comes first) turns that row into Sent and
//! moves it to its server-ordered place; later copies change nothing. Our edits,
//! deletions and reactions show on their message's row the same way, from the moment they
//! are made until the server's change replaces them (or they fail, and the row shows the
//! message as the server has it).
//!
//! Paging and the bounded window. The model holds a window of the conversation's stored
//! messages, not all of them. Older pages come through Qt's fetch-more protocol:
//! canFetchMore() is true while older messages exist, none is being fetched and the top
//! of the list shows (see setAtTop()); fetchMore() emits olderPageRequested(), which the
//! owner (HistoryPager) answers with prependOlderPage(). The model knows nothing about the
//! network.
//!
//! The window keeps at most maximumStoredRows() stored rows (local Pending/Failed rows
//! always stay). Policy: when an older page makes the window exceed the bound, the NEWEST
//! stored rows beyond it are dropped (rowsRemoved) and hasNewer() becomes true: newer
//! messages exist on the server that the window does not show. While hasNewer() is set, a
//! stored message newer than the window (a live message, a catch-up page, the server's
//! copy of our own send) is not inserted, since it would sit after a gap; our own local
//! row reconciled by such a copy leaves the window, as it now lies beyond it. Everything
//! is there again once the window reaches the newest message: page by page as the user
//! scrolls down (appendNewerPage()), or at once (resetToNewestPage()) when they write.
//! New messages arriving at the bottom push the OLDEST stored rows out instead (and set
//! hasOlder()), except while the top of the list shows, where the user is reading them.
//!
//! Jumping. The window may also be replaced by a page from anywhere in the conversation
//! (resetToPage(): the page around a search hit or a quoted message), with hasNewer() set
//! when newer messages exist. Stored messages that arrive beyond such a window (live ones)
//! are held rather than dropped, and the held ones newer than the page that reaches the
//! newest go in with it: a live message that overtakes that page on the way is neither
//! lost nor doubled (everything merges by id).
class MessageListModel : public MessageRowsModel
{
    Q_OBJECT
    Q_PROPERTY(bool hasOlder READ hasOlder NOTIFY hasOlderChanged)
    Q_PROPERTY(bool hasNewer READ hasNewer NOTIFY hasNewerChanged)
public:
    //! The default bound of stored rows in the window (12 pages of 50).
    static constexpr int DefaultMaximumStoredRows = 600;

    explicit MessageListModel(QObject *parent = nullptr);

    //! Older messages exist, none is being fetched, and the top of the list shows.
    [[nodiscard]] bool canFetchMore(const QModelIndex &parent) const override;
    //! Asks for the page before the oldest row (olderPageRequested()), once until it
    //! arrives or fails (prependOlderPage(), olderPageFailed()).
    void fetchMore(const QModelIndex &parent) override;

    //! Whether older stored messages exist than the oldest row (the owner says so).
    [[nodiscard]] bool hasOlder() const { return m_hasOlder; }
    void setHasOlder(bool hasOlder);
    //! Whether newer stored messages exist than the newest stored row (rows were dropped).
    [[nodiscard]] bool hasNewer() const { return m_hasNewer; }
    //! An older page was asked for and has not arrived yet.
    [[nodiscard]] bool isFetchingOlder() const { return m_fetchingOlder; }
    //! Whether the view shows the top of the list. QAbstractItemView asks for more when
    //! its LAST row shows (lists grow downward), but a chat grows upward and usually shows
    //! its last row: so canFetchMore() says yes only while the view says its top shows.
    //! False until a view says so: QAbstractItemModelTester and views call fetchMore()
    //! whenever they like; HistoryPager::fetchOlder() fetches regardless.
    void setAtTop(bool atTop) { m_atTop = atTop; }
    [[nodiscard]] bool isAtTop() const { return m_atTop; }
    [[nodiscard]] int maximumStoredRows() const { return m_maximumStoredRows; }
    //! At least one row; applies from the next older page.
    void setMaximumStoredRows(int rows) { m_maximumStoredRows = std::max(rows, 1); }
    //! The page before the oldest row arrived (any order): inserted above, then the
    //! newest stored rows beyond the bound dropped (hasNewer()). isAtTop() becomes false.
    void prependOlderPage(const QList<Message> &messages, bool hasMore);
    //! The older page could not be fetched: a later fetchMore() may try again.
    void olderPageFailed();
    //! Replaces the stored rows with a page from anywhere in the conversation (local rows
    //! stay, unless the page holds their stored copy); `hasOlder` and `hasNewer` say
    //! whether messages exist before and after it. Without newer ones, the messages held
    //! meanwhile that are newer than the page go in too.
    void resetToPage(const QList<Message> &messages, bool hasOlder, bool hasNewer);
    //! Replaces the stored rows with the newest page: the window is at the newest again,
    //! hasNewer() false.
    void resetToNewestPage(const QList<Message> &messages, bool hasMore)
    {
        resetToPage(messages, hasMore, false);
    }
    //! The page after the newest stored row arrived (any order; what is here already
    //! changes nothing): its newer messages go in at the bottom, and the oldest stored rows
    //! beyond the bound go (unless the top shows). `hasNewer` false: the window reaches the
    //! newest message again, and what was held meanwhile goes in too.
    void appendNewerPage(const QList<Message> &messages, bool hasNewer);

    //! Empties the model for another conversation. `ownUserId` tells own messages apart.
    //! The receipt positions go back to 0.
    void reset(qint64 conversationId, qint64 ownUserId);

    //! Appends one of our messages as Pending (or Failed, with `error`) before the server
    //! has it; `replyTo`, when not 0, is the stored message it answers (quoted as the
    //! window knows it).
    void addLocal(const QString &clientId, const QString &body, const QDateTime &writtenAt,
        DeliveryState state = DeliveryState::Pending, const QString &error = {},
        qint64 replyTo = 0);
    //! A stored message from the server, from any source: reconciles our Pending row with
    //! the same client id, or inserts it in order. If it is here already, only its state
    //! (text, reactions, ...) is taken, and only while no change has set it: a page fetched
    //! after missed changes brings them, an echo arriving after a change does not undo it.
    void applyStored(const Message &message);
    //! A change of a stored message (edited, deleted, reacted to): its row, if the window
    //! holds it, shows the message as it is now, and so do the quotes of it. A change
    //! older than one already shown changes nothing; one of a message outside the window
    //! is not needed (a page brings the message as it is).
    void applyUpdate(const chat::MessageUpdate &update);
    //! Stored messages in bulk (a history page, a catch-up): as applyStored for each.
    void applyStored(const QList<Message> &messages);
    void markFailed(const QString &clientId, const QString &reason);
    void markPending(const QString &clientId);
    void removeLocal(const QString &clientId);

    // The outgoing queue's transitions (OutgoingQueue's signals), for operations of this
    // conversation; others are ignored.
    //! Queued: a new Pending row, or a Failed row retried back to Pending.
    void showOperation(const chat::client::OutgoingOperation &operation);
    //! Refused: its row shows Failed with the reason.
    void showFailure(const chat::client::OutgoingOperation &operation);
    //! Stored: its row is reconciled with the server's copy.
    void showStored(const chat::client::OutgoingOperation &operation, const chat::Message &message);
    //! Discarded: its row goes.
    void showDiscarded(const chat::client::OutgoingOperation &operation);
    //! An edit, deletion or reaction of ours was stored: its row shows the server's state.
    void showApplied(
        const chat::client::OutgoingOperation &operation, const chat::MessageUpdate &update);

Q_SIGNALS:
    //! fetchMore(): the owner should fetch the page before oldestId().
    void olderPageRequested();
    void hasOlderChanged();
    void hasNewerChanged();

private:
    void setHasNewer(bool hasNewer);
    //! Drops the oldest stored rows beyond the bound (new messages came in at the bottom).
    void trimOldest();
    //! Drops the newest stored rows beyond the bound; sets hasNewer() if any.
    void trimNewest();
    //! While hasNewer(): a stored message beyond the window, which must not go in.
    [[nodiscard]] bool isBeyondWindow(qint64 id) const;
    //! A bulk of stored messages that goes in as one insertion at the top, if it can.
    [[nodiscard]] bool isOlderPage(const QList<Message> &sorted) const;
    //! The stored messages of this conversation among `messages`, by id, each once.
    [[nodiscard]] QList<Message> storedInOrder(const QList<Message> &messages) const;
    //! A stored message beyond the window: kept for when the window reaches it.
    void hold(const Message &message);
    //! The held messages newer than `id`, oldest first; none is held afterwards.
    [[nodiscard]] QList<Message> takeHeldAfter(qint64 id);

    int m_maximumStoredRows = DefaultMaximumStoredRows;
    bool m_hasOlder = false;
    bool m_hasNewer = false;
    bool m_fetchingOlder = false;
    bool m_atTop = false;
    //! While hasNewer(): the newest id the window reaches; newer ones stay out.
    qint64 m_windowEndId = 0;
    //! While hasNewer(): stored messages that arrived beyond the window, by id (at most
    //! maximumStoredRows(), the newest kept: older ones come with the pages).
    using HeldMessages = QMap<qint64, Message>;
    HeldMessages m_held;
};

} // namespace chat::client
