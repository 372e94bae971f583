// Unit tests of conversations and messages in the SQLite store: direct conversations,
// idempotent inserts, text kept exactly, history paging and its boundaries, and the
// contact list's order.
#include <server/store/store.h>
#include <support/resultcheck.h>
#include <support/storefixture.h>

#include <QTest>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class tst_StoreMessages : public StoreTest
{
    Q_OBJECT

private Q_SLOTS:
    void openDirectConversation();
    void insertMessageIsIdempotent();
    void insertedMessageIsWhatReadsBack();
    void messageTextSurvivesStorage_data();
    void messageTextSurvivesStorage();
    void historyPaging_data();
    void historyPaging();
    void historyBeforeIdBoundaries();
    void contacts();
};

void tst_StoreMessages::openDirectConversation()
{
    const auto users = m_fixture.addTrio();
    VERIFY_OK(users);
    const auto &[alice, bob, carol] = users.value();

    const auto first = m_fixture.store().openDirectConversation(alice.id, bob.id);
    VERIFY_OK(first);
    QVERIFY(first->created);
    QVERIFY(first->conversation.id > 0);
    QCOMPARE(first->conversation.members, (QList<Member> { Member { alice }, Member { bob } }));

    const auto again = m_fixture.store().openDirectConversation(alice.id, bob.id);
    VERIFY_OK(again);
    QVERIFY(!again->created);
    QCOMPARE(again->conversation.id, first->conversation.id);
    QCOMPARE(again->conversation.members, first->conversation.members);

    // The pair is unordered: whoever opens it, it is the same conversation.
    const auto fromBob = m_fixture.store().openDirectConversation(bob.id, alice.id);
    VERIFY_OK(fromBob);
    QVERIFY(!fromBob->created);
    QCOMPARE(fromBob->conversation.id, first->conversation.id);

    const auto withCarol = m_fixture.store().openDirectConversation(carol.id, alice.id);
    VERIFY_OK(withCarol);
    QVERIFY(withCarol->created);
    QVERIFY(withCarol->conversation.id != first->conversation.id);
    QCOMPARE(
        withCarol->conversation.members, (QList<Member> { Member { alice }, Member { carol } }));

    const auto members = m_fixture.store().memberIds(first->conversation.id);
    VERIFY_OK(members);
    QCOMPARE(members.value(), (QList<qint64> { alice.id, bob.id }));
    const auto noMembers = m_fixture.store().memberIds(9999);
    VERIFY_OK(noMembers);
    QVERIFY(noMembers->isEmpty());

    Inspector inspector(m_fixture);
    QCOMPARE(inspector.scalar(u"SELECT count(*) FROM conversations"_s).toInt(), 2);
}

void tst_StoreMessages::insertMessageIsIdempotent()
{
    const auto pair = m_fixture.addPair();
    VERIFY_OK(pair);
    const qint64 conversationId = pair->conversationId;

    const auto first
        = m_fixture.store().insertMessage(conversationId, pair->alice.id, u"c-1"_s, u"hello"_s);
    VERIFY_OK(first);
    QVERIFY(first->created);
    const Message &original = first->message;
    QVERIFY(original.id > 0);
    QCOMPARE(original.conversationId, conversationId);
    QCOMPARE(original.senderId, pair->alice.id);
    QCOMPARE(original.senderName, u"alice"_s);
    QCOMPARE(original.clientId, u"c-1"_s);
    QCOMPARE(original.body, u"hello"_s);
    QVERIFY(original.createdAt.isValid());
    QCOMPARE(original.createdAt.timeSpec(), Qt::UTC);

    // A retry (even with a different body, as a buggy client might send) returns the
    // stored original and creates nothing.
    const auto retry = m_fixture.store().insertMessage(
        conversationId, pair->alice.id, u"c-1"_s, u"hello, edited"_s);
    VERIFY_OK(retry);
    QVERIFY(!retry->created);
    QCOMPARE(retry->message, original);
    Inspector inspector(m_fixture);
    QCOMPARE(inspector.scalar(u"SELECT count(*) FROM messages"_s).toInt(), 1);

    // Client ids are unique per sender only: bob may use the same one.
    const auto fromBob
        = m_fixture.store().insertMessage(conversationId, pair->bob.id, u"c-1"_s, u"hi"_s);
    VERIFY_OK(fromBob);
    QVERIFY(fromBob->created);
    QVERIFY(fromBob->message.id > original.id);
    QCOMPARE(fromBob->message.senderId, pair->bob.id);
    QCOMPARE(inspector.scalar(u"SELECT count(*) FROM messages"_s).toInt(), 2);
}

