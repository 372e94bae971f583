// Reliable delivery from the client's side, against an in-process server: the outbox
// survives an app restart while the server is down and delivers once, in order; a
// receiver that was away gets what it missed by replay, with no gap or duplicate at the
// seam; an unknown position makes it refetch; a link that goes silent is noticed by the
// heartbeat and replaced.
#include <support/clientinstance.h>
#include <support/modelrows.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>

#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace chat;
using namespace chat::test;

namespace {

// Generous: the suite runs in parallel on two cores.

//! A client stack as the window has it, keeping its outbox under `profile`.
using Instance = test::ClientInstance;

//! Forwards TCP between clients and a server, and can go silent: it then stops
//! forwarding in both directions without closing anything, as a dead NAT mapping or a
//! suspended peer would. Connections made while silent stay dead for good.
class SilentableProxy : public QObject
{
public:
    explicit SilentableProxy(quint16 targetPort)
        : m_targetPort(targetPort)
    {
        connect(&m_listener, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_listener.nextPendingConnection())
                accept(client);
        });
    }
    ~SilentableProxy() override
    {
        // The sockets are the listener's children: one being destroyed says "disconnected",
        // and the handlers below must not reach it (or its peer) half destroyed.
        for (const auto &link : std::as_const(m_links)) {
            for (QTcpSocket *socket : { link->client.data(), link->upstream.data() }) {
                if (socket)
                    socket->disconnect();
            }
        }
    }
    bool listen() { return m_listener.listen(QHostAddress::LocalHost, 0); }
    [[nodiscard]] QUrl url() const
    {
        return QUrl(u"http://127.0.0.1:%1"_s.arg(m_listener.serverPort()));
    }
    void setSilent(bool silent)
    {
        m_silent = silent;
        if (silent) {
            for (const auto &link : std::as_const(m_links))
                link->dead = true;
        }
    }
    [[nodiscard]] int connectionCount() const { return int(m_links.size()); }

private:
    struct Link
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
        QByteArray early; //!< From the client before upstream connected.
        bool dead = false;
    };

    void accept(QTcpSocket *client)
    {
        auto link = std::make_shared<Link>();
        link->client = client;
        link->upstream = new QTcpSocket(client);
        link->dead = m_silent;
        m_links.push_back(link);
        QTcpSocket *upstream = link->upstream;
        connect(upstream, &QTcpSocket::connected, client, [link] {
            if (!link->dead && !link->early.isEmpty())
                link->upstream->write(std::exchange(link->early, {}));
        });
        connect(client, &QTcpSocket::readyRead, client, [link] {
            const QByteArray data = link->client->readAll();
            if (link->dead)
                return;
            if (link->upstream->state() == QAbstractSocket::ConnectedState)
                link->upstream->write(data);
            else
                link->early += data;
        });
        connect(upstream, &QTcpSocket::readyRead, client, [link] {
            const QByteArray data = link->upstream->readAll();
            if (!link->dead)
                link->client->write(data);
        });
        // A live link passes a close on; a dead one says nothing, whatever happens.
        connect(upstream, &QTcpSocket::disconnected, client, [link] {
            if (!link->dead && link->client)
                link->client->disconnectFromHost();
        });
        connect(client, &QTcpSocket::disconnected, client, [link] {
            if (link->upstream)
                link->upstream->abort();
            link->client->deleteLater();
        });
        upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
    }

    QTcpServer m_listener;
    quint16 m_targetPort;
    bool m_silent = false;
    std::vector<std::shared_ptr<Link>> m_links;
};

} // namespace

