// Group fan-out, measured: one message in a group of N members, every member online. chatd
// runs as a separate process (the real binary, a free port, a temporary database), so its
// CPU can be read from /proc/<pid> alone, without this load generator's.
//
// N users sign up (--login-burst/--login-rate lift chatd's sign-in throttle), user 0 creates
// one group with all the others, and each member connects one WebSocket. Once every socket
// is ready and presence has settled (user 0 saw the other N-1 come online, then a ping
// round trip on every socket), user 0 sends M messages over its socket, one at a time: the
// next only after every other member has the last one and user 0 has its ack. Printed:
// per message, the time from the send to the first, the median and the last member's
// `message` frame, and to the ack; then the median and max time to the last member,
// deliveries/s, and chatd's CPU (utime+stime of /proc/<pid>/stat, and the finer
// schedstat) over the send phase per delivery (M x (N-1) deliveries); chatd's VmRSS before
// and after the sockets connect.
//
// Its own REST calls and sockets, not the test fixtures: QTest::qWaitFor sleeps up to
// 10 ms between checks, which would show up in every arrival time. Sockets note only the
// arrival time of the frame that carries the awaited clientId (a substring test); other
// frames (ready, presence, pong) are parsed, but none are expected while a message is timed.
//   bench_groupfanout [members=1000] [messages=20]
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int ConnectWindow = 32; // Upgrades in flight: chatd's listen backlog is 50.
constexpr int StepTimeoutMs = 120000;

QString procFile(qint64 pid, const QString &name)
{
    QFile file(u"/proc/%1/%2"_s.arg(pid).arg(name));
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()) : QString();
}

//! utime+stime of all the process' threads, in seconds (clock-tick resolution).
double cpuSeconds(qint64 pid)
{
    // The fields after the command name, which is in parentheses and may hold spaces:
    // utime and stime are fields 14 and 15 of the line, so 11 and 12 after ')'.
    const QString stat = procFile(pid, u"stat"_s);
    const QStringList fields = stat.mid(stat.lastIndexOf(u')') + 2).split(u' ');
    if (fields.size() < 13)
        return -1;
    return (fields[11].toDouble() + fields[12].toDouble()) / double(sysconf(_SC_CLK_TCK));
}