void tst_StoreMessages::insertedMessageIsWhatReadsBack()
{
    // insertMessage builds the message from the row it inserted (RETURNING), not from a
    // read: every field must be what a later read gives, a reply's preview included.
    const auto pair = m_fixture.addPair();
    VERIFY_OK(pair);
    server::Store &store = m_fixture.store();
    const auto question
        = store.insertMessage(pair->conversationId, pair->bob.id, u"q"_s, u"lunch?\nat noon"_s);
    VERIFY_OK(question);
    const auto answer = store.insertMessage(
        pair->conversationId, pair->alice.id, u"a"_s, u"yes 🍜"_s, question->message.id);
    VERIFY_OK(answer);
    QVERIFY(answer->created);
    QVERIFY(answer->message.replyTo);
    QCOMPARE(answer->message.replyTo->senderName, u"bob"_s);
    QCOMPARE(answer->message.replyTo->excerpt, u"lunch?"_s);

    const auto page = store.history(pair->conversationId, std::nullopt, 10);
    VERIFY_OK(page);
    QCOMPARE(page->messages.size(), 2);
    QCOMPARE(page->messages.at(0), answer->message);
    QCOMPARE(page->messages.at(1), question->message);
}

void tst_StoreMessages::messageTextSurvivesStorage_data()
{
    QTest::addColumn<QString>("body");
    QTest::addRow("ascii") << u"hello"_s;
    QTest::addRow("non-ascii") << u"Grüße — 東京 — Ωμέγα"_s;
    QTest::addRow("emoji") << u"👋🏽 😀 👨‍👩‍👧"_s;
    QTest::addRow("multi-line") << u"one\ntwo\r\nthree\n"_s;
    QTest::addRow("sql metacharacters") << u"'); DROP TABLE messages; --"_s;
    QTest::addRow("16 KiB") << QString(16 * 1024, u'x');
}

void tst_StoreMessages::messageTextSurvivesStorage()
{
    QFETCH(QString, body);
    const auto pair = m_fixture.addPair();
    VERIFY_OK(pair);
    const qint64 conversationId = pair->conversationId;

    const auto stored
        = m_fixture.store().insertMessage(conversationId, pair->alice.id, u"c-1"_s, body);
    VERIFY_OK(stored);
    QCOMPARE(stored->message.body, body);

    const auto page = m_fixture.store().history(conversationId, std::nullopt, 10);
    VERIFY_OK(page);
    QCOMPARE(page->messages.size(), 1);
    QCOMPARE(page->messages.first(), stored->message);
}

void tst_StoreMessages::historyPaging_data()
{
    QTest::addColumn<int>("messageCount");
    QTest::addColumn<int>("limit");
    QTest::addRow("no messages") << 0 << 50;
    QTest::addRow("one message, limit 1") << 1 << 1;
    QTest::addRow("fewer than a page") << 7 << 50;
    QTest::addRow("exactly one page") << 50 << 50;
    QTest::addRow("one more than a page") << 51 << 50;
    QTest::addRow("uneven pages") << 7 << 3;
    QTest::addRow("250 in pages of 50") << 250 << 50;
}