class TestDelivery : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_profile;
    ServerFixture m_fixture;
    Session m_alice;
    Session m_bob;
    qint64 m_conversationId = 0;

    //! `user`'s client stack on the one profile of this test (a restart keeps it).
    std::unique_ptr<Instance> newInstance(const Session &user)
    {
        return std::make_unique<Instance>(user.user.username, user, m_profile->path());
    }

    //! Signs in and waits until live with the list in.
    void signIn(Instance &instance, const QUrl &url = {})
    {
        instance.signIn(url.isEmpty() ? m_fixture.url() : url);
    }

    //! Opens the conversation with the only contact and waits for `rows` rows.
    void openConversation(Instance &instance, int rows)
    {
        const Session &other = instance.rest.user.id == m_alice.user.id ? m_bob : m_alice;
        instance.client->openConversation().openDirect(other.user);
        QTRY_COMPARE_WITH_TIMEOUT(
            instance.client->openConversation().conversationId(), m_conversationId, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(instance.messages()->rowCount(), rows, Timeout);
    }

    //! Bob live with the conversation open, showing alice's message `body`; null when that
    //! failed (the test has failed then).
    std::unique_ptr<Instance> bobShowing(const QString &body)
    {
        auto bob = newInstance(m_bob);
        signIn(*bob);
        if (QTest::currentTestFailed())
            return {};
        openConversation(*bob, 0);
        if (QTest::currentTestFailed())
            return {};
        [&] {
            QVERIFY(sendAsAlice(body) > 0);
            QTRY_COMPARE_WITH_TIMEOUT(bob->messages()->rowCount(), 1, Timeout);
        }();
        return QTest::currentTestFailed() ? nullptr : std::move(bob);
    }

    QList<Message> serverHistory()
    {
        return test::serverHistory(m_fixture.rest(), m_alice, m_conversationId);
    }

    qint64 sendAsAlice(const QString &body)
    {
        const auto reply = m_fixture.rest().sendMessage(m_alice.token, m_conversationId,
            QUuid::createUuid().toString(QUuid::WithoutBraces), body);
        return reply.json.value(u"message"_s).toObject().value(u"id"_s).toInteger();
    }

private Q_SLOTS:
    void init()
    {
        m_profile = std::make_unique<QTemporaryDir>();
        QVERIFY(m_profile->isValid());
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        const QList<Session> users = m_fixture.signUp({ u"alice"_s, u"bob"_s });
        QVERIFY2(users.size() == 2, qPrintable(m_fixture.error()));
        m_alice = users.at(0);
        m_bob = users.at(1);
        m_conversationId = m_fixture.rest().openConversation(m_alice.token, u"bob"_s);
        QVERIFY(m_conversationId > 0);
    }

    void cleanup()
    {
        m_fixture.stop();
        m_profile.reset();
    }

    void queuedWhileServerDownSurvivesAppRestart()
    {
        auto alice = newInstance(m_alice);
        signIn(*alice);
        if (QTest::currentTestFailed())
            return;
        openConversation(*alice, 0);
        alice->client->openConversation().send(u"before"_s);
        QTRY_VERIFY_WITH_TIMEOUT(allSent(alice->messages(), 1), Timeout);
        QCOMPARE(alice->client->outgoing().waitingCount(), 0);

        m_fixture.chatServer().stop();
        QTRY_VERIFY_WITH_TIMEOUT(!alice->isOnline(), Timeout);
        QSignalSpy waiting(&alice->client->outgoing(), &client::OutgoingQueue::waitingCountChanged);
        QStringList queued;
        for (int i = 1; i <= 5; ++i)
            queued.append(alice->client->openConversation().send(u"queued %1"_s.arg(i)));
        QCOMPARE(alice->client->outgoing().waitingCount(), 5);
        QCOMPARE(waiting.size(), 5);
        QCOMPARE(waiting.last().at(0).toInt(), 5);
        const QList<MessageRow> shown = rowsOf(alice->messages());
        QCOMPARE(shown.size(), 6);
        for (int i = 1; i <= 5; ++i) {
            QCOMPARE(shown.at(i).clientId, queued.at(i - 1));
            QCOMPARE(shown.at(i).state, client::DeliveryState::Pending);
        }

        // The app quits while the server is down, and starts again on the same profile.
        alice.reset();
        QVERIFY2(m_fixture.restart(), qPrintable(m_fixture.error()));
        alice = newInstance(m_alice);
        int waitingAtSignIn = -1;
        connect(alice->session.get(), &client::ChatSession::signedInChanged, alice->client.get(),
            [&waitingAtSignIn, client = alice->client.get()] {
                if (waitingAtSignIn < 0)
                    waitingAtSignIn = client->outgoing().waitingCount();
            });
        signIn(*alice);
        if (QTest::currentTestFailed())
            return;
        // The outbox came back from disk before anything was sent.
        QCOMPARE(waitingAtSignIn, 5);
        openConversation(*alice, 6);
        QTRY_VERIFY_WITH_TIMEOUT(allSent(alice->messages(), 6), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(alice->client->outgoing().waitingCount(), 0, Timeout);
        QCOMPARE(alice->client->outgoing().size(), 0);

        // On the server: once each, in the order written, with the client ids shown.
        const QList<Message> history = serverHistory();
        QCOMPARE(bodiesOf(history),
            (QStringList { u"before"_s, u"queued 1"_s, u"queued 2"_s, u"queued 3"_s, u"queued 4"_s,
                u"queued 5"_s }));
        for (int i = 1; i <= 5; ++i)
            QCOMPARE(history.at(i).clientId, queued.at(i - 1));
        QCOMPARE(idsOf(alice->messages()), idsOf(history));

        // And the outbox on disk is empty: another restart sends nothing again.
        alice.reset();
        alice = newInstance(m_alice);
        signIn(*alice);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(alice->client->outgoing().size(), 0);
        QCOMPARE(serverHistory().size(), 6);
    }

    void receiverGetsWhatItMissedByReplay()
    {
        auto bob = bobShowing(u"first"_s);
        if (!bob)
            return;

        // Away while 100 messages arrive.
        bob->session->liveConnection().stop();
        QVERIFY(!bob->isOnline());
        for (int i = 0; i < 100; ++i)
            QVERIFY(sendAsAlice(u"missed %1"_s.arg(i)) > 0);

        QSignalSpy received(bob->session.get(), &client::ChatSession::messageReceived);
        QSignalSpy live(bob->session.get(), &client::ChatSession::wentLive);
        bob->session->liveConnection().start(m_fixture.url(), bob->session->api().token());
        QVERIFY(live.wait(Timeout));
        // All 100 were replayed before `ready`: nothing needs a refetch.
        QCOMPARE(live.first().at(0).toBool(), true);
        QCOMPARE(received.size(), 100);
        QCOMPARE(bob->messages()->rowCount(), 101);

        // Then live ones, with nothing doubled at the seam.
        for (int i = 0; i < 5; ++i)
            QVERIFY(sendAsAlice(u"live %1"_s.arg(i)) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(bob->messages()->rowCount(), 106, Timeout);
        const QList<Message> history = serverHistory();
        QCOMPARE(history.size(), 106);
        QCOMPARE(idsOf(bob->messages()), idsOf(history));
        QCOMPARE(received.size(), 105);
        QCOMPARE(bob->session->liveConnection().resumeCursor(), history.last().id);
    }

    void restartedReceiverResumesFromItsSavedPosition()
    {
        auto bob = newInstance(m_bob);
        signIn(*bob);
        if (QTest::currentTestFailed())
            return;
        const qint64 seen = sendAsAlice(u"seen"_s);
        QTRY_COMPARE_WITH_TIMEOUT(bob->session->liveConnection().resumeCursor(), seen, Timeout);
        bob.reset(); // saves the position on the way out

        for (int i = 0; i < 30; ++i)
            QVERIFY(sendAsAlice(u"while closed %1"_s.arg(i)) > 0);
        bob = newInstance(m_bob);
        QSignalSpy received(bob->session.get(), &client::ChatSession::messageReceived);
        QSignalSpy live(bob->session.get(), &client::ChatSession::wentLive);
        signIn(*bob);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(live.size(), 1);
        QCOMPARE(live.first().at(0).toBool(), true);
        QCOMPARE(received.size(), 30);
        QCOMPARE(received.first().at(0).value<Message>().body, u"while closed 0"_s);
        openConversation(*bob, 31);
        QCOMPARE(idsOf(bob->messages()), idsOf(serverHistory()));
    }

    void unknownPositionMakesTheClientRefetch()
    {
        auto bob = bobShowing(u"one"_s);
        if (!bob)
            return;

        // As if the server's database had been replaced: our position is beyond its ids.
        bob->session->liveConnection().stop();
        const qint64 latest = sendAsAlice(u"two"_s);
        bob->session->liveConnection().setResumeCursor(latest + 1'000'000);
        QSignalSpy live(bob->session.get(), &client::ChatSession::wentLive);
        bob->session->liveConnection().start(m_fixture.url(), bob->session->api().token());
        QVERIFY(live.wait(Timeout));
        QCOMPARE(live.first().at(0).toBool(), false);
        // The server's position is taken, and the newest page fills the conversation.
        QCOMPARE(bob->session->liveConnection().resumeCursor(), latest);
        QTRY_COMPARE_WITH_TIMEOUT(bob->messages()->rowCount(), 2, Timeout);
        QCOMPARE(idsOf(bob->messages()), idsOf(serverHistory()));
    }

    void silentLinkIsNoticedAndReplaced()
    {
        SilentableProxy proxy(m_fixture.chatServer().port());
        QVERIFY(proxy.listen());
        auto alice = newInstance(m_alice);
        alice->session->liveConnection().setHeartbeat(200ms, 1000ms);
        signIn(*alice, proxy.url());
        if (QTest::currentTestFailed())
            return;
        openConversation(*alice, 0);
        const int connectionsBefore = proxy.connectionCount();

        proxy.setSilent(true);
        QTRY_VERIFY_WITH_TIMEOUT(!alice->isOnline(), Timeout);
        // Written while the link is dead: it waits, and is not Failed.
        const QString clientId = alice->client->openConversation().send(u"through the gap"_s);
        QCOMPARE(alice->client->outgoing().waitingCount(), 1);

        proxy.setSilent(false);
        QTRY_VERIFY_WITH_TIMEOUT(alice->isOnline(), Timeout);
        QVERIFY(proxy.connectionCount() > connectionsBefore);
        QTRY_VERIFY_WITH_TIMEOUT(allSent(alice->messages(), 1), Timeout);
        QCOMPARE(alice->client->outgoing().waitingCount(), 0);
        const QList<Message> history = serverHistory();
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.first().clientId, clientId);
    }
};

QTEST_GUILESS_MAIN(TestDelivery)
#include "tst_delivery.moc"
