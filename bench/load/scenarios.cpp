#include "scenarios.h"

#include "percentiles.h"
#include "procstats.h"

#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace chat::bench {

namespace {

constexpr int ConnectTimeoutMs = 300 * 1000;
constexpr int SettleTimeoutMs = 60 * 1000;
constexpr int StallTimeoutMs = 30 * 1000; //!< No delivery this long: the run is stuck.

double msBetween(qint64 fromNs, qint64 toNs)
{
    return double(toNs - fromNs) / 1e6;
}

double rounded(double value, int decimals = 1)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

//! A tag no earlier run used: client ids are unique per sender for good, and the same
//! users send again in every scenario.
QString freshTag()
{
    return u"r"_s + QString::number(QRandomGenerator::global()->generate64(), 36);
}

//! A body of `bytes` ASCII bytes that reads like text.
QString bodyOf(int bytes)
{
    const QString words = u"the quick brown fox jumps over the lazy dog "_s;
    QString body;
    while (body.size() < bytes)
        body += words;
    body.truncate(bytes);
    if (body.endsWith(u' '))
        body.back() = u'.';
    return body;
}

//! Runs until `done`, failing if nothing moves `progress` for StallTimeoutMs.
bool waitWithProgress(
    RunContext &context, const std::function<bool()> &done, const std::function<qint64()> &progress)
{
    qint64 last = -1;
    while (!done()) {
        if (context.waiter.failed)
            return false;
        (void)context.waiter.wait(done, StallTimeoutMs);
        if (done())
            return true;
        if (context.waiter.failed)
            return false;
        if (progress() == last) {
            context.fail(u"stalled: no progress for %1 s"_s.arg(StallTimeoutMs / 1000));
            return false;
        }
        last = progress();
    }
    return true;
}

bool enoughUsers(RunContext &context, int needed)
{
    if (context.users.size() >= needed)
        return true;
    context.fail(
        u"the scenario needs %1 users; the users file has %2 (run setup with more)"_s.arg(needed)
            .arg(context.users.size()));
    return false;
}

QJsonObject scenarioHeader(const RunContext &context, const QString &scenario)
{
    return { { u"scenario"_s, scenario }, { u"server"_s, context.label } };
}

} // namespace