//! Time on a CPU of all the process' threads, in seconds (nanosecond resolution).
double schedSeconds(qint64 pid)
{
    qint64 nanos = 0;
    const QString tasks = u"/proc/%1/task"_s.arg(pid);
    for (const QString &task : QDir(tasks).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        nanos += procFile(pid, u"task/%1/schedstat"_s.arg(task)).section(u' ', 0, 0).toLongLong();
    return nanos / 1e9;
}

QString residentSize(qint64 pid)
{
    static const QRegularExpression rss(u"VmRSS:\\s*(\\d+ kB)"_s);
    return rss.match(procFile(pid, u"status"_s)).captured(1);
}

void raiseFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

struct Member
{
    QString token;
    qint64 userId = 0;
    std::unique_ptr<QWebSocket> socket;
    bool ready = false;
    qint64 arrivedNs = -1; //!< When the awaited frame came (user 0: the ack), or -1.
};

class Bench
{
public:
    Bench(int members, int messages)
        : m_members(members)
        , m_messageCount(messages)
    { }
    ~Bench();

    int run();

private:
    bool startChatd();
    bool signUp();
    bool createGroup();
    bool connectSockets();
    bool settle();
    bool sendMessages();
    bool shutDown();

    bool fail(const QString &what);
    //! Runs the event loop until `done` holds (checked after every frame, reply and
    //! process event), an error was noted, chatd ended, or the timeout passed.
    bool waitUntil(const std::function<bool()> &done, int timeoutMs = StepTimeoutMs);
    void wake()
    {
        if (m_wake)
            m_wake();
    }
    std::optional<QJsonObject> post(
        const QString &path, const QJsonObject &body, const QString &token, int expectedStatus);
    void openSocket(int index);
    void onFrame(int index, const QString &text);

    std::vector<Member> m_members;
    int m_messageCount;
    QTemporaryDir m_directory;
    QProcess m_chatd;
    QByteArray m_chatdLog;
    quint16 m_port = 0;
    QNetworkAccessManager m_network;
    qint64 m_conversationId = 0;
    QElapsedTimer m_clock;
    std::function<void()> m_wake;
    QString m_error; //!< Set by a frame or disconnect that ends the run.
    bool m_closing = false;

    int m_opened = 0;
    int m_ready = 0;
    int m_pongs = 0;
    QSet<qint64> m_seenOnline; //!< Whom user 0 was told came online.
    QString m_marker; //!< `"clientId":"..."` of the message in flight; empty when none.
    int m_arrived = 0; //!< Members other than user 0 that have the message in flight.
};

Bench::~Bench()
{
    m_wake = nullptr;
    // ~QWebSocket emits disconnected(): nothing of ours may run then.
    for (Member &member : m_members) {
        if (member.socket)
            member.socket->disconnect();
    }
    if (m_chatd.state() != QProcess::NotRunning) {
        m_chatd.kill();
        m_chatd.waitForFinished(5000);
    }
}

bool Bench::fail(const QString &what)
{
    std::fprintf(stderr, "bench_groupfanout: %s\n", qPrintable(what));
    if (!m_error.isEmpty())
        std::fprintf(stderr, "  %s\n", qPrintable(m_error));
    if (m_chatd.state() == QProcess::NotRunning)
        std::fprintf(stderr, "  chatd ended (exit code %d)\n", m_chatd.exitCode());
    m_chatdLog += m_chatd.readAllStandardError();
    std::fprintf(stderr, "--- end of chatd's log:\n%s\n", m_chatdLog.right(2000).constData());
    return false;
}

bool Bench::waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QEventLoop loop;
    const auto finished = [&] {
        return done() || !m_error.isEmpty() || m_chatd.state() == QProcess::NotRunning;
    };
    if (!finished()) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        m_wake = [&] {
            if (finished())
                loop.quit();
        };
        loop.exec();
        m_wake = nullptr;
    }
    return done() && m_error.isEmpty();
}

int Bench::run()
{
    m_clock.start();
    const bool ok = startChatd() && signUp() && createGroup() && connectSockets() && settle()
        && sendMessages();
    const bool stopped = shutDown();
    return ok && stopped ? 0 : 1;
}

bool Bench::startChatd()
{
    if (!m_directory.isValid())
        return fail(u"no temporary directory: %1"_s.arg(m_directory.errorString()));
    // chatd's log goes to stderr in Qt's default pattern, whatever this environment says.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"QT_LOGGING_RULES"_s);
    environment.remove(u"QT_MESSAGE_PATTERN"_s);
    environment.insert(u"QT_FORCE_STDERR_LOGGING"_s, u"1"_s);
    m_chatd.setProcessEnvironment(environment);
    // Registering and logging in: two attempts per member, all from 127.0.0.1.
    const QString attempts = QString::number(2 * m_members.size() + 10);
    // Every member's socket comes from 127.0.0.1 too: past both per-address caps.
    const QString connections = QString::number(m_members.size() + 64);
    m_chatd.start(QStringLiteral(CHATD_PATH),
        { u"--port"_s, u"0"_s, u"--db"_s, m_directory.filePath(u"fanout.sqlite3"_s),
            u"--login-burst"_s, attempts, u"--login-rate"_s, attempts,
            u"--max-connections-per-address"_s, connections, u"--max-sockets-per-address"_s,
            connections });
    // Keep the log's tail for failures; reading it also keeps chatd from blocking on a
    // full pipe.
    QObject::connect(&m_chatd, &QProcess::readyReadStandardError, [this] {
        m_chatdLog = QByteArray(m_chatdLog + m_chatd.readAllStandardError()).right(64 * 1024);
        static const QRegularExpression listening(u"listening on http://127\\.0\\.0\\.1:(\\d+)"_s);
        if (m_port == 0)
            m_port = quint16(listening.match(QString::fromUtf8(m_chatdLog)).captured(1).toUInt());
        wake();
    });
    QObject::connect(&m_chatd, &QProcess::finished, [this] { wake(); });
    if (!m_chatd.waitForStarted())
        return fail(
            u"cannot start %1: %2"_s.arg(QStringLiteral(CHATD_PATH), m_chatd.errorString()));
    if (!waitUntil([this] { return m_port != 0; }, 10000))
        return fail(u"chatd did not log the port it listens on"_s);
    std::fprintf(stderr, "chatd (pid %lld) listening on port %d, database in %s\n",
        m_chatd.processId(), m_port, qPrintable(m_directory.path()));
    return true;
}

