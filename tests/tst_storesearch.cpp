// The store's full-text search, on either engine (SQLite's FTS5, PostgreSQL's tsvector):
// case and accents folded, the last word as a prefix, edits and deletions followed at
// once, only what the viewer's membership sees, the matches marked in the snippet, and
// the ranking confined to the most recent matches.
#include <server/services/searchservice.h>
#include <server/store/store.h>
#include <support/resultcheck.h>
#include <support/storefixture.h>

#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using server::Store;

class tst_StoreSearch : public StoreTest
{
    Q_OBJECT

private Q_SLOTS:
    void foldsCaseAndAccentsAndTakesAPrefix();
    void followsEditsAndDeletions();
    void findsOnlyWhatTheViewerSees();
    void marksTheMatchesInTheSnippet();
    void rankingCoversTheMostRecentMatches();
    void refusesWhatIsNotAWord();
    void wordsOfATypedQuery();

private:
    //! The bodies `viewer` finds for `words`, best first.
    QStringList found(qint64 viewer, const QStringList &words,
        std::optional<qint64> conversation = {}, std::optional<qint64> sender = {});
};

QStringList tst_StoreSearch::found(qint64 viewer, const QStringList &words,
    std::optional<qint64> conversation, std::optional<qint64> sender)
{
    const auto hits = m_fixture.store().searchMessages(viewer, words, conversation, sender, 0, 50);
    if (!hits)
        return { u"error: "_s + hits.error().message };
    QStringList bodies;
    for (const Store::FoundMessage &hit : hits.value())
        bodies.append(hit.message.body);
    return bodies;
}

void tst_StoreSearch::foldsCaseAndAccentsAndTakesAPrefix()
{
    const auto pair = m_fixture.addPair();
    VERIFY_OK(pair);
    Store &store = m_fixture.store();
    VERIFY_OK(
        store.insertMessage(pair->conversationId, pair->alice.id, u"a"_s, u"Un Café crème"_s));
    VERIFY_OK(store.insertMessage(pair->conversationId, pair->bob.id, u"b"_s, u"the cafeteria"_s));
    VERIFY_OK(store.insertMessage(pair->conversationId, pair->bob.id, u"c"_s, u"tea"_s));
    const qint64 alice = pair->alice.id;
    QCOMPARE(found(alice, { u"CAFE"_s, u"creme"_s }), QStringList { u"Un Café crème"_s });
    // The last word is what is being typed: a prefix. The others are whole words.
    QCOMPARE(found(alice, { u"cre"_s }), QStringList { u"Un Café crème"_s });
    QCOMPARE(found(alice, { u"cafe"_s, u"un"_s }), QStringList { u"Un Café crème"_s });
    QCOMPARE(found(alice, { u"cafe"_s }).size(), 2);
    QCOMPARE(found(alice, { u"caf"_s, u"crème"_s }), QStringList());
    // One sender's only.
    QCOMPARE(found(alice, { u"caf"_s }, pair->conversationId, pair->bob.id),
        QStringList { u"the cafeteria"_s });
    QCOMPARE(found(alice, { u"coffee"_s }), QStringList());
}

void tst_StoreSearch::followsEditsAndDeletions()
{
    const auto pair = m_fixture.addPair();
    VERIFY_OK(pair);
    Store &store = m_fixture.store();
    const auto sent = store.insertMessage(
        pair->conversationId, pair->alice.id, u"m"_s, u"meet at the harbour"_s);
    VERIFY_OK(sent);
    const qint64 id = sent->message.id;
    const qint64 bob = pair->bob.id;
    QCOMPARE(found(bob, { u"harbour"_s }).size(), 1);

    VERIFY_OK(store.applyUpdate({ .kind = MessageUpdate::Kind::Edited,
        .userId = pair->alice.id,
        .messageId = id,
        .clientId = u"e"_s,
        .body = u"meet at the station"_s }));
    QCOMPARE(found(bob, { u"harbour"_s }), QStringList());
    QCOMPARE(found(bob, { u"station"_s }), QStringList { u"meet at the station"_s });
    // A reaction is a row of its own, with no words to find.
    VERIFY_OK(store.applyUpdate({ .kind = MessageUpdate::Kind::ReactionAdded,
        .userId = bob,
        .messageId = id,
        .clientId = u"r"_s,
        .emoji = u"station"_s }));
    QCOMPARE(found(bob, { u"station"_s }).size(), 1);

    VERIFY_OK(store.applyUpdate({ .kind = MessageUpdate::Kind::Deleted,
        .userId = pair->alice.id,
        .messageId = id,
        .clientId = u"d"_s }));
    QCOMPARE(found(bob, { u"station"_s }), QStringList());
    QCOMPARE(found(bob, { u"meet"_s }), QStringList());
}

