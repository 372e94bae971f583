// History pages, measured (issue 13: "a 200-message history page: p99 at most 2 ms on
// 1,000,000 stored messages"). A temporary database is filled with N messages (default
// 1,000,000) through Store::insertMessages() in transactions of 5,000, spread evenly over
// one group of 50 and 20 direct conversations of one reader (fillCorpus: one message in
// 20 a reply, and per batch 4 reactions and an edit, each a transaction of its own).
// Then pages of 200 (`limit=200`) are timed, of two kinds: the newest page of a random
// conversation, and a page `before` a random message of a random conversation (uniform
// over its history, so mostly deep in it). Each kind two ways:
//  1. In this process, on the filled Store: the two store calls of ChatService::history
//     (the reader's membership, then Store::history), and the same plus the page encoded
//     to the bytes the route sends (json::historyPageJson, shared/messagejsonwriter.h).
//  2. End to end: the real chatd started on the filled file (127.0.0.1, a free port),
//     the reader signed in over REST, then GET /api/v1/conversations/{id}/messages?
//     limit=200[&before=ID] on one keep-alive HTTP/1.1 connection, timed from the request
//     written to the last byte of the answer read (authentication, routing, the store,
//     JSON and both sides' loopback TCP included; this client's own parsing not), and
//     chatd's CPU time per page (/proc schedstat), which other work on the machine does
//     not inflate as it does the times.
// The database is in the OS page cache throughout (it was just written). Prints the fill
// rate, the database size and p50/p90/p99/max in ms per kind; `--json` adds one JSON line.
//   bench_history [--short] [--json] [messages=1000000] [pages=2000]
//   bench_history --short    (5,000 messages, 100 pages of each kind: seconds, for CI)
#include "corpus.h"
#include "load/percentiles.h"

#include <server/services/passwordhasher.h>
#include <server/store/store.h>
#include <shared/messagejsonwriter.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;
using namespace chat;
using server::Store;

namespace {

constexpr int PageSize = 200;
//! Pages of each kind asked for untimed first, each way: the statements prepared and
//! cached, the connection warm.
constexpr int Warmup = 50;
const QString Password = u"violet-kettle-42"_s;

//! Says what went wrong; false, for the steps that answer whether they worked.
bool failed(const QString &what)
{
    std::fprintf(stderr, "bench_history: %s\n", qPrintable(what));
    return false;
}

int fail(const QString &what)
{
    failed(what);
    return 1;
}

//! Which page to ask for: a conversation, and the id to read before (none: the newest).
struct PageRequest
{
    qint64 conversationId = 0;
    std::optional<qint64> before;
};

//! Draws the pages of both kinds from the corpus, the same sequence for both ways.
class PageDraw
{
public:
    explicit PageDraw(const bench::Corpus &corpus)
        : m_corpus(corpus)
    { }

    PageRequest newest() { return { m_corpus.conversations.at(slot()), std::nullopt }; }
    PageRequest deep()
    {
        const qsizetype at = slot();
        const QList<qint64> &ids = m_corpus.messageIds.at(at);
        return { m_corpus.conversations.at(at),
            ids.at(qsizetype(m_random.bounded(quint64(ids.size())))) };
    }

private:
    qsizetype slot() { return qsizetype(m_random.bounded(quint64(m_corpus.conversations.size()))); }

    const bench::Corpus &m_corpus;
    QRandomGenerator m_random { 23 };
};

//! The times of one kind of page, and how many messages the pages held.
struct Series
{
    const char *label;
    std::vector<double> milliseconds;
    qint64 messages = 0;
    qint64 bytes = 0;
    bench::Percentiles figures;

