#include "clientworldtest.h"

#include <support/modelrows.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

namespace chat::test {

using namespace Qt::StringLiterals;

void ClientWorldTest::cleanup()
{
    // Clients (and their model testers) before their sessions, sessions before the server.
    m_instances.clear();
    m_fixture.stop();
}

void ClientWorldTest::startWithUsers(const TestServer::Tweak &tweak)
{
    QVERIFY2(
        m_fixture.startWithUsers(m_alice, m_bob, m_carol, tweak), qPrintable(m_fixture.error()));
}

ClientWorldTest::Instance *ClientWorldTest::addInstance(const QString &label, const Session &user)
{
    m_instances.push_back(std::make_unique<Instance>(label, user));
    return m_instances.back().get();
}

ClientWorldTest::Instance *ClientWorldTest::addSignedIn(const QString &label, const Session &user)
{
    Instance *added = addInstance(label, user);
    signIn(*added);
    return QTest::currentTestFailed() ? nullptr : added;
}

void ClientWorldTest::signIn(Instance &instance)
{
    instance.signIn(m_fixture.url());
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(instance.session->username(), instance.rest.user.username);
    // The list is the server's list of the user's conversations, and never the user.
    const HttpReply listed = m_fixture.rest().get(u"/conversations"_s, instance.rest.token);
    QCOMPARE(listed.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(instance.conversations()->rowCount(),
        int(listed.json[u"conversations"_s].toArray().size()), Timeout);
    QCOMPARE(instance.conversations()->rowOfPeer(instance.userId()), -1);
}

User ClientWorldTest::userWithId(qint64 userId) const
{
    for (const Session &session : { m_alice, m_bob, m_carol }) {
        if (session.user.id == userId)
            return session.user;
    }
    return {};
}

QList<Message> ClientWorldTest::serverHistory(const Session &member, qint64 conversationId)
{
    return test::serverHistory(m_fixture.rest(), member, conversationId);
}

void ClientWorldTest::open(Instance &instance, qint64 userId)
{
    QSignalSpy ready(&instance.client->openConversation(), &client::OpenConversation::ready);
    instance.client->openConversation().openDirect(userWithId(userId));
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
    QCOMPARE(contactData(instance.conversations(), row, ConversationListModel::ConversationIdRole)
                 .toLongLong(),
        conversationId);
}

void ClientWorldTest::sendAndAwait(Instance &from, const QString &body)
{
    const QString clientId = from.client->openConversation().send(body);
    QVERIFY(!clientId.isEmpty());
    const qint64 conversationId = from.client->openConversation().conversationId();
    for (const auto &instance : m_instances) {
        if (instance->client->openConversation().conversationId() != conversationId)
            continue;
        const client::MessageListModel *model = instance->messages();
        QTRY_VERIFY_WITH_TIMEOUT(rowsWithBody(model, body, DeliveryState::Sent) == 1, Timeout);
        QCOMPARE(rowsWithBody(model, body), 1);
    }
}

QVariant ClientWorldTest::contactData(const QAbstractItemModel *model, int row, int role)
{
    return model->index(row, 0).data(role);
}

void SyncWorldTest::startWorld(const TestServer::Tweak &tweak)
{
    startWithUsers(tweak);
    if (QTest::currentTestFailed())
        return;
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

void SyncWorldTest::openAll()
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

qint64 SyncWorldTest::startWorldOnOneConversation(const TestServer::Tweak &tweak)
{
    m_conversationId = 0;
    startWorld(tweak);
    if (QTest::currentTestFailed())
        return 0;
    openAll();
    if (QTest::currentTestFailed())
        return 0;
    m_conversationId = m_a1->client->openConversation().conversationId();
    return m_conversationId;
}

} // namespace chat::test
