// A property test of MessageListModel: at several seeds, 200 random operations (local
// sends, server copies arriving once to three times, alone or in batches and in any
// order, failures, retries, removals, other conversations' messages), with the model's
// structure checked after each, and every message once, in its right state, at the end.
// Every run is on a fresh model watched by QAbstractItemModelTester.
#include <support/messagemodeltest.h>
#include <support/modelrows.h>
#include <support/samplemessages.h>

#include <QHash>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class MessagePropertyTest : public MessageModelTest
{
    Q_OBJECT

private Q_SLOTS:
    void randomizedOperations_data();
    void randomizedOperations();
};

void MessagePropertyTest::randomizedOperations_data()
{
    QTest::addColumn<quint32>("seed");

    // 45, 62 and 253 deliver, as a batch older than every row shown, a message repeated
    // or one of our pending ones: the cases a fast path for older pages can get wrong.
    for (quint32 seed : { 1u, 7u, 42u, 45u, 62u, 253u, 1234u, 2024u, 31337u, 4000000007u })
        QTest::addRow("seed %u", seed) << seed;
}

void MessagePropertyTest::randomizedOperations()
{
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    const auto pick = [&random](qsizetype size) {
        return qsizetype(random.bounded(int(size)));
    };

    qint64 nextId = 1; // ids are server-wide: other conversations use them too
    int nextClientId = 0;
    QHash<QString, QString> bodies; // of our local messages
    QStringList unsent; // local rows the server has not stored yet
    QHash<QString, DeliveryState> localRows; // what should be local rows, and their state
    QList<Message> inFlight; // stored copies on their way here, repeats included
    QHash<qint64, Message> applied; // every stored message of this conversation applied

    const auto deliver = [&](const QList<Message> &messages) {
        for (const Message &message : messages) {
            if (message.conversationId != ConversationId)
                continue;
            applied.insert(message.id, message);
            if (message.senderId == OwnUserId)
                localRows.remove(message.clientId);
        }
    };
    const auto copies = [&](const Message &message) {
        const int count = 1 + int(random.bounded(3)); // ack, reply, echo: one to three
        for (int i = 0; i < count; ++i)
            inFlight.append(message);
    };
    const auto failedRows = [&localRows]() {
        QStringList failed;
        for (auto it = localRows.cbegin(); it != localRows.cend(); ++it) {
            if (it.value() == DeliveryState::Failed)
                failed.append(it.key());
        }
        failed.sort(); // hash order is not seeded by us: keep runs reproducible
        return failed;
    };

    for (int op = 0; op < 200; ++op) {
        const int kind = int(random.bounded(100));
        QString what;
        if (kind < 20) {
            const QString clientId = u"c%1"_s.arg(++nextClientId);
            const QString body = u"local %1"_s.arg(nextClientId);
            bodies.insert(clientId, body);
            m_model->addLocal(clientId, body, writtenTime(nextClientId));
            unsent.append(clientId);
            localRows.insert(clientId, DeliveryState::Pending);
            what = u"addLocal "_s + clientId;
        } else if (kind < 34) {
            if (unsent.isEmpty())
                continue;
            const QString clientId = unsent.takeAt(pick(unsent.size()));
            copies(ours(nextId++, clientId, bodies.value(clientId)));
            what = u"server stores "_s + clientId;
        } else if (kind < 52) {
            copies(theirs(nextId++));
            what = u"Bob writes"_s;
        } else if (kind < 57) {
            const QString clientId = u"phone-%1"_s.arg(nextId);
            copies(ours(nextId++, clientId, u"from the phone"_s));
            what = u"we write on the phone"_s;
        } else if (kind < 60) {
            copies(theirs(nextId++, OtherConversationId));
            what = u"another conversation"_s;
        } else if (kind < 82) {
            if (inFlight.isEmpty())
                continue;
            const Message message = inFlight.takeAt(pick(inFlight.size()));
            m_model->applyStored(message);
            deliver({ message });
            what = u"applyStored %1"_s.arg(message.id);
        } else if (kind < 90) {
            if (inFlight.isEmpty())
                continue;
            QList<Message> batch;
            const int size = 1 + int(random.bounded(5));
            for (int i = 0; i < size && !inFlight.isEmpty(); ++i)
                batch.append(inFlight.takeAt(pick(inFlight.size())));
            if (random.bounded(4) == 0)
                batch.append(batch.at(pick(batch.size()))); // a repeat within the batch
            m_model->applyStored(batch);
            deliver(batch);
            what = u"applyStored batch of %1"_s.arg(batch.size());
        } else if (kind < 95) {
            QStringList local = localRows.keys();
            if (local.isEmpty())
                continue;
            local.sort();
            const QString clientId = local.at(pick(local.size()));
            m_model->markFailed(clientId, u"rejected"_s);
            localRows.insert(clientId, DeliveryState::Failed);
            what = u"markFailed "_s + clientId;
        } else if (kind < 98) {
            const QStringList failed = failedRows();
            if (failed.isEmpty())
                continue;
            const QString clientId = failed.at(pick(failed.size()));
            m_model->markPending(clientId);
            localRows.insert(clientId, DeliveryState::Pending);
            what = u"markPending "_s + clientId;
        } else {
            const QStringList failed = failedRows();
            if (failed.isEmpty())
                continue;
            const QString clientId = failed.at(pick(failed.size()));
            m_model->removeLocal(clientId);
            localRows.remove(clientId);
            unsent.removeAll(clientId);
            what = u"removeLocal "_s + clientId;
        }

        const QString error = structureError(*m_model);
        QVERIFY2(error.isEmpty(), qPrintable(u"op %1 (%2): %3"_s.arg(op).arg(what, error)));
        QVERIFY2(m_model->rowCount() == applied.size() + localRows.size(),
            qPrintable(u"op %1 (%2): %3 rows, expected %4 stored and %5 local"_s.arg(op)
                           .arg(what)
                           .arg(m_model->rowCount())
                           .arg(applied.size())
                           .arg(localRows.size())));
    }

    // Everything still on its way arrives, in any order.
    while (!inFlight.isEmpty()) {
        const Message message = inFlight.takeAt(pick(inFlight.size()));
        m_model->applyStored(message);
        deliver({ message });
    }

    QCOMPARE(structureError(*m_model), QString());
    QCOMPARE(m_model->rowCount(), int(applied.size() + localRows.size()));
    QVERIFY(!applied.isEmpty());
    for (const Message &message : std::as_const(applied)) {
        const int row = m_model->rowOfId(message.id);
        QVERIFY2(row >= 0, qPrintable(u"id %1 missing"_s.arg(message.id)));
        QCOMPARE(ids().count(message.id), 1);
        QCOMPARE(clientIdAt(row), message.clientId);
        QCOMPARE(value(row, MessageListModel::BodyRole).toString(), message.body);
        QCOMPARE(value(row, MessageListModel::CreatedAtRole).toDateTime(), message.createdAt);
        QCOMPARE(value(row, MessageListModel::IsOwnRole).toBool(), message.senderId == OwnUserId);
        QCOMPARE(stateAt(row), DeliveryState::Sent);
    }
    for (auto it = localRows.cbegin(); it != localRows.cend(); ++it) {
        const int row = m_model->rowOfClientId(it.key());
        QVERIFY2(row >= 0, qPrintable(u"local %1 missing"_s.arg(it.key())));
        QCOMPARE(idAt(row), qint64(0));
        QCOMPARE(stateAt(row), it.value());
    }
}

QTEST_GUILESS_MAIN(MessagePropertyTest)
#include "tst_messageproperty.moc"