    void add(qint64 nanoseconds, qsizetype pageMessages, qsizetype pageBytes = 0)
    {
        milliseconds.push_back(double(nanoseconds) / 1e6);
        messages += pageMessages;
        bytes += pageBytes;
    }
    void print()
    {
        figures = bench::percentilesOf(milliseconds);
        std::printf("  %-42s p50 %6.3f  p90 %6.3f  p99 %6.3f  max %7.3f ms  (%zu pages, %.0f "
                    "messages",
            label, figures.p50, figures.p90, figures.p99, figures.max, milliseconds.size(),
            double(messages) / double(milliseconds.size()));
        if (bytes > 0)
            std::printf(", %.1f KB", double(bytes) / double(milliseconds.size()) / 1000.0);
        std::printf(" per page)\n");
    }
    [[nodiscard]] QJsonObject toJson() const
    {
        QJsonObject object = figures.toJson();
        object.insert(u"pages"_s, qint64(milliseconds.size()));
        return object;
    }
};

//! Times `pages` store calls of each kind (after Warmup of each untimed), with and
//! without the encoding; false when one failed.
bool measureInProcess(
    const Store &store, const bench::Corpus &corpus, int pages, std::vector<Series> &results)
{
    const qint64 reader = corpus.users.at(0);
    PageDraw draw(corpus);
    Series storeNewest { "store: newest page" };
    Series storeDeep { "store: page before a random message" };
    Series encodedNewest { "store + JSON: newest page" };
    Series encodedDeep { "store + JSON: page before a random message" };
    for (int i = 0; i < 2 * (Warmup + pages); ++i) {
        const bool deep = i % 2 == 1;
        const PageRequest request = deep ? draw.deep() : draw.newest();
        QElapsedTimer timer;
        timer.start();
        auto membership = store.membership(request.conversationId, reader);
        if (!membership)
            return failed(u"membership: "_s + membership.error().message);
        if (!membership.value())
            return failed(u"the reader is not in %1"_s.arg(request.conversationId));
        auto page = store.history(
            request.conversationId, request.before, PageSize, membership.value()->visible);
        const qint64 stored = timer.nsecsElapsed();
        if (!page)
            return failed(u"history: "_s + page.error().message);
        const QByteArray bytes = json::historyPageJson(page.value());
        const qint64 encoded = timer.nsecsElapsed();
        if (page->hasMore && page->messages.size() != PageSize)
            return failed(u"a page of %1 with more to come"_s.arg(page->messages.size()));
        if (i < 2 * Warmup)
            continue;
        (deep ? storeDeep : storeNewest).add(stored, page->messages.size());
        (deep ? encodedDeep : encodedNewest).add(encoded, page->messages.size(), bytes.size());
    }
    for (Series *series : { &storeNewest, &storeDeep, &encodedNewest, &encodedDeep })
        results.push_back(std::move(*series));
    return true;
}

//! HTTP/1.1 over one TCP connection that stays open: requests one at a time, answers
//! read by their Content-Length. Never reconnects, so every request is timed on the
//! same connection; a closed connection is an error.
class KeepAliveClient
{
public:
    struct Response
    {
        int status = 0;
        QByteArray body;
    };

    bool connectTo(quint16 port)
    {
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_socket.connectToHost(u"127.0.0.1"_s, port);
        m_port = port;
        if (!m_socket.waitForConnected(10000))
            return noteError(u"connect: "_s + m_socket.errorString());
        return true;
    }

    std::optional<Response> request(const QByteArray &method, const QByteArray &target,
        const QByteArray &token, const QByteArray &body = {})
    {
        if (m_socket.state() != QAbstractSocket::ConnectedState) {
            noteError(u"the connection was closed"_s);
            return std::nullopt;
        }
        QByteArray head = method + ' ' + target
            + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port) + "\r\n";
        if (!token.isEmpty())
            head += "Authorization: Bearer " + token + "\r\n";
        if (!body.isEmpty()) {
            head += "Content-Type: application/json\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n";
        }
        m_socket.write(head + "\r\n" + body);
        return readResponse();
    }

    [[nodiscard]] const QString &error() const { return m_error; }

private:
    bool noteError(const QString &error)
    {
        m_error = error;
        return false;
    }

    //! Reads until `enough` holds; false on a timeout or a closed connection.
    bool fill(const std::function<bool()> &enough)
    {
        while (!enough()) {
            if (!m_socket.waitForReadyRead(30000))
                return noteError(u"no answer: "_s + m_socket.errorString());
            m_buffer += m_socket.readAll();
        }
        return true;
    }

    std::optional<Response> readResponse()
    {
        qsizetype headEnd = -1;
        if (!fill([&] { return (headEnd = m_buffer.indexOf("\r\n\r\n")) >= 0; }))
            return std::nullopt;
        const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
        Response response;
        response.status = lines.first().split(' ').value(1).toInt();
        qsizetype length = -1;
        for (const QByteArray &line : lines.mid(1)) {
            const qsizetype colon = line.indexOf(':');
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                length = value.toLongLong();
            else if (name == "connection" && value.toLower() == "close")
                noteError(u"the server closes the connection after this answer"_s);
            else if (name == "transfer-encoding")
                noteError(u"an answer in Transfer-Encoding %1, not read here"_s.arg(
                    QString::fromLatin1(value)));
        }
        if (!m_error.isEmpty())
            return std::nullopt;
        if (length < 0) {
            noteError(u"an answer without Content-Length"_s);
            return std::nullopt;
        }
        const qsizetype total = headEnd + 4 + length;
        if (!fill([&] { return m_buffer.size() >= total; }))
            return std::nullopt;
        response.body = m_buffer.mid(headEnd + 4, length);
        m_buffer.remove(0, total);
        return response;
    }

