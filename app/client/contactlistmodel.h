#pragma once

#include "wiretypes.h"

#include <QAbstractListModel>

namespace chat::client {

//! The people the user can talk to, the most recent conversation first. A new message
//! updates its contact's last message and time and moves the contact to the top.
class ContactListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        UserIdRole = Qt::UserRole + 1, //!< qint64 id of the contact.
        UsernameRole, //!< QString name of the contact.
        ConversationIdRole, //!< qint64 id of the direct conversation; 0 if none yet.
        LastMessageRole, //!< QString body of the last message; empty if none.
        LastMessageTimeRole, //!< QDateTime (UTC) of the last message; invalid if none.
        LastMessageIsOwnRole, //!< bool: the last message was ours.
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

    [[nodiscard]] int rowOfUser(qint64 userId) const;
    [[nodiscard]] int rowOfConversation(qint64 conversationId) const;
    [[nodiscard]] const Contact &contactAt(int row) const { return m_contacts.at(row); }

private:
    void moveToTop(int row);

    QList<Contact> m_contacts;
    qint64 m_ownUserId = 0;
};

} // namespace chat::client