void tst_StoreSearch::findsOnlyWhatTheViewerSees()
{
    const auto users = m_fixture.addUsers({ u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s });
    VERIFY_OK(users);
    const qint64 alice = users->at(0).id, bob = users->at(1).id, carol = users->at(2).id,
                 dave = users->at(3).id;
    Store &store = m_fixture.store();
    const auto group = store.createGroup(alice, u"g"_s, u"Walks"_s, {}, { bob });
    VERIFY_OK(group);
    const qint64 id = group->conversationId;
    VERIFY_OK(store.insertMessage(id, alice, u"1"_s, u"before carol: secret route"_s));
    VERIFY_OK(store.addMembers(id, alice, { carol }));
    VERIFY_OK(store.insertMessage(id, bob, u"2"_s, u"with carol: the route is long"_s));
    VERIFY_OK(store.endMembership(id, alice, bob, std::nullopt));
    VERIFY_OK(store.insertMessage(id, alice, u"3"_s, u"after bob: a new route"_s));

    QCOMPARE(found(alice, { u"route"_s }).size(), 3);
    // Carol sees from her joining on; bob up to his removal; dave nothing.
    QCOMPARE(found(carol, { u"route"_s }).size(), 2);
    QVERIFY(!found(carol, { u"route"_s }).contains(u"before carol: secret route"_s));
    QCOMPARE(found(bob, { u"route"_s }).size(), 2);
    QVERIFY(!found(bob, { u"route"_s }).contains(u"after bob: a new route"_s));
    QCOMPARE(found(dave, { u"route"_s }), QStringList());
    // System entries ("alice added carol") are not texts.
    QCOMPARE(found(alice, { u"added"_s }), QStringList());
}

void tst_StoreSearch::marksTheMatchesInTheSnippet()
{
    const auto pair = m_fixture.addPair();
    VERIFY_OK(pair);
    VERIFY_OK(m_fixture.store().insertMessage(
        pair->conversationId, pair->alice.id, u"s"_s, u"bring the Blue umbrella please"_s));
    const auto hits = m_fixture.store().searchMessages(
        pair->bob.id, { u"blue"_s }, std::nullopt, std::nullopt, 0, 10);
    VERIFY_OK(hits);
    QCOMPARE(hits->size(), 1);
    const QString snippet = hits->first().markedSnippet;
    const QString marked = QString(Store::SnippetMatchStart) + u"Blue"_s + Store::SnippetMatchEnd;
    QVERIFY2(snippet.contains(marked), qPrintable(snippet));
    QCOMPARE(snippet.count(Store::SnippetMatchStart), 1);
    QVERIFY2(snippet.contains(u"umbrella"_s), qPrintable(snippet));
}

void tst_StoreSearch::rankingCoversTheMostRecentMatches()
{
    // RankingWindow + 100 matches of a common word, the oldest the most relevant. It is
    // past the window, so a search for the common word does not rank it; a rare word of
    // it still finds it.
    const auto pair = m_fixture.addPair();
    VERIFY_OK(pair);
    Store &store = m_fixture.store();
    const qint64 conversation = pair->conversationId;
    const qint64 ann = pair->alice.id;
    QList<Store::NewMessage> messages { { conversation, ann, u"w-0"_s,
        u"common common common zebra"_s, std::nullopt } };
    for (int i = 1; i <= Store::RankingWindow + 100; ++i) {
        messages.append({ conversation, pair->bob.id, u"w-%1"_s.arg(i),
            u"a common word in message number %1 of many"_s.arg(i), std::nullopt });
    }
    VERIFY_OK(store.beginTransaction());
    VERIFY_OK(store.insertMessages(messages));
    VERIFY_OK(store.commitTransaction());
    server::SearchService search(store);
    const User viewer = pair->alice;
    const auto common = search.search(viewer, { .text = u"common"_s, .limit = 50 });
    VERIFY_OK(common);
    QCOMPARE(common->hits.size(), 50);
    QVERIFY(common->hasMore);
    for (const SearchHit &hit : common->hits)
        QVERIFY(hit.message.body != u"common common common zebra"_s);
    const auto rare = search.search(viewer, { .text = u"zebra"_s });
    VERIFY_OK(rare);
    QCOMPARE(rare->hits.size(), 1);
    QCOMPARE(rare->hits.first().message.body, u"common common common zebra"_s);
    // The window is of the matches asked for: among ann's own, it is the first.
    const auto few = search.search(
        viewer, { .text = u"common"_s, .conversationId = conversation, .senderId = ann });
    VERIFY_OK(few);
    QCOMPARE(few->hits.size(), 1);
}

void tst_StoreSearch::refusesWhatIsNotAWord()
{
    const auto pair = m_fixture.addPair();
    VERIFY_OK(pair);
    for (const QString &word : { u"a\"b"_s, u"it's"_s, u"back\\slash"_s, QString() }) {
        const auto hits = m_fixture.store().searchMessages(
            pair->alice.id, { u"fine"_s, word }, std::nullopt, std::nullopt, 0, 10);
        QVERIFY2(!hits, qPrintable(word));
        QCOMPARE(hits.error().code, ErrorCode::InvalidField);
    }
}

void tst_StoreSearch::wordsOfATypedQuery()
{
    using server::SearchService;
    QCOMPARE(SearchService::wordsOf(u"Café crème"_s), (QStringList { u"Café"_s, u"crème"_s }));
    // Query syntax of either engine is only separators.
    QCOMPARE(SearchService::wordsOf(u"\"a\" OR b* & c:* !d"_s),
        (QStringList { u"a"_s, u"OR"_s, u"b"_s, u"c"_s, u"d"_s }));
    QCOMPARE(SearchService::wordsOf(u" ... "_s), QStringList());
    QCOMPARE(SearchService::snippetParts(u"a \uE000b\uE001 c"_s),
        (QList<SnippetPart> { { u"a "_s, false }, { u"b"_s, true }, { u" c"_s, false } }));
}

QTEST_GUILESS_MAIN(tst_StoreSearch)
#include "tst_storesearch.moc"
