// bench_load: the project's own load generator. It speaks only the documented protocol
// (docs/PROTOCOL.md: REST sign-up and direct conversations, the WebSocket's ready, send,
// ack and message frames) to chatd or to bench_relay, and prints one JSON object per
// scenario on stdout (readable lines on stderr). bench/run-standard.sh runs the standard
// scenarios against both; see the README's "Benchmarks".
//
//   bench_load setup      --server URL --users N --out FILE
//   bench_load throughput --server URL --users-file FILE --pairs P --window W --messages M
//                         [--body-bytes K] [--server-pid PID]
//   bench_load connect    --server URL --users-file FILE --clients N [--server-pid PID]
//   bench_load reconnect  --server URL --users-file FILE --clients N --ready-file FILE
//   bench_load report     FILE [--check]
#include "accountsetup.h"
#include "procstats.h"
#include "report.h"
#include "scenarios.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace chat::bench;

namespace {

struct Options
{
    QCommandLineOption server { u"server"_s, u"The server's base URL (http://127.0.0.1:PORT)."_s,
        u"url"_s };
    QCommandLineOption usersFile { u"users-file"_s, u"Users made by setup."_s, u"file"_s };
    QCommandLineOption users { u"users"_s, u"setup: users to sign up."_s, u"count"_s, u"100"_s };
    QCommandLineOption out { u"out"_s, u"setup: where to write the users."_s, u"file"_s };
    QCommandLineOption concurrency { u"concurrency"_s, u"setup: sign-ups in flight."_s, u"count"_s,
        u"8"_s };
    QCommandLineOption pairs { u"pairs"_s, u"P: sender-recipient pairs."_s, u"count"_s, u"10"_s };
    QCommandLineOption window { u"window"_s, u"W: messages in flight per sender."_s, u"count"_s,
        u"10"_s };
    QCommandLineOption messages { u"messages"_s, u"M: messages per sender."_s, u"count"_s,
        u"1000"_s };
    QCommandLineOption bodyBytes { u"body-bytes"_s, u"K: bytes per body."_s, u"bytes"_s, u"100"_s };
    QCommandLineOption clients { u"clients"_s, u"N: sockets of a storm."_s, u"count"_s, u"1000"_s };
    QCommandLineOption readyFile { u"ready-file"_s,
        u"reconnect: written once all are connected; then kill and restart the server."_s,
        u"file"_s };
    QCommandLineOption backoffBase { u"backoff-base-ms"_s,
        u"reconnect: the first retry waits up to this (doubling each time)."_s, u"ms"_s,
        u"1000"_s };
    QCommandLineOption backoffCap { u"backoff-cap-ms"_s, u"reconnect: the longest wait."_s, u"ms"_s,
        u"30000"_s };
    QCommandLineOption serverPid { u"server-pid"_s, u"Read the server's CPU and RSS from /proc."_s,
        u"pid"_s, u"0"_s };
    QCommandLineOption label { u"label"_s, u"What the server is, for the JSON (chatd, relay)."_s,
        u"name"_s, u"server"_s };
    QCommandLineOption name { u"name"_s, u"The scenario's name in a standard run (p10w10...)."_s,
        u"name"_s };
    QCommandLineOption strict { u"strict"_s,
        u"Also decode every frame with the protocol's codec (slower; for CI)."_s };
    QCommandLineOption check { u"check"_s,
        u"report: fail unless every line is a well-formed result that counted something."_s };
};

int fail(const QString &why)
{
    std::fprintf(stderr, "bench_load: %s\n", qPrintable(why));
    return 1;
}

int intOf(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    return parser.value(option).toInt();
}

} // namespace

int main(int argc, char *argv[])
{
    raiseFileLimit();
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"The chat server's load generator: setup, throughput, connect, reconnect, report."_s);
    parser.addHelpOption();
    Options options;
    parser.addOptions({ options.server, options.usersFile, options.users, options.out,
        options.concurrency, options.pairs, options.window, options.messages, options.bodyBytes,
        options.clients, options.readyFile, options.backoffBase, options.backoffCap,
        options.serverPid, options.label, options.name, options.strict, options.check });
    parser.addPositionalArgument(
        u"command"_s, u"setup, throughput, connect, reconnect or report"_s);
    parser.process(app);
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        parser.showHelp(2);
    const QString command = positional.first();

    if (command == u"report"_s) {
        if (positional.size() != 2)
            return fail(u"report takes the file of results"_s);
        return printReport(positional[1], parser.isSet(options.check));
    }

    RunContext context;
    context.server = QUrl(parser.value(options.server));
    if (!context.server.isValid() || context.server.host().isEmpty())
        return fail(u"--server http://host:port is required"_s);
    context.label = parser.value(options.label);
    context.serverPid = parser.value(options.serverPid).toLongLong();
    context.strict = parser.isSet(options.strict);
    context.clock.start();

    if (command == u"setup"_s) {
        if (!parser.isSet(options.out))
            return fail(u"setup needs --out"_s);
        auto users = signUp(context.server, intOf(parser, options.users),
            std::max(1, intOf(parser, options.concurrency)), context.waiter);
        if (!users)
            return fail(users.error().message);
        if (auto saved = userpool::save(parser.value(options.out), users.value()); !saved)
            return fail(saved.error().message);
        return 0;
    }

    auto users = userpool::load(parser.value(options.usersFile));
    if (!users)
        return fail(users.error().message);
    context.users = users.value();

    std::optional<QJsonObject> result;
    if (command == u"throughput"_s) {
        result = runThroughput(context,
            { .pairs = intOf(parser, options.pairs),
                .window = intOf(parser, options.window),
                .messages = intOf(parser, options.messages),
                .bodyBytes = intOf(parser, options.bodyBytes) });
    } else if (command == u"connect"_s || command == u"reconnect"_s) {
        const StormOptions storm { .clients = intOf(parser, options.clients),
            .readyFile = parser.value(options.readyFile),
            .backoffBase = std::chrono::milliseconds(intOf(parser, options.backoffBase)),
            .backoffCap = std::chrono::milliseconds(intOf(parser, options.backoffCap)) };
        if (command == u"reconnect"_s && storm.readyFile.isEmpty())
            return fail(u"reconnect needs --ready-file"_s);
        result = command == u"connect"_s ? runConnectStorm(context, storm)
                                         : runReconnectStorm(context, storm);
    } else {
        return fail(u"unknown command %1"_s.arg(command));
    }
    // Sockets replaced by a reconnect went with deleteLater(): gone before the leak check.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    if (!result)
        return fail(u"%1 against %2 failed: %3"_s.arg(command, context.label, context.error));
    if (parser.isSet(options.name))
        result->insert(u"name"_s, parser.value(options.name));
    std::printf("%s\n", QJsonDocument(*result).toJson(QJsonDocument::Compact).constData());
    return 0;
}
