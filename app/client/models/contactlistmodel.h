#pragma once

#include <shared/wiretypes.h>

#include <QAbstractListModel>
#include <QSet>

namespace chat::client {

//! The people the user can talk to, the most recent conversation first. A new message
//! updates its contact's last message and time and moves the contact to the top.
//! Each contact also shows how many of their messages are unread, whether they are
//! online (or when they were last seen) and whether they are typing. The model holds
//! these; ChatClient and AwarenessTracker decide them from the server's events.
class ContactListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int totalUnread READ totalUnread NOTIFY totalUnreadChanged)
public:
    enum Role {
        UserIdRole = Qt::UserRole + 1, //!< qint64 id of the contact.
        UsernameRole, //!< QString name of the contact.
        ConversationIdRole, //!< qint64 id of the direct conversation; 0 if none yet.
        LastMessageRole, //!< QString body of the last message; empty if none.
        LastMessageTimeRole, //!< QDateTime (UTC) of the last message; invalid if none.
        LastMessageIsOwnRole, //!< bool: the last message was ours.
        UnreadCountRole, //!< int: messages from the contact past our read position.
        OnlineRole, //!< bool: the contact is connected (false when not shared).
        LastSeenRole, //!< QDateTime (UTC) the contact was last online; invalid if unknown.
        TypingRole, //!< bool: the contact is typing to us right now.
    };
    Q_ENUM(Role)

    explicit ContactListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    //! Replaces the list (a fresh fetch); `ownUserId` tells our own last messages apart.
    void setContacts(const QList<Contact> &contacts, qint64 ownUserId);
    //! Records the conversation opened with a contact.
    void setConversationId(qint64 userId, qint64 conversationId);
    //! A stored message: updates the contact it belongs to and moves it to the top.
    //! Returns false when no contact matches (the list is stale and should be refetched).
    bool applyMessage(const Message &message);

    //! The contact's unread count (UnreadCountRole); updates totalUnread().
    void setUnread(qint64 userId, int count);
    //! Online, or offline since `lastSeen` (invalid: unknown).
    void setPresence(qint64 userId, bool online, const QDateTime &lastSeen);
    //! Kept across setContacts(): typing is not part of the fetched list.
    void setTyping(qint64 userId, bool typing);
    [[nodiscard]] bool isTyping(qint64 userId) const { return m_typing.contains(userId); }
    //! The sum of the unread counts.
    [[nodiscard]] int totalUnread() const { return m_totalUnread; }
    //! The highest id among the contacts' last messages (0 if none).
    [[nodiscard]] qint64 newestMessageId() const;

    //! Our own read position in the conversation with the contact (only moves forward).
    void setReadUpTo(qint64 userId, qint64 upTo);
    //! The contact's delivered and read positions (receipts of our messages), as they are.
    void setTheirPositions(qint64 userId, qint64 deliveredUpTo, qint64 readUpTo);

    [[nodiscard]] int rowOfUser(qint64 userId) const;
    [[nodiscard]] int rowOfConversation(qint64 conversationId) const;
    [[nodiscard]] const Contact &contactAt(int row) const { return m_contacts.at(row); }

Q_SIGNALS:
    void totalUnreadChanged(int total);

private:
    void moveToTop(int row);
    void updateTotalUnread();

    QList<Contact> m_contacts;
    qint64 m_ownUserId = 0;
    QSet<qint64> m_typing;
    int m_totalUnread = 0;
};

} // namespace chat::client
