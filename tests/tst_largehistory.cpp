// A conversation with 1,000,000 stored messages opens on its newest page and loads
// nothing else. The rows are written straight into the server's SQLite file while no
// server runs (one transaction), then a server starts on that file. The time from
// openContact() to the page being in the model, and to it being laid out in the pane, is
// printed (qInfo) rather than asserted: timings depend on the machine.
#include <server/store/store.h>
#include <support/clientinstance.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <ui/conversationview.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QListView>
#include <QPixmap>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {
constexpr int PageSize = 50;

int messageCount()
{
    // CHAT_LARGE_HISTORY overrides the size (e.g. a quick run with fewer rows).
    const int configured = qEnvironmentVariableIntValue("CHAT_LARGE_HISTORY");
    return configured > 0 ? configured : 1'000'000;
}
} // namespace

class TestLargeHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void opensOnTheNewestPageOnly()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        const QString databasePath = directory.filePath(u"large.sqlite3"_s);
        const auto onThatFile = [databasePath](server::ServerConfig &config) {
            config.databasePath = databasePath;
        };

        // Accounts and the conversation through the server itself.
        test::ServerFixture fixture;
        QVERIFY2(fixture.start(onThatFile), qPrintable(fixture.error()));
        const QList<Session> users = fixture.signUp({ u"alice"_s, u"bob"_s });
        QVERIFY2(users.size() == 2, qPrintable(fixture.error()));
        const Session &bob = users.at(1);
        const qint64 conversation = fixture.rest().openConversation(bob.token, u"alice"_s);
        QVERIFY(conversation != 0);
        fixture.stop();

        // The messages, straight into the file, the server stopped.
        const int count = messageCount();
        QElapsedTimer filling;
        filling.start();
        {
            server::Store store; // migrated, as the server left it
            QVERIFY(store.open(databasePath).ok());
        }
        {
            QSqlDatabase database = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tst_largehistory"_s);
            database.setDatabaseName(databasePath);
            QVERIFY2(database.open(), qPrintable(database.lastError().text()));
            QSqlQuery query(database);
            QVERIFY(query.exec(u"PRAGMA synchronous = OFF"_s));
            QVERIFY(database.transaction());
            QVERIFY(query.prepare(u"INSERT INTO messages "
                                  u"(conversation_id, sender_id, client_id, body, created_at) "
                                  u"VALUES (?, ?, ?, ?, ?)"_s));
            const qint64 now = QDateTime::currentMSecsSinceEpoch() - count;
            for (int i = 1; i <= count; ++i) {
                query.bindValue(0, conversation);
                query.bindValue(1, bob.user.id);
                query.bindValue(2, u"bulk-%1"_s.arg(i));
                query.bindValue(3, u"message %1"_s.arg(i));
                query.bindValue(4, now + i);
                QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
            }
            QVERIFY(database.commit());
            query = QSqlQuery();
            database.close();
        }
        QSqlDatabase::removeDatabase(u"tst_largehistory"_s);
        qInfo("wrote %d messages in %lld ms", count, qint64(filling.elapsed()));

        QVERIFY2(fixture.start(onThatFile), qPrintable(fixture.error()));
        test::ClientInstance alice(u"alice"_s, users.at(0));
        client::MessageListModel *messages = alice.messages();
        ui::ConversationView view(*alice.client);
        view.resize(480, 640);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        alice.signIn(fixture.url());
        if (QTest::currentTestFailed())
            return;
        alice.awaitConversationWith(bob.user.id);

        // Timed where it happens: the page going into the model, and the pane laid out and
        // pinned to the bottom with the newest message in sight (the scroll bar's signals).
        QElapsedTimer opening;
        qint64 inModelMs = -1;
        qint64 shownMs = -1;
        QListView *list = view.messageList();
        const auto check = [&] {
            if (inModelMs < 0 && messages->rowCount() >= PageSize)
                inModelMs = opening.elapsed();
            const QScrollBar *bar = list->verticalScrollBar();
            if (shownMs < 0 && inModelMs >= 0 && bar->maximum() > 0
                && bar->value() == bar->maximum()
                && list->visualRect(messages->index(messages->rowCount() - 1))
                       .intersects(list->viewport()->rect()))
                shownMs = opening.elapsed();
        };
        connect(messages, &QAbstractItemModel::rowsInserted, this, check);
        connect(list->verticalScrollBar(), &QScrollBar::rangeChanged, this, check);
        connect(list->verticalScrollBar(), &QScrollBar::valueChanged, this, check);
        QSignalSpy requested(messages, &client::MessageListModel::olderPageRequested);
        opening.start();
        alice.client->openConversation().openDirect(bob.user);
        QTRY_VERIFY_WITH_TIMEOUT(inModelMs >= 0 && shownMs >= 0, Timeout);
        QElapsedTimer painting;
        painting.start();
        const QPixmap frame = view.grab(); // what the first frame costs to paint
        const qint64 paintMs = painting.elapsed();
        QVERIFY(!frame.isNull());
        qInfo("%d stored messages: newest page in the model after %lld ms, laid out at the "
              "bottom after %lld ms, painted in %lld ms more",
            count, inModelMs, shownMs, paintMs);

        QCOMPARE(messages->rowCount(), PageSize);
        QVERIFY(alice.messages()->hasOlder());
        QCOMPARE(*messages->newestStoredId() - *messages->oldestId(), qint64(PageSize - 1));
        QCOMPARE(messages->index(PageSize - 1).data(client::MessageListModel::BodyRole).toString(),
            u"message %1"_s.arg(count));
        // Nothing else was asked for: not by the view, pinned to the bottom, nor by the tester.
        QCoreApplication::processEvents();
        QCOMPARE(requested.count(), 0);
        QVERIFY(!messages->isFetchingOlder());
        QCOMPARE(messages->rowCount(), PageSize);
    }
};

QTEST_MAIN(TestLargeHistory)
#include "tst_largehistory.moc"
