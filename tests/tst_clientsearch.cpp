// Message search and jumping to a message through the real client stack (ChatSession +
// ClientContext) against an in-process server. MessageSearch finds hits everywhere or in
// one conversation, with the conversations' titles and the matched words marked, pages on
// as the list asks, waits for a pause in typing, never lets an answer to an earlier query
// replace the rows, and says why it failed. OpenConversation::jumpToMessage() reports a
// message the window holds at once; one it does not hold comes with the page around it
// (in another conversation too), and the window then pages towards the newest with no
// gap or repeat, the live messages that came meanwhile each shown once at the end.
#include <support/clientworldtest.h>
#include <support/modelrows.h>
#include <support/wsclient.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using client::MessageSearch;
using client::SearchResultsModel;

namespace {

constexpr int MessageCount = 300;
//! The message of bob's that the tests search for and jump to (by its place, from 1).
constexpr int RecipeAt = 40;

QString bodyOf(int i)
{
    return i == RecipeAt ? u"the secret recipe for crème brûlée"_s : u"note number %1"_s.arg(i);
}

QList<qint64> storedIds(const client::MessageListModel *model)
{
    return idsOf(model, 0, model->storedRowCount() - 1);
}

} // namespace

class TestClientSearch : public ClientWorldTest
{
    Q_OBJECT

private:
    qint64 m_withBob = 0;
    qint64 m_withCarol = 0;
    //! Every message id of alice and bob's conversation, oldest first.
    QList<qint64> m_bobIds;
    std::unique_ptr<WsClient> m_bobSocket;
    Instance *m_a = nullptr; //!< alice's client

    [[nodiscard]] MessageSearch &search() const { return m_a->client->search(); }
    [[nodiscard]] SearchResultsModel *results() const { return search().results(); }
    [[nodiscard]] client::OpenConversation &opened() const
    {
        return m_a->client->openConversation();
    }

    [[nodiscard]] QStringList column(int role) const
    {
        QStringList values;
        for (int row = 0; row < results()->rowCount(); ++row)
            values.append(results()->index(row).data(role).toString());
        return values;
    }

    //! Searches for `text` at once and waits for the answer.
    void searchFor(const QString &text)
    {
        search().setQuery(text);
        search().searchNow();
        QTRY_COMPARE_WITH_TIMEOUT(search().status(), MessageSearch::Status::Found, Timeout);
    }

    //! Opens alice's conversation with `peer` and waits for its newest page.
    void openWith(const Session &peer, qint64 conversationId)
    {
        opened().openDirect(peer.user);
        QCOMPARE(opened().conversationId(), conversationId);
        const QList<qint64> ids = allServerIds(m_fixture.rest(), m_alice, conversationId);
        const QList<qint64> newest = ids.mid(ids.size() - client::HistoryPager::PageSize);
        QTRY_COMPARE_WITH_TIMEOUT(storedIds(m_a->messages()), newest, Timeout);
    }

    //! Bob sends `body` live (over his socket) and returns its id once stored.
    qint64 bobSends(const QString &body)
    {
        const int acked = int(m_bobSocket->frames(u"ack"_s).size());
        m_bobSocket->sendMessage(u"live-%1"_s.arg(acked), m_withBob, u"live-%1"_s.arg(acked), body);
        if (!m_bobSocket->waitForFrames(u"ack"_s, acked + 1, Timeout))
            return 0;
        return m_bobSocket->frames(u"ack"_s).last()[u"message"_s].toObject()[u"id"_s].toInteger();
    }

    //! The window is a run of the server's ids with nothing missing in between.
    void verifyContiguous(const QList<qint64> &serverIds)
    {
        const QList<qint64> window = storedIds(m_a->messages());
        QVERIFY(!window.isEmpty());
        const qsizetype start = serverIds.indexOf(window.first());
        QVERIFY(start >= 0);
        QCOMPARE(window, serverIds.mid(start, window.size()));
    }

private Q_SLOTS:
    void init()
    {
        startWithUsers();
        if (QTest::currentTestFailed())
            return;
        m_withBob = m_fixture.rest().openConversation(m_bob.token, u"alice"_s);
        m_withCarol = m_fixture.rest().openConversation(m_carol.token, u"alice"_s);
        QVERIFY(m_withBob != 0 && m_withCarol != 0);
        // Bob's history in one burst over his socket; carol's one message over REST.
        m_bobSocket = std::make_unique<WsClient>();
        QVERIFY(m_bobSocket->connectAndAuthenticate(m_fixture.webSocketUrl(), m_bob.token));
        for (int i = 1; i <= MessageCount; ++i)
            m_bobSocket->sendMessage(u"r%1"_s.arg(i), m_withBob, u"b-%1"_s.arg(i), bodyOf(i));
        QVERIFY(m_bobSocket->waitForFrames(u"ack"_s, MessageCount, 60000));
        QCOMPARE(m_fixture.rest()
                     .sendMessage(m_carol.token, m_withCarol, u"c-1"_s, u"my recipe book"_s)
                     .status,
            201);
        m_bobIds = allServerIds(m_fixture.rest(), m_alice, m_withBob);
        QCOMPARE(m_bobIds.size(), MessageCount);
        m_a = addSignedIn(u"alice"_s, m_alice);
        QVERIFY(m_a);
    }

