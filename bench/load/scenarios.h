#pragma once

#include "fleet.h"

#include <QJsonObject>

#include <chrono>
#include <optional>

namespace chat::bench {

struct ThroughputOptions
{
    int pairs = 10; //!< P: senders, each with its own recipient (2P sockets).
    int window = 10; //!< W: messages each sender keeps in flight (the next on an ack).
    int messages = 1000; //!< M: messages per sender.
    int bodyBytes = 100; //!< K: bytes of each body.
};

struct StormOptions
{
    int clients = 1000; //!< N: users connecting at once.
    //! Reconnect storm only: written once every client is connected, for the script to
    //! kill -9 and restart the server.
    QString readyFile;
    //! Reconnect storm only: the desktop client's policy (full-jitter exponential backoff).
    std::chrono::milliseconds backoffBase = std::chrono::seconds(1);
    std::chrono::milliseconds backoffCap = std::chrono::seconds(30);
};

//! P senders to P recipients, W in flight each, M each: end-to-end latency (send to the
//! recipient's `message` frame), the ack's latency, messages/s over the steady part (the
//! middle 80% of deliveries) and overall, the server's CPU and memory. nullopt on failure
//! (`context.error` says why).
[[nodiscard]] std::optional<QJsonObject> runThroughput(
    RunContext &context, const ThroughputOptions &options);

//! N users connect and authenticate at once: the time until every one has `ready`, and
//! the server's memory per idle socket once they settled.
[[nodiscard]] std::optional<QJsonObject> runConnectStorm(
    RunContext &context, const StormOptions &options);

//! N users connected; the server is killed (by the script) and restarted: the time from
//! the first socket lost until all N resumed (reconnected with their cursor, `ready`).
[[nodiscard]] std::optional<QJsonObject> runReconnectStorm(
    RunContext &context, const StormOptions &options);

} // namespace chat::bench
