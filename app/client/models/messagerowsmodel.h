#pragma once

#include <client/models/deliverystate.h>
#include <client/models/messagestate.h>
#include <shared/wiretypes.h>

#include <QAbstractListModel>

#include <optional>

namespace chat::client {

//! The rows of one conversation as a list model, and how to read them: stored messages
//! in server order (by id), then our own messages not stored yet in the order they were
//! written; each row's roles; lookups by id and client id; and the receipt marks of our
//! stored messages, from the other members' delivered and read positions (one other
//! member in a direct conversation, any number in a group).
//! It decides nothing about what goes in or out: MessageListModel does, through the
//! protected helpers, which emit the matching model signals.
class MessageRowsModel : public QAbstractListModel
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
        ReceiptRole, //!< ReceiptMark: Delivered/Read for our own Sent messages; else None.
        ReadCountRole, //!< int: how many other members read our Sent message (0 otherwise).
        ReadByRole, //!< QStringList: their names, when known (groups).
        IsSystemRole, //!< bool: a change of the conversation ("alice added bob").
        ShowSenderRole, //!< bool: the sender's name shows (others' messages in a group).
        // What replies, edits, deletion and reactions made of it (protocol version 3), with
        // our own changes still on their way shown as done (BodyRole too).
        ReplyToRole, //!< ReplyPreview of the message it answers; invalid QVariant if none.
        EditedAtRole, //!< QDateTime (UTC) of its last edit; invalid if never edited.
        IsDeletedRole, //!< bool: deleted for everyone (no text, no reactions).
        ReactionsRole, //!< QList<messagestate::ReactionChip>, in the order first used.
        HasPendingChangeRole, //!< bool: an edit, deletion or reaction of ours is on its way.
        // The timeline (issue 10); appended after the message actions' roles.
        StartsDayRole, //!< bool: the first row of its local day (a day separator above it).
        FirstUnreadRole, //!< bool: the first message unread when the conversation opened.
    };
    Q_ENUM(Role)

    //! Where another member is in the conversation: their delivered and read positions.
    struct MemberPosition
    {
        qint64 userId = 0;
        QString name;
        qint64 deliveredUpTo = 0;
        qint64 readUpTo = 0;

        friend bool operator==(const MemberPosition &, const MemberPosition &) = default;
    };

    using QAbstractListModel::QAbstractListModel;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] qint64 conversationId() const { return m_conversationId; }
    //! Whether the conversation is a group (others' messages then show who wrote them).
    [[nodiscard]] bool isGroup() const { return m_group; }
    void setGroup(bool group);
    //! The signed-in user, whose messages are "own".
    [[nodiscard]] qint64 ownUserId() const { return m_ownUserId; }

    [[nodiscard]] int rowOfClientId(const QString &clientId) const;
    [[nodiscard]] int rowOfId(qint64 id) const;
    //! The smallest server id present (the `before` cursor for the next older page).
    [[nodiscard]] std::optional<qint64> oldestId() const;
    //! The largest server id present.
    [[nodiscard]] std::optional<qint64> newestStoredId() const;
    //! How many rows are stored (Sent) rows; the local rows follow them.
    [[nodiscard]] int storedRowCount() const;

    //! The other members' positions in this conversation: our Sent messages show as
    //! Delivered once one of them has it, Read once one read it (read implies delivered),
    //! and how many (and who) read each. Reports (ReceiptRole, ReadCountRole, ReadByRole)
    //! only the rows whose marks changed. Positions may also go back (receipts turned off).
    void setMemberPositions(const QList<MemberPosition> &others);
    //! The one other member of a direct conversation (`peer`: who they are, for nameOf()).
    void setReceiptPositions(qint64 deliveredUpTo, qint64 readUpTo, const User &peer = {});
    //! A member's name as the rows know it (a message they sent, their position), "" if
    //! unknown: who reacted, in a tooltip.
    [[nodiscard]] QString nameOf(qint64 userId) const;
    //! The stored message of row `row` as it shows: with our changes on their way.
    [[nodiscard]] Message shownMessage(int row) const;

    //! The furthest any other member got.
    [[nodiscard]] qint64 deliveredUpTo() const;
    [[nodiscard]] qint64 readUpTo() const;

    //! The message that shows the "New messages" line above it (FirstUnreadRole); 0: none.
    //! A value the controller decides (FirstUnreadFinder); it stays while the id is absent.
    void setFirstUnreadId(qint64 id);
    [[nodiscard]] qint64 firstUnreadId() const { return m_firstUnreadId; }

