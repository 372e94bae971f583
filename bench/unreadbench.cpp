// Unread counts, measured: one reader with N unread messages (default 500,000) spread
// over 20 direct conversations and 4 groups of 11, written in large transactions through
// the same insertMessage() as the server (with a few of the reader's own texts and some
// system entries among them); then the service calls behind the two lists are timed:
// ConversationService::list (GET /conversations) and AwarenessService::contacts
// (GET /contacts). For comparison, the old row-by-row count alone (the recount of
// tst_unreadcounters) is timed on a second connection, and both lists are checked to
// count exactly N, as it does. Prints p50/p99/max in ms.
//   bench_unread [unread=500000] [repetitions=300] [database file, default temporary]
//   bench_unread --short    (5,000 unread, 50 repetitions: a few seconds, for CI)
#include <server/hub/localhub.h>
#include <server/services/awarenessservice.h>
#include <server/services/conversationservice.h>
#include <server/services/presence.h>
#include <server/store/store.h>
#include <support/storefixture.h>
#include <support/unreadrecount.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace Qt::StringLiterals;
using namespace chat;
using server::Store;

namespace {

//! Times `call` `repetitions` times; prints p50/p99/max. False when a call failed.
bool measure(const char *label, int repetitions, const std::function<bool()> &call)
{
    QList<double> milliseconds;
    for (int i = 0; i < repetitions; ++i) {
        QElapsedTimer timer;
        timer.start();
        if (!call())
            return false;
        milliseconds.append(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(milliseconds.begin(), milliseconds.end());
    const auto at = [&](double q) {
        return milliseconds.at(
            std::min(int(q * milliseconds.size()), int(milliseconds.size()) - 1));
    };
    std::printf("%-44s %4d calls: p50 %8.3f ms, p99 %8.3f ms, max %8.3f ms\n", label, repetitions,
        at(0.5), at(0.99), milliseconds.last());
    return true;
}

int fail(const QString &what, const QString &why)
{
    std::fprintf(stderr, "bench_unread: %s: %s\n", qPrintable(what), qPrintable(why));
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    const bool brief = args.removeAll(u"--short"_s) > 0;
    const int unread = args.size() > 0 ? args[0].toInt() : brief ? 5000 : 500'000;
    const int repetitions = args.size() > 1 ? args[1].toInt() : brief ? 50 : 300;
    QTemporaryDir directory;
    const QString path = args.size() > 2 ? args[2] : directory.filePath(u"unread.sqlite3"_s);
    if (unread < 1 || repetitions < 1) {
        std::fprintf(stderr, "usage: bench_unread [--short] [unread>=1] [repetitions>=1] [db]\n");
        return 2;
    }

    Store store;
    if (auto opened = store.open(path); !opened)
        return fail(u"open"_s, opened.error().message);
    auto reader = store.createUser(u"reader"_s, "bench");
    if (!reader)
        return fail(u"user"_s, reader.error().message);
    QList<qint64> friends;
    QList<qint64> conversations;
    QList<QList<qint64>> senders; // who may write in each conversation, the reader aside
    for (int i = 0; i < 20; ++i) {
        auto user = store.createUser(u"friend%1"_s.arg(i), "bench");
        if (!user)
            return fail(u"user"_s, user.error().message);
        friends.append(user->id);
        auto direct = store.openDirectConversation(reader->id, user->id);
        if (!direct)
            return fail(u"direct"_s, direct.error().message);
        conversations.append(direct->conversation.id);
        senders.append(QList<qint64> { user->id });
    }
    QList<qint64> groups;
    for (int g = 0; g < 4; ++g) {
        QList<qint64> members;
        for (int i = 0; i < 10; ++i)
            members.append(friends.at((g * 5 + i) % friends.size()));
        auto group = store.createGroup(
            reader->id, u"group-%1"_s.arg(g), u"Group %1"_s.arg(g), {}, members);
        if (!group)
            return fail(u"group"_s, group.error().message);
        conversations.append(group->conversationId);
        groups.append(group->conversationId);
        senders.append(members);
    }

    // N texts from the others, one own text of the reader's in 50, and now and then a
    // system entry: the reader has read nothing, so exactly N are unread.
    QRandomGenerator random(13);
    QElapsedTimer fill;
    fill.start();
    constexpr int Batch = 20000;
    int own = 0;
    int entries = 0;
    int sent = 0;
    for (int done = 0; done < unread;) {
        if (auto begun = store.beginTransaction(); !begun)
            return fail(u"begin"_s, begun.error().message);
        for (int i = 0; i < Batch && done < unread; ++i) {
            const int slot = int(random.bounded(qint64(conversations.size())));
            const bool mine = random.bounded(50) == 0;
            const qint64 sender = mine
                ? reader->id
                : senders.at(slot).at(int(random.bounded(qint64(senders.at(slot).size()))));
            ++sent;
            auto stored = store.insertMessage(conversations.at(slot), sender, u"b-%1"_s.arg(sent),
                u"message number %1"_s.arg(sent));
            if (!stored)
                return fail(u"insert"_s, stored.error().message);
            if (mine)
                ++own;
            else
                ++done;
        }
        if (auto committed = store.commitTransaction(); !committed)
            return fail(u"commit"_s, committed.error().message);
        for (const qint64 group : std::as_const(groups)) {
            auto renamed = store.renameGroup(
                group, reader->id, u"Renamed %1"_s.arg(entries++), std::nullopt);
            if (!renamed)
                return fail(u"rename"_s, renamed.error().message);
        }
    }
    const double fillSeconds = double(fill.elapsed()) / 1000.0;
    std::printf("filled %d unread (+%d own texts, %d system entries) in %lld conversations in "
                "%.1f s (%.0f rows/s); database %.0f MB\n",
        unread, own, entries, qlonglong(conversations.size()), fillSeconds,
        (unread + own) / fillSeconds,
        double(QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size()) / 1e6);

    server::LocalHub hub;
    server::Presence presence(store, hub, std::chrono::milliseconds(100));
    server::AwarenessService awareness(store, hub, presence, {});
    const server::ConversationService lists(store, hub);
    const User user { reader->id, u"reader"_s };
    test::Inspector inspector(path);
    if (!inspector.isOpen())
        return fail(u"inspector"_s, u"cannot open a second connection"_s);
    const test::UnreadRecount recount(inspector.database());

    // Every list must count exactly N, as the old count does.
    qint64 listed = 0;
    qint64 contactsUnread = 0;
    qint64 recounted = 0;
    if (auto list = lists.list(user); list) {
        for (const ConversationEntry &entry : list.value())
            listed += entry.unread;
    }
    if (auto contacts = awareness.contacts(user); contacts) {
        for (const Contact &contact : contacts.value())
            contactsUnread += contact.unread;
    }
    if (auto counts = recount.conversations(reader->id); counts) {
        for (const qint64 count : counts.value())
            recounted += count;
    }
    std::printf("unread in the conversation list %lld, in the contact list (direct only) %lld, "
                "recounted %lld\n",
        qlonglong(listed), qlonglong(contactsUnread), qlonglong(recounted));
    if (listed != unread || recounted != unread)
        return fail(u"check"_s, u"the lists do not count every unread message"_s);

    const bool measured = measure("conversation list (GET /conversations)", repetitions, [&] {
        return lists.list(user).ok();
    }) && measure("contact list (GET /contacts)", repetitions, [&] {
        return awareness.contacts(user).ok();
    }) && measure("old row-by-row count, conversations", std::max(1, repetitions / 10), [&] {
        return recount.conversations(reader->id).ok();
    }) && measure("old row-by-row count, contacts", std::max(1, repetitions / 10), [&] {
        return recount.contacts(reader->id).ok();
    });
    return measured ? 0 : fail(u"measure"_s, u"a call failed"_s);
}
