#pragma once

#include <server/http/httprefusal.h>
#include <server/metrics/metricsregistry.h>
#include <shared/wireerror.h>

#include <array>
#include <functional>

namespace chat::server {

//! What a chat server measures, by name: the instruments the store, the services, the
//! sockets and the routes count with, and the values read when /metrics is scraped. One
//! per running ChatServer, so two servers in one process (tests) count apart. Every name
//! and label is listed in docs/PROTOCOL.md §5.28; this is the one place they are made.
class ServerMetrics
{
public:
    //! Where a rejected input came from.
    enum class Transport { Http, WebSocket };
    //! Values that other parts already keep, read at scrape time (0 while unset).
    struct Sources
    {
        std::function<double()> webSocketConnections;
        std::function<double()> tcpConnections;
        std::function<double()> usersOnline;
    };

    ServerMetrics();
    Q_DISABLE_COPY_MOVE(ServerMetrics)

    [[nodiscard]] const MetricsRegistry &registry() const { return m_registry; }
    void setSources(Sources sources) { m_sources = std::move(sources); }

    //! Counts an input answered with an error for being bad (bad_request, malformed_json,
    //! invalid_field, unknown_type, payload_too_large); any other code is not counted.
    void countRejected(Transport transport, ErrorCode code);
    //! Counts a request or connection the guarded HTTP layer refused or closed.
    void countRefused(HttpRefusal refusal);

    //! Why a WebSocket was refused or cut off by one of its limits.
    enum class SocketLimit {
        Origin, //!< The upgrade's Origin is not allowed (403).
        SocketsPerAddress, //!< Its address had as many sockets as allowed (429).
        SocketsPerUser, //!< Its user had as many sockets as allowed (4004).
        QueuedBytes, //!< It let more output pile up unread than one socket may.
        QueuedBytesPerUser, //!< Its user's sockets together held more than the user may.
    };
    void countSocketLimit(SocketLimit limit);

private:
    MetricsRegistry m_registry; // first: the references below point into it
    Sources m_sources;

public:
    // The instruments, counted where the event happens (see each user).
    Counter &messagesStored; //!< MessageWriter: new messages committed.
    Histogram &commitBatchMessages; //!< MessageWriter: messages per group commit.
    Histogram &commitSeconds; //!< MessageWriter: time of each batch's COMMIT (its fsync).
    Counter &commitFailures; //!< MessageWriter: batches that failed, stored nothing.
    Histogram &sendAckSeconds; //!< ChatService: a send accepted → its answer after commit.
    Counter &rateLimitedSends; //!< ChatService: sends and changes refused for the rate.
    Counter &rateLimitedSignIns; //!< AuthService: sign-ins refused for the rate.
    //! AuthService: logins refused because their account's failures impose a wait.
    Counter &rateLimitedAccountSignIns;
    //! AuthService: sign-ins refused because the password hashing queue was full.
    Counter &rateLimitedHashQueue;
    Counter &passwordHashes; //!< AuthService: Argon2id hashes and verifications run.
    Counter &weakPasswords; //!< AuthService, UserAdmin: new passwords refused as weak.
    Counter &signInsOk; //!< AuthService: logins that made a session.
    Counter &signInsFailed; //!< AuthService: wrong name or password, or disabled account.
    Counter &tlsHandshakesTimedOut; //!< TlsHandshake: peers that did not finish in time.
    Counter &tlsHandshakesFailed; //!< TlsHandshake: handshakes that failed.

private:
    //! The error codes countRejected() counts, in the order of m_rejected's rows.
    static const std::array<ErrorCode, 5> &rejectedCodes();
    std::array<std::array<Counter *, 5>, 2> m_rejected {};
    std::array<Counter *, HttpRefusalCount> m_refused {};
    std::array<Counter *, 5> m_socketLimits {};
};

} // namespace chat::server