std::optional<QJsonObject> Bench::post(
    const QString &path, const QJsonObject &body, const QString &token, int expectedStatus)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/api/v1%2"_s.arg(m_port).arg(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    std::unique_ptr<QNetworkReply> reply(
        m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)));
    QObject::connect(reply.get(), &QNetworkReply::finished, [this] { wake(); });
    if (!waitUntil([&reply] { return reply->isFinished(); }, 30000)) {
        fail(u"POST %1: no answer"_s.arg(path));
        return std::nullopt;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray answer = reply->readAll();
    if (status != expectedStatus) {
        fail(u"POST %1: status %2 (%3)"_s.arg(path).arg(status).arg(QString::fromUtf8(answer)));
        return std::nullopt;
    }
    return QJsonDocument::fromJson(answer).object();
}

bool Bench::signUp()
{
    QElapsedTimer timer;
    timer.start();
    for (size_t i = 0; i < m_members.size(); ++i) {
        const QJsonObject credentials { { u"username"_s, u"member%1"_s.arg(i) },
            { u"password"_s, u"violet-kettle-42"_s } };
        if (!post(u"/register"_s, credentials, {}, 201))
            return false;
        const auto session = post(u"/login"_s, credentials, {}, 200);
        if (!session)
            return false;
        m_members[i].token = session->value(u"token"_s).toString();
        m_members[i].userId = session->value(u"user"_s).toObject().value(u"id"_s).toInteger();
        if ((i + 1) % 100 == 0 || i + 1 == m_members.size())
            std::fprintf(stderr, "signed up %zu of %zu users\n", i + 1, m_members.size());
    }
    std::fprintf(stderr, "sign-up: %.1f s (an Argon2id hash for each register and login)\n",
        timer.elapsed() / 1000.0);
    return true;
}

bool Bench::createGroup()
{
    QJsonArray others;
    for (size_t i = 1; i < m_members.size(); ++i)
        others.append(m_members[i].userId);
    const QJsonObject body { { u"clientId"_s, u"fanout-group"_s }, { u"title"_s, u"Fan-out"_s },
        { u"memberIds"_s, others } };
    const auto created = post(u"/groups"_s, body, m_members[0].token, 201);
    if (!created)
        return false;
    m_conversationId = created->value(u"conversation"_s).toObject().value(u"id"_s).toInteger();
    return true;
}

void Bench::openSocket(int index)
{
    Member &member = m_members[size_t(index)];
    member.socket = std::make_unique<QWebSocket>();
    QWebSocket *socket = member.socket.get();
    QObject::connect(socket, &QWebSocket::textMessageReceived,
        [this, index](const QString &text) { onFrame(index, text); });
    QObject::connect(socket, &QWebSocket::disconnected, [this, index, socket] {
        if (!m_closing && m_error.isEmpty()) {
            m_error = u"member %1's socket closed: %2 %3"_s.arg(index)
                          .arg(socket->closeCode())
                          .arg(socket->closeReason());
        }
        wake();
    });
    QNetworkRequest request(QUrl(u"ws://127.0.0.1:%1/api/v1/ws"_s.arg(m_port)));
    request.setRawHeader("Authorization", "Bearer " + member.token.toLatin1());
    socket->open(request);
    ++m_opened;
}

