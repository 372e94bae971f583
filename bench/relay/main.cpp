// bench_relay: the ceiling reference for bench_load, a relay with no store built from
// chatd's own socket edge and codec (see RelayServer). It logs "listening on
// http://ADDRESS:PORT" on stderr, as chatd does, and runs until SIGTERM or SIGINT.
//   bench_relay [--listen 127.0.0.1] [--port 0]
#include "relayserver.h"

#include <server/daemon/eventdispatcher.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

} // namespace

int main(int argc, char *argv[])
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    // The same event dispatcher as chatd's, so the ceiling is measured on the same edge.
    chat::server::preferUnixEventDispatcher();
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"A relay with no store: bench_load's ceiling."_s);
    parser.addHelpOption();
    const QCommandLineOption listen(
        u"listen"_s, u"Address (default 127.0.0.1)."_s, u"address"_s, u"127.0.0.1"_s);
    const QCommandLineOption port(
        u"port"_s, u"Port; 0 picks a free one (default 0)."_s, u"port"_s, u"0"_s);
    parser.addOptions({ listen, port });
    parser.process(app);

    // SIGTERM and SIGINT end the event loop, so that everything is torn down in order.
    if (::pipe(signalPipe) != 0)
        return 1;
    QSocketNotifier notifier(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);

    chat::bench::RelayServer relay;
    const QHostAddress address(parser.value(listen));
    auto bound = relay.listen(address, quint16(parser.value(port).toUInt()));
    if (!bound) {
        std::fprintf(stderr, "bench_relay: %s\n", qPrintable(bound.error().message));
        return 1;
    }
    std::fprintf(stderr, "bench_relay: listening on http://%s:%u\n", qPrintable(address.toString()),
        unsigned(bound.value()));
    std::fflush(stderr);
    return app.exec();
}