std::optional<QJsonObject> runThroughput(RunContext &context, const ThroughputOptions &options)
{
    const int pairs = options.pairs;
    const int perSender = options.messages;
    if (!enoughUsers(context, 2 * pairs))
        return std::nullopt;
    Fleet fleet(context, 2 * pairs);
    fleet.openAll(false);
    if (!fleet.waitAllReady(ConnectTimeoutMs) || !fleet.settle(SettleTimeoutMs))
        return std::nullopt;

    // Each sender's frames differ only in the id, which is also the client id.
    struct Sender
    {
        QString prefix;
        int sent = 0;
        std::vector<qint64> sentAt;
    };
    const QString tag = freshTag() + u'-';
    const QString body = bodyOf(options.bodyBytes);
    std::vector<Sender> senders(static_cast<size_t>(pairs));
    for (int p = 0; p < pairs; ++p) {
        const qint64 conversation = context.users[2 * p].conversationId;
        if (conversation == 0) {
            context.fail(u"user %1 has no conversation"_s.arg(context.users[2 * p].username));
            return std::nullopt;
        }
        senders[size_t(p)].prefix
            = u"{\"type\":\"send\",\"conversationId\":%1,\"body\":\"%2\",\"id\":\""_s
                  .arg(conversation)
                  .arg(body);
        senders[size_t(p)].sentAt.resize(size_t(perSender), -1);
    }
    const auto sendNext = [&](int p) {
        Sender &sender = senders[size_t(p)];
        const int sequence = sender.sent++;
        const QString id = tag + QString::number(sequence);
        const QString frame = sender.prefix + id + u"\",\"clientId\":\""_s + id + u"\"}"_s;
        sender.sentAt[size_t(sequence)] = context.clock.nsecsElapsed();
        fleet.clients()[size_t(2 * p)]->send(frame);
    };
    const auto sequenceOf = [&tag, perSender](QStringView clientId) {
        if (!clientId.startsWith(tag))
            return -1;
        bool ok = false;
        const int sequence = clientId.sliced(tag.size()).toInt(&ok);
        return ok && sequence < perSender ? sequence : -1;
    };

    const qint64 total = qint64(pairs) * perSender;
    std::vector<double> latencies;
    std::vector<double> ackLatencies;
    std::vector<qint64> arrivals;
    latencies.reserve(size_t(total));
    ackLatencies.reserve(size_t(total));
    arrivals.reserve(size_t(total));
    fleet.onFrame = [&](LoadClient &client, const FrameFields &fields, const QString &text,
                        qint64 arrived) {
        const int p = client.index() / 2;
        const bool isSender = client.index() % 2 == 0;
        if (fields.kind == FrameKind::Ack && isSender) {
            const int sequence = sequenceOf(fields.clientId);
            if (sequence < 0 || text.contains(u"\"duplicate\":true")) {
                context.fail(u"an ack of no message in flight: %1"_s.arg(text.left(300)));
                return;
            }
            ackLatencies.push_back(msBetween(senders[size_t(p)].sentAt[size_t(sequence)], arrived));
            if (senders[size_t(p)].sent < perSender)
                sendNext(p);
        } else if (fields.kind == FrameKind::Message && !isSender) {
            const int sequence = sequenceOf(fields.clientId);
            if (sequence < 0 || senders[size_t(p)].sentAt[size_t(sequence)] < 0) {
                context.fail(u"a message no one sent: %1"_s.arg(text.left(300)));
                return;
            }
            latencies.push_back(msBetween(senders[size_t(p)].sentAt[size_t(sequence)], arrived));
            arrivals.push_back(arrived);
        }
    };

    const double serverCpuBefore = cpuSeconds(context.serverPid);
    const double ownCpuBefore = ownCpuSeconds();
    const qint64 start = context.clock.nsecsElapsed();
    for (int p = 0; p < pairs; ++p) {
        for (int k = 0; k < std::min(options.window, perSender); ++k)
            sendNext(p);
    }
    const bool finished = waitWithProgress(
        context,
        [&] { return qint64(latencies.size()) == total && qint64(ackLatencies.size()) == total; },
        [&] { return qint64(latencies.size() + ackLatencies.size()); });
    const qint64 end = context.clock.nsecsElapsed();
    const double serverCpu = cpuSeconds(context.serverPid) - serverCpuBefore;
    const double ownCpu = ownCpuSeconds() - ownCpuBefore;
    const qint64 serverRss = residentKb(context.serverPid);
    if (!finished)
        return std::nullopt;

    const double seconds = double(end - start) / 1e9;
    // The steady part: the middle 80% of deliveries, past the start and before the tail.
    const size_t first = arrivals.size() / 10;
    const size_t last = arrivals.size() * 9 / 10 - 1;
    const double steadySeconds = double(arrivals[last] - arrivals[first]) / 1e9;
    const double steady = steadySeconds > 0 ? double(last - first) / steadySeconds : 0;
    const Percentiles latency = percentilesOf(latencies);
    const Percentiles ack = percentilesOf(ackLatencies);

    QJsonObject result = scenarioHeader(context, u"throughput"_s);
    result.insert(u"pairs"_s, pairs);
    result.insert(u"window"_s, options.window);
    result.insert(u"messagesPerSender"_s, perSender);
    result.insert(u"bodyBytes"_s, options.bodyBytes);
    result.insert(u"sockets"_s, 2 * pairs);
    result.insert(u"messages"_s, total);
    result.insert(u"seconds"_s, rounded(seconds, 3));
    result.insert(u"messagesPerSecond"_s, rounded(double(total) / seconds, 0));
    result.insert(u"steadyMessagesPerSecond"_s, rounded(steady, 0));
    result.insert(u"latencyMs"_s, latency.toJson());
    result.insert(u"ackLatencyMs"_s, ack.toJson());
    if (context.serverPid > 0) {
        result.insert(u"serverCpuPercent"_s, rounded(100 * serverCpu / seconds));
        result.insert(u"serverRssKb"_s, serverRss);
    }
    result.insert(u"loadgenCpuPercent"_s, rounded(100 * ownCpu / seconds));
    std::fprintf(stderr,
        "%s throughput P=%d W=%d M=%d K=%d: %lld messages in %.2f s, %.0f/s (steady %.0f/s), "
        "latency p50 %.3f p90 %.3f p99 %.3f max %.3f ms; server CPU %.0f%%, load generator "
        "CPU %.0f%%\n",
        qPrintable(context.label), pairs, options.window, perSender, options.bodyBytes, total,
        seconds, double(total) / seconds, steady, latency.p50, latency.p90, latency.p99,
        latency.max, context.serverPid > 0 ? 100 * serverCpu / seconds : -1.0,
        100 * ownCpu / seconds);
    return result;
}

