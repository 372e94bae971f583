#pragma once

#include <client/models/contactlistmodel.h>
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

//! The awareness half of the client (protocol §7.6–7.9), kept out of ChatClient: it
//! applies the session's readPosition, receipt, typing and presence events to the
//! contact list, keeps the unread counts between two fetches of it, expires typing
//! indicators, and sends what the other side needs to know: `delivered` for every message
//! received (one frame per conversation and event-loop turn), `read` when asked, and
//! `typing` at most once every TypingInterval.
class AwarenessTracker : public QObject
{
    Q_OBJECT
public:
    //! At most one `typing` frame per this interval while the user types.
    static constexpr int TypingIntervalMs = 3000;

    //! `session` and `contacts` must outlive the tracker.
    AwarenessTracker(ChatSession &session, ContactListModel &contacts, QObject *parent = nullptr);

    //! A message arrived over the socket (live or replayed), before the contact list applies
    //! it. `inView`: its conversation is open and visible and shows its newest messages, so
    //! it is read rather than unread.
    void messageArrived(const Message &message, bool inView);
    //! Sends `read` up to `upTo` unless the position is already there (or was sent);
    //! `force` sends it anyway (the server then tells this instance the stored position).
    //! Nothing happens offline: the next call once live catches up.
    void markRead(qint64 conversationId, qint64 upTo, bool force);
    //! The user edited the input of the conversation: a throttled `typing` frame.
    void userTyped(qint64 conversationId);
    //! Ends every typing indicator (connection lost, typing no longer shared).
    void clearTyping();
    //! Forgets everything (signed out).
    void reset();

    //! A fetch of the contact list starts: the events that arrive meanwhile may be newer
    //! than the list it brings, so they are kept...
    void contactsFetchStarted();
    //! ...and applied again on top of the list once it is in (`applied`), so a late
    //! answer never takes a receipt, read position or presence back.
    void contactsFetchEnded(bool applied);

Q_SIGNALS:
    void typingChanged(qint64 userId, bool typing);
    //! The other member's delivered or read position in the conversation moved (see
    //! ContactListModel::contactAt(): theirDeliveredUpTo, theirReadUpTo).
    void receiptsChanged(qint64 conversationId);
    //! The counts cannot be derived from what is here: the contact list must be refetched.
    void contactsStale();

private:
    void onReadPosition(const frames::ReadPosition &position);
    void onReceipt(const frames::Receipt &receipt);
    void onTyping(const frames::TypingEvent &typing);
    void onPresence(const frames::PresenceEvent &presence);
    //! While a contacts fetch runs: keeps `event` to apply again after it.
    void keep(std::function<void()> event);
    void setTyping(qint64 userId, bool typing, int expiresInMs = 0);
    void flushDelivered();

    ChatSession &m_session;
    ContactListModel &m_contacts;
    //! One expiry timer per user shown typing.
    std::map<qint64, std::unique_ptr<QTimer>> m_typingTimers;
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
