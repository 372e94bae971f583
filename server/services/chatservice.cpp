#include "chatservice.h"

#include <server/hub/hub.h>

namespace chat::server {

using namespace Qt::StringLiterals;

ChatService::ChatService(Store &store, Hub &hub, const Options &options)
    : m_store(store)
    , m_hub(hub)
    , m_sendLimiter(options.sendBurst, options.sendsPerSecond)
    , m_writer(store)
{ }

Result<Store::OpenedConversation> ChatService::openDirect(const User &user, const QString &username)
{
    auto other = m_store.userByName(username);
    if (!other)
        return other.error();
    if (!other.value())
        return Error { ErrorCode::NotFound, u"no user named '%1'"_s.arg(username), u"username"_s };
    if (other.value()->id == user.id) {
        return Error { ErrorCode::InvalidField, u"a conversation needs someone else"_s,
            u"username"_s };
    }
    return m_store.openDirectConversation(user.id, other.value()->id);
}

Result<QList<qint64>> ChatService::membersFor(const User &user, qint64 conversationId) const
{
    auto members = m_store.memberIds(conversationId);
    if (!members)
        return members.error();
    if (!members.value().contains(user.id))
        return Error { ErrorCode::NotFound, u"no conversation %1"_s.arg(conversationId) };
    return members;
}

Result<VisibleRange> ChatService::visibleRange(const User &user, qint64 conversationId) const
{
    // Members, and former members up to their leaving: each sees their part of it.
    auto membership = m_store.membership(conversationId, user.id);
    if (!membership)
        return membership.error();
    if (!membership.value())
        return Error { ErrorCode::NotFound, u"no conversation %1"_s.arg(conversationId) };
    return membership.value()->visible;
}

Result<HistoryPage> ChatService::history(
    const User &user, qint64 conversationId, std::optional<qint64> beforeId, int limit) const
{
    auto range = visibleRange(user, conversationId);
    if (!range)
        return range.error();
    return m_store.history(conversationId, beforeId, limit, range.value());
}

Result<HistoryPage> ChatService::historyAround(
    const User &user, qint64 conversationId, qint64 messageId, int limit) const
{
    auto range = visibleRange(user, conversationId);
    if (!range)
        return range.error();
    return m_store.historyAround(conversationId, messageId, limit, range.value());
}

void ChatService::send(
    const User &sender, const json::SendRequest &request, PeerId origin, SendDone done)
{
    auto members = membersFor(sender, request.conversationId);
    if (!members) {
        done(members.error());
        return;
    }
    const QString limiterKey = QString::number(sender.id);
    if (!m_sendLimiter.tryAcquire(limiterKey)) {
        done(Error { ErrorCode::RateLimited,
            u"sending too fast; retry in %1 s"_s.arg(
                m_sendLimiter.retryAfterSeconds(limiterKey)) });
        return;
    }
    // The origin is named by id: it may be gone by the time the batch commits.
    m_writer.enqueue(sender.id, request,
        [this, request, members = members.value(), origin, done = std::move(done)](
            Result<Store::StoredMessage> stored) {
            if (stored && stored->message.conversationId != request.conversationId) {
                // Never answer with a message from elsewhere: a reused id is a client bug.
                done(Error { ErrorCode::InvalidField,
                    u"this client id was already used for a message in another conversation"_s,
                    u"clientId"_s });
                return;
            }
            // A retry creates nothing and so announces nothing: the original was fanned out.
            if (stored && stored->created) {
                m_hub.publish(stored->message, members, origin);
                if (m_storedObserver)
                    m_storedObserver(stored->message);
            }
            done(std::move(stored));
        });
}

Result<Store::StoredMessage> ChatService::sendNow(
    const User &sender, const json::SendRequest &request)
{
    std::optional<Result<Store::StoredMessage>> outcome;
    send(sender, request, NoPeer,
        [&outcome](Result<Store::StoredMessage> stored) { outcome = std::move(stored); });
    if (!outcome)
        m_writer.flush(); // commits this send together with any queued ones
    if (!outcome)
        return Error { ErrorCode::Internal, u"the message was not written"_s };
    return std::move(*outcome);
}

void ChatService::flush()
{
    m_writer.flush();
}

} // namespace chat::server
