#pragma once

#include <QObject>

namespace chat::client {

class MessageListModel;

//! Finds the message the "New messages" line goes above when a conversation opens: the
//! first message of someone else (no system entry) after the user's read position, among
//! those the conversation had then. It watches the window as pages arrive, and once the
//! window shows that message for sure (a row at or before the read position precedes it,
//! or the window holds every unread message), sets it as the model's FirstUnreadRole and
//! says found(). The line stays until the next conversation opens or stop() (the user
//! sent a message); messages arriving after the opening never get it.
class FirstUnreadFinder : public QObject
{
    Q_OBJECT
public:
    //! `messages` must outlive the finder.
    explicit FirstUnreadFinder(MessageListModel &messages, QObject *parent = nullptr);

    //! A conversation opened with `unread` messages of others after `readUpTo`, the newest
    //! entry being `newestId` then. Looks for the first of them (none when `unread` is 0).
    void start(qint64 readUpTo, qint64 newestId, int unread);
    //! No line (any more): the user wrote, or nothing is open.
    void stop();
    //! Looking for the message: the window does not show it yet.
    [[nodiscard]] bool isLooking() const { return m_looking; }

Q_SIGNALS:
    //! The line shows above message `messageId` now (MessageListModel::FirstUnreadRole).
    void found(qint64 messageId);

private:
    void look();

    MessageListModel &m_messages;
    bool m_looking = false;
    qint64 m_readUpTo = 0;
    qint64 m_newestId = 0;
    int m_unread = 0;
};

} // namespace chat::client
