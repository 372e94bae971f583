// Several real client stacks (ChatSession + ClientContext with their models) against one
// in-process server: two instances of alice (A1, A2) and one of bob (B). What one
// instance sends shows once on every instance, in the server's order; lists converge to
// the server's history however sends interleave; undelivered and refused sends keep
// their client id and never double.
#include <client/clientcontext.h>
#include <client/network/chatsession.h>
#include <shared/jsoncodec.h>
#include <shared/protocol.h>
#include <support/clientinstance.h>
#include <support/restclient.h>
#include <support/testserver.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;
using namespace chat;
using chat::client::ChatSession;
using chat::client::ClientContext;
using chat::client::ConversationListModel;
using chat::client::DeliveryState;
using chat::client::MessageListModel;
using chat::client::OpenConversation;
using chat::client::OperationTransport;
using chat::client::OutgoingOperation;
using chat::client::OutgoingQueue;
using chat::test::HttpReply;
using chat::test::RestClient;
using chat::test::TestServer;

namespace {

// Generous: the suite runs in parallel on small machines.
constexpr int Timeout = 20000;
// A dropped socket comes back after a jittered backoff that may reach 30 s.
constexpr int ReconnectTimeout = 60000;

QString password()
{
    return u"password123"_s;
}

//! One client as the window would have it: a session, a ClientContext, and model testers.
using Instance = test::ClientInstance;

//! One row of a MessageListModel, read through its roles.
struct Row
{
    qint64 id = 0;
    QString clientId;
    QString body;
    qint64 senderId = 0;
    bool isOwn = false;
    DeliveryState state = DeliveryState::Pending;
    QString error;
};

QList<Row> rowsOf(const MessageListModel *model)
{
    QList<Row> rows;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row);
        rows.append(Row { index.data(MessageListModel::IdRole).toLongLong(),
            index.data(MessageListModel::ClientIdRole).toString(),
            index.data(MessageListModel::BodyRole).toString(),
            index.data(MessageListModel::SenderIdRole).toLongLong(),
            index.data(MessageListModel::IsOwnRole).toBool(),
            index.data(MessageListModel::DeliveryStateRole).value<DeliveryState>(),
            index.data(MessageListModel::ErrorRole).toString() });
    }
    return rows;
}

QString keyOf(qint64 id, qint64 senderId, const QString &clientId, const QString &body)
{
    return u"%1|%2|%3|%4"_s.arg(id).arg(senderId).arg(clientId, body);
}

//! What must be identical everywhere: (id, sender, client id, body) in row order.
QStringList keysOf(const MessageListModel *model)
{
    QStringList keys;
    for (const Row &row : rowsOf(model))
        keys << keyOf(row.id, row.senderId, row.clientId, row.body);
    return keys;
}

QStringList keysOf(const QList<Message> &messages)
{
    QStringList keys;
    for (const Message &message : messages)
        keys << keyOf(message.id, message.senderId, message.clientId, message.body);
    return keys;
}

int countState(const MessageListModel *model, DeliveryState state)
{
    int count = 0;
    for (const Row &row : rowsOf(model))
        count += row.state == state ? 1 : 0;
    return count;
}

//! Exactly `count` rows, every one stored (Sent).
bool allSent(const MessageListModel *model, int count)
{
    return model->rowCount() == count && countState(model, DeliveryState::Sent) == count;
}

//! Rows with this body (to count copies), in any state or in `state`.
int rowsWithBody(const MessageListModel *model, const QString &body,
    std::optional<DeliveryState> state = std::nullopt)
{
    int count = 0;
    for (const Row &row : rowsOf(model))
        count += row.body == body && (!state || row.state == *state) ? 1 : 0;
    return count;
}

QVariant contactData(const QAbstractItemModel *model, int row, int role)
{
    return model->index(row, 0).data(role);
}

//! A port that was free a moment ago, for a server that must come back on the same one.
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

