#include "chatservice.h"

#include <server/hub/hub.h>
#include <server/logging.h>
#include <server/metrics/servermetrics.h>
#include <shared/frames.h>
#include <shared/validation.h>

#include <QElapsedTimer>

namespace chat::server {

using namespace Qt::StringLiterals;

ChatService::ChatService(
    Store &store, MessageWriter &writer, Hub &hub, ServerMetrics &metrics, const Options &options)
    : m_store(store)
    , m_hub(hub)
    , m_metrics(metrics)
    , m_sendLimiter(options.sendBurst, options.sendsPerSecond)
    , m_maxBodyBytes(options.maxBodyBytes)
    , m_writer(writer)
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
    if (auto body = checkBody(request.body); !body) {
        done(body.error());
        return;
    }
    auto members = membersFor(sender, request.conversationId);
    if (!members) {
        done(members.error());
        return;
    }
    if (auto reply = checkReply(sender, request); !reply) {
        done(reply.error());
        return;
    }
    if (auto budget = takeSendBudget(sender); !budget) {
        done(budget.error());
        return;
    }
    // Accepted: from here to the answer is the send-to-ack time, the wait for the group
    // commit and the fan-out included.
    QElapsedTimer accepted;
    accepted.start();
    // The origin is named by id: it may be gone by the time the batch commits.
    m_writer.enqueue(sender.id, request,
        [this, request, members = members.value(), origin, accepted, done = std::move(done)](
            Result<Store::StoredMessage> stored) {
            if (stored && stored->usedForChange) {
                done(Error { ErrorCode::InvalidField,
                    u"this client id was already used for a change of a message"_s,
                    u"clientId"_s });
                return;
            }
            if (stored && stored->message.conversationId != request.conversationId) {
                // Never answer with a message from elsewhere: a reused id is a client bug.
                done(Error { ErrorCode::InvalidField,
                    u"this client id was already used for a message in another conversation"_s,
                    u"clientId"_s });
                return;
            }
            // A retry creates nothing and so announces nothing: the original was fanned out.
            if (stored && stored->created) {
                publish(stored->message, members, origin);
                if (m_storedObserver)
                    m_storedObserver(stored->message);
            }
            const bool acknowledged = stored.ok();
            done(std::move(stored));
            if (acknowledged)
                m_metrics.sendAckSeconds.observe(double(accepted.nsecsElapsed()) / 1e9);
        });
}

void ChatService::flush()
{
    m_writer.flush();
}

Status ChatService::checkBody(const QString &body) const
{
    if (auto error = checkMessageBody(body, m_maxBodyBytes))
        return *error;
    return Done {};
}

Status ChatService::takeSendBudget(const User &user)
{
    const QString limiterKey = QString::number(user.id);
    if (!m_sendLimiter.tryAcquire(limiterKey)) {
        m_metrics.rateLimitedSends.increment();
        const int seconds = m_sendLimiter.retryAfterSeconds(limiterKey);
        Error error { ErrorCode::RateLimited, u"sending too fast; retry in %1 s"_s.arg(seconds) };
        error.retryAfterSeconds = seconds; // REST's Retry-After
        return error;
    }
    return Done {};
}

Status ChatService::checkReply(const User &sender, const json::SendRequest &request) const
{
    if (!request.replyTo)
        return Done {};
    // A retry is answered with the original (or refused for its client id) by the writer,
    // whatever became of the quoted message since: it was checked when first sent.
    auto used = m_store.clientIdUsed(sender.id, request.clientId);
    if (!used)
        return used.error();
    if (used.value())
        return Done {};
    const auto refused = [&](const QString &why) {
        return Error { ErrorCode::InvalidField, why, u"replyTo"_s };
    };
    auto quoted = m_store.messageFacts(*request.replyTo);
    if (!quoted)
        return quoted.error();
    auto range = visibleRange(sender, request.conversationId);
    if (!range)
        return range.error();
    // Unknown, elsewhere or out of sight are one answer: outsiders learn nothing.
    if (!quoted.value() || quoted.value()->conversationId != request.conversationId
        || quoted.value()->id < range->from) {
        return refused(u"no message %1 in this conversation to reply to"_s.arg(*request.replyTo));
    }
    if (quoted.value()->system)
        return refused(u"a change of the conversation cannot be replied to"_s);
    if (quoted.value()->deleted)
        return refused(u"message %1 was deleted"_s.arg(*request.replyTo));
    return Done {};
}

Result<QList<qint64>> ChatService::seeingQuote(
    const Message &message, const QList<qint64> &members) const
{
    if (!message.replyTo)
        return members;
    return m_store.membersSeeing(message.conversationId, message.replyTo->id);
}

namespace {

Message withoutQuote(Message message)
{
    if (message.replyTo)
        message.replyTo = ReplyPreview { .id = message.replyTo->id, .available = false };
    return message;
}

} // namespace

void ChatService::publish(const Message &message, const QList<qint64> &members, PeerId origin)
{
    auto seeing = seeingQuote(message, members);
    QList<qint64> full;
    QList<qint64> withoutIt;
    for (const qint64 member : members)
        (seeing && seeing.value().contains(member) ? full : withoutIt).append(member);
    if (!full.isEmpty())
        m_hub.publish(message, full, origin);
    if (!withoutIt.isEmpty())
        m_hub.publish(withoutQuote(message), withoutIt, origin);
}

void ChatService::publish(const MessageUpdate &update, PeerId origin)
{
    // Whoever joined after the message learns nothing of it, not even this.
    auto recipients = m_store.membersSeeing(update.message.conversationId, update.message.id);
    if (!recipients) {
        qCWarning(lcStore) << "no fan-out of change" << update.position << ":"
                           << recipients.error().message;
        return;
    }
    auto seeing = seeingQuote(update.message, recipients.value());
    const QString full = frames::encode(frames::UpdateEvent { update });
    // Encoded once per kind of reader; the second kind exists only around a quote.
    QString withoutIt = full;
    if (update.message.replyTo) {
        MessageUpdate redacted = update;
        redacted.message = withoutQuote(update.message);
        withoutIt = frames::encode(frames::UpdateEvent { redacted });
    }
    for (const qint64 member : std::as_const(recipients.value())) {
        const bool seesQuote = seeing && seeing.value().contains(member);
        m_hub.sendToUser(member, seesQuote ? full : withoutIt, origin);
    }
}

Result<Message> ChatService::asSeenBy(const Message &message, qint64 userId) const
{
    auto seeing = seeingQuote(message, { userId });
    if (!seeing)
        return seeing.error();
    return seeing.value().contains(userId) ? message : withoutQuote(message);
}

} // namespace chat::server