    void cleanup() { m_bobSocket.reset(); }

    void findsHitsEverywhereOrInOneConversation()
    {
        searchFor(u"RECIPE"_s);
        QCOMPARE(results()->rowCount(), 2);
        QStringList titles = column(SearchResultsModel::ConversationTitleRole);
        titles.sort();
        QCOMPARE(titles, (QStringList { u"bob"_s, u"carol"_s }));
        for (int row = 0; row < 2; ++row) {
            const QModelIndex hit = results()->index(row);
            QVERIFY(!hit.data(SearchResultsModel::IsOwnRole).toBool());
            QVERIFY(!hit.data(SearchResultsModel::InGroupRole).toBool());
            const auto parts
                = hit.data(SearchResultsModel::SnippetPartsRole).value<QList<SnippetPart>>();
            QList<SnippetPart> matched;
            std::copy_if(parts.cbegin(), parts.cend(), std::back_inserter(matched),
                [](const SnippetPart &part) { return part.match; });
            QCOMPARE(matched, (QList<SnippetPart> { SnippetPart { u"recipe"_s, true } }));
        }

        // In bob's conversation only: the whole message, and where it is.
        search().setConversation(m_withBob);
        QCOMPARE(search().status(), MessageSearch::Status::Searching);
        QTRY_COMPARE_WITH_TIMEOUT(search().status(), MessageSearch::Status::Found, Timeout);
        QCOMPARE(column(SearchResultsModel::SnippetRole),
            QStringList { u"the secret recipe for crème brûlée"_s });
        const QModelIndex hit = results()->index(0);
        QCOMPARE(
            hit.data(SearchResultsModel::MessageIdRole).toLongLong(), m_bobIds.at(RecipeAt - 1));
        QCOMPARE(hit.data(SearchResultsModel::SenderNameRole).toString(), u"bob"_s);
        QCOMPARE(hit.data(SearchResultsModel::ConversationIdRole).toLongLong(), m_withBob);

        // Accents and case aside, the last word a prefix: "BRUL" finds brûlée.
        searchFor(u"BRUL"_s);
        QCOMPARE(results()->rowCount(), 1);
        // Nothing to search for: no request, no rows.
        search().setQuery(u" ?! "_s);
        QCOMPARE(search().status(), MessageSearch::Status::Idle);
        QCOMPARE(results()->rowCount(), 0);
    }

    void nextPagesComeAsTheListAsks()
    {
        searchFor(u"note"_s);
        QCOMPARE(results()->rowCount(), MessageSearch::PageSize);
        QSet<qint64> seen;
        while (results()->hasMore()) {
            const int before = results()->rowCount();
            if (!results()->isFetchingMore()) // the model tester may have asked already
                results()->fetchMore({});
            QTRY_VERIFY_WITH_TIMEOUT(results()->rowCount() > before, Timeout);
        }
        QCOMPARE(results()->rowCount(), MessageCount - 1); // all but the recipe
        for (int row = 0; row < results()->rowCount(); ++row) {
            const QModelIndex hit = results()->index(row);
            seen.insert(hit.data(SearchResultsModel::MessageIdRole).toLongLong());
            QVERIFY(hit.data(SearchResultsModel::SnippetRole).toString().startsWith(u"note"_s));
        }
        QCOMPARE(seen.size(), MessageCount - 1);
        QVERIFY(!results()->canFetchMore({}));
    }

