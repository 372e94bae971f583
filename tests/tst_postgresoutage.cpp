// PostgreSQL going away under a running store and server (docs/SCALING.md): while it is
// down, calls fail with service_unavailable (503 on REST, an `error` frame on the
// WebSocket) and nothing is half stored; when it is back, the same store and server
// reconnect by themselves and a retry with the same client id stores the message once.
#include <server/store/store.h>
#include <support/restclient.h>
#include <support/resultcheck.h>
#include <support/testserver.h>
#include <support/throwawaypostgres.h>
#include <support/timeouts.h>
#include <support/wsclient.h>

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using server::Store;

class tst_PostgresOutage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void storeReconnectsWhenTheDatabaseIsBack();
    void serverRefusesClearlyThenRecovers();

private:
    //! A new database on the cluster, as a URL.
    server::postgres::ConnectionUrl newDatabase(const QString &name);

    ThrowawayPostgres m_cluster;
};

void tst_PostgresOutage::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
}

server::postgres::ConnectionUrl tst_PostgresOutage::newDatabase(const QString &name)
{
    if (!m_cluster.createDatabase(name))
        return {};
    return server::postgres::ConnectionUrl::parse(m_cluster.url(name)).value();
}

void tst_PostgresOutage::storeReconnectsWhenTheDatabaseIsBack()
{
    Store store;
    const auto url = newDatabase(u"store_outage"_s);
    QVERIFY2(!url.database.isEmpty(), qPrintable(m_cluster.error()));
    VERIFY_OK(store.open(url));
    const auto alice = store.createUser(u"alice"_s, "x");
    const auto bob = store.createUser(u"bob"_s, "x");
    VERIFY_OK(alice);
    VERIFY_OK(bob);
    const auto direct = store.openDirectConversation(alice->id, bob->id);
    VERIFY_OK(direct);
    const qint64 conversation = direct->conversation.id;
    VERIFY_OK(store.insertMessage(conversation, alice->id, u"before"_s, u"before"_s));

    QVERIFY(m_cluster.stop());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"lost the connection"_s));
    const auto whileDown = store.insertMessage(conversation, alice->id, u"during"_s, u"during"_s);
    QVERIFY(!whileDown);
    QCOMPARE(whileDown.error().code, ErrorCode::ServiceUnavailable);
    // Reads too, and transactions; each says the same, none waits long.
    const auto history = store.history(conversation, std::nullopt, 10);
    QVERIFY(!history);
    QCOMPARE(history.error().code, ErrorCode::ServiceUnavailable);
    const auto begun = store.beginTransaction();
    QVERIFY(!begun);
    QCOMPARE(begun.error().code, ErrorCode::ServiceUnavailable);

    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
    // The next call after ReconnectInterval connects again.
    QTRY_VERIFY_WITH_TIMEOUT(
        store.insertMessage(conversation, alice->id, u"during"_s, u"during"_s).ok(), Timeout);
    const auto after = store.history(conversation, std::nullopt, 10);
    VERIFY_OK(after);
    QStringList bodies;
    for (const Message &message : after->messages)
        bodies.prepend(message.body);
    QCOMPARE(bodies, (QStringList { u"before"_s, u"during"_s }));
    // Transactions work again, and the positions kept their order.
    VERIFY_OK(store.beginTransaction());
    VERIFY_OK(store.insertMessage(conversation, bob->id, u"later"_s, u"later"_s));
    VERIFY_OK(store.commitTransaction());
    QCOMPARE(store.highestMessageId().value(), store.newestMessageId(conversation).value());
}

void tst_PostgresOutage::serverRefusesClearlyThenRecovers()
{
    const auto url = newDatabase(u"server_outage"_s);
    QVERIFY2(!url.database.isEmpty(), qPrintable(m_cluster.error()));
    TestServer server([&](server::ServerConfig &config) { config.postgres = url; });
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    RestClient rest(server.url());
    const Session alice = rest.signUp(u"alice"_s);
    const Session bob = rest.signUp(u"bob"_s);
    QVERIFY(!alice.token.isEmpty() && !bob.token.isEmpty());
    const qint64 conversation = rest.openConversation(alice.token, u"bob"_s);
    QVERIFY(conversation > 0);
    WsClient bobSocket;
    QVERIFY(bobSocket.connectAndAuthenticate(server.webSocketUrl(), bob.token));
    QCOMPARE(rest.requestAtRoot("GET", u"/healthz"_s).status, 200);

    QVERIFY(m_cluster.stop());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"lost the connection"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"lost the connection"_s));
    // REST: 503 service_unavailable, whichever of the server's connections finds out.
    const HttpReply refused = rest.sendMessage(alice.token, conversation, u"m-1"_s, u"hello"_s);
    QCOMPARE(refused.status, 503);
    QCOMPARE(refused.errorCode(), u"service_unavailable"_s);
    // The WebSocket: an error frame for the send, the socket stays.
    bobSocket.sendMessage(u"r-1"_s, conversation, u"b-1"_s, u"hi"_s);
    QVERIFY(bobSocket.waitForFrames(u"error"_s, 1, Timeout));
    const QJsonObject error = bobSocket.frames(u"error"_s).first();
    QCOMPARE(error[u"id"_s].toString(), u"r-1"_s);
    QCOMPARE(error[u"error"_s][u"code"_s].toString(), u"service_unavailable"_s);
    QVERIFY(bobSocket.isConnected());
    QCOMPARE(rest.requestAtRoot("GET", u"/healthz"_s).status, 503);

    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
    // The same request again until the server has reconnected (each of its connections
    // finds out at its next use): stored once, whichever attempt stored it.
    int status = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        (status = rest.sendMessage(alice.token, conversation, u"m-1"_s, u"hello"_s).status) == 201
            || status == 200,
        Timeout);
    QCOMPARE(rest.sendMessage(alice.token, conversation, u"m-1"_s, u"hello"_s).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(rest.requestAtRoot("GET", u"/healthz"_s).status, 200, Timeout);
    bobSocket.sendMessage(u"r-2"_s, conversation, u"b-1"_s, u"hi"_s);
    QVERIFY(bobSocket.waitForFrames(u"ack"_s, 1, Timeout));
    const HttpReply history
        = rest.get(u"/conversations/%1/messages"_s.arg(conversation), alice.token);
    QCOMPARE(history.status, 200);
    QCOMPARE(history.json[u"messages"_s].toArray().size(), 2);
}

QTEST_GUILESS_MAIN(tst_PostgresOutage)
#include "tst_postgresoutage.moc"
