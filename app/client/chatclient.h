#pragma once

#include <client/awareness/awarenesstracker.h>
#include <client/awareness/privacysettings.h>
#include <client/models/contactlistmodel.h>
#include <client/models/messagelistmodel.h>
#include <client/outgoing/outbox.h>
#include <client/outgoing/outboxsender.h>
#include <shared/wireerror.h>

#include <QObject>
#include <QTimer>

namespace chat::client {

class ChatSession;

//! What the window works with, in the role React context plays in a web client: the
//! contact list and the open conversation as models, kept current from the session's
//! signals, and the user's intents (open a contact, send, retry, delete, load older).
//! Sending is optimistic: the row appears as Pending at once and the server's copy
//! reconciles it by client id. What is sent is written to the account's outbox on disk
//! first (see Outbox), so it survives a restart, and goes out in order (OutboxSender).
//! Awareness (unread counts, delivered and read marks, typing, presence) comes from the
//! contact list and the AwarenessTracker; the window says when the conversation is seen
//! (setConversationVisible()) and when the user types (userTyped()).
class ChatClient : public QObject
{
    Q_OBJECT
    Q_PROPERTY(qint64 currentContactId READ currentContactId NOTIFY currentContactChanged)
    Q_PROPERTY(bool hasOlderMessages READ hasOlderMessages NOTIFY hasOlderMessagesChanged)
    Q_PROPERTY(int waitingCount READ waitingCount NOTIFY waitingCountChanged)
    Q_PROPERTY(int totalUnread READ totalUnread NOTIFY totalUnreadChanged)
    Q_PROPERTY(bool otherIsTyping READ otherIsTyping NOTIFY otherIsTypingChanged)
public:
    //! `session` must outlive this client.
    explicit ChatClient(ChatSession &session, QObject *parent = nullptr);

    //! Where the outbox and position of each account are kept (the session's setting;
    //! takes effect at the next sign-in).
    void setProfileDirectory(const QString &directory);

    [[nodiscard]] ContactListModel *contacts() { return &m_contacts; }
    [[nodiscard]] MessageListModel *messages() { return &m_messages; }
    [[nodiscard]] ChatSession &session() { return m_session; }
    [[nodiscard]] qint64 currentContactId() const { return m_currentContactId; }
    [[nodiscard]] qint64 currentConversationId() const { return m_messages.conversationId(); }
    [[nodiscard]] bool hasOlderMessages() const { return m_messages.hasOlder(); }
    //! The window does not reach the newest message (older pages dropped its newest rows).
    [[nodiscard]] bool hasNewerMessages() const { return m_messages.hasNewer(); }
    [[nodiscard]] const Outbox &outbox() const { return m_outbox; }
    //! Our messages not yet acknowledged by the server (Failed ones not counted).
    [[nodiscard]] int waitingCount() const { return m_waitingCount; }
    //! Unread messages over all contacts (for the window title or tray).
    [[nodiscard]] int totalUnread() const { return m_contacts.totalUnread(); }
    //! The contact of the open conversation is typing.
    [[nodiscard]] bool otherIsTyping() const { return m_otherIsTyping; }
    [[nodiscard]] bool isConversationVisible() const { return m_visible; }

    void refreshContacts();
    //! Opens the conversation with a contact (creating it on first use) and loads its
    //! newest page.
    void openContact(qint64 userId);
    //! Sends `text` to the open conversation. Returns the new client id, or an empty
    //! string when there is nothing to send (blank text, no conversation open).
    QString send(const QString &text);
    //! Sends a Failed message again with the same client id (never a second copy).
    void retry(const QString &clientId);
    //! Forgets a message that was never delivered.
    void discard(const QString &clientId);
    //! Loads the page before the oldest message shown (also what the model's fetchMore()
    //! asks for). Only the open conversation's newest page loads by itself; older ones
    //! load only when asked, one at a time.
    void fetchOlder();
    //! Brings the window back to the newest page when it no longer reaches it
    //! (hasNewerMessages()): what the view asks for when the user is back at the bottom.
    void showNewest();

    //! True while the conversation pane shows and the window is active: the open
    //! conversation is then read up to its newest stored message, as it grows.
    void setConversationVisible(bool visible);
    //! The user edited the input: the other member sees "typing…" (throttled).
    void userTyped();
    //! Fetches the privacy settings: settingsLoaded(), or notice() on failure.
    void loadSettings();
    //! Changes them: settingsSaved() with what the server now has, or notice().
    void saveSettings(const chat::client::PrivacySettings &settings);

Q_SIGNALS:
    void currentContactChanged();
    void conversationReady(qint64 conversationId);
    void hasOlderMessagesChanged();
    void waitingCountChanged(int count);
    //! Something the user should know (a failed fetch); the UI shows it briefly.
    void notice(const QString &text);
    void totalUnreadChanged(int total);
    void otherIsTypingChanged(bool typing);
    void settingsLoaded(const chat::client::PrivacySettings &settings);
    void settingsSaved(const chat::client::PrivacySettings &settings);

private:
    void onStored(const Message &message);
    void onSendFailed(const QString &clientId, const Error &error);
    void onSignedInChanged();
    void onWentLive(bool caughtUp);
    enum class PageLoad { Open, CatchUp };
    void loadNewestPage(qint64 conversationId, PageLoad load);
    void showOutbox(qint64 conversationId);
    void catchUp();
    void updateWaitingCount();
    //! Empties the message list for the conversation, with its known receipt positions.
    void resetMessages(qint64 conversationId);
    void showReceipts();
    void markRead(bool force);
    void updateOtherIsTyping();

    ChatSession &m_session;
    ContactListModel m_contacts;
    MessageListModel m_messages;
    Outbox m_outbox;
    OutboxSender m_sender;
    qint64 m_currentContactId = 0;
    bool m_fetchingOlder = false;
    bool m_fetchingNewest = false;
    int m_waitingCount = 0;
    //! One contacts fetch at a time; a request during one makes one more after it.
    bool m_fetchingContacts = false;
    bool m_contactsStale = false;
    AwarenessTracker m_awareness { m_session, m_contacts };
    bool m_visible = false;
    bool m_otherIsTyping = false;
    //! Coalesces read checks after changes of the message list.
    QTimer m_readCheck;
};

} // namespace chat::client
