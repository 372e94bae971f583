#pragma once

#include <server/hub/peer.h>
#include <server/store/store.h>
#include <shared/jsoncodec.h>
#include <shared/result.h>
#include <shared/wiretypes.h>

#include <QElapsedTimer>
#include <QHash>
#include <QPair>

#include <chrono>

namespace chat::server {

class Hub;
class Presence;

//! Read and delivered positions, typing indicators, privacy settings, and the contact
//! list with unread counts, receipts and presence, the same for REST and WebSocket.
//! The privacy rule: a receipt, typing event or presence state reaches a user only when
//! both the user it is about and the receiver share that kind of information.
class AwarenessService
{
public:
    struct Options
    {
        //! A user's typing events in one conversation closer together than this are dropped.
        std::chrono::milliseconds typingInterval = std::chrono::seconds(1);
        //! What typing frames tell receivers: how long to show "typing…" without news.
        std::chrono::milliseconds typingExpiry = std::chrono::seconds(5);
    };

    AwarenessService(Store &store, Hub &hub, Presence &presence, const Options &options);

    //! Moves the user's read position forward to `upTo` (a no-op when it is already
    //! there). Tells every socket of the user, and the other members as a read receipt.
    //! `origin` (the asking peer, if any) is told the position even when it did not move.
    [[nodiscard]] Status markRead(
        const User &user, qint64 conversationId, qint64 upTo, PeerId origin);
    //! Moves the user's delivered position forward and sends a delivered receipt.
    [[nodiscard]] Status markDelivered(const User &user, qint64 conversationId, qint64 upTo);
    //! Tells the other members the user is typing; drops events that come too fast.
    [[nodiscard]] Status typing(const User &user, qint64 conversationId);
    //! The user's message was stored: their typing ended on every receiver's screen, so
    //! the next typing event is let through however soon it comes.
    void messageStored(const Message &message);

    [[nodiscard]] Result<Settings> settings(const User &user) const;
    [[nodiscard]] Result<Settings> updateSettings(
        const User &user, const json::SettingsUpdate &update);

    //! Every other user with the direct conversation, its last message, unread count,
    //! positions and presence, as the privacy rule lets `user` see them.
    [[nodiscard]] Result<QList<Contact>> contacts(const User &user) const;

private:
    //! The other members of a conversation the user belongs to; NotFound otherwise.
    [[nodiscard]] Result<QList<qint64>> othersIn(const User &user, qint64 conversationId) const;
    struct Advance
    {
        QList<qint64> others; //!< The conversation's other members.
        Store::Advanced advanced;
    };
    //! Moves the user's read or delivered position forward: NotFound for outsiders;
    //! InvalidField when `upTo` is past the newest message.
    [[nodiscard]] Result<Advance> advance(
        Store::PositionKind kind, const User &user, qint64 conversationId, qint64 upTo);
    //! Sends `frame` to those of `others` who share `sharing`, if `userId` shares it too.
    [[nodiscard]] Status sendIfBothShare(
        qint64 userId, const QList<qint64> &others, bool Settings::*sharing, const QString &frame);
    [[nodiscard]] bool throttleTyping(qint64 userId, qint64 conversationId);

    Store &m_store;
    Hub &m_hub;
    Presence &m_presence;
    Options m_options;
    QElapsedTimer m_clock;
    //! (user, conversation) -> m_clock time of the last typing event let through.
    QHash<QPair<qint64, qint64>, qint64> m_lastTyping;
};

} // namespace chat::server
