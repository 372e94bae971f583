#pragma once

#include "deliverystate.h"
#include "wiretypes.h"

#include <QAbstractListModel>

namespace chat::client {

//! The open conversation, oldest message first: stored messages in server order, then
//! our own Pending/Failed ones in the order they were written. A sent message is one
//! row from the moment Enter is pressed: the server's copy (ack, REST reply or echo,
//! whichever comes first) turns that row into Sent and moves it to its server-ordered
//! place; later copies change nothing.
class MessageListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1, //!< qint64 server id; 0 while not stored.
        ClientIdRole, //!< QString: the sender's id for the message (reconciliation key).
        BodyRole, //!< QString: the text.
        SenderIdRole, //!< qint64 user id of the sender.
        SenderNameRole, //!< QString username of the sender.
        CreatedAtRole, //!< QDateTime (UTC): server time once stored, local time before.
        IsOwnRole, //!< bool: written by the signed-in user.
        DeliveryStateRole, //!< DeliveryState.
        ErrorRole, //!< QString: why a Failed message failed; empty otherwise.
    };
    Q_ENUM(Role)

    explicit MessageListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    //! Empties the model for another conversation. `ownUserId` tells own messages apart.
    void reset(qint64 conversationId, qint64 ownUserId);
    [[nodiscard]] qint64 conversationId() const { return m_conversationId; }

    //! Appends one of our messages as Pending (or Failed) before the server has it.
    void addLocal(const QString &clientId, const QString &body, const QDateTime &writtenAt,
        DeliveryState state = DeliveryState::Pending);
    //! A stored message from the server, from any source: reconciles our Pending row with
    //! the same client id, or inserts it in order; does nothing if it is already here.
    void applyStored(const Message &message);
    //! Stored messages in bulk (a history page, a catch-up): as applyStored for each.
    void applyStored(const QList<Message> &messages);
    void markFailed(const QString &clientId, const QString &reason);
    void markPending(const QString &clientId);
    void removeLocal(const QString &clientId);

    [[nodiscard]] int rowOfClientId(const QString &clientId) const;
    [[nodiscard]] int rowOfId(qint64 id) const;
    //! The smallest server id present (the `before` cursor for the next older page).
    [[nodiscard]] std::optional<qint64> oldestId() const;
    //! The largest server id present.
    [[nodiscard]] std::optional<qint64> newestStoredId() const;

private:
    struct Row
    {
        Message message;
        DeliveryState state = DeliveryState::Sent;
        QString error;
    };
    //! Where a stored message with `id` belongs: after every stored row with a lower id.
    [[nodiscard]] int sortedRowFor(qint64 id) const;
    [[nodiscard]] int storedCount() const;
    void setState(int row, DeliveryState state, const QString &error);

    QList<Row> m_rows;
    qint64 m_conversationId = 0;
    qint64 m_ownUserId = 0;
};

} // namespace chat::client
