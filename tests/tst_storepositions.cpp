// Message ids are resume positions (docs/PROTOCOL.md): a reader that has seen id N is
// never shown an id below N later. With several writers at once (several chatd nodes on
// one PostgreSQL database, or chatd's writer thread and its main thread on one SQLite
// file), an id must therefore never become visible after a higher one. Two writers, each
// a Store of its own on a thread of its own, send into one conversation while a reader
// follows it the way a resuming client does (Store::timelineAfter from the last id seen):
// the reader must end with every message exactly once, in order.
#include <server/store/store.h>
#include <support/resultcheck.h>
#include <support/storefixture.h>

#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using server::Store;

class tst_StorePositions : public StoreTest
{
    Q_OBJECT

private Q_SLOTS:
    void concurrentWritersNeverShowAnIdLate();
    void highestIdFollowsCommits();
};

void tst_StorePositions::concurrentWritersNeverShowAnIdLate()
{
    const auto pair = m_fixture.addPair();
    VERIFY_OK(pair);
    const qint64 conversation = pair->conversationId;
    constexpr int Writers = 2;
    constexpr int BatchesPerWriter = 60;
    constexpr int BatchSize = 3;
    std::atomic<int> running { Writers };
    std::atomic<int> failures { 0 };
    QList<QThread *> writers;
    for (int w = 0; w < Writers; ++w) {
        const qint64 sender = w == 0 ? pair->alice.id : pair->bob.id;
        writers.append(QThread::create([&, w, sender] {
            // A connection of its own, as another node's (a Store belongs to its thread).
            Store store;
            if (!m_fixture.openOnSameDatabase(store).ok()) {
                ++failures;
                --running;
                return;
            }
            for (int b = 0; b < BatchesPerWriter; ++b) {
                QList<Store::NewMessage> batch;
                for (int i = 0; i < BatchSize; ++i) {
                    const QString id = u"w%1-%2-%3"_s.arg(w).arg(b).arg(i);
                    batch.append({ conversation, sender, id, id, std::nullopt });
                }
                if (!store.beginTransaction() || !store.insertMessages(batch)
                    || !store.commitTransaction())
                    ++failures;
            }
            --running;
        }));
        writers.last()->start();
    }

    // The reader: from the last id seen, as a client resumes; never backwards.
    Store &reader = m_fixture.store();
    QList<qint64> seen;
    qint64 cursor = 0;
    bool writing = true;
    while (writing) {
        writing = running.load() > 0; // one more read after the last write
        auto items = reader.timelineAfter(pair->alice.id, cursor, 1000);
        VERIFY_OK(items);
        for (const Store::TimelineItem &item : items.value()) {
            const qint64 id = std::get<Message>(item).id;
            QVERIFY2(id > cursor, qPrintable(u"%1 after %2"_s.arg(id).arg(cursor)));
            seen.append(id);
            cursor = id;
        }
    }
    for (QThread *writer : std::as_const(writers)) {
        QVERIFY(writer->wait(60000));
        delete writer;
    }
    QCOMPARE(failures.load(), 0);

    // Everything stored was seen, once: no id became visible after the reader passed it.
    auto all = reader.history(conversation, std::nullopt, 1000);
    VERIFY_OK(all);
    QList<qint64> stored;
    for (const Message &message : all->messages)
        stored.prepend(message.id);
    QCOMPARE(stored.size(), Writers * BatchesPerWriter * BatchSize);
    QCOMPARE(seen, stored);
}

void tst_StorePositions::highestIdFollowsCommits()
{
    const auto pair = m_fixture.addPair();
    VERIFY_OK(pair);
    Store &store = m_fixture.store();
    Store other;
    VERIFY_OK(m_fixture.openOnSameDatabase(other));
    QCOMPARE(store.highestMessageId().value(), 0);
    const auto first = store.insertMessage(pair->conversationId, pair->alice.id, u"a"_s, u"a"_s);
    VERIFY_OK(first);
    QCOMPARE(other.highestMessageId().value(), first->message.id);

    // Uncommitted: another connection does not count it yet. Rolled back: the id goes
    // back too, leaving no gap (the counter is written in the same transaction, on both
    // engines), and the next message takes it.
    VERIFY_OK(store.beginTransaction());
    const auto pending = store.insertMessage(pair->conversationId, pair->alice.id, u"b"_s, u"b"_s);
    VERIFY_OK(pending);
    QCOMPARE(other.highestMessageId().value(), first->message.id);
    store.rollbackTransaction();
    QCOMPARE(other.highestMessageId().value(), first->message.id);
    const auto next = other.insertMessage(pair->conversationId, pair->bob.id, u"c"_s, u"c"_s);
    VERIFY_OK(next);
    QCOMPARE(next->message.id, first->message.id + 1);
    QCOMPARE(store.highestMessageId().value(), next->message.id);
}

QTEST_GUILESS_MAIN(tst_StorePositions)
#include "tst_storepositions.moc"