    QTcpSocket m_socket;
    quint16 m_port = 0;
    QByteArray m_buffer;
    QString m_error;
};

//! chatd run as a child on the filled file, its log in a file beside it (a pipe nobody
//! reads could fill and stall it); stopped with SIGTERM.
class Chatd
{
public:
    explicit Chatd(const QString &logPath)
        : m_logPath(logPath)
    { }
    ~Chatd()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    //! Starts it and waits for the port it logs; 0 when it did not come up.
    quint16 start(const QString &database)
    {
        // The log in Qt's default pattern, with the "listening on" line, whatever this
        // environment (ctest's) says.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(u"QT_LOGGING_RULES"_s);
        environment.remove(u"QT_MESSAGE_PATTERN"_s);
        environment.insert(u"QT_FORCE_STDERR_LOGGING"_s, u"1"_s);
        m_process.setProcessEnvironment(environment);
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_process.setStandardErrorFile(m_logPath);
        m_process.start(QStringLiteral(CHATD_PATH), { u"--port"_s, u"0"_s, u"--db"_s, database });
        if (!m_process.waitForStarted())
            return 0;
        static const QRegularExpression listening(u"listening on http://127\\.0\\.0\\.1:(\\d+)"_s);
        QElapsedTimer waited;
        waited.start();
        // Polled: the log is a file. waitForFinished doubles as the pause and notices an exit.
        while (!m_process.waitForFinished(20) && waited.elapsed() < 60000) {
            const auto port = listening.match(log()).captured(1).toUInt();
            if (port != 0)
                return quint16(port);
        }
        return 0;
    }

    bool stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return false;
        m_process.terminate(); // SIGTERM: chatd stops gracefully
        return m_process.waitForFinished(10000) && m_process.exitStatus() == QProcess::NormalExit
            && m_process.exitCode() == 0;
    }

    [[nodiscard]] qint64 pid() const { return m_process.processId(); }
    //! Time on a CPU of all its threads so far, in ms (schedstat: nanosecond resolution).
    //! Unlike the times of the requests, the machine's other work does not add to it.
    [[nodiscard]] double cpuMilliseconds() const
    {
        const QString tasks = u"/proc/%1/task"_s.arg(pid());
        qint64 nanoseconds = 0;
        for (const QString &task : QDir(tasks).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile schedstat(tasks + u'/' + task + u"/schedstat"_s);
            if (schedstat.open(QIODevice::ReadOnly))
                nanoseconds += schedstat.readAll().split(' ').value(0).toLongLong();
        }
        return double(nanoseconds) / 1e6;
    }
    [[nodiscard]] QString log() const
    {
        QFile file(m_logPath);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

private:
    QString m_logPath;
    QProcess m_process;
};

//! Times `pages` GETs of each kind over one keep-alive connection to `chatd`, after
//! Warmup of each untimed; the answers are checked to be 200 with a full page. Notes
//! chatd's CPU time per timed page in `cpuPerPage`.
bool measureOverHttp(const Chatd &chatd, quint16 port, const bench::Corpus &corpus, int pages,
    std::vector<Series> &results, double &cpuPerPage)
{
    KeepAliveClient client;
    if (!client.connectTo(port))
        return failed(client.error());
    const QJsonObject credentials { { u"username"_s, u"user0"_s }, { u"password"_s, Password } };
    const auto signedIn = client.request(
        "POST", "/api/v1/login", {}, QJsonDocument(credentials).toJson(QJsonDocument::Compact));
    if (!signedIn || signedIn->status != 200) {
        return failed(u"login: %1 %2"_s.arg(signedIn ? signedIn->status : 0)
                          .arg(signedIn ? QString::fromUtf8(signedIn->body) : client.error()));
    }
    const QByteArray token
        = QJsonDocument::fromJson(signedIn->body).object().value(u"token"_s).toString().toLatin1();

    PageDraw draw(corpus);
    Series newest { "HTTP: newest page" };
    Series deep { "HTTP: page before a random message" };
    double cpuAtStart = 0;
    for (int i = 0; i < 2 * (Warmup + pages); ++i) {
        if (i == 2 * Warmup)
            cpuAtStart = chatd.cpuMilliseconds();
        const bool deepPage = i % 2 == 1;
        const PageRequest request = deepPage ? draw.deep() : draw.newest();
        QByteArray target = "/api/v1/conversations/" + QByteArray::number(request.conversationId)
            + "/messages?limit=" + QByteArray::number(PageSize);
        if (request.before)
            target += "&before=" + QByteArray::number(*request.before);
        QElapsedTimer timer;
        timer.start();
        const auto answer = client.request("GET", target, token);
        const qint64 elapsed = timer.nsecsElapsed();
        if (!answer)
            return failed(u"GET %1: %2"_s.arg(QString::fromLatin1(target), client.error()));
        const QJsonObject page = QJsonDocument::fromJson(answer->body).object();
        const auto messages = page.value(u"messages"_s).toArray().size();
        if (answer->status != 200 || (page.value(u"hasMore"_s).toBool() && messages != PageSize)) {
            return failed(u"GET %1: %2 %3"_s.arg(QString::fromLatin1(target))
                              .arg(answer->status)
                              .arg(QString::fromUtf8(answer->body.left(300))));
        }
        if (i < 2 * Warmup)
            continue;
        (deepPage ? deep : newest).add(elapsed, messages, answer->body.size());
    }
    cpuPerPage = (chatd.cpuMilliseconds() - cpuAtStart) / (2 * pages);
    results.push_back(std::move(newest));
    results.push_back(std::move(deep));
    return true;
}

