#pragma once

#include <QObject>

namespace chat::client {

class ApiClient;
class MessageListModel;

//! Fills the open conversation's message window from history pages (GET .../messages):
//! the newest page when a conversation opens or after a resync, the page before the
//! oldest row when the model asks for more (its fetchMore()), the page after the newest
//! row while the window does not reach the newest message (the user scrolls down), the
//! newest page again when the user writes, and the page around a message to jump to
//! (a search hit, a quoted message). One fetch of each kind at a time; an answer for a
//! conversation or window that is no longer shown is dropped: every request that replaces
//! the window (open, jump, newest) makes the answers to the earlier ones stale.
class HistoryPager : public QObject
{
    Q_OBJECT
public:
    static constexpr int PageSize = 50;
    //! The page after the newest row is asked for around it: the older half (which the
    //! window holds already) and PageSize newer ones.
    static constexpr int NewerPageLimit = 2 * PageSize + 1;

    enum class Load {
        Open, //!< The conversation was just opened: its newest page, and whether older exist.
        CatchUp, //!< Back after missing events: merge the newest page into what shows.
    };

    //! `api` and `messages` must outlive the pager.
    HistoryPager(ApiClient &api, MessageListModel &messages, QObject *parent = nullptr);

    //! Loads the newest page of the model's conversation.
    void loadNewest(Load load);
    //! Loads the page before the oldest row (also what the model's fetchMore() asks for).
    void fetchOlder();
    //! Loads the page after the newest stored row, while the window does not reach the
    //! newest message (hasNewer()); the last one brings the window back to live.
    void fetchNewer();
    //! Replaces the window with the newest page when it no longer reaches it.
    void showNewest();
    //! Opens the window on the page around message `messageId` (the user's read position,
    //! when more is unread than the newest page would show), paging towards the newest as
    //! the user scrolls down; the newest page when that message cannot be had. Says nothing
    //! of it: this is no jump the user asked for.
    void loadAround(qint64 messageId);
    //! Makes the window hold message `messageId` of the open conversation, then says
    //! jumpedTo(). Already in the window: says so at once and returns its row. Otherwise
    //! returns -1 and replaces the window with the page around it once it arrives (or says
    //! jumpFailed()).
    int jumpTo(qint64 messageId);

Q_SIGNALS:
    //! The window was emptied to start again from the newest page (it would have shown a
    //! gap otherwise): what is not stored yet must be shown again.
    void windowRestarted(qint64 conversationId);
    //! The message asked for by jumpTo() is in the window now (rowOfId() finds it).
    void jumpedTo(qint64 messageId);
    //! The message asked for by jumpTo() cannot be shown; `reason` says why.
    void jumpFailed(qint64 messageId, const QString &reason);
    //! Something the user should know (a failed fetch).
    void notice(const QString &text);

private:
    //! A request that will replace the window: answers to earlier ones are stale now.
    quint64 replacingWindow() { return ++m_window; }
    //! The jump to `messageId` cannot be shown: says why.
    void failJump(qint64 messageId, const QString &reason);

    ApiClient &m_api;
    MessageListModel &m_messages;
    bool m_fetchingOlder = false;
    bool m_fetchingNewer = false;
    bool m_fetchingNewest = false;
    //! Counts the requests that replace the window (see replacingWindow()).
    quint64 m_window = 0;
    //! The message of the page around it on its way; 0 when none is.
    qint64 m_jumpingTo = 0;
};

} // namespace chat::client
