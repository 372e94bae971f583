#include "awarenessservice.h"

#include <server/hub/hub.h>
#include <server/services/presence.h>
#include <server/services/privacyrule.h>
#include <shared/frames.h>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {
//! Above this many remembered typing times, the stale ones are forgotten.
constexpr qsizetype TypingMemory = 4096;

QString encoded(const frames::ServerFrame &frame)
{
    return frames::encode(frame);
}
} // namespace

AwarenessService::AwarenessService(
    Store &store, Hub &hub, Presence &presence, const Options &options)
    : m_store(store)
    , m_hub(hub)
    , m_presence(presence)
    , m_options(options)
{
    m_clock.start();
}

Result<QList<qint64>> AwarenessService::othersIn(const User &user, qint64 conversationId) const
{
    auto members = m_store.memberIds(conversationId);
    if (!members)
        return members.error();
    // Outsiders learn nothing, not even whether the conversation exists.
    if (!members.value().contains(user.id)) {
        return Error { ErrorCode::NotFound, u"no conversation %1"_s.arg(conversationId),
            u"conversationId"_s };
    }
    QList<qint64> others = members.value();
    others.removeAll(user.id);
    return others;
}

Result<AwarenessService::Advance> AwarenessService::advance(
    Store::PositionKind kind, const User &user, qint64 conversationId, qint64 upTo)
{
    auto others = othersIn(user, conversationId);
    if (!others)
        return others.error();
    auto newest = m_store.newestMessageId(conversationId);
    if (!newest)
        return newest.error();
    if (upTo > newest.value()) {
        return Error { ErrorCode::InvalidField,
            u"'upTo' (%1) is past the conversation's newest message (%2)"_s.arg(upTo).arg(
                newest.value()),
            u"upTo"_s };
    }
    auto advanced = m_store.advancePosition(kind, user.id, conversationId, upTo);
    if (!advanced)
        return advanced.error();
    return Advance { .others = std::move(others.value()), .advanced = advanced.value() };
}

Status AwarenessService::sendIfBothShare(
    qint64 userId, const QList<qint64> &others, bool Settings::*sharing, const QString &frame)
{
    auto rule = PrivacyRule::load(m_store);
    if (!rule)
        return rule.error();
    for (qint64 other : others) {
        if (rule->bothShare(userId, other, sharing))
            m_hub.sendToUser(other, frame);
    }
    return Done {};
}

Status AwarenessService::markRead(
    const User &user, qint64 conversationId, qint64 upTo, PeerId origin)
{
    auto read = advance(Store::PositionKind::Read, user, conversationId, upTo);
    if (!read)
        return read.error();
    const QString position
        = encoded(frames::ReadPosition { conversationId, read->advanced.position });
    if (!read->advanced.moved) {
        // Nothing changed; the asking instance was behind and learns where it is.
        if (origin != NoPeer)
            m_hub.sendToPeer(origin, position);
        return Done {};
    }
    // Every instance of the reader: its unread counts clear everywhere.
    m_hub.sendToUser(user.id, position);

    return sendIfBothShare(user.id, read->others, &Settings::shareReceipts,
        encoded(frames::Receipt { conversationId, user.id, frames::ReceiptKind::Read, upTo }));
}

Status AwarenessService::markDelivered(const User &user, qint64 conversationId, qint64 upTo)
{
    auto delivered = advance(Store::PositionKind::Delivered, user, conversationId, upTo);
    if (!delivered)
        return delivered.error();
    if (!delivered->advanced.moved)
        return Done {};
    return sendIfBothShare(user.id, delivered->others, &Settings::shareReceipts,
        encoded(frames::Receipt { conversationId, user.id, frames::ReceiptKind::Delivered, upTo }));
}

bool AwarenessService::throttleTyping(qint64 userId, qint64 conversationId)
{
    const qint64 now = m_clock.elapsed();
    const qint64 interval = m_options.typingInterval.count();
    if (m_lastTyping.size() > TypingMemory) {
        m_lastTyping.removeIf(
            [now, interval](const auto &entry) { return now - entry.value() >= interval; });
    }
    const auto key = qMakePair(userId, conversationId);
    const auto last = m_lastTyping.constFind(key);
    if (last != m_lastTyping.constEnd() && now - last.value() < interval)
        return true;
    m_lastTyping.insert(key, now);
    return false;
}

void AwarenessService::messageStored(const Message &message)
{
    m_lastTyping.remove(qMakePair(message.senderId, message.conversationId));
}

Status AwarenessService::typing(const User &user, qint64 conversationId)
{
    auto others = othersIn(user, conversationId);
    if (!others)
        return others.error();
    // Too fast: dropped silently. Typing is a hint, never stored, never acknowledged.
    if (throttleTyping(user.id, conversationId))
        return Done {};
    return sendIfBothShare(user.id, others.value(), &Settings::shareTyping,
        encoded(
            frames::TypingEvent { conversationId, user.id, int(m_options.typingExpiry.count()) }));
}

Result<Settings> AwarenessService::settings(const User &user) const
{
    return m_store.settings(user.id);
}

Result<Settings> AwarenessService::updateSettings(
    const User &user, const json::SettingsUpdate &update)
{
    auto current = m_store.settings(user.id);
    if (!current)
        return current.error();
    const Settings updated = update.appliedTo(current.value());
    if (auto status = m_store.saveSettings(user.id, updated); !status)
        return status.error();
    // Others see the user appear or disappear at once.
    if (updated.sharePresence != current->sharePresence)
        m_presence.announce(user.id);
    return updated;
}

Result<QList<Contact>> AwarenessService::contacts(const User &user) const
{
    auto contacts = m_store.contacts(user.id);
    if (!contacts)
        return contacts.error();
    auto states = m_store.contactStates(user.id);
    if (!states)
        return states.error();
    auto rule = PrivacyRule::load(m_store);
    if (!rule)
        return rule.error();
    // Presence only between people who share a conversation (protocol §7.9).
    auto coMembers = m_store.coMembers(user.id);
    if (!coMembers)
        return coMembers.error();
    for (Contact &contact : contacts.value()) {
        const Store::ContactState state = states.value().value(contact.user.id);
        contact.unread = state.unread;
        contact.readUpTo = state.readUpTo;
        if (rule->bothShare(user.id, contact.user.id, &Settings::shareReceipts)) {
            contact.theirReadUpTo = state.theirReadUpTo;
            // Read implies delivered, even from a client that never said delivered.
            contact.theirDeliveredUpTo = std::max(state.theirDeliveredUpTo, state.theirReadUpTo);
        }
        if (rule->bothShare(user.id, contact.user.id, &Settings::sharePresence)
            && coMembers->contains(contact.user.id)) {
            contact.online = m_hub.isOnline(contact.user.id);
            contact.lastSeenAt = contact.online ? std::nullopt : state.lastSeenAt;
        }
    }
    return contacts;
}

} // namespace chat::server
