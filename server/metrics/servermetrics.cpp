#include "servermetrics.h"

#include <server/metrics/processstats.h>
#include <shared/protocol.h>

#include <QCoreApplication>

namespace chat::server {

using namespace Qt::StringLiterals;
using Type = MetricsRegistry::Type;

namespace {

//! A function reading `source` when it is set, else 0.
MetricsRegistry::Read readOr0(const std::function<double()> &source)
{
    return [&source] {
        return source ? source() : 0.0;
    };
}

} // namespace

const std::array<ErrorCode, 5> &ServerMetrics::rejectedCodes()
{
    static const std::array<ErrorCode, 5> codes { ErrorCode::BadRequest, ErrorCode::MalformedJson,
        ErrorCode::InvalidField, ErrorCode::UnknownType, ErrorCode::PayloadTooLarge };
    return codes;
}

ServerMetrics::ServerMetrics()
    : messagesStored(m_registry.counter(u"chatd_messages_stored_total"_s,
        u"Messages stored since the server started (a retried send stores nothing)"_s))
    , commitBatchMessages(m_registry.histogram(u"chatd_commit_batch_messages"_s,
          u"Messages written by each group commit"_s, Histogram::countBounds()))
    , commitSeconds(m_registry.histogram(u"chatd_commit_seconds"_s,
          u"Time the COMMIT of each group commit took, its fsync included"_s,
          Histogram::secondsBounds()))
    , commitFailures(m_registry.counter(u"chatd_commit_failures_total"_s,
          u"Group commits that failed and stored none of their messages"_s))
    , sendAckSeconds(m_registry.histogram(u"chatd_send_ack_seconds"_s,
          u"Time from a send accepted (WebSocket or REST) to its answer after the commit"_s,
          Histogram::secondsBounds()))
    , rateLimitedSends(m_registry.counter(u"chatd_rate_limited_total"_s,
          u"Requests refused with rate_limited, by kind"_s, { { u"kind"_s, u"send"_s } }))
    , rateLimitedSignIns(
          m_registry.counter(u"chatd_rate_limited_total"_s, {}, { { u"kind"_s, u"sign_in"_s } }))
    , rateLimitedAccountSignIns(m_registry.counter(
          u"chatd_rate_limited_total"_s, {}, { { u"kind"_s, u"sign_in_account"_s } }))
    , rateLimitedHashQueue(
          m_registry.counter(u"chatd_rate_limited_total"_s, {}, { { u"kind"_s, u"hash_queue"_s } }))
    , passwordHashes(m_registry.counter(u"chatd_password_hashes_total"_s,
          u"Argon2id password hashes and verifications run (registrations and logins)"_s))
    , weakPasswords(m_registry.counter(u"chatd_weak_passwords_total"_s,
          u"New passwords refused as common, breached or easy to guess (weak_password)"_s))
    , signInsOk(m_registry.counter(u"chatd_sign_ins_total"_s,
          u"Logins by result: ok, or failed (wrong name or password, disabled account)"_s,
          { { u"result"_s, u"ok"_s } }))
    , signInsFailed(
          m_registry.counter(u"chatd_sign_ins_total"_s, {}, { { u"result"_s, u"failed"_s } }))
    , tlsHandshakesTimedOut(m_registry.counter(u"chatd_tls_handshake_failures_total"_s,
          u"TLS connections closed before their handshake finished, by reason: timeout, or "
          u"error (a plain request on the TLS port, a client refusing the certificate)"_s,
          { { u"reason"_s, u"timeout"_s } }))
    , tlsHandshakesFailed(m_registry.counter(
          u"chatd_tls_handshake_failures_total"_s, {}, { { u"reason"_s, u"error"_s } }))
{
    const QList<std::pair<Transport, QString>> transports { { Transport::Http, u"http"_s },
        { Transport::WebSocket, u"websocket"_s } };
    for (const auto &[transport, transportName] : transports) {
        for (size_t i = 0; i < rejectedCodes().size(); ++i) {
            m_rejected[size_t(transport)][i] = &m_registry.counter(u"chatd_rejected_input_total"_s,
                u"Requests and frames answered with an error for bad input, by transport and "
                u"error code"_s,
                { { u"transport"_s, transportName },
                    { u"code"_s, errorCodeName(rejectedCodes()[i]) } });
        }
    }

    for (int i = 0; i < HttpRefusalCount; ++i) {
        m_refused[size_t(i)] = &m_registry.counter(u"chatd_http_refused_total"_s,
            u"Requests and connections the HTTP layer refused or closed (caps, timeouts, "
            u"framing), by reason"_s,
            { { u"reason"_s, QString::fromLatin1(httpRefusalName(HttpRefusal(i))) } });
    }

    const std::array<QString, 5> socketLimitNames { u"origin"_s, u"sockets_per_address"_s,
        u"sockets_per_user"_s, u"queued_bytes"_s, u"queued_bytes_per_user"_s };
    for (size_t i = 0; i < socketLimitNames.size(); ++i) {
        m_socketLimits[i] = &m_registry.counter(u"chatd_websocket_limited_total"_s,
            u"WebSockets refused or cut off by a limit, by which limit"_s,
            { { u"limit"_s, socketLimitNames[i] } });
    }

    m_registry.callback(u"chatd_websocket_connections"_s,
        u"Open WebSockets, authenticated or not"_s, Type::Gauge,
        readOr0(m_sources.webSocketConnections));
    m_registry.callback(u"chatd_tcp_connections"_s,
        u"Open TCP connections on the server's port: HTTP and WebSocket together"_s, Type::Gauge,
        readOr0(m_sources.tcpConnections));
    m_registry.callback(u"chatd_users_online"_s,
        u"Users with at least one authenticated WebSocket"_s, Type::Gauge,
        readOr0(m_sources.usersOnline));

    const QString version = QCoreApplication::applicationVersion();
    m_registry
        .gauge(u"chatd_build_info"_s, u"Always 1; the labels say which build is running"_s,
            { { u"version"_s, version.isEmpty() ? u"unknown"_s : version },
                { u"protocol"_s, QString::number(protocol::Version) },
                { u"qt"_s, QString::fromLatin1(qVersion()) } })
        .set(1);

    // Prometheus' usual process metrics, under their usual names, where /proc has them.
    if (const auto started = processstats::startTimeSeconds()) {
        m_registry
            .gauge(u"process_start_time_seconds"_s,
                u"Start time of the process since the Unix epoch in seconds"_s)
            .set(*started);
    }
    if (processstats::residentMemoryBytes()) {
        m_registry.callback(u"process_resident_memory_bytes"_s, u"Resident memory size in bytes"_s,
            Type::Gauge, [] { return processstats::residentMemoryBytes().value_or(0); });
    }
    if (processstats::cpuSeconds()) {
        m_registry.callback(u"process_cpu_seconds_total"_s,
            u"Total user and system CPU time spent in seconds"_s, Type::Counter,
            [] { return processstats::cpuSeconds().value_or(0); });
    }
}

void ServerMetrics::countRejected(Transport transport, ErrorCode code)
{
    const auto &codes = rejectedCodes();
    for (size_t i = 0; i < codes.size(); ++i) {
        if (codes[i] == code) {
            m_rejected[size_t(transport)][i]->increment();
            return;
        }
    }
}

void ServerMetrics::countRefused(HttpRefusal refusal)
{
    m_refused[size_t(refusal)]->increment();
}

void ServerMetrics::countSocketLimit(SocketLimit limit)
{
    m_socketLimits[size_t(limit)]->increment();
}

} // namespace chat::server
