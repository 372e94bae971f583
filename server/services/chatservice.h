#pragma once

#include <server/hub/peer.h>
#include <server/services/ratelimiter.h>
#include <server/store/messagewriter.h>
#include <server/store/store.h>
#include <shared/jsoncodec.h>
#include <shared/protocol.h>
#include <shared/result.h>
#include <shared/wiretypes.h>

namespace chat::server {

class Hub;
class ServerMetrics;

//! What a signed-in user can do with conversations, the same for REST and WebSocket:
//! authorization (members only), per-user send throttling, storing, and fan-out.
class ChatService
{
public:
    struct Options
    {
        double sendBurst = 100; //!< Messages a user may send at once...
        double sendsPerSecond = 50; //!< ...and then each second.
        //! Longest body of a message or an edit: the protocol's limit unless set lower.
        qsizetype maxBodyBytes = protocol::limits::MaxBodyBytes;
    };

    //! Counts into `metrics` each send's time to its answer and the sends refused for the
    //! rate (and, through its writer, what the group commit stores).
    //! Stores sends through `writer` (the group commit), which must outlive this service.
    ChatService(Store &store, MessageWriter &writer, Hub &hub, ServerMetrics &metrics,
        const Options &options);

    [[nodiscard]] Result<Store::OpenedConversation> openDirect(
        const User &user, const QString &username);
    [[nodiscard]] Result<HistoryPage> history(
        const User &user, qint64 conversationId, std::optional<qint64> beforeId, int limit) const;
    //! The page of `limit` around `messageId` (a jump to a search hit or a quoted message).
    [[nodiscard]] Result<HistoryPage> historyAround(
        const User &user, qint64 conversationId, qint64 messageId, int limit) const;
    using SendDone = std::function<void(Result<Store::StoredMessage>)>;
    //! Stores (with the next group commit) and fans out a message; `done` runs after the
    //! commit, or at once when the send is refused. `origin` (the sending peer, if any,
    //! NoPeer for REST) is answered by the caller and is left out of the fan-out.
    void send(const User &sender, const json::SendRequest &request, PeerId origin, SendDone done);
    //! Commits whatever sends are queued (shutdown finishes in-flight writes with this).
    void flush();
    //! Refuses a body over this server's limit (which may be lower than the protocol's,
    //! which decoding checked already), as decoding refuses one over the protocol's.
    [[nodiscard]] Status checkBody(const QString &body) const;
    //! Takes one from the user's send budget (sends and changes of messages share it);
    //! RateLimited when it is spent.
    [[nodiscard]] Status takeSendBudget(const User &user);
    //! Sends a stored message to the `members` except `origin`. Those who joined after
    //! the message it quotes get the quote without its sender and text.
    void publish(const Message &message, const QList<qint64> &members, PeerId origin);
    //! The same for a change of a message, to the members who see the message.
    void publish(const MessageUpdate &update, PeerId origin);
    //! `message` as `userId` may see it: without the quote if they joined after it.
    [[nodiscard]] Result<Message> asSeenBy(const Message &message, qint64 userId) const;
    [[nodiscard]] MessageWriter &writer() { return m_writer; }
    //! Called with every message stored anew, after its fan-out (the awareness service
    //! forgets the sender's typing there).
    void setStoredObserver(std::function<void(const Message &)> observer)
    {
        m_storedObserver = std::move(observer);
    }

private:
    //! The part of the conversation's timeline the user sees (they are or were a member);
    //! NotFound otherwise.
    [[nodiscard]] Result<VisibleRange> visibleRange(const User &user, qint64 conversationId) const;
    //! The members of a conversation the user belongs to; NotFound otherwise, whether it
    //! exists or not, so outsiders learn nothing.
    [[nodiscard]] Result<QList<qint64>> membersFor(const User &user, qint64 conversationId) const;
    //! Checks a send's `replyTo`: a message of the same conversation the sender sees. Not
    //! for a retry, which is answered with the original.
    [[nodiscard]] Status checkReply(const User &sender, const json::SendRequest &request) const;
    //! The members who see the message `message` quotes (all of `members` if none).
    [[nodiscard]] Result<QList<qint64>> seeingQuote(
        const Message &message, const QList<qint64> &members) const;

    Store &m_store;
    Hub &m_hub;
    ServerMetrics &m_metrics;
    RateLimiter m_sendLimiter;
    qsizetype m_maxBodyBytes;
    MessageWriter &m_writer;
    std::function<void(const Message &)> m_storedObserver;
};

} // namespace chat::server
