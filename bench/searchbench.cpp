// Message search, measured: a Store on a temporary database is filled with N messages
// (default 1,000,000) of random text, written in large transactions through the same
// insertMessage() (and so the same FTS5 triggers) as the server, spread over one group of
// 50 members and 20 direct conversations; then SearchService answers one-word and
// two-word queries as a member would send them, and the time of each is recorded.
// Prints the fill rate, the database size, and p50/p90/p99/max per kind of query.
//   bench_search [messages=1000000] [queries=300] [database file, default temporary]
#include <server/services/searchservice.h>
#include <server/store/store.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace chat;
using server::SearchService;
using server::Store;

namespace {

//! Words of 3–9 letters from a fixed seed; drawn with a Zipf-like skew, as in real text
//! (a few words are everywhere, most are rare).
class Vocabulary
{
public:
    explicit Vocabulary(int size)
    {
        QRandomGenerator random(42);
        static const QString letters = u"abcdefghijklmnopqrstuvwxyzéèàü"_s;
        for (int i = 0; i < size; ++i) {
            QString word;
            const int length = 3 + int(random.bounded(7));
            for (int c = 0; c < length; ++c)
                word.append(letters.at(int(random.bounded(qint64(letters.size())))));
            m_words.append(word);
        }
    }

    //! Rank r is drawn with weight 1/(r+1): a rough Zipf distribution.
    [[nodiscard]] const QString &draw(QRandomGenerator &random) const
    {
        const double u = random.generateDouble();
        const int rank = int(std::pow(double(m_words.size()), u)) - 1;
        return m_words.at(std::clamp(rank, 0, int(m_words.size()) - 1));
    }

private:
    QStringList m_words;
};

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
    // Users, one group of 50 and 20 direct conversations (the searcher is in all).
    QList<qint64> users;
    for (int i = 0; i < 50; ++i) {
        auto user = store.createUser(u"user%1"_s.arg(i), "bench");
        if (!user)
            return fail(u"user"_s, user.error()) ? 0 : 1;
        users.append(user->id);
    }
    QList<qint64> conversations;
    auto group = store.createGroup(users.at(0), u"bench-group"_s, u"Everyone"_s, {}, users.mid(1));
    if (!group)
        return fail(u"group"_s, group.error()) ? 0 : 1;
    conversations.append(group->conversationId);
    for (int i = 1; i <= 20; ++i) {
        auto direct = store.openDirectConversation(users.at(0), users.at(i));
        if (!direct)
            return fail(u"direct"_s, direct.error()) ? 0 : 1;
        conversations.append(direct->conversation.id);
    }

    const Vocabulary vocabulary(20000);
    QRandomGenerator random(7);
    QElapsedTimer fill;
    fill.start();
    constexpr int Batch = 20000;
    for (int done = 0; done < total;) {
        if (auto begun = store.beginTransaction(); !begun)
            return fail(u"begin"_s, begun.error()) ? 0 : 1;
        for (int i = 0; i < Batch && done < total; ++i, ++done) {
            const int words = 3 + int(random.bounded(15));
            QStringList text;
            for (int w = 0; w < words; ++w)
                text.append(vocabulary.draw(random));
            const qint64 conversation
                = conversations.at(int(random.bounded(qint64(conversations.size()))));
            const qint64 sender = conversation == conversations.first()
                ? users.at(int(random.bounded(qint64(users.size()))))
                : users.at(0);
            auto stored
                = store.insertMessage(conversation, sender, u"b-%1"_s.arg(done), text.join(u' '));
            if (!stored)
                return fail(u"insert"_s, stored.error()) ? 0 : 1;
        }
        if (auto committed = store.commitTransaction(); !committed)
            return fail(u"commit"_s, committed.error()) ? 0 : 1;
        if (done % 200000 == 0 || done == total)
            std::fprintf(stderr, "%d messages stored\n", done);
    }
    const double fillSeconds = double(fill.elapsed()) / 1000.0;
    std::printf(
        "filled %d messages in %.1f s (%.0f messages/s, index included); database %.0f MB\n", total,
        fillSeconds, total / fillSeconds,
        double(QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size()) / 1e6);

    // Queries a person would type: words drawn as they occur in the text (common ones
    // often, so many queries match tens of thousands of messages that must be ranked),
    // one or two of them, the last taken as a prefix as the service does.
    const SearchService search(store);
    const User searcher { users.at(0), u"user0"_s };
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