std::optional<QJsonObject> runConnectStorm(RunContext &context, const StormOptions &options)
{
    const int count = options.clients;
    if (!enoughUsers(context, count))
        return std::nullopt;
    Fleet fleet(context, count);
    int retries = 0;
    // A connection refused or cut before `ready` (a full listen queue, a cap) is tried
    // again; one lost after `ready` fails the run.
    fleet.onClosed = [&](LoadClient &client) {
        if (client.isReady() || ++retries > 10 * count) {
            context.fail(client.problem());
            return;
        }
        const int index = client.index();
        QTimer::singleShot(100, [&fleet, &context, index] {
            fleet.clients()[size_t(index)]->open(context.server, false);
        });
    };
    const qint64 rssBefore = residentKb(context.serverPid);
    const double cpuBefore = cpuSeconds(context.serverPid);
    const qint64 start = context.clock.nsecsElapsed();
    fleet.openAll(false);
    if (!fleet.waitAllReady(ConnectTimeoutMs))
        return std::nullopt;
    const double cpu = cpuSeconds(context.serverPid) - cpuBefore;
    // Presence is announced once a user has been still a while: let it go out, then a
    // round trip on every socket, so what remains is the idle sockets' own memory.
    Waiter::pause(1000);
    if (!fleet.settle(SettleTimeoutMs))
        return std::nullopt;
    const qint64 rssAfter = residentKb(context.serverPid);

    const Fleet::ReadyTimes times = fleet.readySince(start);
    const Percentiles &ready = times.ms;
    const double seconds = times.lastSeconds;

    QJsonObject result = scenarioHeader(context, u"connect"_s);
    result.insert(u"clients"_s, count);
    result.insert(u"seconds"_s, rounded(seconds, 3));
    result.insert(u"readyMs"_s, ready.toJson());
    result.insert(u"retries"_s, retries);
    if (context.serverPid > 0) {
        result.insert(u"serverCpuSeconds"_s, rounded(cpu, 2));
        result.insert(
            u"serverRssKb"_s, QJsonObject { { u"before"_s, rssBefore }, { u"after"_s, rssAfter } });
        result.insert(u"kbPerSocket"_s, rounded(double(rssAfter - rssBefore) / count));
    }
    std::fprintf(stderr,
        "%s connect storm: %d sockets ready in %.2f s (p50 %.0f ms, p99 %.0f ms), %d retries; "
        "server CPU %.2f s, RSS %lld -> %lld kB (%.1f kB per socket)\n",
        qPrintable(context.label), count, seconds, ready.p50, ready.p99, retries, cpu, rssBefore,
        rssAfter, double(rssAfter - rssBefore) / count);
    return result;
}

std::optional<QJsonObject> runReconnectStorm(RunContext &context, const StormOptions &options)
{
    const int count = options.clients;
    if (!enoughUsers(context, count))
        return std::nullopt;
    Fleet fleet(context, count);
    fleet.openAll(false);
    if (!fleet.waitAllReady(ConnectTimeoutMs) || !fleet.settle(SettleTimeoutMs))
        return std::nullopt;

    qint64 firstLost = -1;
    int attempts = 0;
    int resyncs = 0;
    std::vector<int> failures(size_t(count), 0);
    fleet.resetReady();
    // As the desktop client does (ReconnectBackoff): the n-th retry after a random wait
    // in [0, min(cap, base * 2^n)].
    fleet.onClosed = [&](LoadClient &client) {
        if (firstLost < 0)
            firstLost = context.clock.nsecsElapsed();
        int &failed = failures[size_t(client.index())];
        const qint64 ceiling = std::min<qint64>(
            options.backoffCap.count(), options.backoffBase.count() << std::min(failed, 20));
        ++failed;
        const int delay = int(QRandomGenerator::global()->bounded(ceiling + 1));
        const int index = client.index();
        QTimer::singleShot(delay, [&fleet, &context, &attempts, index] {
            ++attempts;
            fleet.clients()[size_t(index)]->open(context.server, true);
        });
    };
    fleet.onFrame = [&](LoadClient &, const FrameFields &fields, const QString &text, qint64) {
        if (fields.kind == FrameKind::Ready && text.contains(u"\"resync\":true"))
            ++resyncs;
    };
    QFile ready(options.readyFile);
    if (!ready.open(QIODevice::WriteOnly) || ready.write("ready\n") < 0) {
        context.fail(u"cannot write %1: %2"_s.arg(options.readyFile, ready.errorString()));
        return std::nullopt;
    }
    ready.close();
    std::fprintf(
        stderr, "%d sockets ready; waiting for the server to be killed and restarted\n", count);
    if (!fleet.waitAllReady(ConnectTimeoutMs))
        return std::nullopt;
    const Fleet::ReadyTimes times = fleet.readySince(firstLost);
    const Percentiles &resumed = times.ms;
    const double seconds = times.lastSeconds;

    QJsonObject result = scenarioHeader(context, u"reconnect"_s);
    result.insert(u"clients"_s, count);
    result.insert(u"seconds"_s, rounded(seconds, 3));
    result.insert(u"resumedMs"_s, resumed.toJson());
    result.insert(u"attempts"_s, attempts);
    result.insert(u"resyncs"_s, resyncs);
    result.insert(u"backoffBaseMs"_s, qint64(options.backoffBase.count()));
    std::fprintf(stderr,
        "%s reconnect storm: %d sockets resumed %.2f s after the first was lost (p50 %.0f ms, "
        "p99 %.0f ms), %d attempts, %d resyncs\n",
        qPrintable(context.label), count, seconds, resumed.p50, resumed.p99, attempts, resyncs);
    return result;
}

} // namespace chat::bench
