#include "conversationservice.h"

#include <server/hub/hub.h>
#include <server/services/privacyrule.h>
#include <shared/frames.h>
#include <shared/protocol.h>
#include <shared/validation.h>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {
Error notFound(qint64 conversationId)
{
    return Error { ErrorCode::NotFound, u"no conversation %1"_s.arg(conversationId),
        u"conversationId"_s };
}
} // namespace

ConversationService::ConversationService(Store &store, Hub &hub)
    : m_store(store)
    , m_hub(hub)
{ }

Result<Store::Membership> ConversationService::membershipOf(
    qint64 userId, qint64 conversationId) const
{
    auto membership = m_store.membership(conversationId, userId);
    if (!membership)
        return membership.error();
    if (!membership.value())
        return notFound(conversationId);
    return *membership.value();
}

Result<QList<ConversationEntry>> ConversationService::filtered(
    qint64 userId, QList<ConversationEntry> entries) const
{
    auto rule = PrivacyRule::load(m_store);
    if (!rule)
        return rule.error();
    for (ConversationEntry &entry : entries) {
        if (!entry.active)
            entry.memberCount = 0; // who is in it now is no longer a former member's to know
        if (!entry.peer)
            continue;
        const qint64 peer = entry.peer->id;
        if (rule->bothShare(userId, peer, &Settings::shareReceipts)) {
            // Read implies delivered, even from a client that never said delivered.
            entry.peerDeliveredUpTo = std::max(entry.peerDeliveredUpTo, entry.peerReadUpTo);
        } else {
            entry.peerReadUpTo = 0;
            entry.peerDeliveredUpTo = 0;
        }
        // Presence only between people who share a current conversation: this one.
        if (rule->bothShare(userId, peer, &Settings::sharePresence) && entry.active) {
            entry.peerOnline = m_hub.isOnline(peer);
            if (entry.peerOnline)
                entry.peerLastSeenAt.reset();
        } else {
            entry.peerOnline = false;
            entry.peerLastSeenAt.reset();
        }
    }
    return entries;
}

Result<QList<ConversationEntry>> ConversationService::list(const User &user) const
{
    auto entries = m_store.conversationEntries(user.id);
    if (!entries)
        return entries.error();
    return filtered(user.id, std::move(entries.value()));
}

Result<ConversationEntry> ConversationService::entry(qint64 userId, qint64 conversationId) const
{
    auto entries = m_store.conversationEntries(userId, conversationId);
    if (!entries)
        return entries.error();
    if (entries.value().isEmpty())
        return notFound(conversationId);
    auto visible = filtered(userId, std::move(entries.value()));
    if (!visible)
        return visible.error();
    return visible.value().constFirst();
}

Result<Conversation> ConversationService::conversation(
    const User &user, qint64 conversationId) const
{
    auto membership = membershipOf(user.id, conversationId);
    if (!membership)
        return membership.error();
    auto conversation = m_store.conversation(conversationId);
    if (!conversation)
        return conversation.error();
    if (!conversation.value())
        return notFound(conversationId);
    Conversation answer = *conversation.value();
    if (!membership->active)
        answer.members.clear(); // as for GET …/members: no longer theirs to know
    return answer;
}

Result<QList<MemberState>> ConversationService::members(
    const User &user, qint64 conversationId) const
{
    auto membership = membershipOf(user.id, conversationId);
    if (!membership)
        return membership.error();
    if (!membership->active)
        return notFound(conversationId); // who is in it now is no longer theirs to know
    auto states = m_store.memberStates(conversationId);
    if (!states)
        return states.error();
    auto rule = PrivacyRule::load(m_store);
    if (!rule)
        return rule.error();
    for (MemberState &state : states.value()) {
        const qint64 member = state.member.user.id;
        if (member == user.id) {
            state.online = m_hub.isOnline(member); // one's own positions are one's own
            continue;
        }
        if (!rule->bothShare(user.id, member, &Settings::shareReceipts)) {
            state.readUpTo = 0;
            state.deliveredUpTo = 0;
        } else {
            state.deliveredUpTo = std::max(state.deliveredUpTo, state.readUpTo);
        }
        if (rule->bothShare(user.id, member, &Settings::sharePresence)) {
            state.online = m_hub.isOnline(member);
            if (state.online)
                state.lastSeenAt.reset();
        } else {
            state.lastSeenAt.reset();
        }
    }
    return states;
}

Result<MessageReceipts> ConversationService::receipts(
    const User &user, qint64 conversationId, qint64 messageId) const
{
    auto states = members(user, conversationId);
    if (!states)
        return states.error();
    auto membership = membershipOf(user.id, conversationId);
    if (!membership)
        return membership.error();
    auto page = m_store.history(conversationId, messageId + 1, 1, membership->visible);
    if (!page)
        return page.error();
    if (page->messages.isEmpty() || page->messages.constFirst().id != messageId) {
        return Error { ErrorCode::NotFound, u"no message %1 in this conversation"_s.arg(messageId),
            u"messageId"_s };
    }
    MessageReceipts receipts;
    for (const MemberState &state : std::as_const(states.value())) {
        if (state.member.user.id == user.id)
            continue;
        if (state.readUpTo >= messageId)
            receipts.readBy.append(state.member.user);
        else if (state.deliveredUpTo >= messageId)
            receipts.deliveredTo.append(state.member.user);
    }
    return receipts;
}

Result<DirectoryPage> ConversationService::directory(
    const User &user, const QString &query, const QString &after, int limit) const
{
    const QString prefix = foldForSearch(query.trimmed());
    // Usernames are ASCII letters, digits, '.', '_' and '-': anything else matches nobody.
    for (const QChar c : prefix) {
        if (c.unicode() > 0x7f)
            return DirectoryPage {};
    }
    auto users = m_store.searchUsers(user.id, prefix, after, limit + 1);
    if (!users)
        return users.error();
    DirectoryPage page { users.value(), users.value().size() > limit };
    if (page.hasMore)
        page.users.removeLast();
    return page;
}

Result<ConversationEntry> ConversationService::setMuted(
    const User &user, qint64 conversationId, bool muted)
{
    if (auto membership = membershipOf(user.id, conversationId); !membership)
        return membership.error();
    if (auto status = m_store.setMuted(conversationId, user.id, muted); !status)
        return status.error();
    announce(conversationId, { user.id });
    return entry(user.id, conversationId);
}

void ConversationService::announce(qint64 conversationId, const QList<qint64> &userIds)
{
    for (const qint64 userId : userIds) {
        if (!m_hub.isOnline(userId))
            continue; // they fetch the list when they come back
        auto current = entry(userId, conversationId);
        if (!current)
            continue; // a direct conversation not shown to them yet
        m_hub.sendToUser(userId,
            frames::encode(frames::ServerFrame { frames::ConversationUpdate { current.value() } }));
    }
}

} // namespace chat::server
