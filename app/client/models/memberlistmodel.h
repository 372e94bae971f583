#pragma once

#include <client/models/messagerowsmodel.h>
#include <shared/frames.h>
#include <shared/wiretypes.h>

#include <QAbstractListModel>

namespace chat::client {

//! The members of the open group: name, role, presence, and how far each got (their
//! delivered and read positions), kept current by receipts and presence events. The
//! member panel shows it; the message model takes the positions for "read by N".
class MemberListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        UserIdRole = Qt::UserRole + 1, //!< qint64 id of the member.
        UsernameRole, //!< QString.
        MemberRoleRole, //!< MemberRole (int): member, admin or owner.
        OnlineRole, //!< bool (false when presence is not shared).
        LastSeenRole, //!< QDateTime (UTC); invalid while online or when unknown.
        ReadUpToRole, //!< qint64: their read position (0 when receipts are not shared).
    };
    Q_ENUM(Role)

    explicit MemberListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    //! Replaces the members (a fresh fetch); empty for a direct conversation.
    void setMembers(const QList<MemberState> &members);
    //! A member's position moved (a `receipt` event): positions only move forward.
    void applyReceipt(const frames::Receipt &receipt);
    void setPresence(qint64 userId, bool online, const QDateTime &lastSeen);
    //! Those shown online become unknown (see ConversationListModel::forgetPresence).
    void forgetPresence();

    [[nodiscard]] const QList<MemberState> &members() const { return m_members; }
    [[nodiscard]] int rowOf(qint64 userId) const;
    //! The role of a member, or none when they are not one.
    [[nodiscard]] std::optional<MemberRole> roleOf(qint64 userId) const;
    //! A member's name; empty when they are not (or no longer) one.
    [[nodiscard]] QString nameOf(qint64 userId) const;
    //! Everyone's positions but `ownUserId`'s, for the message model.
    [[nodiscard]] QList<MessageRowsModel::MemberPosition> othersPositions(qint64 ownUserId) const;

Q_SIGNALS:
    //! Someone's delivered or read position moved.
    void positionsChanged();

private:
    QList<MemberState> m_members;
};

} // namespace chat::client
