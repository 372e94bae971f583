#include "daemonsettings.h"

#include <server/http/originpolicy.h>
#include <shared/protocol.h>

#include <QFileInfo>
#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace chat::server {

using namespace Qt::StringLiterals;

namespace {

using Reason = std::optional<QString>;
using Apply = std::function<Reason(const QString &, const QDir &, DaemonConfig &)>;
using Show = std::function<QString(const DaemonConfig &)>;

// The value checks, each with the reason an operator reads when it fails.

std::optional<qint64> wholeNumber(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    return ok && value >= min && value <= max ? std::optional(value) : std::nullopt;
}

QString notWholeNumber(const QString &text, qint64 min, qint64 max)
{
    if (max == std::numeric_limits<int>::max())
        return u"'%1' is not a whole number of at least %2"_s.arg(text).arg(min);
    return u"'%1' is not a whole number from %2 to %3"_s.arg(text).arg(min).arg(max);
}

//! A whole number from `min` to `max` into `target`.
template<typename Number, typename Target>
Apply count(Target target, qint64 min, qint64 max = std::numeric_limits<int>::max())
{
    return [=](const QString &text, const QDir &, DaemonConfig &config) -> Reason {
        const auto value = wholeNumber(text, min, max);
        if (!value)
            return notWholeNumber(text, min, max);
        target(config) = Number(*value);
        return std::nullopt;
    };
}

//! Whole seconds, `min` or more, into a duration.
template<typename Target> Apply seconds(Target target, qint64 min)
{
    return [=](const QString &text, const QDir &, DaemonConfig &config) -> Reason {
        const auto value = wholeNumber(text, min, std::numeric_limits<int>::max());
        if (!value)
            return u"'%1' is not a whole number of seconds (%2 or more)"_s.arg(text).arg(min);
        target(config) = std::chrono::seconds(*value);
        return std::nullopt;
    };
}

//! A finite number of at least `min` (or above 0 when `min` is 0) into a double.
template<typename Target> Apply number(Target target, double min)
{
    return [=](const QString &text, const QDir &, DaemonConfig &config) -> Reason {
        bool ok = false;
        const double value = text.toDouble(&ok);
        if (!ok || !std::isfinite(value) || (min > 0 ? value < min : value <= 0)) {
            return min > 0 ? u"'%1' is not a number of at least %2"_s.arg(text).arg(min)
                           : u"'%1' is not a number above 0"_s.arg(text);
        }
        target(config) = value;
        return std::nullopt;
    };
}

template<typename Duration> QString showSeconds(Duration duration)
{
    // Whole seconds as integers: QString::number(2592000.0) would say "2.592e+06".
    const qint64 ms = std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
    return ms % 1000 == 0 ? QString::number(ms / 1000) : QString::number(double(ms) / 1000);
}

const QStringList &levelNames()
{
    // In the order of LogSettings::Level.
    static const QStringList names { u"debug"_s, u"info"_s, u"warning"_s, u"critical"_s };
    return names;
}

Reason applyListen(const QString &text, const QDir &, DaemonConfig &config)
{
    if (!config.server.address.setAddress(text))
        return u"'%1' is not an IP address"_s.arg(text);
    return std::nullopt;
}

Reason applyPort(const QString &text, const QDir &, DaemonConfig &config)
{
    const auto port = wholeNumber(text, 0, 65535);
    if (!port)
        return u"'%1' is not a port number (0-65535)"_s.arg(text);
    config.server.port = quint16(*port);
    return std::nullopt;
}

Reason applyDatabase(const QString &text, const QDir &base, DaemonConfig &config)
{
    if (text.isEmpty())
        return u"a file name or a postgresql:// URL is needed"_s;
    if (postgres::ConnectionUrl::looksLikeUrl(text)) {
        auto url = postgres::ConnectionUrl::parse(text);
        if (!url)
            return url.error().message;
        config.server.postgres = url.value();
        return std::nullopt;
    }
    // A path in the config file is relative to the file, not to wherever chatd started.
    config.server.databasePath = QDir::cleanPath(base.absoluteFilePath(text));
    config.server.postgres.reset();
    return std::nullopt;
}

Reason applyMetrics(const QString &text, const QDir &, DaemonConfig &config)
{
    const auto access = metricsAccessFromName(text);
    if (!access)
        return u"'%1' is not one of %2"_s.arg(text, metricsAccessNames().join(u", "_s));
    config.server.metrics = *access;
    return std::nullopt;
}

//! A file path into `target`, relative to `base`; empty turns the setting off.
template<typename Target> Apply filePath(Target target)
{
    return [=](const QString &text, const QDir &base, DaemonConfig &config) -> Reason {
        const QString path
            = text.isEmpty() ? QString() : QDir::cleanPath(base.absoluteFilePath(text));
        // Whether it can be read is ChatServer::start()'s to say; a directory is a slip.
        if (!path.isEmpty() && QFileInfo(path).isDir())
            return u"'%1' is a directory, not a file"_s.arg(text);
        target(config) = path;
        return std::nullopt;
    };
}

Reason applyEditWindow(const QString &text, const QDir &, DaemonConfig &config)
{
    const auto value = wholeNumber(text, 0, std::numeric_limits<int>::max());
    if (!value)
        return u"'%1' is not a whole number of seconds (0 or more)"_s.arg(text);
    // 0 means no window, as when the setting is absent; a window of 0 s would forbid edits.
    config.server.actions.editWindow
        = *value > 0 ? std::optional(std::chrono::seconds(*value)) : std::nullopt;
    return std::nullopt;
}

Reason applyLevel(const QString &text, const QDir &, DaemonConfig &config)
{
    const auto index = levelNames().indexOf(text);
    if (index < 0)
        return u"'%1' is not one of %2"_s.arg(text, levelNames().join(u", "_s));
    config.log.level = LogSettings::Level(index);
    return std::nullopt;
}

Reason applyRules(const QString &text, const QDir &, DaemonConfig &config)
{
    // QT_LOGGING_RULES' syntax: "<category>[.<type>] = true|false", here separated by
    // commas (or semicolons, when the value is quoted: an INI file ends a value at one).
    static const QRegularExpression rule(u"\\A[A-Za-z0-9_.*-]+\\s*=\\s*(true|false)\\z"_s);
    static const QRegularExpression separator(u"[,;\\n]"_s);
    QStringList rules;
    for (const QString &part : text.split(separator, Qt::SkipEmptyParts)) {
        const QString trimmed = part.trimmed();
        if (trimmed.isEmpty())
            continue;
        if (!rule.match(trimmed).hasMatch())
            return u"'%1' is not a logging rule like chat.server.http.debug=true"_s.arg(trimmed);
        rules << trimmed;
    }
    config.log.rules = rules;
    return std::nullopt;
}

Reason applyAllowedOrigins(const QString &text, const QDir &, DaemonConfig &config)
{
    static const QRegularExpression separator(u"[,;\\s]+"_s);
    QStringList origins;
    for (const QString &entry : text.split(separator, Qt::SkipEmptyParts)) {
        const auto origin = http::OriginPolicy::normalise(entry);
        if (!origin) {
            return u"'%1' is not an origin like https://chat.example.com or http://host:8420 "
                   u"(or *)"_s.arg(entry);
        }
        origins << *origin;
    }
    config.server.allowedOrigins = origins;
    return std::nullopt;
}

QList<DaemonSetting> makeSettings()
{
    using namespace protocol;
    const auto server = [](const DaemonConfig &config) -> const ServerConfig & {
        return config.server;
    };
    return {
        { u"server"_s, u"listen"_s, u"listen"_s, u"address"_s,
            u"Address to listen on; 0.0.0.0 or :: for every interface"_s, applyListen,
            [=](const DaemonConfig &c) {
                return server(c).address.toString();
            } },
        { u"server"_s, u"port"_s, u"port"_s, u"port"_s,
            u"TCP port for REST and WebSocket; 0 picks a free one"_s, applyPort,
            [=](const DaemonConfig &c) {
                return QString::number(server(c).port);
            } },
        { u"server"_s, u"database"_s, u"db"_s, u"file|url"_s,
            u"SQLite database file, created with its directory if missing; or a "
            u"postgresql://user@host:port/name URL of a database several chatd share "
            u"(docs/SCALING.md)"_s,
            applyDatabase,
            [=](const DaemonConfig &c) {
                return server(c).databaseName();
            } },
        { u"server"_s, u"metrics"_s, u"metrics"_s, u"who"_s,
            u"Who may read GET /metrics: off, local (this machine only) or any"_s, applyMetrics,
            [=](const DaemonConfig &c) {
                return metricsAccessName(server(c).metrics);
            } },
        { u"server"_s, u"allowed-origins"_s, u"allowed-origins"_s, u"origins"_s,
            u"Web origins whose pages may open a WebSocket, besides native clients (no "
            u"Origin) and the server's own address; separated by commas, * for any"_s,
            applyAllowedOrigins,
            [=](const DaemonConfig &c) {
                return server(c).allowedOrigins.join(u", "_s);
            } },
        { u"server"_s, u"tls-cert"_s, u"tls-cert"_s, u"file"_s,
            u"PEM certificate (chain) for HTTPS and WSS on the same port; with --tls-key. "
            u"Empty: plain HTTP"_s,
            filePath([](DaemonConfig & c) -> auto & { return c.server.tls.certificatePath; }),
            [=](const DaemonConfig &c) {
                return server(c).tls.certificatePath;
            } },
        { u"server"_s, u"tls-key"_s, u"tls-key"_s, u"file"_s,
            u"PEM private key of the --tls-cert certificate, unencrypted"_s,
            filePath([](DaemonConfig & c) -> auto & { return c.server.tls.keyPath; }),
            [=](const DaemonConfig &c) {
                return server(c).tls.keyPath;
            } },
        { u"server"_s, u"tls-handshake-timeout"_s, {}, u"seconds"_s,
            u"Time a new connection has to finish its TLS handshake"_s,
            seconds(
                [](DaemonConfig & c) -> auto & { return c.server.tls.handshakeTimeout; }, 1),
            [=](const DaemonConfig &c) {
                return showSeconds(server(c).tls.handshakeTimeout);
            } },

        { u"limits"_s, u"max-body-bytes"_s, {}, u"bytes"_s,
            u"Longest message body in bytes of UTF-8 (at most the protocol's %1)"_s.arg(
                limits::MaxBodyBytes),
            count<qsizetype>(
                [](DaemonConfig & c) -> auto & { return c.server.chat.maxBodyBytes; }, 1,
                limits::MaxBodyBytes),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).chat.maxBodyBytes);
            } },
        { u"limits"_s, u"max-frame-bytes"_s, {}, u"bytes"_s,
            u"Largest WebSocket message a client may send (at most the protocol's %1)"_s.arg(
                limits::MaxFrameBytes),
            count<qsizetype>(
                [](DaemonConfig & c) -> auto & { return c.server.maxFrameBytes; }, 4096,
                limits::MaxFrameBytes),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).maxFrameBytes);
            } },
        { u"limits"_s, u"max-group-members"_s, u"max-group-members"_s, u"count"_s,
            u"Members one group may have, its owner included"_s,
            count<int>(
                [](DaemonConfig & c) -> auto & { return c.server.memberLimit; }, 2),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).memberLimit);
            } },
        { u"limits"_s, u"edit-window"_s, u"edit-window"_s, u"seconds"_s,
            u"Seconds after sending during which a message may be edited; 0: any time"_s,
            applyEditWindow,
            [=](const DaemonConfig &c) {
                const auto window = server(c).actions.editWindow;
                return QString::number(window ? window->count() : 0);
            } },
        { u"limits"_s, u"send-burst"_s, u"send-burst"_s, u"count"_s,
            u"Messages and changes of messages one user may send at once"_s,
            number(
                [](DaemonConfig & c) -> auto & { return c.server.chat.sendBurst; }, 1),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).chat.sendBurst);
            } },
        { u"limits"_s, u"send-rate"_s, u"send-rate"_s, u"per-second"_s,
            u"Sends per second one user regains after the burst"_s,
            number(
                [](DaemonConfig & c) -> auto & { return c.server.chat.sendsPerSecond; }, 0),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).chat.sendsPerSecond);
            } },
        { u"limits"_s, u"login-burst"_s, u"login-burst"_s, u"count"_s,
            u"Sign-in attempts (register and login together) one address may make at once"_s,
            number(
                [](DaemonConfig & c) -> auto & { return c.server.auth.attemptBurst; }, 1),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).auth.attemptBurst);
            } },
        { u"limits"_s, u"login-rate"_s, u"login-rate"_s, u"per-second"_s,
            u"Sign-in attempts per second one address regains after the burst"_s,
            number(
                [](DaemonConfig & c) -> auto & { return c.server.auth.attemptsPerSecond; }, 0),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).auth.attemptsPerSecond);
            } },
        { u"limits"_s, u"session-lifetime"_s, {}, u"seconds"_s,
            u"How long a session token is valid after its login"_s,
            seconds(
                [](DaemonConfig & c) -> auto & { return c.server.auth.sessionLifetime; }, 60),
            [=](const DaemonConfig &c) {
                return showSeconds(server(c).auth.sessionLifetime);
            } },
        { u"limits"_s, u"session-idle-timeout"_s, {}, u"seconds"_s,
            u"How long a session may go unused (no request, no open WebSocket) before it ends"_s,
            seconds(
                [](DaemonConfig & c) -> auto & { return c.server.auth.sessionIdleTimeout; }, 60),
            [=](const DaemonConfig &c) {
                return showSeconds(server(c).auth.sessionIdleTimeout);
            } },
        { u"limits"_s, u"login-account-free-failures"_s, {}, u"count"_s,
            u"Failed logins in a row one account may have (from any address) before each "
            u"further one makes it wait"_s,
            count<int>(
                [](DaemonConfig & c) -> auto & { return c.server.auth.backoff.freeFailures; }, 1),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).auth.backoff.freeFailures);
            } },
        { u"limits"_s, u"login-account-backoff"_s, {}, u"seconds"_s,
            u"The first wait of an account past its free failures; each further failure doubles "
            u"it"_s,
            seconds(
                [](DaemonConfig & c) -> auto & { return c.server.auth.backoff.base; }, 1),
            [=](const DaemonConfig &c) {
                return showSeconds(server(c).auth.backoff.base);
            } },
        { u"limits"_s, u"login-account-backoff-max"_s, {}, u"seconds"_s,
            u"The longest wait an account's failed logins impose (no account is ever locked for "
            u"good)"_s,
            seconds(
                [](DaemonConfig & c) -> auto & { return c.server.auth.backoff.cap; }, 1),
            [=](const DaemonConfig &c) {
                return showSeconds(server(c).auth.backoff.cap);
            } },
        { u"limits"_s, u"hash-threads"_s, u"hash-threads"_s, u"count"_s,
            u"Threads that hash passwords (Argon2id, 19 MiB each); 0: one per core, at most 4"_s,
            count<int>(
                [](DaemonConfig & c) -> auto & { return c.server.auth.hashing.threads; }, 0, 64),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).auth.hashing.threads);
            } },
        { u"limits"_s, u"hash-queue"_s, u"hash-queue"_s, u"count"_s,
            u"Sign-ins whose password hash may wait or run at once; more get 429 rate_limited"_s,
            count<int>(
                [](DaemonConfig & c) -> auto & { return c.server.auth.hashing.maxQueued; }, 1,
                100000),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).auth.hashing.maxQueued);
            } },
        { u"limits"_s, u"max-replay"_s, {}, u"count"_s,
            u"Most messages and changes replayed to a reconnecting client; further behind, it "
            u"must resync"_s,
            count<int>(
                [](DaemonConfig & c) -> auto & { return c.server.maxReplayMessages; }, 1),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).maxReplayMessages);
            } },

        { u"websocket"_s, u"auth-timeout"_s, {}, u"seconds"_s,
            u"Time a new WebSocket has to authenticate"_s,
            seconds(
                [](DaemonConfig & c) -> auto & { return c.server.authTimeout; }, 1),
            [=](const DaemonConfig &c) {
                return showSeconds(server(c).authTimeout);
            } },
        { u"websocket"_s, u"heartbeat-interval"_s, {}, u"seconds"_s,
            u"How often each WebSocket is pinged and its session checked"_s,
            seconds(
                [](DaemonConfig & c) -> auto & { return c.server.heartbeatInterval; }, 1),
            [=](const DaemonConfig &c) {
                return showSeconds(server(c).heartbeatInterval);
            } },
        { u"websocket"_s, u"idle-timeout"_s, {}, u"seconds"_s,
            u"Silence after which a WebSocket is dropped as dead"_s,
            seconds(
                [](DaemonConfig & c) -> auto & { return c.server.idleTimeout; }, 1),
            [=](const DaemonConfig &c) {
                return showSeconds(server(c).idleTimeout);
            } },
        { u"websocket"_s, u"max-queued-bytes"_s, {}, u"bytes"_s,
            u"Unread output one WebSocket may hold before it is cut off"_s,
            count<qint64>(
                [](DaemonConfig & c) -> auto & { return c.server.maxQueuedBytes; }, 64 * 1024),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).maxQueuedBytes);
            } },
        { u"websocket"_s, u"max-queued-bytes-per-user"_s, {}, u"bytes"_s,
            u"Unread output all of one user's WebSockets may hold together; past it the one "
            u"holding most is cut off"_s,
            count<qint64>(
                [](DaemonConfig & c) -> auto & { return c.server.maxQueuedBytesPerUser; },
                64 * 1024),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).maxQueuedBytesPerUser);
            } },
        { u"websocket"_s, u"max-sockets-per-user"_s, u"max-sockets-per-user"_s, u"count"_s,
            u"WebSockets one user may have open at once"_s,
            count<int>(
                [](DaemonConfig & c) -> auto & { return c.server.maxSocketsPerUser; }, 1),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).maxSocketsPerUser);
            } },
        { u"websocket"_s, u"max-sockets-per-address"_s, u"max-sockets-per-address"_s, u"count"_s,
            u"WebSockets one remote address may have open at once (behind a reverse proxy, "
            u"every client has the proxy's address)"_s,
            count<int>(
                [](DaemonConfig & c) -> auto & { return c.server.maxSocketsPerAddress; }, 1),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).maxSocketsPerAddress);
            } },

        { u"http"_s, u"max-header-bytes"_s, {}, u"bytes"_s,
            u"Largest request line and headers of one HTTP request (431 past it)"_s,
            count<qsizetype>(
                [](DaemonConfig & c) -> auto & { return c.server.http.maxHeaderBytes; }, 1024,
                64 * 1024),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).http.maxHeaderBytes);
            } },
        { u"http"_s, u"max-pending-output-bytes"_s, {}, u"bytes"_s,
            u"Unsent output past which an HTTP connection's next request waits"_s,
            count<qint64>(
                [](DaemonConfig & c) -> auto & { return c.server.http.maxPendingOutputBytes; },
                64 * 1024),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).http.maxPendingOutputBytes);
            } },
        { u"http"_s, u"request-timeout"_s, {}, u"seconds"_s,
            u"Time an HTTP request has to arrive whole from its first byte (408 past it)"_s,
            seconds(
                [](DaemonConfig & c) -> auto & { return c.server.http.requestTimeout; }, 1),
            [=](const DaemonConfig &c) {
                return showSeconds(server(c).http.requestTimeout);
            } },
        { u"http"_s, u"idle-timeout"_s, {}, u"seconds"_s,
            u"Time a kept-alive HTTP connection may stay idle before it is closed"_s,
            seconds(
                [](DaemonConfig & c) -> auto & { return c.server.http.idleTimeout; }, 1),
            [=](const DaemonConfig &c) {
                return showSeconds(server(c).http.idleTimeout);
            } },
        { u"http"_s, u"max-connections-per-address"_s, u"max-connections-per-address"_s, u"count"_s,
            u"Connections one remote address may hold open (HTTP and WebSocket)"_s,
            count<int>(
                [](DaemonConfig & c) -> auto & { return c.server.http.maxConnectionsPerAddress; },
                1),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).http.maxConnectionsPerAddress);
            } },
        { u"http"_s, u"listen-backlog"_s, u"listen-backlog"_s, u"count"_s,
            u"Connections the kernel may hold waiting to be accepted (also capped by "
            u"net.core.somaxconn): room for every client reconnecting at once"_s,
            count<int>(
                [](DaemonConfig & c) -> auto & { return c.server.http.listenBacklog; }, 1),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).http.listenBacklog);
            } },
        { u"http"_s, u"max-connections"_s, u"max-connections"_s, u"count"_s,
            u"Connections open at once in total; 0 derives it from the open-file limit"_s,
            count<int>(
                [](DaemonConfig & c) -> auto & { return c.server.http.maxConnections; }, 0),
            [=](const DaemonConfig &c) {
                return QString::number(server(c).http.maxConnections);
            } },

        { u"log"_s, u"level"_s, {}, u"level"_s,
            u"Lowest level of chatd's own log lines: debug, info, warning or critical"_s,
            applyLevel,
            [](const DaemonConfig &c) {
                return levelNames().at(int(c.log.level));
            } },
        { u"log"_s, u"rules"_s, {}, u"rules"_s,
            u"Further logging rules as in QT_LOGGING_RULES, separated by commas"_s, applyRules,
            [](const DaemonConfig &c) {
                return c.log.rules.join(u", "_s);
            } },
    };
}

} // namespace