void Bench::onFrame(int index, const QString &text)
{
    Member &member = m_members[size_t(index)];
    if (!m_marker.isEmpty() && text.contains(m_marker)) {
        if (member.arrivedNs < 0) {
            member.arrivedNs = m_clock.nsecsElapsed();
            if (index != 0)
                ++m_arrived;
        }
        wake();
        return;
    }
    const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = frame.value(u"type"_s).toString();
    if (type == u"ready"_s && !member.ready) {
        member.ready = true;
        ++m_ready;
        // Keep ConnectWindow upgrades in flight until every member has a socket.
        if (index != 0 && m_opened < int(m_members.size()))
            openSocket(m_opened);
    } else if (type == u"pong"_s) {
        ++m_pongs;
    } else if (type == u"presence"_s && index == 0 && frame.value(u"online"_s).toBool()) {
        m_seenOnline.insert(frame.value(u"userId"_s).toInteger());
    } else if (type == u"error"_s) {
        m_error = u"member %1 got an error frame: %2"_s.arg(index).arg(text);
    }
    wake();
}

bool Bench::connectSockets()
{
    std::fprintf(stderr, "chatd VmRSS before the sockets connect: %s\n",
        qPrintable(residentSize(m_chatd.processId())));
    QElapsedTimer timer;
    timer.start();
    // User 0 first, so that it is online when each of the others comes online.
    openSocket(0);
    if (!waitUntil([this] { return m_ready == 1; }))
        return fail(u"user 0's socket did not become ready"_s);
    while (m_opened < std::min(int(m_members.size()), 1 + ConnectWindow))
        openSocket(m_opened);
    const int total = int(m_members.size());
    if (!waitUntil([this, total] { return m_ready == total; }))
        return fail(u"%1 of %2 sockets ready"_s.arg(m_ready).arg(total));
    std::fprintf(stderr, "%d sockets ready in %.2f s\n", total, timer.elapsed() / 1000.0);
    return true;
}

bool Bench::settle()
{
    QElapsedTimer timer;
    timer.start();
    const qsizetype others = qsizetype(m_members.size()) - 1;
    if (!waitUntil([this, others] { return m_seenOnline.size() == others; }))
        return fail(
            u"user 0 saw %1 of %2 others come online"_s.arg(m_seenOnline.size()).arg(others));
    // The same presence flushes went to every socket; a round trip on each proves they
    // arrived, and that nothing else is left in flight.
    m_pongs = 0;
    for (Member &member : m_members)
        member.socket->sendTextMessage(u"{\"type\":\"ping\",\"id\":\"settle\"}"_s);
    const int total = int(m_members.size());
    if (!waitUntil([this, total] { return m_pongs == total; }))
        return fail(u"%1 of %2 pongs"_s.arg(m_pongs).arg(total));
    std::fprintf(stderr, "presence settled in %.2f s; chatd VmRSS with %d sockets: %s\n",
        timer.elapsed() / 1000.0, total, qPrintable(residentSize(m_chatd.processId())));
    return true;
}