protected:
    struct Row
    {
        Message message;
        DeliveryState state = DeliveryState::Sent;
        QString error;
        //! The position of the newest change taken over (0: none): an older copy of the
        //! message, or an older change, arriving later does not undo it.
        qint64 statePosition = 0;
        //! StartsDayRole, kept with the row so that a change can be told (and reported).
        bool startsDay = false;
    };

    //! Whether the first row is the conversation's first message (no older ones exist):
    //! only then does it start a day for sure, so only then does it get a separator.
    void setWindowStartsConversation(bool starts);

    //! Our change of a stored message, on its way: shown on its row until settled.
    void addPendingChange(const OutgoingOperation &change);
    //! The change was stored, refused or discarded: its row shows without it.
    void dropPendingChange(const OutgoingOperation &change);
    //! Row `row` takes the state of `changed` (a change at `position`; 0 for a copy of the
    //! message from a page or an echo, which only replaces a state no change has set yet).
    void takeRowState(int row, const Message &changed, qint64 position);
    //! Every row quoting `changed` shows it as it is now.
    void refreshQuotesOf(const Message &changed);

    //! Empties the rows for another conversation; receipt positions go back to 0.
    void resetRows(qint64 conversationId, qint64 ownUserId);
    //! Replaces every row at once (one model reset).
    void replaceRows(QList<Row> rows);
    //! Where a stored message with `id` belongs: after every stored row with a lower id.
    [[nodiscard]] int sortedRowFor(qint64 id) const;
    void insertRow(int row, const Row &value);
    //! Inserts stored rows, sorted by id and older than every row, at the top.
    void prependRows(const QList<Row> &rows) { insertRowsAt(0, rows); }
    //! Inserts rows at `row` in one insertion (the caller keeps the order).
    void insertRowsAt(int row, const QList<Row> &rows);
    //! Removes `count` rows from `first` (named apart from QAbstractItemModel::removeRows,
    //! a virtual with another contract that this would hide).
    void dropRows(int first, int count);
    //! Our local row `row` was stored as `message`: it takes the server's id and time,
    //! becomes Sent, and moves to where the server ordered it.
    void storeLocalRow(int row, const Message &message);
    void setState(int row, DeliveryState state, const QString &error);
    [[nodiscard]] const Row &rowAt(int row) const { return m_rows.at(row); }

private:
    //! What a row shows of the others' positions: its mark and who read it.
    struct Receipts
    {
        ReceiptMark mark = ReceiptMark::None;
        QStringList readBy;
        int readCount = 0;
        friend bool operator==(const Receipts &, const Receipts &) = default;
    };
    [[nodiscard]] Receipts receiptsOf(const Row &row) const;
    //! Whether row `row` starts a local day, from its time and the row before it.
    [[nodiscard]] bool computeStartsDay(int row) const;
    //! Recomputes StartsDayRole of the rows `first`..`last` (clamped), reporting the
    //! changed ones (`report`; not for rows still being inserted).
    void updateDayStarts(int first, int last, bool report = true);

    void emitStateChanged(int row);

    QList<Row> m_rows;
    //! Our changes on their way, by the id of the message they change, oldest first.
    QHash<qint64, QList<OutgoingOperation>> m_pendingChanges;
    qint64 m_conversationId = 0;
    qint64 m_ownUserId = 0;
    bool m_group = false;
    QList<MemberPosition> m_others;
    User m_peer; //!< A direct conversation's other member, when known.
    qint64 m_firstUnreadId = 0;
    bool m_windowStartsConversation = true;
};

} // namespace chat::client