class TestClientSync : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<RestClient> m_rest;
    Session m_alice;
    Session m_bob;
    Session m_carol;
    std::vector<std::unique_ptr<Instance>> m_instances;
    Instance *m_a1 = nullptr;
    Instance *m_a2 = nullptr;
    Instance *m_b = nullptr;

    //! A server with alice, bob and carol, and A1, A2 (alice) and B (bob) signed in and
    //! live, each with its contact list loaded.
    void startWorld(const TestServer::Tweak &tweak = {})
    {
        m_server = std::make_unique<TestServer>(tweak);
        QVERIFY2(m_server->isRunning(), qPrintable(m_server->error()));
        m_rest = std::make_unique<RestClient>(m_server->url());
        m_alice = m_rest->signUp(u"alice"_s, password());
        m_bob = m_rest->signUp(u"bob"_s, password());
        m_carol = m_rest->signUp(u"carol"_s, password());
        QVERIFY(!m_alice.token.isEmpty() && !m_bob.token.isEmpty() && !m_carol.token.isEmpty());

        m_a1 = addInstance(u"A1"_s, m_alice);
        m_a2 = addInstance(u"A2"_s, m_alice);
        m_b = addInstance(u"B"_s, m_bob);
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            signIn(*instance);
            if (QTest::currentTestFailed())
                return;
        }
        QCOMPARE(m_a1->userId(), m_alice.user.id);
        QCOMPARE(m_a2->userId(), m_alice.user.id);
        QCOMPARE(m_b->userId(), m_bob.user.id);
    }

    Instance *addInstance(const QString &label, const Session &rest)
    {
        auto instance = std::make_unique<Instance>(label, rest);
        m_instances.push_back(std::move(instance));
        return m_instances.back().get();
    }

    //! Signs in with the password and waits until live with every other user as a contact.
    void signIn(Instance &instance)
    {
        QSignalSpy failed(instance.session.get(), &ChatSession::signInFailed);
        instance.session->signIn(m_server->url(), instance.rest.user.username, password());
        QTRY_VERIFY_WITH_TIMEOUT(instance.isOnline() || !failed.isEmpty(), Timeout);
        QVERIFY2(failed.isEmpty(), qPrintable(instance.label));
        QCOMPARE(instance.session->username(), instance.rest.user.username);
        // ClientContext fetches the contacts when the socket goes live.
        for (const Session &other : { m_alice, m_bob, m_carol }) {
            if (other.user.id == instance.userId())
                continue;
            QTRY_VERIFY_WITH_TIMEOUT(
                instance.conversations()->rowOfPeer(other.user.id) >= 0, Timeout);
        }
        QCOMPARE(instance.conversations()->rowCount(), 2);
        QCOMPARE(instance.conversations()->rowOfPeer(instance.userId()), -1);
    }

    //! The stored messages of a conversation as the server has them, oldest first.
    QList<Message> serverHistory(const Session &member, qint64 conversationId)
    {
        const HttpReply reply
            = m_rest->get(u"/conversations/%1/messages?limit=%2"_s.arg(conversationId)
                              .arg(protocol::limits::MaxPageSize),
                member.token);
        [&] {
            QCOMPARE(reply.status, 200);
        }();
        auto page = json::decodeHistoryPage(reply.json);
        [&] {
            QVERIFY(page.ok());
        }();
        if (!page)
            return {};
        [&] {
            QVERIFY(!page->hasMore);
        }();
        QList<Message> messages = page->messages;
        std::reverse(messages.begin(), messages.end());
        return messages;
    }

    //! Opens the conversation with `userId` and waits until it shows the server's history.
    void open(Instance &instance, qint64 userId)
    {
        QSignalSpy ready(&instance.client->openConversation(), &OpenConversation::ready);
        instance.client->openConversation().openDirect(userId);
        QCOMPARE(instance.client->openConversation().peerId(), userId);
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty(), Timeout);
        const qint64 conversationId = ready.last().at(0).toLongLong();
        QVERIFY(conversationId != 0);
        QCOMPARE(instance.client->openConversation().conversationId(), conversationId);
        QCOMPARE(instance.messages()->conversationId(), conversationId);
        const QStringList expected = keysOf(serverHistory(instance.rest, conversationId));
        QTRY_COMPARE_WITH_TIMEOUT(keysOf(instance.messages()), expected, Timeout);
        const int row = instance.conversations()->rowOfPeer(userId);
        QVERIFY(row >= 0);
        QCOMPARE(
            contactData(instance.conversations(), row, ConversationListModel::ConversationIdRole)
                .toLongLong(),
            conversationId);
    }

    //! A1 and A2 open bob, B opens alice: all three on the same conversation.
    void openAll()
    {
        open(*m_a1, m_bob.user.id);
        if (QTest::currentTestFailed())
            return;
        open(*m_a2, m_bob.user.id);
        if (QTest::currentTestFailed())
            return;
        open(*m_b, m_alice.user.id);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(m_a2->client->openConversation().conversationId(),
            m_a1->client->openConversation().conversationId());
        QCOMPARE(m_b->client->openConversation().conversationId(),
            m_a1->client->openConversation().conversationId());
    }

    //! Sends from `from` and waits until every instance on the conversation shows it stored:
    //! also a barrier, since each socket delivers in order whatever the server sent before.
    void sendAndAwait(Instance &from, const QString &body)
    {
        const QString clientId = from.client->openConversation().send(body);
        QVERIFY(!clientId.isEmpty());
        const qint64 conversationId = from.client->openConversation().conversationId();
        for (const auto &instance : m_instances) {
            if (instance->client->openConversation().conversationId() != conversationId)
                continue;
            const MessageListModel *model = instance->messages();
            QTRY_VERIFY_WITH_TIMEOUT(rowsWithBody(model, body, DeliveryState::Sent) == 1, Timeout);
            QCOMPARE(rowsWithBody(model, body), 1);
        }
    }

