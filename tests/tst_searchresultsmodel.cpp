// Unit tests of SearchResultsModel, the hits of a message search: the first page replaces
// the rows, the next ones are appended with each message once, the roles say what the list
// shows (conversation, sender, time, the snippet with its matched parts), and the
// fetch-more protocol asks for one next page at a time, only while more exist. Every test
// runs on a fresh model watched by QAbstractItemModelTester (which calls fetchMore() on its
// own, also inside row changes).
#include <client/search/searchresultsmodel.h>
#include <support/modelrows.h>
#include <support/samplemessages.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using client::SearchResult;
using client::SearchResultsModel;

namespace {

//! Bob's message `id` found by a search for "café", in a group titled "Lunch".
SearchResult hit(qint64 id)
{
    Message message = theirs(id);
    message.senderName = u"bob"_s;
    message.body = u"Café at %1?"_s.arg(id);
    return SearchResult { .hit
        = SearchHit { message,
            { SnippetPart { u"Café"_s, true }, SnippetPart { u" at %1?"_s.arg(id), false } } },
        .conversationTitle = u"Lunch"_s,
        .inGroup = true,
        .own = false };
}

QList<SearchResult> hits(qint64 from, qint64 to)
{
    QList<SearchResult> results;
    for (qint64 id = from; id <= to; ++id)
        results.append(hit(id));
    return results;
}

} // namespace

class TestSearchResultsModel : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SearchResultsModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    [[nodiscard]] QList<qint64> messageIds() const
    {
        QList<qint64> ids;
        for (int row = 0; row < m_model->rowCount(); ++row)
            ids.append(m_model->index(row).data(SearchResultsModel::MessageIdRole).toLongLong());
        return ids;
    }

private Q_SLOTS:
    void init()
    {
        m_model = std::make_unique<SearchResultsModel>();
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
    }

    void rolesSayWhatTheListShows()
    {
        verifyRoleNames(*m_model, allRoles<SearchResultsModel>(), 10,
            { { SearchResultsModel::MessageIdRole, "messageId" },
                { SearchResultsModel::SnippetPartsRole, "snippetParts" } });
        SearchResult own = hit(12);
        own.hit.message.senderId = OwnUserId;
        own.own = true;
        m_model->setResults({ hit(11), own }, false);

        const QModelIndex first = m_model->index(0);
        QCOMPARE(first.data(SearchResultsModel::MessageIdRole).toLongLong(), 11);
        QCOMPARE(first.data(SearchResultsModel::ConversationIdRole).toLongLong(), ConversationId);
        QCOMPARE(first.data(SearchResultsModel::ConversationTitleRole).toString(), u"Lunch"_s);
        QCOMPARE(first.data(SearchResultsModel::InGroupRole).toBool(), true);
        QCOMPARE(first.data(SearchResultsModel::SenderIdRole).toLongLong(), BobId);
        QCOMPARE(first.data(SearchResultsModel::SenderNameRole).toString(), u"bob"_s);
        QCOMPARE(first.data(SearchResultsModel::IsOwnRole).toBool(), false);
        QCOMPARE(first.data(SearchResultsModel::CreatedAtRole).toDateTime(), serverTime(11));
        QCOMPARE(first.data(SearchResultsModel::SnippetRole).toString(), u"Café at 11?"_s);
        QCOMPARE(first.data(Qt::DisplayRole).toString(), u"Café at 11?"_s);
        const auto parts
            = first.data(SearchResultsModel::SnippetPartsRole).value<QList<SnippetPart>>();
        QCOMPARE(parts, hit(11).hit.snippet);
        QCOMPARE(m_model->index(1).data(SearchResultsModel::IsOwnRole).toBool(), true);
        QCOMPARE(client::snippetText(parts), u"Café at 11?"_s);
    }

    void firstPageReplacesTheRows()
    {
        m_model->setResults(hits(1, 5), true);
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        m_model->setResults(hits(20, 22), false);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(messageIds(), (QList<qint64> { 20, 21, 22 }));
        QVERIFY(!m_model->hasMore());
        QVERIFY(!m_model->canFetchMore({}));

        m_model->clear();
        QCOMPARE(m_model->rowCount(), 0);
        QVERIFY(!m_model->hasMore());
    }

    void nextPagesAppendEachMessageOnce()
    {
        m_model->setResults(hits(1, 3), true);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        // New messages moved the ranking: hit 3 comes again at the top of the next page.
        QCOMPARE(m_model->appendResults(hits(3, 5), true), 2);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 3);
        QCOMPARE(inserted.at(0).at(2).toInt(), 4);
        QCOMPARE(messageIds(), (QList<qint64> { 1, 2, 3, 4, 5 }));
        // Nothing new: no insertion at all.
        QCOMPARE(m_model->appendResults(hits(4, 5), false), 0);
        QCOMPARE(inserted.count(), 1);
        QVERIFY(!m_model->hasMore());
        // A first page with a repeat lists it once too.
        m_model->setResults(hits(7, 8) + hits(7, 7), false);
        QCOMPARE(messageIds(), (QList<qint64> { 7, 8 }));
    }

    void fetchMoreAsksOncePerPage()
    {
        QSignalSpy requested(m_model.get(), &SearchResultsModel::morePageRequested);
        m_model->setResults(hits(1, 20), true);
        // The tester may have asked already; either way, exactly one page is on its way.
        if (requested.isEmpty())
            m_model->fetchMore({});
        QCOMPARE(requested.count(), 1);
        QVERIFY(m_model->isFetchingMore());
        QVERIFY(!m_model->canFetchMore({}));
        m_model->fetchMore({});
        QCOMPARE(requested.count(), 1);

        // It fails: a later fetchMore() tries again.
        m_model->morePageFailed();
        QVERIFY(m_model->canFetchMore({}));
        m_model->fetchMore({});
        QCOMPARE(requested.count(), 2);

        // The last page arrives: nothing more to ask, even from inside the insertion.
        m_model->appendResults(hits(21, 30), false);
        QCOMPARE(m_model->rowCount(), 30);
        QVERIFY(!m_model->isFetchingMore());
        QVERIFY(!m_model->canFetchMore({}));
        m_model->fetchMore({});
        QCOMPARE(requested.count(), 2);
    }
};

QTEST_GUILESS_MAIN(TestSearchResultsModel)
#include "tst_searchresultsmodel.moc"
