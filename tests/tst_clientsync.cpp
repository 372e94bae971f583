// Live sync between several real client stacks (ChatSession + ClientContext with their
// models) against one in-process server: two instances of alice (A1, A2) and one of bob
// (B). What one instance sends shows once on every instance, in the server's order;
// lists converge to the server's history however sends interleave.
#include <support/clientworldtest.h>
#include <support/modelrows.h>

#include <QHash>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

//! "id body [edited] [deleted] emoji:user,user ..." per stored message, oldest first:
//! what every instance and the server must agree on once all changes are in.
QString stateLine(const Message &message)
{
    QStringList reactions;
    for (const Reaction &reaction : message.reactions) {
        QStringList users;
        for (const qint64 user : reaction.userIds)
            users << QString::number(user);
        reactions << reaction.emoji + u':' + users.join(u',');
    }
    return u"%1 %2%3%4 %5"_s.arg(message.id)
        .arg(message.body, message.editedAt ? u" [edited]"_s : QString(),
            message.deleted ? u" [deleted]"_s : QString(), reactions.join(u' '));
}

QStringList statesOf(const QList<Message> &messages)
{
    QStringList lines;
    for (const Message &message : messages)
        lines << stateLine(message);
    return lines;
}

QStringList statesOf(const client::MessageListModel *model)
{
    QList<Message> shown;
    for (int row = 0; row < model->storedRowCount(); ++row)
        shown << model->shownMessage(row);
    return statesOf(shown);
}

} // namespace

class TestClientSync : public SyncWorldTest
{
    Q_OBJECT

private Q_SLOTS:
    // Every test starts with A1, A2 and B live on alice and bob's conversation.
    void init() { startWorldOnOneConversation(); }

    void sendFromOneInstanceShowsOnceEverywhere()
    {
        const qint64 conversationId = m_conversationId;

        const QString clientId = m_a1->client->openConversation().send(u"hello"_s);
        QVERIFY(!clientId.isEmpty());
        // Optimistic: the row is there before any event is processed.
        QCOMPARE(m_a1->messages()->rowCount(), 1);
        const MessageRow pending = rowsOf(m_a1->messages()).at(0);
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

        const MessageRow sent = rowsOf(m_a1->messages()).at(0);
        QVERIFY(sent.id > 0);
        QCOMPARE(sent.clientId, clientId);
        QVERIFY(sent.error.isEmpty());
        for (Instance *instance : { m_a1, m_a2, m_b }) {
            QCOMPARE(instance->messages()->rowCount(), 1);
            const MessageRow row = rowsOf(instance->messages()).at(0);
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
        const qint64 conversationId = m_conversationId;

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
            const MessageRow last = rowsOf(from->messages()).constLast();
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
            const QList<MessageRow> rows = rowsOf(instance->messages());
            QSet<qint64> ids;
            QSet<QString> bodies;
            for (int row = 0; row < rows.size(); ++row) {
                const MessageRow &message = rows.at(row);
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
            for (const MessageRow &message : rows) {
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

    void interleavedChangesConvergeEverywhere()
    {
        // Twenty messages, then 150 changes from all three instances at once, in bursts:
        // edits and deletions of their own messages, reactions on and off anything.
        const QList<Instance *> instances { m_a1, m_a2, m_b };
        for (int i = 0; i < 20; ++i)
            instances.at(i % 3)->client->openConversation().send(u"message %1"_s.arg(i));
        for (Instance *instance : instances)
            QTRY_VERIFY_WITH_TIMEOUT(allSent(instance->messages(), 20), Timeout);

        const QStringList emoji { u"👍"_s, u"❤️"_s, u"😂"_s };
        QRandomGenerator random(20261201);
        int changes = 0;
        for (int i = 0; i < 150; ++i) {
            Instance *from = instances.at(random.bounded(3));
            client::OpenConversation &open = from->client->openConversation();
            const client::MessageListModel *model = from->messages();
            const int row = random.bounded(model->storedRowCount());
            const qint64 id = model->index(row).data(client::MessageListModel::IdRole).toLongLong();
            QString clientId;
            switch (random.bounded(10)) {
            case 0:
                clientId = open.remove(id); // "" unless it is its own, not yet deleted
                break;
            case 1:
            case 2:
                clientId = open.edit(id, u"edit %1 by %2"_s.arg(i).arg(from->label));
                break;
            default:
                clientId = open.toggleReaction(id, emoji.at(random.bounded(emoji.size())));
                break;
            }
            changes += !clientId.isEmpty();
            if (i % 5 == 2)
                QCoreApplication::processEvents();
        }
        QVERIFY2(changes > 60, qPrintable(QString::number(changes)));
        for (Instance *instance : instances)
            QTRY_COMPARE_WITH_TIMEOUT(instance->client->outgoing().size(), 0, 3 * Timeout);

        // Refusals are possible (a reaction on a message deleted meanwhile by another
        // instance); whatever happened, every instance shows what the server has.
        const QStringList reference = statesOf(serverHistory(m_alice, m_conversationId));
        QCOMPARE(reference.size(), 20);
        QCOMPARE(statesOf(serverHistory(m_bob, m_conversationId)), reference);
        for (Instance *instance : instances)
            QTRY_COMPARE_WITH_TIMEOUT(statesOf(instance->messages()), reference, Timeout);
        for (Instance *instance : instances)
            QCOMPARE(instance->messages()->rowCount(), 20);
    }
};

QTEST_GUILESS_MAIN(TestClientSync)
#include "tst_clientsync.moc"