    void rowsAlwaysAnswerTheQueryOfTheirTime()
    {
        // Every change of the rows must answer what is searched at that moment.
        QStringList wrong;
        const auto check = [this, &wrong] {
            const QString word = search().query().toLower();
            for (const QString &snippet : column(SearchResultsModel::SnippetRole)) {
                if (!snippet.toLower().contains(word))
                    wrong.append(u"%1 for %2"_s.arg(snippet, word));
            }
        };
        connect(results(), &QAbstractItemModel::modelReset, this, check);
        connect(results(), &QAbstractItemModel::rowsInserted, this, check);

        // Three searches asked at once: only the last one's answer may show.
        for (const QString &text : { u"recipe"_s, u"secret"_s, u"note"_s }) {
            search().setQuery(text);
            search().searchNow();
        }
        QTRY_COMPARE_WITH_TIMEOUT(search().status(), MessageSearch::Status::Found, Timeout);
        QCOMPARE(results()->rowCount(), MessageSearch::PageSize);
        // One more after them: by its answer the earlier ones have come back too.
        searchFor(u"book"_s);
        QCOMPARE(column(SearchResultsModel::SnippetRole), QStringList { u"my recipe book"_s });
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(u", "_s)));

        // Typing: a search only once the pause is over, for what the field says then.
        constexpr auto pause = std::chrono::milliseconds(150);
        search().setDebounce(pause);
        QElapsedTimer typing;
        typing.start();
        for (const QString &text : { u"c"_s, u"cr"_s, u"crè"_s, u"crème"_s })
            search().setQuery(text);
        QCOMPARE(search().status(), MessageSearch::Status::Searching);
        QTRY_COMPARE_WITH_TIMEOUT(search().status(), MessageSearch::Status::Found, Timeout);
        QVERIFY(typing.elapsed() >= pause.count());
        QCOMPARE(search().query(), u"crème"_s);
        QCOMPARE(results()->rowCount(), 1);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(u", "_s)));
    }

    void failureSaysWhyAndKeepsTheRows()
    {
        searchFor(u"recipe"_s);
        QCOMPARE(results()->rowCount(), 2);
        m_bobSocket.reset();
        m_fixture.stop(); // the server is gone: offline
        search().setQuery(u"note"_s);
        search().searchNow();
        QTRY_COMPARE_WITH_TIMEOUT(search().status(), MessageSearch::Status::Failed, Timeout);
        QVERIFY2(search().errorText().contains(u"cannot be reached"_s),
            qPrintable(search().errorText()));
        QCOMPARE(results()->rowCount(), 2);
    }

    void jumpWithinTheWindowReportsTheRowAtOnce()
    {
        openWith(m_bob, m_withBob);
        if (QTest::currentTestFailed())
            return;
        const qint64 target = m_bobIds.at(MessageCount - 10);
        QSignalSpy jumped(&opened(), &client::OpenConversation::jumpedToMessage);
        QSignalSpy reset(m_a->messages(), &QAbstractItemModel::modelReset);
        const int row = opened().jumpToMessage(m_withBob, target);
        QCOMPARE(row, m_a->messages()->rowOfId(target));
        QVERIFY(row >= 0);
        QCOMPARE(jumped.count(), 1);
        QCOMPARE(jumped.at(0).at(0).toLongLong(), target);
        QCOMPARE(reset.count(), 0);
    }

    void jumpPagesTowardsTheNewestWithNothingLostOrTwice()
    {
        openWith(m_bob, m_withBob);
        if (QTest::currentTestFailed())
            return;
        client::MessageListModel *messages = m_a->messages();
        const qint64 target = m_bobIds.at(RecipeAt - 1);
        QSignalSpy jumped(&opened(), &client::OpenConversation::jumpedToMessage);
        QCOMPARE(opened().jumpToMessage(m_withBob, target), -1); // not in the newest page
        QTRY_COMPARE_WITH_TIMEOUT(jumped.count(), 1, Timeout);
        QCOMPARE(jumped.at(0).at(0).toLongLong(), target);
        QVERIFY(messages->rowOfId(target) >= 0);
        QVERIFY(messages->hasNewer());
        QVERIFY(messages->hasOlder());
        QCOMPARE(messages->rowCount(), client::HistoryPager::PageSize);
        verifyContiguous(m_bobIds);

        // Live while alice reads far back: not shown after a gap, but listed.
        const qint64 early = bobSends(u"are you there?"_s);
        QVERIFY(early != 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            m_a->contactData(m_bob.user.id, client::ConversationListModel::LastMessageRole)
                .toString(),
            u"are you there?"_s, Timeout);
        QCOMPARE(messages->rowOfId(early), -1);

        // Alice scrolls down page by page; bob writes again while the last page is on its
        // way, so it may overtake it.
        QList<qint64> serverIds = m_bobIds;
        serverIds << early;
        qint64 late = 0;
        int pages = 0;
        while (messages->hasNewer()) {
            const qint64 newest = *messages->newestStoredId();
            const bool lastPage
                = serverIds.indexOf(newest) + client::HistoryPager::PageSize >= serverIds.size();
            opened().pager().fetchNewer();
            if (lastPage && late == 0) {
                const int acked = int(m_bobSocket->frames(u"ack"_s).size());
                m_bobSocket->sendMessage(u"late"_s, m_withBob, u"late"_s, u"still there?"_s);
                QVERIFY(m_bobSocket->waitForFrames(u"ack"_s, acked + 1, Timeout));
                late = m_bobSocket->frames(u"ack"_s)
                           .last()[u"message"_s]
                           .toObject()[u"id"_s]
                           .toInteger();
                serverIds << late;
            }
            QTRY_VERIFY_WITH_TIMEOUT(
                *messages->newestStoredId() > newest || !messages->hasNewer(), Timeout);
            verifyContiguous(serverIds);
            QVERIFY(messages->storedRowCount() <= messages->maximumStoredRows());
            ++pages;
        }
        QVERIFY(pages >= 5);
        QVERIFY(late != 0);
        // The newest: both live messages, once each, in order, whichever came first.
        QTRY_COMPARE_WITH_TIMEOUT(messages->newestStoredId(), std::optional<qint64>(late), Timeout);
        verifyContiguous(serverIds);
        QCOMPARE(rowsWithBody(messages, u"are you there?"_s), 1);
        QCOMPARE(rowsWithBody(messages, u"still there?"_s), 1);
        QCOMPARE(structureError(*messages), QString());

        // Live again: the next message goes straight in.
        const qint64 next = bobSends(u"ok, bye"_s);
        QTRY_VERIFY_WITH_TIMEOUT(messages->rowOfId(next) >= 0, Timeout);
        QCOMPARE(rowsWithBody(messages, u"ok, bye"_s), 1);
    }

    void jumpOpensAnotherConversationAroundTheMessage()
    {
        openWith(m_carol, m_withCarol);
        if (QTest::currentTestFailed())
            return;
        const qint64 target = m_bobIds.at(RecipeAt - 1);
        QSignalSpy jumped(&opened(), &client::OpenConversation::jumpedToMessage);
        QSignalSpy changed(&opened(), &client::OpenConversation::changed);
        QCOMPARE(opened().jumpToMessage(m_withBob, target), -1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(opened().conversationId(), m_withBob);
        QCOMPARE(opened().peerId(), m_bob.user.id);
        QTRY_COMPARE_WITH_TIMEOUT(jumped.count(), 1, Timeout);
        QVERIFY(m_a->messages()->rowOfId(target) >= 0);
        QVERIFY(m_a->messages()->hasNewer());
        verifyContiguous(m_bobIds);
    }

    void writingAfterAJumpGoesBackToTheNewest()
    {
        openWith(m_bob, m_withBob);
        if (QTest::currentTestFailed())
            return;
        QSignalSpy jumped(&opened(), &client::OpenConversation::jumpedToMessage);
        opened().jumpToMessage(m_withBob, m_bobIds.at(RecipeAt - 1));
        QTRY_COMPARE_WITH_TIMEOUT(jumped.count(), 1, Timeout);
        const QString clientId = opened().send(u"found it"_s);
        QVERIFY(!clientId.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            !m_a->messages()->hasNewer() && m_a->isSent(u"found it"_s), Timeout);
        QCOMPARE(rowsWithBody(m_a->messages(), u"found it"_s), 1);
        QCOMPARE(m_a->messages()->rowOfClientId(clientId), m_a->messages()->rowCount() - 1);
        QList<qint64> serverIds = m_bobIds;
        serverIds << *m_a->messages()->newestStoredId();
        verifyContiguous(serverIds);
    }

    void jumpToAMessageThatIsNotThereFails()
    {
        openWith(m_bob, m_withBob);
        if (QTest::currentTestFailed())
            return;
        const qint64 carols = allServerIds(m_fixture.rest(), m_alice, m_withCarol).value(0);
        QVERIFY(carols != 0);
        QSignalSpy failed(&opened(), &client::OpenConversation::jumpFailed);
        QSignalSpy jumped(&opened(), &client::OpenConversation::jumpedToMessage);
        QCOMPARE(opened().jumpToMessage(m_withBob, carols), -1);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, Timeout);
        QCOMPARE(failed.at(0).at(0).toLongLong(), carols);
        QCOMPARE(jumped.count(), 0);
        QVERIFY(!m_a->messages()->hasNewer()); // the window stays as it was
        QCOMPARE(m_a->messages()->newestStoredId(), std::optional<qint64>(m_bobIds.last()));

        // Opened for a jump that fails, a conversation shows its newest page.
        openWith(m_carol, m_withCarol);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(opened().jumpToMessage(m_withBob, carols), -1);
        QCOMPARE(opened().conversationId(), m_withBob);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(storedIds(m_a->messages()),
            m_bobIds.mid(MessageCount - client::HistoryPager::PageSize), Timeout);
        QVERIFY(m_a->messages()->hasOlder());
        QCOMPARE(jumped.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestClientSearch)
#include "tst_clientsearch.moc"
