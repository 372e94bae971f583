#pragma once

#include <client/models/conversationlistmodel.h>
#include <shared/frames.h>

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>

namespace chat::client {

class ChatSession;

//! The awareness half of the client (protocol §7.6–7.9): it applies the session's
//! readPosition, receipt, typing and presence events to the conversation list, keeps the
//! unread counts between two fetches of it, expires typing indicators, and sends what
//! the other members need to know: `delivered` for every message received (one frame per
//! conversation and event-loop turn), `read` when asked, and `typing` at most once every
//! TypingInterval.
class AwarenessTracker : public QObject
{
    Q_OBJECT
public:
    //! At most one `typing` frame per this interval while the user types.
    static constexpr int TypingIntervalMs = 3000;

    //! `session` and `conversations` must outlive the tracker.
    AwarenessTracker(
        ChatSession &session, ConversationListModel &conversations, QObject *parent = nullptr);

    //! A message arrived over the socket (live or replayed), before the conversation list
    //! applies it. `inView`: its conversation is open and visible and shows its newest messages, so
    //! it is read rather than unread.
    void messageArrived(const Message &message, bool inView);
    //! Sends `read` up to `upTo` unless the position is already there (or was sent);
    //! `force` sends it anyway (the server then tells this instance the stored position).
    //! Nothing happens offline: the next call once live catches up.
    void markRead(qint64 conversationId, qint64 upTo, bool force);
    //! The user edited the input of the conversation: a throttled `typing` frame.
    void userTyped(qint64 conversationId);
    //! Our message was stored: the others stopped showing us typing when it reached them,
    //! so the next keystroke in that conversation announces typing again at once.
    void ownMessageStored(qint64 conversationId);
    //! Ends every typing indicator (connection lost, typing no longer shared).
    void clearTyping();
    //! Forgets everything (signed out).
    void reset();

    //! A fetch of the conversation list starts: the events that arrive meanwhile may be
    //! newer than the list it brings, so they are kept...
    void listFetchStarted();
    //! ...and applied again on top of the list once it is in (`applied`), so a late
    //! answer never takes a receipt, read position or presence back.
    void listFetchEnded(bool applied);

Q_SIGNALS:
    void typingChanged(qint64 conversationId, qint64 userId, bool typing);
    //! The other member's delivered or read position in the conversation moved (see
    //! ConversationSummary::peerDeliveredUpTo, peerReadUpTo).
    void receiptsChanged(qint64 conversationId);
    //! The counts cannot be derived from what is here: the list must be fetched again.
    void listStale();

private:
    void onReadPosition(const frames::ReadPosition &position);
    void onReceipt(const frames::Receipt &receipt);
    void onTyping(const frames::TypingEvent &typing);
    void onPresence(const frames::PresenceEvent &presence);
    //! The conversation's entry in the list; nullptr (and listStale()) when it has none.
    [[nodiscard]] const ConversationSummary *knownConversation(qint64 conversationId);
    //! While a list fetch runs: keeps `event` to apply again after it.
    void keep(std::function<void()> event);
    void setTyping(qint64 conversationId, qint64 userId, bool typing, int expiresInMs = 0);
    void flushDelivered();

    ChatSession &m_session;
    ConversationListModel &m_conversations;
    //! One expiry timer per (conversation, user) shown typing.
    std::map<std::pair<qint64, qint64>, std::unique_ptr<QTimer>> m_typingTimers;
    //! Delivered positions to send, by conversation, coalesced over one event-loop turn
    //! (or, for a replay before `ready`, until live).
    QHash<qint64, qint64> m_pendingDelivered;
    QTimer m_deliveredFlush;
    //! The read positions sent, by conversation.
    QHash<qint64, qint64> m_readSent;
    bool m_fetching = false;
    QList<std::function<void()>> m_duringFetch;
    qint64 m_typingConversation = 0;
    QElapsedTimer m_typingSent;
};

} // namespace chat::client