void tst_StoreMessages::historyPaging()
{
    QFETCH(int, messageCount);
    QFETCH(int, limit);
    const auto users = m_fixture.addTrio();
    VERIFY_OK(users);
    const auto &[alice, bob, carol] = users.value();
    const auto paged = m_fixture.store().openDirectConversation(alice.id, bob.id);
    const auto noise = m_fixture.store().openDirectConversation(alice.id, carol.id);
    VERIFY_OK(paged);
    VERIFY_OK(noise);
    const qint64 conversationId = paged->conversation.id;

    QList<Message> expected; // newest first, as history returns them
    for (int i = 0; i < messageCount; ++i) {
        // Messages of another conversation interleave, so this one's ids have gaps.
        if (i % 3 == 0) {
            const auto other = m_fixture.store().insertMessage(
                noise->conversation.id, alice.id, u"noise-%1"_s.arg(i), u"noise"_s);
            VERIFY_OK(other);
        }
        const qint64 sender = i % 2 ? bob.id : alice.id;
        const auto stored = m_fixture.store().insertMessage(
            conversationId, sender, u"m-%1"_s.arg(i), u"message %1"_s.arg(i));
        VERIFY_OK(stored);
        expected.prepend(stored->message);
    }

    // Page as a client does: each request starts before the oldest message it has.
    QList<Message> seen;
    std::optional<qint64> beforeId;
    int pages = 0;
    for (;;) {
        const auto page = m_fixture.store().history(conversationId, beforeId, limit);
        VERIFY_OK(page);
        ++pages;
        QVERIFY(pages <= messageCount + 1); // no endless paging on a bug
        seen.append(page->messages);
        if (!page->hasMore)
            break;
        // Only the last page may be short; one that promises more is full.
        QCOMPARE(page->messages.size(), limit);
        beforeId = page->messages.last().id;
    }

    // Every message exactly once, no gap, no repeat, none from the other conversation.
    QCOMPARE(seen, expected);
    for (qsizetype i = 1; i < seen.size(); ++i)
        QVERIFY2(seen.at(i - 1).id > seen.at(i).id, "ids must strictly decrease");
    // hasMore was false only on the last page: exactly as many pages as needed.
    QCOMPARE(pages, std::max(1, (messageCount + limit - 1) / limit));
}

void tst_StoreMessages::historyBeforeIdBoundaries()
{
    const auto pair = m_fixture.addPair();
    VERIFY_OK(pair);
    const qint64 conversationId = pair->conversationId;
    QList<qint64> ids;
    for (int i = 0; i < 3; ++i) {
        const auto stored = m_fixture.store().insertMessage(
            conversationId, pair->alice.id, u"c-%1"_s.arg(i), u"m"_s);
        VERIFY_OK(stored);
        ids.append(stored->message.id);
    }
    const qint64 oldest = ids.first();
    const qint64 newest = ids.last();

    const auto idsOf = [&](std::optional<qint64> beforeId, int limit) {
        QList<qint64> result;
        const auto page = m_fixture.store().history(conversationId, beforeId, limit);
        if (page) {
            for (const Message &message : page->messages)
                result.append(message.id);
            // Encode hasMore in the result so each check below can assert it too.
            if (page->hasMore)
                result.append(-1);
        }
        return result;
    };

    // Nothing is older than the oldest message: an empty, final page.
    QCOMPARE(idsOf(oldest, 10), QList<qint64>());
    QCOMPARE(idsOf(0, 10), QList<qint64>());
    QCOMPARE(idsOf(-5, 10), QList<qint64>());
    // beforeId is exclusive.
    QCOMPARE(idsOf(oldest + 1, 10), QList<qint64> { oldest });
    QCOMPARE(idsOf(newest, 10), (QList<qint64> { ids.at(1), oldest }));
    // Beyond the newest (or no beforeId) starts at the newest.
    QCOMPARE(idsOf(newest + 1000, 10), (QList<qint64> { newest, ids.at(1), oldest }));
    QCOMPARE(idsOf(std::nullopt, 2), (QList<qint64> { newest, ids.at(1), -1 }));

    const auto missing = m_fixture.store().history(9999, std::nullopt, 10);
    VERIFY_OK(missing);
    QVERIFY(missing->messages.isEmpty());
    QVERIFY(!missing->hasMore);
}

