#include "chatservice.h"

#include "hub.h"
#include "logging.h"

namespace chat::server {

using namespace Qt::StringLiterals;

ChatService::ChatService(Store &store, Hub &hub, const Options &options)
    : m_store(store)
    , m_hub(hub)
    , m_sendLimiter(options.sendBurst, options.sendsPerSecond)
{ }

Result<QList<Contact>> ChatService::contacts(const User &user) const
{
    return m_store.contacts(user.id);
}

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

Result<HistoryPage> ChatService::history(
    const User &user, qint64 conversationId, std::optional<qint64> beforeId, int limit) const
{
    if (auto members = membersFor(user, conversationId); !members)
        return members.error();
    return m_store.history(conversationId, beforeId, limit);
}

Result<Store::StoredMessage> ChatService::send(
    const User &sender, const json::SendRequest &request, const ClientConnection *origin)
{
    auto members = membersFor(sender, request.conversationId);
    if (!members)
        return members.error();
    if (!m_sendLimiter.tryAcquire(QString::number(sender.id))) {
        return Error { ErrorCode::RateLimited,
            u"sending too fast; retry in %1 s"_s.arg(
                m_sendLimiter.retryAfterSeconds(QString::number(sender.id))) };
    }
    auto stored
        = m_store.insertMessage(request.conversationId, sender.id, request.clientId, request.body);
    if (!stored)
        return stored.error();
    if (stored->message.conversationId != request.conversationId) {
        // Never answer with a message from elsewhere: a reused id is a client bug to report.
        return Error { ErrorCode::InvalidField,
            u"this client id was already used for a message in another conversation"_s,
            u"clientId"_s };
    }
    // A retry creates nothing and so announces nothing: the original was fanned out.
    if (stored->created)
        m_hub.publish(stored->message, members.value(), origin);
    return stored;
}

} // namespace chat::server