bool Bench::sendMessages()
{
    const qint64 pid = m_chatd.processId();
    const int others = int(m_members.size()) - 1;
    std::vector<double> lastMs;
    rusage selfBefore {};
    getrusage(RUSAGE_SELF, &selfBefore);
    const double cpuBefore = cpuSeconds(pid);
    const double schedBefore = schedSeconds(pid);
    const qint64 phaseStart = m_clock.nsecsElapsed();
    for (int k = 0; k < m_messageCount; ++k) {
        for (Member &member : m_members)
            member.arrivedNs = -1;
        m_arrived = 0;
        const QString clientId = u"fanout-%1"_s.arg(k);
        m_marker = u"\"clientId\":\"%1\""_s.arg(clientId);
        const QJsonObject send { { u"type"_s, u"send"_s }, { u"id"_s, clientId },
            { u"conversationId"_s, m_conversationId }, { u"clientId"_s, clientId },
            { u"body"_s, u"Fan-out message %1"_s.arg(k) } };
        QWebSocket &sender = *m_members[0].socket;
        const qint64 sentNs = m_clock.nsecsElapsed();
        sender.sendTextMessage(
            QString::fromUtf8(QJsonDocument(send).toJson(QJsonDocument::Compact)));
        sender.flush();
        if (!waitUntil(
                [this, others] { return m_arrived == others && m_members[0].arrivedNs >= 0; }))
            return fail(u"message %1: %2 of %3 members got it"_s.arg(k).arg(m_arrived).arg(others));
        std::vector<double> ms;
        for (size_t i = 1; i < m_members.size(); ++i)
            ms.push_back((m_members[i].arrivedNs - sentNs) / 1e6);
        const auto [first, last] = std::minmax_element(ms.begin(), ms.end());
        std::printf("message %2d: first member %7.2f ms, median %7.2f ms, last %7.2f ms, "
                    "ack %7.2f ms\n",
            k, *first, median(ms), *last, (m_members[0].arrivedNs - sentNs) / 1e6);
        lastMs.push_back(*last);
    }
    m_marker.clear();
    const double seconds = (m_clock.nsecsElapsed() - phaseStart) / 1e9;
    const double cpu = cpuSeconds(pid) - cpuBefore;
    const double sched = schedSeconds(pid) - schedBefore;
    rusage selfAfter {};
    getrusage(RUSAGE_SELF, &selfAfter);
    const auto userSystem = [](const rusage &usage) {
        return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
            + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    };
    const double deliveries = double(m_messageCount) * others;
    std::printf("%zu members, %d messages one at a time: time to the last member median %.2f ms, "
                "max %.2f ms\n",
        m_members.size(), m_messageCount, median(lastMs),
        *std::max_element(lastMs.begin(), lastMs.end()));
    std::printf("%.0f deliveries in %.3f s: %.0f deliveries/s\n", deliveries, seconds,
        deliveries / seconds);
    std::printf("chatd CPU over the send phase: %.2f s by /proc stat (%.0f us per delivery), "
                "%.3f s by schedstat (%.2f us per delivery)\n",
        cpu, cpu * 1e6 / deliveries, sched, sched * 1e6 / deliveries);
    std::printf("this load generator's CPU meanwhile: %.2f s\n",
        userSystem(selfAfter) - userSystem(selfBefore));
    return true;
}

bool Bench::shutDown()
{
    m_closing = true;
    for (Member &member : m_members) {
        if (member.socket)
            member.socket->close();
    }
    waitUntil(
        [this] {
            return std::all_of(m_members.begin(), m_members.end(), [](const Member &member) {
                return !member.socket
                    || member.socket->state() == QAbstractSocket::UnconnectedState;
            });
        },
        10000);
    if (m_chatd.state() == QProcess::NotRunning)
        return fail(u"chatd ended before it was told to stop"_s);
    m_chatd.terminate(); // SIGTERM: chatd stops gracefully.
    if (!m_chatd.waitForFinished(10000) || m_chatd.exitCode() != 0)
        return fail(u"chatd did not stop cleanly on SIGTERM"_s);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    // One descriptor per socket, here and in chatd, which inherits the raised limit.
    raiseFileLimit();
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // Results and stderr's progress in order.
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int members = args.size() > 1 ? args[1].toInt() : 1000;
    const int messages = args.size() > 2 ? args[2].toInt() : 20;
    if (members < 2 || messages < 1) {
        std::fprintf(stderr,
            "usage: bench_groupfanout [members>=2, default 1000] "
            "[messages>=1, default 20]\n");
        return 2;
    }
    Bench bench(members, messages);
    return bench.run();
}
