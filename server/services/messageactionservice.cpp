#include "messageactionservice.h"

#include <server/services/chatservice.h>
#include <shared/validation.h>

namespace chat::server {

using namespace Qt::StringLiterals;
using Kind = MessageUpdate::Kind;

MessageActionService::MessageActionService(Store &store, ChatService &chat, const Options &options)
    : m_store(store)
    , m_chat(chat)
    , m_options(options)
{ }

Result<Store::StoredUpdate> MessageActionService::edit(
    const User &user, const json::EditRequest &request, PeerId origin)
{
    if (auto body = m_chat.checkBody(request.body); !body)
        return body.error();
    return apply(user, request.target,
        { .kind = Kind::Edited,
            .userId = user.id,
            .messageId = request.target.messageId,
            .clientId = request.clientId,
            .body = request.body },
        origin);
}

Result<Store::StoredUpdate> MessageActionService::remove(
    const User &user, const json::DeleteRequest &request, PeerId origin)
{
    return apply(user, request.target,
        { .kind = Kind::Deleted,
            .userId = user.id,
            .messageId = request.target.messageId,
            .clientId = request.clientId },
        origin);
}

Result<Store::StoredUpdate> MessageActionService::react(
    const User &user, const json::ReactRequest &request, PeerId origin)
{
    return apply(user, request.target,
        { .kind = request.remove ? Kind::ReactionRemoved : Kind::ReactionAdded,
            .userId = user.id,
            .messageId = request.target.messageId,
            .clientId = request.clientId,
            .emoji = request.emoji },
        origin);
}

Result<MessageActionService::Target> MessageActionService::target(
    const User &user, const json::MessageRef &ref) const
{
    auto membership = m_store.membership(ref.conversationId, user.id);
    if (!membership)
        return membership.error();
    // Former members read what they saw, but change nothing: like sending, it takes a
    // current membership.
    if (!membership.value() || !membership.value()->active)
        return Error { ErrorCode::NotFound, u"no conversation %1"_s.arg(ref.conversationId) };
    auto facts = m_store.messageFacts(ref.messageId);
    if (!facts)
        return facts.error();
    if (!facts.value() || facts.value()->conversationId != ref.conversationId
        || facts.value()->id < membership.value()->visible.from) {
        return Error { ErrorCode::NotFound,
            u"no message %1 in conversation %2"_s.arg(ref.messageId).arg(ref.conversationId),
            u"messageId"_s };
    }
    return Target { *facts.value(), *membership.value() };
}

std::optional<Error> MessageActionService::refusal(
    const User &user, Kind change, const Target &target) const
{
    const auto forbidden = [](const QString &why) {
        return Error { ErrorCode::Forbidden, why };
    };
    if (target.message.system)
        return forbidden(u"a change of the conversation cannot be edited, deleted or reacted to"_s);
    const bool own = target.message.senderId == user.id;
    switch (change) {
    case Kind::Edited:
        if (!own)
            return forbidden(u"only the sender can edit a message"_s);
        if (target.message.deleted)
            return forbidden(u"the message was deleted"_s);
        // Measured in milliseconds: whole seconds would let a window of N s run to N + 1.
        if (m_options.editWindow
            && std::chrono::milliseconds(
                   target.message.createdAt.msecsTo(QDateTime::currentDateTimeUtc()))
                > *m_options.editWindow) {
            return forbidden(u"messages can be edited for %1 s after sending"_s.arg(
                m_options.editWindow->count()));
        }
        return std::nullopt;
    case Kind::Deleted:
        // In a group its admins (and owner) keep order; a direct conversation has none.
        if (!own && target.membership.role < MemberRole::Admin)
            return forbidden(u"only the sender or a group admin can delete a message"_s);
        return std::nullopt;
    case Kind::ReactionAdded:
    case Kind::ReactionRemoved:
        if (target.message.deleted)
            return forbidden(u"the message was deleted"_s);
        return std::nullopt;
    }
    return std::nullopt;
}

Result<Store::StoredUpdate> MessageActionService::apply(
    const User &user, const json::MessageRef &ref, Store::UpdateRequest request, PeerId origin)
{
    auto found = target(user, ref);
    if (!found)
        return found.error();
    // A retry is answered with what it did then, whatever changed since.
    auto previous = m_store.previousUpdate(request);
    if (!previous)
        return previous.error();
    std::optional<Store::StoredUpdate> stored = previous.value();
    if (!stored) {
        if (auto error = refusal(user, request.kind, found.value()))
            return *error;
        if (auto budget = m_chat.takeSendBudget(user); !budget)
            return budget.error();
        // Sends queued before this change are stored before it, so positions follow the
        // order the server received them in.
        m_chat.flush();
        auto applied = m_store.applyUpdate(request);
        if (!applied)
            return applied.error();
        stored = applied.value();
        if (stored->created)
            m_chat.publish(stored->update, origin);
    }
    auto seen = m_chat.asSeenBy(stored->update.message, user.id);
    if (!seen)
        return seen.error();
    stored->update.message = seen.value();
    return *stored;
}

} // namespace chat::server
