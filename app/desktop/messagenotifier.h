#pragma once

#include <shared/wiretypes.h>

#include <QHash>
#include <QObject>

namespace chat::client {
class ClientContext;
}

namespace chat::desktop {

class DesktopNotifier;
class DesktopSettings;

//! Decides which arriving messages the user is told about, and says it through a
//! DesktopNotifier. A message is worth a notification when it is someone else's text (not
//! ours from another instance, not a change of a group), new (not older than what was
//! read), in a conversation that is not muted and not open in the active window, and "Do
//! not disturb" is off. A burst in one conversation is one notification (keyed by the
//! conversation) updated in place: "3 new messages" and the newest line. It goes away
//! once the conversation is read, wherever it was read.
//!
//! What the server replays on reconnecting is not news the way a live message is: the
//! replay of the first connection after signing in is older than the sign-in and is never
//! shown (the unread counts tell it); a replay after a drop (sleep, network) is shown as
//! one notification at most, once the list fetched after it says what is still unread.
class MessageNotifier : public QObject
{
    Q_OBJECT
public:
    //! Everything given must outlive the notifier.
    MessageNotifier(client::ClientContext &context, DesktopNotifier &notifier,
        const DesktopSettings &settings, QObject *parent = nullptr);

    //! The key of the notification of a conversation.
    [[nodiscard]] static QString keyOf(qint64 conversationId);
    //! The key of the one notification for a replay over several conversations.
    [[nodiscard]] static QString catchUpKey();

Q_SIGNALS:
    //! The user clicked the notification of this conversation.
    void openRequested(qint64 conversationId);

private:
    //! The messages of one conversation the user has been told about and not read yet.
    struct Told
    {
        int count = 0;
        qint64 newestId = 0;
    };

    void onMessageReceived(const Message &message);
    void onWentLive();
    void onListFetched();
    void onSignedInChanged();
    //! Closes the notifications of conversations that have nothing unread any more.
    void closeRead();
    //! Whether `message` is worth telling, leaving out the window and the connection.
    [[nodiscard]] bool isNews(const Message &message) const;
    [[nodiscard]] bool isOnScreen(qint64 conversationId) const;
    //! Adds `messages` of one conversation (the newest is `newest`) to its notification.
    void tell(const Message &newest, int messages);
    //! The one notification for a replay that spans several conversations.
    void tellCatchUp(const QList<Message> &messages);

    client::ClientContext &m_context;
    DesktopNotifier &m_notifier;
    const DesktopSettings &m_settings;
    QHash<qint64, Told> m_told;
    //! Replayed after a drop, waiting for the list to say what is still unread.
    QList<Message> m_replayed;
    //! Since signing in, the socket has been live once: later replays are newer than that.
    bool m_beenLive = false;
    //! The list fetch after a `ready` is on its way; m_replayed waits for its end.
    bool m_awaitingList = false;
    //! The notification of catchUpKey() shows (until nothing is unread).
    bool m_caughtUpShown = false;
};

} // namespace chat::desktop
