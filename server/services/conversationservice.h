#pragma once

#include <server/hub/peer.h>
#include <server/store/store.h>
#include <shared/result.h>
#include <shared/wiretypes.h>

namespace chat::server {

class Hub;

//! What a signed-in user reads about their conversations, the same for REST and frames:
//! their list (and one entry of it), a conversation's members with their positions and
//! presence, who read a message, and the people directory; and their per-conversation
//! settings (mute). Every answer applies the privacy rule, and a conversation the user
//! never was in is NotFound, whether it exists or not.
class ConversationService
{
public:
    ConversationService(Store &store, Hub &hub);

    [[nodiscard]] Result<QList<ConversationEntry>> list(const User &user) const;
    //! One entry, as `list` shows it; NotFound for a conversation the user never was in.
    [[nodiscard]] Result<ConversationEntry> entry(qint64 userId, qint64 conversationId) const;
    //! A conversation with its current members (any member, past ones included).
    [[nodiscard]] Result<Conversation> conversation(const User &user, qint64 conversationId) const;
    //! Current members only; a former member gets NotFound.
    [[nodiscard]] Result<QList<MemberState>> members(const User &user, qint64 conversationId) const;
    //! Who of the other members read (or only has) the message.
    [[nodiscard]] Result<MessageReceipts> receipts(
        const User &user, qint64 conversationId, qint64 messageId) const;
    //! People whose name starts with `query` (accents and case ignored), a page at a time.
    [[nodiscard]] Result<DirectoryPage> directory(
        const User &user, const QString &query, const QString &after, int limit) const;
    //! Mutes or unmutes the conversation for the user, on every instance (a
    //! `conversation` frame to each).
    [[nodiscard]] Result<ConversationEntry> setMuted(
        const User &user, qint64 conversationId, bool muted);
    //! Sends each user their entry of the conversation as a `conversation` frame.
    void announce(qint64 conversationId, const QList<qint64> &userIds);

private:
    //! The membership of a user who is or was in the conversation; NotFound otherwise.
    [[nodiscard]] Result<Store::Membership> membershipOf(
        qint64 userId, qint64 conversationId) const;
    //! Removes what the privacy rule does not let `userId` see of the peer.
    [[nodiscard]] Result<QList<ConversationEntry>> filtered(
        qint64 userId, QList<ConversationEntry> entries) const;

    Store &m_store;
    Hub &m_hub;
};

} // namespace chat::server