void tst_StoreMessages::contacts()
{
    // Created out of alphabetical order, with mixed case, so neither id nor binary
    // string order can pass for the order by name.
    const auto alice = m_fixture.addUser(u"alice"_s);
    const auto zoe = m_fixture.addUser(u"zoe"_s);
    const auto erin = m_fixture.addUser(u"Erin"_s);
    const auto carol = m_fixture.addUser(u"carol"_s);
    const auto dave = m_fixture.addUser(u"dave"_s);
    const auto bob = m_fixture.addUser(u"Bob"_s);
    for (const auto *user : { &alice, &zoe, &erin, &carol, &dave, &bob })
        VERIFY_OK(*user);

    const auto withCarol = m_fixture.store().openDirectConversation(alice->id, carol->id);
    const auto withZoe = m_fixture.store().openDirectConversation(zoe->id, alice->id);
    const auto withDave = m_fixture.store().openDirectConversation(alice->id, dave->id);
    const auto carolZoe = m_fixture.store().openDirectConversation(carol->id, zoe->id);
    for (const auto *conversation : { &withCarol, &withZoe, &withDave, &carolZoe })
        VERIFY_OK(*conversation);

    const auto send = [this](const Result<server::Store::OpenedConversation> &conversation,
                          const Result<User> &sender, const QString &text) {
        return m_fixture.store().insertMessage(
            conversation->conversation.id, sender->id, text, text);
    };
    const auto toCarol = send(withCarol, alice, u"to-carol"_s);
    const auto toZoe = send(withZoe, alice, u"to-zoe"_s);
    const auto carolReply = send(withCarol, carol, u"carol-reply"_s);
    const auto unrelated = send(carolZoe, carol, u"carol-to-zoe"_s);
    for (const auto *message : { &toCarol, &toZoe, &carolReply, &unrelated })
        VERIFY_OK(*message);

    const auto list = m_fixture.store().contacts(alice->id);
    VERIFY_OK(list);
    // Most recent conversation first (carol replied last), then everyone without a
    // message, by name ignoring case. Dave's conversation is empty: nothing to rank it by.
    const QList<Contact> expected {
        Contact { carol.value(), withCarol->conversation.id, carolReply->message },
        Contact { zoe.value(), withZoe->conversation.id, toZoe->message },
        Contact { bob.value(), 0, std::nullopt },
        Contact { dave.value(), withDave->conversation.id, std::nullopt },
        Contact { erin.value(), 0, std::nullopt },
    };
    QCOMPARE(list.value().size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const Contact &actual = list.value().at(i);
        QCOMPARE(actual.user, expected.at(i).user);
        QCOMPARE(actual.conversationId, expected.at(i).conversationId);
        QCOMPARE(actual.lastMessage.has_value(), expected.at(i).lastMessage.has_value());
        if (actual.lastMessage)
            QCOMPARE(*actual.lastMessage, *expected.at(i).lastMessage);
    }

    // Each user sees their own view: for zoe, carol's message is the latest.
    const auto zoeList = m_fixture.store().contacts(zoe->id);
    VERIFY_OK(zoeList);
    QCOMPARE(zoeList->size(), 5);
    QCOMPARE(zoeList->first().user, carol.value());
    QVERIFY(zoeList->first().lastMessage.has_value());
    QCOMPARE(*zoeList->first().lastMessage, unrelated->message);
}

QTEST_GUILESS_MAIN(tst_StoreMessages)
#include "tst_storemessages.moc"