double databaseMegabytes(const QString &path)
{
    return double(QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size()) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // results and stderr's progress in order
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    const bool brief = args.removeAll(u"--short"_s) > 0;
    const bool asJson = args.removeAll(u"--json"_s) > 0;
    const int total = args.size() > 0 ? args[0].toInt() : brief ? 5000 : 1'000'000;
    const int pages = args.size() > 1 ? args[1].toInt() : brief ? 100 : 2000;
    if (total < 1 || pages < 1) {
        std::fprintf(stderr, "usage: bench_history [--short] [--json] [messages>=1] [pages>=1]\n");
        return 2;
    }
    QTemporaryDir directory;
    if (!directory.isValid())
        return fail(u"no temporary directory: "_s + directory.errorString());
    const QString path = directory.filePath(u"history.sqlite3"_s);

    // The reader's password hashed as chatd hashes it, so that chatd lets them sign in.
    auto hash = server::PasswordHasher().hash(Password);
    if (!hash)
        return fail(u"hash: "_s + hash.error().message);
    std::optional<bench::Corpus> corpus;
    std::vector<Series> results;
    {
        Store store;
        if (auto opened = store.open(path); !opened)
            return fail(u"open: "_s + opened.error().message);
        auto filled = bench::fillCorpus(store,
            { .messages = total,
                .readerPasswordHash = hash.value(),
                .replyEvery = 20,
                .reactionsPerBatch = 4,
                .editsPerBatch = 1 },
            "bench_history");
        if (!filled)
            return fail(u"fill: "_s + filled.error().message);
        corpus = std::move(filled.value());
        std::printf("filled %d messages (%d reactions, %d edits) in %lld conversations in %.1f s "
                    "(%.0f messages/s, search index included); database %.0f MB\n",
            total, corpus->reactions, corpus->edits, qlonglong(corpus->conversations.size()),
            corpus->fillSeconds, total / corpus->fillSeconds, databaseMegabytes(path));
        if (!measureInProcess(store, *corpus, pages, results))
            return 1;
    } // closed before chatd opens the file

    Chatd chatd(directory.filePath(u"chatd.log"_s));
    const quint16 port = chatd.start(path);
    if (port == 0) {
        std::fprintf(stderr, "--- chatd's log:\n%s\n", qPrintable(chatd.log().right(2000)));
        return fail(u"chatd did not log the port it listens on"_s);
    }
    std::fprintf(stderr, "chatd (pid %lld) listening on port %d\n", chatd.pid(), port);
    double cpuPerPage = 0;
    const bool measured = measureOverHttp(chatd, port, *corpus, pages, results, cpuPerPage);
    if (!chatd.stop()) {
        std::fprintf(stderr, "--- chatd's log:\n%s\n", qPrintable(chatd.log().right(2000)));
        return fail(u"chatd did not stop cleanly on SIGTERM"_s);
    }
    if (!measured)
        return 1;

    std::printf("pages of %d, newest first; times in ms (in process: one call at a time; "
                "HTTP: one keep-alive connection, request written to answer read):\n",
        PageSize);
    QJsonObject json { { u"messages"_s, total },
        { u"databaseMegabytes"_s, databaseMegabytes(path) },
        { u"fillMessagesPerSecond"_s, total / corpus->fillSeconds } };
    for (Series &series : results) {
        series.print();
        json.insert(QString::fromLatin1(series.label), series.toJson());
    }
    std::printf("  chatd's CPU time per page over HTTP (both kinds, all its threads): %.3f ms\n",
        cpuPerPage);
    json.insert(u"chatdCpuMillisecondsPerPage"_s, cpuPerPage);
    if (asJson)
        std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    return 0;
}
