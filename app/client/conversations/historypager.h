#pragma once

#include <QObject>

namespace chat::client {

class ApiClient;
class MessageListModel;

//! Fills the open conversation's message window from history pages (GET .../messages):
//! the newest page when a conversation opens or after a resync, the page before the
//! oldest row when the model asks for more (its fetchMore()), and the newest page again
//! when the user comes back to the bottom of a window that older pages pushed away from
//! it. One fetch of each kind at a time; an answer for a conversation or window that is
//! no longer shown is dropped.
class HistoryPager : public QObject
{
    Q_OBJECT
public:
    static constexpr int PageSize = 50;

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
    //! Replaces the window with the newest page when it no longer reaches it.
    void showNewest();

Q_SIGNALS:
    //! The window was emptied to start again from the newest page (it would have shown a
    //! gap otherwise): what is not stored yet must be shown again.
    void windowRestarted(qint64 conversationId);
    //! Something the user should know (a failed fetch).
    void notice(const QString &text);

private:
    ApiClient &m_api;
    MessageListModel &m_messages;
    bool m_fetchingOlder = false;
    bool m_fetchingNewest = false;
};

} // namespace chat::client
