// Paged history through the real client stack (ChatSession + ClientContext and its model)
// against an in-process server: a conversation of 1,000 messages opens on its newest page
// only, and paging from the top reaches the first message with no gap and no repeat,
// through a bounded window that drops its newest rows and gets them back at the bottom.
#include <support/clientinstance.h>
#include <support/modelrows.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <support/wsclient.h>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

constexpr int MessageCount = 1000;
constexpr int PageSize = 50; // ClientContext's page

QList<qint64> storedIds(const client::MessageListModel *model)
{
    return idsOf(model, 0, model->storedRowCount() - 1);
}

} // namespace

class TestPaging : public QObject
{
    Q_OBJECT

private:
    test::ServerFixture m_fixture;
    Session m_alice;
    Session m_bob;
    qint64 m_conversation = 0;
    //! Every message id of the conversation as the server has it, oldest first.
    QList<qint64> m_serverIds;
    QTemporaryDir m_profile;
    std::unique_ptr<test::ClientInstance> m_instance; //!< alice's

    client::MessageListModel *messages() const { return m_instance->messages(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        m_alice = m_fixture.rest().signUp(u"alice"_s);
        m_bob = m_fixture.rest().signUp(u"bob"_s);
        m_conversation = m_fixture.rest().openConversation(m_bob.token, u"alice"_s);
        QVERIFY(m_conversation != 0);

        // Bob writes 1,000 messages in one burst over his socket (the server stores what
        // arrives during a commit in the next one).
        test::WsClient bob;
        QVERIFY(bob.connectAndAuthenticate(m_fixture.webSocketUrl(), m_bob.token));
        for (int i = 1; i <= MessageCount; ++i)
            bob.sendMessage(
                u"r%1"_s.arg(i), m_conversation, u"b-%1"_s.arg(i), u"message %1"_s.arg(i));
        QVERIFY(bob.waitForFrames(u"ack"_s, MessageCount, 60000));
        m_serverIds = allServerIds(m_fixture.rest(), m_alice, m_conversation);
        QCOMPARE(m_serverIds.size(), MessageCount);
    }

    void init()
    {
        QVERIFY(m_profile.isValid());
        m_instance = std::make_unique<test::ClientInstance>(u"alice"_s, m_alice, m_profile.path());
        m_instance->signIn(m_fixture.url());
        if (QTest::currentTestFailed())
            return;
        m_instance->awaitConversationWith(m_bob.user.id);
    }

    void cleanup() { m_instance.reset(); }

    void cleanupTestCase() { m_fixture.stop(); }

    void opensOnTheNewestPageOnly()
    {
        QSignalSpy inserted(messages(), &QAbstractItemModel::rowsInserted);
        m_instance->client->openConversation().openDirect(m_bob.user);
        QTRY_VERIFY_WITH_TIMEOUT(m_instance->client->messages()->hasOlder(), Timeout);
        QCOMPARE(storedIds(messages()), m_serverIds.mid(MessageCount - PageSize));
        // Nothing else loads by itself, even with the model tester calling fetchMore().
        QCoreApplication::processEvents();
        QCOMPARE(messages()->rowCount(), PageSize);
        QCOMPARE(inserted.count(), 1);
        QVERIFY(!messages()->isFetchingOlder());
    }

    void pagesFromTheTopWithNoGapOrRepeat_data()
    {
        QTest::addColumn<int>("bound");
        QTest::newRow("window holds everything") << 2000;
        QTest::newRow("bounded window of 300") << 300;
    }

    void pagesFromTheTopWithNoGapOrRepeat()
    {
        QFETCH(int, bound);
        messages()->setMaximumStoredRows(bound);
        m_instance->client->openConversation().openDirect(m_bob.user);
        QTRY_VERIFY_WITH_TIMEOUT(m_instance->client->messages()->hasOlder(), Timeout);

        // Every id as it streams through the window, newest first.
        QList<qint64> seen = storedIds(messages());
        std::reverse(seen.begin(), seen.end());
        QSignalSpy requested(messages(), &client::MessageListModel::olderPageRequested);
        int pages = 1;
        bool throughTheModel = false;
        while (m_instance->client->messages()->hasOlder()) {
            const qint64 oldest = *messages()->oldestId();
            QSignalSpy inserted(messages(), &QAbstractItemModel::rowsInserted);
            // Alternately as a view does it (fetchMore) and directly.
            throughTheModel = !throughTheModel;
            if (throughTheModel) {
                messages()->setAtTop(true);
                QVERIFY(messages()->canFetchMore({}));
                messages()->fetchMore({});
            } else {
                m_instance->client->openConversation().pager().fetchOlder();
            }
            QTRY_VERIFY_WITH_TIMEOUT(*messages()->oldestId() < oldest, Timeout);
            QCOMPARE(inserted.count(), 1);
            const int last = inserted.at(0).at(2).toInt();
            QList<qint64> page = idsOf(messages(), 0, last);
            std::reverse(page.begin(), page.end());
            seen += page;
            ++pages;

            const QList<qint64> window = storedIds(messages());
            QVERIFY(window.size() <= bound);
            const auto start = m_serverIds.indexOf(window.first());
            QCOMPARE(window, m_serverIds.mid(start, window.size())); // contiguous
            QCOMPARE(
                m_instance->client->messages()->hasNewer(), window.last() != m_serverIds.last());
        }
        QCOMPARE(pages, MessageCount / PageSize);
        QCOMPARE(requested.count(), (pages - 1 + 1) / 2);
        QList<qint64> expected = m_serverIds;
        std::reverse(expected.begin(), expected.end());
        QCOMPARE(seen, expected);
        QCOMPARE(messages()->oldestId(), std::optional<qint64>(m_serverIds.first()));
        QCOMPARE(m_instance->client->messages()->hasNewer(), bound < MessageCount);
    }

    void liveMessagesWaitBeyondABoundedWindow()
    {
        messages()->setMaximumStoredRows(120);
        m_instance->client->openConversation().openDirect(m_bob.user);
        QTRY_VERIFY_WITH_TIMEOUT(m_instance->client->messages()->hasOlder(), Timeout);
        for (int page = 0; page < 3; ++page) {
            const qint64 oldest = *messages()->oldestId();
            m_instance->client->openConversation().pager().fetchOlder();
            QTRY_VERIFY_WITH_TIMEOUT(*messages()->oldestId() < oldest, Timeout);
        }
        QVERIFY(m_instance->client->messages()->hasNewer());
        const QList<qint64> window = storedIds(messages());
        QCOMPARE(window.size(), 120);

        // Bob writes while alice reads old messages: it does not go in after a gap.
        const auto sent = m_fixture.rest().sendMessage(
            m_bob.token, m_conversation, u"b-live"_s, u"are you there?"_s);
        QCOMPARE(sent.status, 201);
        const qint64 liveId = sent.json.value(u"message"_s).toObject().value(u"id"_s).toInteger();
        QVERIFY(liveId > m_serverIds.last());
        QTRY_COMPARE_WITH_TIMEOUT(
            m_instance->client->conversations()
                ->index(m_instance->client->conversations()->rowOfPeer(m_bob.user.id))
                .data(client::ConversationListModel::LastMessageRole)
                .toString(),
            u"are you there?"_s, Timeout);
        QCOMPARE(storedIds(messages()), window);

        // Back at the bottom: the newest page, live message included, and live again.
        QSignalSpy reset(messages(), &QAbstractItemModel::modelReset);
        m_instance->client->openConversation().pager().showNewest();
        QTRY_VERIFY_WITH_TIMEOUT(!m_instance->client->messages()->hasNewer(), Timeout);
        QCOMPARE(reset.count(), 1);
        QList<qint64> expected = m_serverIds.mid(MessageCount - PageSize + 1);
        expected << liveId;
        QCOMPARE(storedIds(messages()), expected);
        QVERIFY(m_instance->client->messages()->hasOlder());

        const QString clientId = m_instance->client->openConversation().send(u"yes, back"_s);
        QTRY_VERIFY_WITH_TIMEOUT(
            messages()->rowCount() == PageSize + 1 && messages()->storedRowCount() == PageSize + 1,
            Timeout);
        QCOMPARE(messages()->rowOfClientId(clientId), PageSize);
        QVERIFY(messages()->rowOfId(liveId) >= 0);
    }
};

QTEST_GUILESS_MAIN(TestPaging)
#include "tst_paging.moc"