QString DaemonSetting::displayName() const
{
    return u"[%1] %2"_s.arg(section, name);
}

const QList<DaemonSetting> &daemonSettings()
{
    static const QList<DaemonSetting> settings = makeSettings();
    return settings;
}

const DaemonSetting *findSetting(const QString &key)
{
    for (const DaemonSetting &setting : daemonSettings()) {
        if (setting.key() == key)
            return &setting;
    }
    return nullptr;
}

std::optional<QString> checkConsistency(const DaemonConfig &config)
{
    const ServerConfig &server = config.server;
    // The one pair with flags: its message names both spellings.
    if (server.tls.certificatePath.isEmpty() != server.tls.keyPath.isEmpty()) {
        return u"TLS needs both a certificate and its key: tls-cert and tls-key (--tls-cert "
               u"and --tls-key) go together"_s;
    }
    if (server.idleTimeout <= server.heartbeatInterval) {
        return u"[websocket] idle-timeout (%1 s) must be longer than heartbeat-interval (%2 s): "
               u"a peer is heard from at most once per heartbeat"_s.arg(
                   showSeconds(server.idleTimeout), showSeconds(server.heartbeatInterval));
    }
    if (server.maxQueuedBytesPerUser < server.maxQueuedBytes) {
        return u"[websocket] max-queued-bytes-per-user (%1) must be at least max-queued-bytes "
               u"(%2): one socket is part of its user's budget"_s.arg(server.maxQueuedBytesPerUser)
                   .arg(server.maxQueuedBytes);
    }
    if (server.auth.backoff.cap < server.auth.backoff.base) {
        return u"[limits] login-account-backoff-max (%1 s) must be at least login-account-backoff "
               u"(%2 s)"_s.arg(
                   showSeconds(server.auth.backoff.cap), showSeconds(server.auth.backoff.base));
    }
    // A body's quotes and backslashes are escaped in JSON (two bytes each), and the frame
    // has an envelope: the longest body must still fit a frame.
    const qsizetype needed = 2 * server.chat.maxBodyBytes + 1024;
    if (server.maxFrameBytes < needed) {
        return u"[limits] max-frame-bytes (%1) must be at least twice max-body-bytes plus 1024 "
               u"(%2), so that the longest body fits a frame"_s.arg(server.maxFrameBytes)
                   .arg(needed);
    }
    return std::nullopt;
}

} // namespace chat::server
