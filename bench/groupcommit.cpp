// Group commit, measured: many WebSocket clients send as fast as their acks come back
// (a window of in-flight sends each), against one in-process server on a temporary
// database with synchronous=FULL. Prints messages/s and messages per commit, and the
// same for REST sends, which commit one by one.
//   bench_groupcommit [clients=20] [messagesPerClient=200] [window=8]
#include <server/chatserver.h>
#include <server/store/messagewriter.h>
#include <support/restclient.h>
#include <support/testserver.h>
#include <support/wsclient.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace chat;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int clients = args.size() > 1 ? args[1].toInt() : 20;
    const int perClient = args.size() > 2 ? args[2].toInt() : 200;
    const int window = args.size() > 3 ? args[3].toInt() : 8;

    test::TestServer server;
    if (!server.isRunning()) {
        std::fprintf(stderr, "server: %s\n", qPrintable(server.error()));
        return 1;
    }
    test::RestClient rest(server.url());
    const Session host = rest.signUp(u"host"_s);

    // Each client talks to "host" in its own conversation.
    std::vector<std::unique_ptr<test::WsClient>> sockets;
    QList<qint64> conversations;
    int batches = 0;
    QObject::connect(&server.server().chatService().writer(),
        &server::MessageWriter::batchCommitted, [&batches](qsizetype) { ++batches; });
    for (int i = 0; i < clients; ++i) {
        const Session session = rest.signUp(u"user%1"_s.arg(i));
        conversations << rest.openConversation(session.token, u"host"_s);
        sockets.push_back(std::make_unique<test::WsClient>());
        if (!sockets.back()->connectAndAuthenticate(server.webSocketUrl(), session.token))
            return 1;
    }

    QList<int> sent(clients, 0);
    auto topUp = [&](int client) {
        const int acked = int(sockets[client]->frames(u"ack"_s).size());
        while (sent[client] < perClient && sent[client] - acked < window) {
            sockets[client]->sendMessage(u"r%1"_s.arg(sent[client]), conversations[client],
                u"c%1-%2"_s.arg(client).arg(sent[client]), u"message %1"_s.arg(sent[client]));
            ++sent[client];
        }
    };
    QElapsedTimer timer;
    timer.start();
    batches = 0;
    const bool done = QTest::qWaitFor(
        [&] {
            bool all = true;
            for (int c = 0; c < clients; ++c) {
                topUp(c);
                all = all && sockets[c]->frames(u"ack"_s).size() >= perClient;
            }
            return all;
        },
        600000);
    const double seconds = timer.elapsed() / 1000.0;
    const int total = clients * perClient;
    std::printf("websocket: %d clients x %d messages, window %d: %s in %.2f s = %.0f msg/s, "
                "%d commits (%.1f messages per commit)\n",
        clients, perClient, window, done ? "all acked" : "TIMED OUT", seconds, total / seconds,
        batches, double(total) / std::max(1, batches));

    // REST: one request at a time, each committed on its own.
    const int restCount = 300;
    timer.restart();
    for (int i = 0; i < restCount; ++i)
        rest.sendMessage(host.token, conversations[0], u"rest-%1"_s.arg(i), u"rest %1"_s.arg(i));
    const double restSeconds = timer.elapsed() / 1000.0;
    std::printf("rest: %d sequential sends in %.2f s = %.0f msg/s (one commit each)\n", restCount,
        restSeconds, restCount / restSeconds);
    return done ? 0 : 1;
}
