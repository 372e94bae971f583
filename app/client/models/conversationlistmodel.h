#pragma once

#include <client/models/conversationsummary.h>

#include <QAbstractListModel>
#include <QHash>
#include <QSet>

namespace chat::client {

//! The user's conversations, direct and group, keyed by conversation id, with what the
//! list shows of each: the title, the last message (and who wrote it), how many messages
//! are unread, whether it is muted, who is typing, and (for a direct conversation)
//! whether the other member is online or when they were last seen, and the user's draft.
//! Rows stay where they are: the order on screen (most recent activity first) and the
//! search filter are ConversationListProxy's job. The model holds these values;
//! ConversationListController and AwarenessTracker decide them from the server's events.
class ConversationListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int totalUnread READ totalUnread NOTIFY totalUnreadChanged)
public:
    enum Role {
        ConversationIdRole = Qt::UserRole + 1, //!< qint64 id.
        TitleRole, //!< QString: the group's title, or the other member's name.
        PeerIdRole, //!< qint64 id of the other member of a direct conversation.
        LastMessageRole, //!< QString body of the last message; empty if none.
        LastMessageTimeRole, //!< QDateTime (UTC) of the last message; invalid if none.
        LastMessageIsOwnRole, //!< bool: the last message was ours.
        LastActivityRole, //!< qint64: the last message's id (0 if none); newest sorts first.
        UnreadCountRole, //!< int: others' messages past our read position.
        OnlineRole, //!< bool: the other member is connected (false when not shared).
        LastSeenRole, //!< QDateTime (UTC) they were last online; invalid if unknown.
        TypingRole, //!< bool: someone else is typing in it right now.
        IsGroupRole, //!< bool: a group (else a direct conversation).
        MemberCountRole, //!< int: current members.
        MutedRole, //!< bool: muted by the user (no badge in the total, no notification).
        ActiveRole, //!< bool: false once the user left or was removed.
        LastSenderRole, //!< QString: who wrote the last message; empty if none.
        LastMessageIsSystemRole, //!< bool: the last entry is a change ("alice added bob").
        DraftRole, //!< QString: what the user typed in it and has not sent; empty if none.
    };
    Q_ENUM(Role)

    explicit ConversationListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    //! Replaces the list (a fresh fetch); `ownUserId` tells our own last messages apart.
    void setConversations(const QList<ConversationSummary> &conversations, qint64 ownUserId);
    //! Adds a conversation, or replaces what the list knows of it (a `conversation` frame,
    //! a conversation just opened).
    void upsert(const ConversationSummary &conversation);
    //! A stored message: updates its conversation's last message. False when no row
    //! matches (the list is stale and should be fetched again).
    bool applyMessage(const Message &message);
    //! A stored message changed (edited, deleted, reacted to): the row whose last message
    //! it is shows it as it is now.
    void applyUpdate(const MessageUpdate &update);

    //! The unread count (UnreadCountRole); updates totalUnread().
    void setUnread(qint64 conversationId, qint64 count);
    //! Our own read position (only moves forward).
    void setReadUpTo(qint64 conversationId, qint64 upTo);
    //! The other member's delivered and read positions (receipts of our messages).
    void setPeerPositions(qint64 conversationId, qint64 deliveredUpTo, qint64 readUpTo);
    //! The presence of `userId` in every conversation they are the other member of:
    //! online, or offline since `lastSeen` (invalid: unknown).
    void setPresence(qint64 userId, bool online, const QDateTime &lastSeen);
    //! Without the socket nobody's presence is known: "online" would be a guess that
    //! gets staler by the minute. Those shown online become unknown (no last-seen either)
    //! until the list fetched after the next `ready` says again.
    void forgetPresence();
    //! Kept across setConversations(): typing is not part of the fetched list.
    void setTyping(qint64 conversationId, qint64 userId, bool typing);
    //! Who is typing in the conversation now (never us).
    [[nodiscard]] QList<qint64> typers(qint64 conversationId) const;
    //! The user's unsent text in the conversation (empty: none). Kept across
    //! setConversations(): drafts are ours, not part of the fetched list.
    void setDraft(qint64 conversationId, const QString &text);

    //! The sum of the unread counts of the conversations that are not muted.
    [[nodiscard]] int totalUnread() const { return m_totalUnread; }
    //! The highest id among the last messages (0 if none).
    [[nodiscard]] qint64 newestMessageId() const;

    //! The row of a conversation; -1 for none (and for id 0).
    [[nodiscard]] int rowOf(qint64 conversationId) const;
    //! The row of the direct conversation with a person; -1 for none.
    [[nodiscard]] int rowOfPeer(qint64 userId) const;
    [[nodiscard]] const ConversationSummary &at(int row) const { return m_rows.at(row); }

Q_SIGNALS:
    void totalUnreadChanged(int total);

private:
    void changed(int row, const QList<int> &roles);
    void updateTotalUnread();

    QList<ConversationSummary> m_rows;
    qint64 m_ownUserId = 0;
    //! Conversation id → who is typing in it.
    QHash<qint64, QSet<qint64>> m_typing;
    //! Conversation id → the user's draft (non-empty only).
    QHash<qint64, QString> m_drafts;
    int m_totalUnread = 0;
};

} // namespace chat::client