private Q_SLOTS:
    void cleanup()
    {
        // Clients (and their model testers) before their sessions, sessions before the server.
        m_a1 = m_a2 = m_b = nullptr;
        m_instances.clear();
        m_rest.reset();
        m_server.reset();
    }

    void signInGoesLiveWithContacts()
    {
        startWorld();
        if (QTest::currentTestFailed())
            return;
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            QVERIFY(instance->session->isSignedIn());
            QCOMPARE(instance->session->serverUrl(), m_server->url());
            QCOMPARE(instance->client->openConversation().peerId(), 0);
            QCOMPARE(instance->messages()->rowCount(), 0);
            // No conversation yet: sorted by name, nothing to show.
            const QAbstractItemModel *contacts = instance->shown();
            for (int row = 0; row < contacts->rowCount(); ++row) {
                QCOMPARE(contactData(contacts, row, ConversationListModel::ConversationIdRole)
                             .toLongLong(),
                    0);
                QVERIFY(contactData(contacts, row, ConversationListModel::LastMessageRole)
                            .toString()
                            .isEmpty());
            }
        }
        QCOMPARE(
            contactData(m_a1->shown(), 0, ConversationListModel::TitleRole).toString(), u"bob"_s);
        QCOMPARE(
            contactData(m_a1->shown(), 1, ConversationListModel::TitleRole).toString(), u"carol"_s);
        QCOMPARE(
            contactData(m_b->shown(), 0, ConversationListModel::TitleRole).toString(), u"alice"_s);

        // Signing up from the client: registers, logs in and goes live.
        Instance *dave = addInstance(u"D"_s, Session { {}, User { 0, u"dave"_s }, {} });
        QSignalSpy daveFailed(dave->session.get(), &ChatSession::signInFailed);
        dave->session->signIn(
            m_server->url(), u"dave"_s, password(), ChatSession::SignInMode::Register);
        QTRY_VERIFY_WITH_TIMEOUT(dave->isOnline() || !daveFailed.isEmpty(), Timeout);
        QVERIFY(daveFailed.isEmpty());
        QVERIFY(dave->userId() != 0);
        QTRY_COMPARE_WITH_TIMEOUT(dave->conversations()->rowCount(), 3, Timeout);
        QVERIFY(dave->conversations()->rowOfPeer(m_alice.user.id) >= 0);

        // Registering a taken name fails and leaves the session signed out.
        ChatSession taken;
        QSignalSpy takenFailed(&taken, &ChatSession::signInFailed);
        taken.signIn(m_server->url(), u"alice"_s, password(), ChatSession::SignInMode::Register);
        QTRY_COMPARE_WITH_TIMEOUT(takenFailed.size(), 1, Timeout);
        QCOMPARE(takenFailed.at(0).at(0).value<Error>().code, ErrorCode::UsernameTaken);
        QVERIFY(!taken.isSignedIn());
        QCOMPARE(taken.connectionState(), ChatSession::ConnectionState::Offline);
    }

    void sendFromOneInstanceShowsOnceEverywhere()
    {
        startWorld();
        if (QTest::currentTestFailed())
            return;
        openAll();
        if (QTest::currentTestFailed())
            return;
        const qint64 conversationId = m_a1->client->openConversation().conversationId();

        const QString clientId = m_a1->client->openConversation().send(u"hello"_s);
        QVERIFY(!clientId.isEmpty());
        // Optimistic: the row is there before any event is processed.
        QCOMPARE(m_a1->messages()->rowCount(), 1);
        const Row pending = rowsOf(m_a1->messages()).at(0);
        QCOMPARE(pending.state, DeliveryState::Pending);
        QCOMPARE(pending.id, 0);
        QCOMPARE(pending.clientId, clientId);
        QCOMPARE(pending.body, u"hello"_s);
        QCOMPARE(pending.senderId, m_alice.user.id);
        QVERIFY(pending.isOwn);
        QCOMPARE(m_a1->client->outgoing().size(), 1);
        QCOMPARE(m_a2->messages()->rowCount(), 0);
        QCOMPARE(m_b->messages()->rowCount(), 0);

        QTRY_COMPARE_WITH_TIMEOUT(countState(m_a1->messages(), DeliveryState::Sent), 1, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(countState(m_a2->messages(), DeliveryState::Sent), 1, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(countState(m_b->messages(), DeliveryState::Sent), 1, Timeout);
        QCOMPARE(m_a1->client->outgoing().size(), 0);

        const Row sent = rowsOf(m_a1->messages()).at(0);
        QVERIFY(sent.id > 0);
        QCOMPARE(sent.clientId, clientId);
        QVERIFY(sent.error.isEmpty());
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            QCOMPARE(instance->messages()->rowCount(), 1);
            const Row row = rowsOf(instance->messages()).at(0);
            QCOMPARE(row.id, sent.id);
            QCOMPARE(row.body, u"hello"_s);
            QCOMPARE(row.clientId, clientId);
            QCOMPARE(row.senderId, m_alice.user.id);
            QCOMPARE(row.state, DeliveryState::Sent);
            QCOMPARE(row.isOwn, instance != m_b);
        }

        // A reply goes through every socket after "hello": once it shows, no late copy
        // of "hello" can still be on its way.
        sendAndAwait(*m_b, u"hi alice"_s);
        if (QTest::currentTestFailed())
            return;
        const QStringList expected = keysOf(serverHistory(m_alice, conversationId));
        QCOMPARE(expected.size(), 2);
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            QVERIFY(allSent(instance->messages(), 2));
            QCOMPARE(keysOf(instance->messages()), expected);
            QCOMPARE(rowsOf(instance->messages()).at(1).isOwn, instance == m_b);
            // The contact list follows the open conversation.
            QCOMPARE(contactData(instance->shown(), 0, ConversationListModel::LastMessageRole)
                         .toString(),
                u"hi alice"_s);
            QCOMPARE(contactData(instance->shown(), 0, ConversationListModel::LastMessageIsOwnRole)
                         .toBool(),
                instance == m_b);
        }
    }

    void interleavedSendsGiveIdenticalLists()
    {
        startWorld();
        if (QTest::currentTestFailed())
            return;
        openAll();
        if (QTest::currentTestFailed())
            return;
        const qint64 conversationId = m_a1->client->openConversation().conversationId();

        constexpr int Total = 100;
        const QList<Instance *> senders { m_a1, m_a2, m_b };
        QHash<QString, QString> clientIdOf; // by body
        QHash<QString, qint64> senderOf; // by body
        QHash<Instance *, QStringList> sentBy; // bodies in the order each instance sent them
        for (int i = 0; i < Total; ++i) {
            // Runs of varying length from each side.
            Instance *from = senders.at((i + i / 4) % 3);
            const QString body = u"message %1 from %2"_s.arg(i).arg(from->label);
            const QString clientId = from->client->openConversation().send(body);
            QVERIFY(!clientId.isEmpty());
            clientIdOf.insert(body, clientId);
            senderOf.insert(body, from->userId());
            sentBy[from] << body;
            // The row is there at once, Pending, at the end.
            const Row last = rowsOf(from->messages()).constLast();
            QCOMPARE(last.clientId, clientId);
            QCOMPARE(last.state, DeliveryState::Pending);

            // Bursts: sometimes let acks and echoes in between sends, once wait for all.
            if (i % 7 == 3)
                QCoreApplication::processEvents();
            if (i == Total / 2) {
                for (Instance *instance : senders)
                    QTRY_VERIFY_WITH_TIMEOUT(allSent(instance->messages(), i + 1), Timeout);
            }
        }
        for (Instance *instance : senders)
            QTRY_VERIFY_WITH_TIMEOUT(allSent(instance->messages(), Total), 3 * Timeout);

        const QStringList reference = keysOf(m_a1->messages());
        QCOMPARE(keysOf(m_a2->messages()), reference);
        QCOMPARE(keysOf(m_b->messages()), reference);
        QCOMPARE(keysOf(serverHistory(m_alice, conversationId)), reference);
        QCOMPARE(keysOf(serverHistory(m_bob, conversationId)), reference);

        for (Instance *instance : senders) {
            const QList<Row> rows = rowsOf(instance->messages());
            QSet<qint64> ids;
            QSet<QString> bodies;
            for (int row = 0; row < rows.size(); ++row) {
                const Row &message = rows.at(row);
                if (row > 0)
                    QVERIFY2(rows.at(row - 1).id < message.id, qPrintable(instance->label));
                ids.insert(message.id);
                bodies.insert(message.body);
                QVERIFY2(clientIdOf.contains(message.body), qPrintable(message.body));
                QCOMPARE(message.clientId, clientIdOf.value(message.body));
                QCOMPARE(message.senderId, senderOf.value(message.body));
                QCOMPARE(message.isOwn, message.senderId == instance->userId());
                QCOMPARE(message.state, DeliveryState::Sent);
                QVERIFY(message.error.isEmpty());
            }
            QCOMPARE(ids.size(), Total);
            QCOMPARE(bodies.size(), Total);
            QCOMPARE(instance->client->outgoing().size(), 0);

            // One socket delivers in order: each instance's own sends keep their order.
            QStringList ownInOrder;
            for (const Row &message : rows) {
                if (sentBy.value(instance).contains(message.body))
                    ownInOrder << message.body;
            }
            QCOMPARE(ownInOrder, sentBy.value(instance));

            // The contact list: the conversation on top, with its newest message.
            const QAbstractItemModel *contacts = instance->shown();
            const qint64 other = instance == m_b ? m_alice.user.id : m_bob.user.id;
            QCOMPARE(instance->shownRowOfPeer(other), 0);
            QCOMPARE(
                contactData(contacts, 0, ConversationListModel::ConversationIdRole).toLongLong(),
                conversationId);
            QCOMPARE(contactData(contacts, 0, ConversationListModel::LastMessageRole).toString(),
                rows.constLast().body);
            QCOMPARE(contactData(contacts, 0, ConversationListModel::LastMessageIsOwnRole).toBool(),
                rows.constLast().senderId == instance->userId());
        }
    }

    void messageToClosedConversationUpdatesContact()
    {
        startWorld();
        if (QTest::currentTestFailed())
            return;
        // B looks at carol; carol writes.
        open(*m_b, m_carol.user.id);
        if (QTest::currentTestFailed())
            return;
        const qint64 carolConversation = m_b->client->openConversation().conversationId();
        QCOMPARE(m_rest->openConversation(m_carol.token, u"bob"_s), carolConversation);
        QCOMPARE(
            m_rest->sendMessage(m_carol.token, carolConversation, u"c-1"_s, u"hi bob"_s).status,
            201);
        QTRY_VERIFY_WITH_TIMEOUT(allSent(m_b->messages(), 1), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(m_b->shownRowOfPeer(m_carol.user.id), 0, Timeout);
        QCOMPARE(contactData(m_b->shown(), 0, ConversationListModel::LastMessageRole).toString(),
            u"hi bob"_s);
        QCOMPARE(m_b->shownRowOfPeer(m_alice.user.id), 1);

        // A1 writes to bob, whose open conversation is carol's.
        open(*m_a1, m_bob.user.id);
        if (QTest::currentTestFailed())
            return;
        const qint64 conversationId = m_a1->client->openConversation().conversationId();
        QVERIFY(conversationId != carolConversation);
        const QString clientId = m_a1->client->openConversation().send(u"are you there?"_s);
        QTRY_VERIFY_WITH_TIMEOUT(allSent(m_a1->messages(), 1), Timeout);

        // B: alice's row takes the message and moves to the top; the open list is untouched.
        QTRY_COMPARE_WITH_TIMEOUT(m_b->shownRowOfPeer(m_alice.user.id), 0, Timeout);
        const QAbstractItemModel *contacts = m_b->shown();
        QCOMPARE(contactData(contacts, 0, ConversationListModel::LastMessageRole).toString(),
            u"are you there?"_s);
        QCOMPARE(
            contactData(contacts, 0, ConversationListModel::LastMessageIsOwnRole).toBool(), false);
        QCOMPARE(contactData(contacts, 0, ConversationListModel::ConversationIdRole).toLongLong(),
            conversationId);
        QVERIFY(contactData(contacts, 0, ConversationListModel::LastMessageTimeRole)
                    .toDateTime()
                    .isValid());
        QCOMPARE(m_b->shownRowOfPeer(m_carol.user.id), 1);
        QCOMPARE(contactData(contacts, 1, ConversationListModel::LastMessageRole).toString(),
            u"hi bob"_s);
        QCOMPARE(m_b->client->openConversation().conversationId(), carolConversation);
        QCOMPARE(keysOf(m_b->messages()), keysOf(serverHistory(m_bob, carolConversation)));
        QCOMPARE(rowsWithBody(m_b->messages(), u"are you there?"_s), 0);

        // A2 has no conversation open and had not heard of this one: its bob row still
        // learns the message (ours, from the other device).
        QTRY_COMPARE_WITH_TIMEOUT(
            contactData(m_a2->shown(), 0, ConversationListModel::LastMessageRole).toString(),
            u"are you there?"_s, Timeout);
        QCOMPARE(m_a2->shownRowOfPeer(m_bob.user.id), 0);
        QCOMPARE(
            contactData(m_a2->shown(), 0, ConversationListModel::LastMessageIsOwnRole).toBool(),
            true);
        QCOMPARE(m_a2->messages()->rowCount(), 0);

        // B opens alice: the message is there, once.
        open(*m_b, m_alice.user.id);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(m_b->client->openConversation().conversationId(), conversationId);
        QCOMPARE(m_b->messages()->rowCount(), 1);
        const Row row = rowsOf(m_b->messages()).at(0);
        QCOMPARE(row.body, u"are you there?"_s);
        QCOMPARE(row.clientId, clientId);
        QCOMPARE(row.senderId, m_alice.user.id);
        QVERIFY(!row.isOwn);
        QCOMPARE(row.state, DeliveryState::Sent);
        QCOMPARE(keysOf(m_b->messages()), keysOf(m_a1->messages()));

        // And stays once: a later message passes every socket after it.
        sendAndAwait(*m_a1, u"good"_s);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(allSent(m_b->messages(), 2));
        QCOMPARE(rowsWithBody(m_b->messages(), u"are you there?"_s), 1);
        QCOMPARE(keysOf(m_b->messages()), keysOf(serverHistory(m_bob, conversationId)));
        QCOMPARE(contactData(m_b->shown(), 0, ConversationListModel::LastMessageRole).toString(),
            u"good"_s);

        // Back to carol: her conversation, from history, and nothing of alice's.
        open(*m_b, m_carol.user.id);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(allSent(m_b->messages(), 1));
        QCOMPARE(rowsOf(m_b->messages()).at(0).body, u"hi bob"_s);
    }

    void refusedSendFailsKeepsItsClientIdAndCanBeDiscarded()
    {
        startWorld();
        if (QTest::currentTestFailed())
            return;
        openAll();
        if (QTest::currentTestFailed())
            return;
        const qint64 conversationId = m_a1->client->openConversation().conversationId();

        QSignalSpy failures(&m_a1->client->transport(), &OperationTransport::failed);
        const QString tooLong(protocol::limits::MaxBodyBytes + 1, u'x');
        const QString clientId = m_a1->client->openConversation().send(tooLong);
        QVERIFY(!clientId.isEmpty());
        QCOMPARE(countState(m_a1->messages(), DeliveryState::Pending), 1);

        // The server refuses it: Failed (not Pending, which only a network error keeps).
        QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 1, Timeout);
        QCOMPARE(failures.at(0).at(0).toString(), clientId);
        QCOMPARE(failures.at(0).at(1).value<Error>().code, ErrorCode::InvalidField);
        QCOMPARE(m_a1->messages()->rowCount(), 1);
        Row failed = rowsOf(m_a1->messages()).at(0);
        QCOMPARE(failed.state, DeliveryState::Failed);
        QCOMPARE(failed.clientId, clientId);
        QCOMPARE(failed.id, 0);
        QVERIFY(!failed.error.isEmpty());
        QCOMPARE(m_a1->client->outgoing().size(), 1);
        QCOMPARE(m_a1->client->outgoing().find(clientId)->state, OutgoingOperation::State::Failed);

        // A retry goes out with the same client id, as the same row; refused again.
        m_a1->client->outgoing().retry(clientId);
        QCOMPARE(m_a1->messages()->rowCount(), 1);
        QCOMPARE(rowsOf(m_a1->messages()).at(0).state, DeliveryState::Pending);
        QVERIFY(rowsOf(m_a1->messages()).at(0).error.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 2, Timeout);
        QCOMPARE(failures.at(1).at(0).toString(), clientId);
        QCOMPARE(m_a1->messages()->rowCount(), 1);
        failed = rowsOf(m_a1->messages()).at(0);
        QCOMPARE(failed.state, DeliveryState::Failed);
        QCOMPARE(failed.clientId, clientId);
        QCOMPARE(m_a1->client->outgoing().size(), 1);

        // Retrying something not Failed does nothing.
        m_a1->client->outgoing().retry(u"no-such-client-id"_s);
        QCOMPARE(m_a1->client->outgoing().size(), 1);

        // Others never hear of it; a stored message sorts before the Failed row.
        sendAndAwait(*m_b, u"did you say something?"_s);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(allSent(m_a2->messages(), 1));
        QVERIFY(allSent(m_b->messages(), 1));
        QCOMPARE(m_a1->messages()->rowCount(), 2);
        const QList<Row> rows = rowsOf(m_a1->messages());
        QCOMPARE(rows.at(0).body, u"did you say something?"_s);
        QCOMPARE(rows.at(0).state, DeliveryState::Sent);
        QCOMPARE(rows.at(1).clientId, clientId);
        QCOMPARE(rows.at(1).state, DeliveryState::Failed);
        QCOMPARE(serverHistory(m_alice, conversationId).size(), 1);
        QCOMPARE(contactData(m_a1->shown(), 0, ConversationListModel::LastMessageRole).toString(),
            u"did you say something?"_s);

        // Discarding forgets it; it cannot come back.
        m_a1->client->outgoing().discard(clientId);
        QCOMPARE(m_a1->client->outgoing().size(), 0);
        QVERIFY(allSent(m_a1->messages(), 1));
        QCOMPARE(m_a1->messages()->rowOfClientId(clientId), -1);
        m_a1->client->outgoing().retry(clientId);
        QCOMPARE(m_a1->messages()->rowCount(), 1);
        QCOMPARE(failures.size(), 2);

        // A stored message cannot be discarded.
        const QString storedClientId = rows.at(0).clientId;
        m_b->client->outgoing().discard(storedClientId);
        QVERIFY(allSent(m_b->messages(), 1));
    }

    void repeatedSendsWithOneClientIdStoreOnce()
    {
        startWorld();
        if (QTest::currentTestFailed())
            return;
        openAll();
        if (QTest::currentTestFailed())
            return;
        const qint64 conversationId = m_a1->client->openConversation().conversationId();

        const QString clientId = u"fixed-client-id-1"_s;
        OutgoingOperation operation = OutgoingOperation::send(conversationId, u"only once"_s);
        operation.clientId = clientId;
        QSignalSpy storedA1(&m_a1->client->transport(), &OperationTransport::stored);
        QSignalSpy storedA2(&m_a2->client->transport(), &OperationTransport::stored);
        QSignalSpy failuresA1(&m_a1->client->transport(), &OperationTransport::failed);
        // Twice from A1 (through its queue, and a retry racing it straight through the
        // transport, as a queue restarted mid-send would), once from A2 (the same user).
        QVERIFY(m_a1->client->outgoing().enqueue(operation).ok());
        m_a1->client->transport().dispatch(operation);
        m_a2->client->transport().dispatch(operation);
        // A2 hears of it twice: the echo of A1's original (our own message from another
        // device) and its own ack. Both are the one stored message.
        QTRY_COMPARE_WITH_TIMEOUT(storedA1.size(), 2, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(storedA2.size(), 2, Timeout);
        QCOMPARE(failuresA1.size(), 0);
        QCOMPARE(storedA1.at(0).at(0).toString(), clientId);
        const Message message = storedA1.at(0).at(1).value<Message>();
        QVERIFY(message.id > 0);
        QCOMPARE(message.clientId, clientId);
        QCOMPARE(message.senderId, m_alice.user.id);
        QCOMPARE(storedA1.at(1).at(1).value<Message>(), message);
        QCOMPARE(storedA2.at(0).at(1).value<Message>(), message);
        QCOMPARE(storedA2.at(1).at(1).value<Message>(), message);

        // And over REST: the original comes back, marked a duplicate.
        const HttpReply again
            = m_rest->sendMessage(m_alice.token, conversationId, clientId, u"only once"_s);
        QCOMPARE(again.status, 200);
        QVERIFY(again.json.value(u"duplicate"_s).toBool());
        QCOMPARE(again.json.value(u"message"_s).toObject().value(u"id"_s).toInteger(), message.id);

        // Let everything that could still be on its way arrive: a message behind it.
        sendAndAwait(*m_b, u"got it"_s);
        if (QTest::currentTestFailed())
            return;
        const QStringList expected = keysOf(serverHistory(m_bob, conversationId));
        QCOMPARE(expected.size(), 2);
        QCOMPARE(expected.at(0), keyOf(message.id, m_alice.user.id, clientId, u"only once"_s));
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            QVERIFY2(allSent(instance->messages(), 2), qPrintable(instance->label));
            QCOMPARE(keysOf(instance->messages()), expected);
            QCOMPARE(rowsWithBody(instance->messages(), u"only once"_s), 1);
        }
    }

    void unreachableServerKeepsSendsPendingUntilBack()
    {
        // The server must come back where the clients look for it.
        const quint16 port = freePort();
        QVERIFY(port != 0);
        startWorld([port](server::ServerConfig &config) { config.port = port; });
        if (QTest::currentTestFailed())
            return;
        openAll();
        if (QTest::currentTestFailed())
            return;
        const qint64 conversationId = m_a1->client->openConversation().conversationId();
        sendAndAwait(*m_b, u"before"_s);
        if (QTest::currentTestFailed())
            return;

        QSignalSpy failuresA1(&m_a1->client->transport(), &OperationTransport::failed);
        QSignalSpy failuresB(&m_b->client->transport(), &OperationTransport::failed);
        QSignalSpy queuedA1(&m_a1->client->outgoing(), &OutgoingQueue::operationQueued);
        // Written to the socket, not yet out, when the server goes away.
        const QString inFlight = m_a1->client->openConversation().send(u"in flight"_s);
        QVERIFY(!inFlight.isEmpty());
        m_server->server().stop();
        for (Instance *instance : { m_a1, m_a2, m_b })
            QTRY_VERIFY_WITH_TIMEOUT(!instance->isOnline(), Timeout);
        QVERIFY(m_a1->session->isSignedIn());

        // Offline: over REST, which cannot connect either.
        const QString offlineA1 = m_a1->client->openConversation().send(u"while offline"_s);
        const QString offlineB = m_b->client->openConversation().send(u"me too"_s);
        QVERIFY(!offlineA1.isEmpty() && !offlineB.isEmpty());
        const auto reported = [](const QSignalSpy &spy, const QString &clientId) {
            for (const QList<QVariant> &arguments : spy) {
                if (arguments.at(0).toString() == clientId)
                    return true;
            }
            return false;
        };
        // A1 sends one message per conversation at a time: "while offline" waits behind
        // "in flight", whose drop puts it back in line (queued a second time).
        const auto requeued = [&queuedA1](const QString &clientId) {
            return std::count_if(queuedA1.cbegin(), queuedA1.cend(),
                       [&clientId](const QList<QVariant> &arguments) {
                           return arguments.at(0).value<OutgoingOperation>().clientId == clientId;
                       })
                >= 2;
        };
        QTRY_VERIFY_WITH_TIMEOUT(requeued(inFlight) || reported(failuresA1, offlineA1), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(reported(failuresB, offlineB), Timeout);
        for (const QSignalSpy *spy : { &failuresA1, &failuresB }) {
            for (const QList<QVariant> &arguments : *spy)
                QCOMPARE(arguments.at(1).value<Error>().code, ErrorCode::NetworkError);
        }
        // Undelivered is not Failed.
        QCOMPARE(m_a1->messages()->rowCount(), 3);
        QCOMPARE(countState(m_a1->messages(), DeliveryState::Pending), 2);
        QCOMPARE(countState(m_a1->messages(), DeliveryState::Failed), 0);
        QCOMPARE(m_a1->client->outgoing().size(), 2);
        QCOMPARE(m_b->messages()->rowCount(), 2);
        QCOMPARE(countState(m_b->messages(), DeliveryState::Pending), 1);
        QCOMPARE(countState(m_b->messages(), DeliveryState::Failed), 0);
        QVERIFY(allSent(m_a2->messages(), 1));

        // Back on the same port and database: the clients reconnect and send what waited,
        // with the client ids they were written with.
        QVERIFY2(m_server->restart(), qPrintable(m_server->error()));
        QCOMPARE(m_server->url().port(), int(port));
        for (Instance *instance : { m_a1, m_a2, m_b })
            QTRY_VERIFY_WITH_TIMEOUT(instance->isOnline(), ReconnectTimeout);
        for (Instance *instance : { m_a1, m_a2, m_b })
            QTRY_VERIFY_WITH_TIMEOUT(allSent(instance->messages(), 4), ReconnectTimeout);

        const QList<Message> history = serverHistory(m_alice, conversationId);
        QCOMPARE(history.size(), 4);
        const QStringList expected = keysOf(history);
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            QCOMPARE(keysOf(instance->messages()), expected);
            QCOMPARE(instance->client->outgoing().size(), 0);
        }
        QHash<QString, QString> clientIdOf;
        for (const Message &message : history)
            clientIdOf.insert(message.body, message.clientId);
        QCOMPARE(clientIdOf.value(u"in flight"_s), inFlight);
        QCOMPARE(clientIdOf.value(u"while offline"_s), offlineA1);
        QCOMPARE(clientIdOf.value(u"me too"_s), offlineB);
        // A1's waiting messages went out in the order they were written.
        QVERIFY(
            m_a1->messages()->rowOfClientId(inFlight) < m_a1->messages()->rowOfClientId(offlineA1));

        // Live again: the next message arrives the usual way.
        sendAndAwait(*m_a2, u"welcome back"_s);
        if (QTest::currentTestFailed())
            return;
        for (Instance *instance : { m_a1, m_a2, m_b })
            QCOMPARE(keysOf(instance->messages()), keysOf(serverHistory(m_bob, conversationId)));
    }
};

QTEST_GUILESS_MAIN(TestClientSync)
#include "tst_clientsync.moc"
