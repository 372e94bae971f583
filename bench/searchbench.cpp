// Message search, measured: a Store on a temporary database is filled with N messages
// (default 1,000,000) of random text, written through the server's insertMessages() in
// transactions of 5,000 and so indexed for search as the server's batches are (by one
// statement per call, since schema step 9; no trigger), spread over one group of 50
// members and 20 direct conversations; then SearchService answers one-word and two-word
// queries as a member would send them, and the time of each is recorded.
// Prints the fill rate, the database size, and p50/p90/p99/max per kind of query.
//   bench_search [messages=1000000] [queries=300] [database file, default temporary]
#include "corpus.h"
#include "vocabulary.h"

#include <server/services/searchservice.h>
#include <server/store/store.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace chat;
using bench::Vocabulary;
using server::SearchService;
using server::Store;

namespace {

struct Timings
{
    QList<double> milliseconds;
    qint64 hits = 0;

    void print(const char *label)
    {
        std::sort(milliseconds.begin(), milliseconds.end());
        const auto at = [this](double q) {
            return milliseconds.at(
                std::min(int(q * milliseconds.size()), int(milliseconds.size()) - 1));
        };
        std::printf("%-28s %4lld queries: p50 %7.2f ms, p90 %7.2f ms, p99 %7.2f ms, max %7.2f ms "
                    "(%.1f hits per query on the first page)\n",
            label, qlonglong(milliseconds.size()), at(0.5), at(0.9), at(0.99), milliseconds.last(),
            double(hits) / double(milliseconds.size()));
    }
};

bool fail(const QString &what, const Error &error)
{
    std::fprintf(stderr, "bench_search: %s: %s\n", qPrintable(what), qPrintable(error.message));
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int total = args.size() > 1 ? args[1].toInt() : 1'000'000;
    const int queries = args.size() > 2 ? args[2].toInt() : 300;
    QTemporaryDir directory;
    const QString path = args.size() > 3 ? args[3] : directory.filePath(u"search.sqlite3"_s);
    if (total < 1 || queries < 1) {
        std::fprintf(stderr, "usage: bench_search [messages>=1] [queries>=1] [database]\n");
        return 2;
    }

    Store store;
    if (auto opened = store.open(path); !opened)
        return fail(u"open"_s, opened.error()) ? 0 : 1;
    // One group of 50 and 20 direct conversations, the searcher (user 0) in all.
    auto corpus = bench::fillCorpus(store, { .messages = total }, "bench_search");
    if (!corpus)
        return fail(u"fill"_s, corpus.error()) ? 0 : 1;
    const double fillSeconds = corpus->fillSeconds;
    std::printf(
        "filled %d messages in %.1f s (%.0f messages/s, index included); database %.0f MB\n", total,
        fillSeconds, total / fillSeconds,
        double(QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size()) / 1e6);

    const Vocabulary vocabulary(20000);
    QRandomGenerator random(11);
    // Queries a person would type: words drawn as they occur in the text (common ones
    // often, so many queries match tens of thousands of messages that must be ranked),
    // one or two of them, the last taken as a prefix as the service does.
    const SearchService search(store);
    const User searcher { corpus->users.at(0), u"user0"_s };
    Timings one;
    Timings two;
    for (int i = 0; i < queries; ++i) {
        const QString first = vocabulary.draw(random);
        const QString second = vocabulary.draw(random);
        for (auto [timings, text] :
            { std::pair { &one, first }, std::pair { &two, QString(first + u' ' + second) } }) {
            QElapsedTimer timer;
            timer.start();
            auto page = search.search(searcher, SearchService::Query { .text = text });
            timings->milliseconds.append(double(timer.nsecsElapsed()) / 1e6);
            if (!page)
                return fail(u"search"_s, page.error()) ? 0 : 1;
            timings->hits += page->hits.size();
        }
    }
    one.print("one word (a prefix):");
    two.print("two words (the 2nd a prefix):");
    return 0;
}
