// Unit tests of ContactListModel, the people the user can talk to, most recent
// conversation first: a new message updates its contact and moves it to the top, a late
// copy changes nothing, a conversation is learned from the other side's first message.
// Every test runs on a fresh model watched by QAbstractItemModelTester.
#include <client/models/contactlistmodel.h>

#include <QAbstractItemModelTester>
#include <QMetaEnum>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using chat::client::ContactListModel;

namespace {

constexpr qint64 OwnUserId = 1;
constexpr qint64 BobId = 2;
constexpr qint64 CarolId = 3;
constexpr qint64 DaveId = 4;
constexpr qint64 ErinId = 5;
constexpr qint64 StrangerId = 6;

QDateTime serverTime(qint64 id)
{
    return QDateTime(QDate(2024, 3, 1), QTime(12, 0), QTimeZone::utc()).addSecs(id);
}

Message message(qint64 id, qint64 conversationId, qint64 senderId, const QString &body)
{
    Message result;
    result.id = id;
    result.conversationId = conversationId;
    result.senderId = senderId;
    result.senderName = u"user%1"_s.arg(senderId);
    result.clientId = u"client-%1"_s.arg(id);
    result.body = body;
    result.createdAt = serverTime(id);
    return result;
}

Contact contact(qint64 userId, const QString &name, qint64 conversationId,
    std::optional<Message> lastMessage = std::nullopt)
{
    return Contact { User { userId, name }, conversationId, std::move(lastMessage) };
}

//! Most recent first, as the server lists them: Bob (10), Carol (11, our message last),
//! Dave (never talked), Erin (12).
QList<Contact> someContacts()
{
    return {
        contact(BobId, u"bob"_s, 10, message(100, 10, BobId, u"see you"_s)),
        contact(CarolId, u"carol"_s, 11, message(90, 11, OwnUserId, u"thanks"_s)),
        contact(DaveId, u"dave"_s, 0),
        contact(ErinId, u"erin"_s, 12, message(80, 12, ErinId, u"hi"_s)),
    };
}

QList<int> allRoles()
{
    const QMetaEnum roles = QMetaEnum::fromType<ContactListModel::Role>();
    QList<int> values;
    for (int i = 0; i < roles.keyCount(); ++i)
        values.append(roles.value(i));
    return values;
}

QList<int> rolesOf(const QSignalSpy &dataChanged, int emission)
{
    return dataChanged.at(emission).at(2).value<QList<int>>();
}

int rowOf(const QSignalSpy &spy, int emission, int argument = 0)
{
    return spy.at(emission).at(argument).toModelIndex().row();
}

} // namespace

class ContactListModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void setContactsResets();
    void setContactsRoles_data();
    void setContactsRoles();
    void setContactsReplaces();
    void applyMessageMovesToTop_data();
    void applyMessageMovesToTop();
    void topRowDoesNotMove();
    void olderMessageChangesNothing_data();
    void olderMessageChangesNothing();
    void learnsConversationFromTheirMessage();
    void unknownConversationIsStale_data();
    void unknownConversationIsStale();
    void setConversationId();
    void mostRecentFirst();
    void lookups();
    void roleNames();

    // Awareness: unread counts, presence, typing
    void contactsBringAwareness();
    void setUnreadUpdatesTotal();
    void setPresence();
    void typingSurvivesRefetch();

private:
    [[nodiscard]] QVariant value(int row, int role) const
    {
        return m_model->data(m_model->index(row, 0), role);
    }
    [[nodiscard]] QList<qint64> userOrder() const
    {
        QList<qint64> result;
        for (int row = 0; row < m_model->rowCount(); ++row)
            result.append(value(row, ContactListModel::UserIdRole).toLongLong());
        return result;
    }

    std::unique_ptr<ContactListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void ContactListModelTest::init()
{
    m_model = std::make_unique<ContactListModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void ContactListModelTest::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void ContactListModelTest::setContactsResets()
{
    QCOMPARE(m_model->rowCount(), 0);
    QSignalSpy aboutToReset(m_model.get(), &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

    m_model->setContacts(someContacts(), OwnUserId);

    QCOMPARE(aboutToReset.count(), 1);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(m_model->rowCount(), 4);
    QCOMPARE(userOrder(), (QList<qint64> { BobId, CarolId, DaveId, ErinId }));
    for (int row = 0; row < 4; ++row)
        QCOMPARE(m_model->contactAt(row), someContacts().at(row));
}

void ContactListModelTest::setContactsRoles_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<qint64>("userId");
    QTest::addColumn<QString>("username");
    QTest::addColumn<qint64>("conversationId");
    QTest::addColumn<QString>("lastMessage");
    QTest::addColumn<QDateTime>("lastMessageTime");
    QTest::addColumn<bool>("lastMessageIsOwn");

    QTest::newRow("their last message")
        << 0 << BobId << u"bob"_s << qint64(10) << u"see you"_s << serverTime(100) << false;
    QTest::newRow("our last message")
        << 1 << CarolId << u"carol"_s << qint64(11) << u"thanks"_s << serverTime(90) << true;
    QTest::newRow("never talked") << 2 << DaveId << u"dave"_s << qint64(0) << QString()
                                  << QDateTime() << false;
    QTest::newRow("oldest") << 3 << ErinId << u"erin"_s << qint64(12) << u"hi"_s << serverTime(80)
                            << false;
}

void ContactListModelTest::setContactsRoles()
{
    QFETCH(int, row);
    QFETCH(qint64, userId);
    QFETCH(QString, username);
    QFETCH(qint64, conversationId);
    QFETCH(QString, lastMessage);
    QFETCH(QDateTime, lastMessageTime);
    QFETCH(bool, lastMessageIsOwn);

    m_model->setContacts(someContacts(), OwnUserId);

    QCOMPARE(value(row, ContactListModel::UserIdRole).toLongLong(), userId);
    QCOMPARE(value(row, ContactListModel::UsernameRole).toString(), username);
    QCOMPARE(value(row, Qt::DisplayRole).toString(), username);
    QCOMPARE(value(row, ContactListModel::ConversationIdRole).toLongLong(), conversationId);
    QCOMPARE(value(row, ContactListModel::LastMessageRole).toString(), lastMessage);
    QCOMPARE(value(row, ContactListModel::LastMessageTimeRole).toDateTime(), lastMessageTime);
    QCOMPARE(value(row, ContactListModel::LastMessageIsOwnRole).toBool(), lastMessageIsOwn);
}

void ContactListModelTest::setContactsReplaces()
{
    m_model->setContacts(someContacts(), OwnUserId);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

    // Signed in as Carol now: the list is hers, and "ours" means hers.
    m_model->setContacts(
        { contact(OwnUserId, u"alice"_s, 11, message(90, 11, OwnUserId, u"thanks"_s)),
            contact(BobId, u"bob"_s, 0) },
        CarolId);

    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(userOrder(), (QList<qint64> { OwnUserId, BobId }));
    QCOMPARE(value(0, ContactListModel::LastMessageIsOwnRole).toBool(), false);
    QCOMPARE(m_model->rowOfUser(ErinId), -1);

    m_model->setContacts({}, OwnUserId);
    QCOMPARE(reset.count(), 2);
    QCOMPARE(m_model->rowCount(), 0);
}

void ContactListModelTest::applyMessageMovesToTop_data()
{
    QTest::addColumn<qint64>("userId");
    QTest::addColumn<qint64>("senderId");
    QTest::addColumn<QList<qint64>>("order");

    QTest::newRow("their message, last row")
        << ErinId << ErinId << QList<qint64> { ErinId, BobId, CarolId, DaveId };
    QTest::newRow("our message, last row")
        << ErinId << OwnUserId << QList<qint64> { ErinId, BobId, CarolId, DaveId };
    QTest::newRow("their message, second row")
        << CarolId << CarolId << QList<qint64> { CarolId, BobId, DaveId, ErinId };
    QTest::newRow("our message, second row")
        << CarolId << OwnUserId << QList<qint64> { CarolId, BobId, DaveId, ErinId };
}

void ContactListModelTest::applyMessageMovesToTop()
{
    QFETCH(qint64, userId);
    QFETCH(qint64, senderId);
    QFETCH(QList<qint64>, order);
    m_model->setContacts(someContacts(), OwnUserId);
    const int from = m_model->rowOfUser(userId);
    const qint64 conversationId = m_model->contactAt(from).conversationId;
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);

    QVERIFY(m_model->applyMessage(message(120, conversationId, senderId, u"news"_s)));

    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(rowOf(dataChanged, 0, 0), from); // announced where it was, then moved
    QCOMPARE(rowOf(dataChanged, 0, 1), from);
    const QList<int> roles = rolesOf(dataChanged, 0);
    QVERIFY(roles.contains(ContactListModel::LastMessageRole));
    QVERIFY(roles.contains(ContactListModel::LastMessageTimeRole));
    QVERIFY(roles.contains(ContactListModel::LastMessageIsOwnRole));
    QVERIFY(!roles.contains(ContactListModel::UsernameRole));
    QVERIFY(!roles.contains(ContactListModel::ConversationIdRole));
    QCOMPARE(moved.count(), 1);
    QCOMPARE(moved.at(0).at(1).toInt(), from);
    QCOMPARE(moved.at(0).at(2).toInt(), from);
    QCOMPARE(moved.at(0).at(4).toInt(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);

    QCOMPARE(userOrder(), order);
    QCOMPARE(value(0, ContactListModel::LastMessageRole).toString(), u"news"_s);
    QCOMPARE(value(0, ContactListModel::LastMessageTimeRole).toDateTime(), serverTime(120));
    QCOMPARE(value(0, ContactListModel::LastMessageIsOwnRole).toBool(), senderId == OwnUserId);
    QCOMPARE(value(0, ContactListModel::ConversationIdRole).toLongLong(), conversationId);
    QCOMPARE(m_model->rowOfConversation(conversationId), 0);
}

void ContactListModelTest::topRowDoesNotMove()
{
    m_model->setContacts(someContacts(), OwnUserId);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);

    QVERIFY(m_model->applyMessage(message(120, 10, OwnUserId, u"on my way"_s)));

    QCOMPARE(moved.count(), 0);
    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(rowOf(dataChanged, 0), 0);
    QVERIFY(rolesOf(dataChanged, 0).contains(ContactListModel::LastMessageRole));
    QCOMPARE(userOrder(), (QList<qint64> { BobId, CarolId, DaveId, ErinId }));
    QCOMPARE(value(0, ContactListModel::LastMessageRole).toString(), u"on my way"_s);
    QCOMPARE(value(0, ContactListModel::LastMessageIsOwnRole).toBool(), true);
}

void ContactListModelTest::olderMessageChangesNothing_data()
{
    QTest::addColumn<qint64>("conversationId");
    QTest::addColumn<qint64>("id");

    // Bob's shown message is 100, Erin's 80.
    QTest::newRow("older, top row") << qint64(10) << qint64(99);
    QTest::newRow("the same copy again, top row") << qint64(10) << qint64(100);
    QTest::newRow("older, last row") << qint64(12) << qint64(3);
    QTest::newRow("the same copy again, last row") << qint64(12) << qint64(80);
}

void ContactListModelTest::olderMessageChangesNothing()
{
    QFETCH(qint64, conversationId);
    QFETCH(qint64, id);
    m_model->setContacts(someContacts(), OwnUserId);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);

    // Known conversation: handled (true), though there is nothing to update.
    QVERIFY(m_model->applyMessage(message(id, conversationId, OwnUserId, u"late"_s)));

    QCOMPARE(dataChanged.count(), 0);
    QCOMPARE(moved.count(), 0);
    QCOMPARE(userOrder(), (QList<qint64> { BobId, CarolId, DaveId, ErinId }));
    for (int row = 0; row < 4; ++row)
        QCOMPARE(m_model->contactAt(row), someContacts().at(row));
}

void ContactListModelTest::learnsConversationFromTheirMessage()
{
    m_model->setContacts(someContacts(), OwnUserId);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);

    // Dave opened a conversation with us (13) and wrote first.
    QVERIFY(m_model->applyMessage(message(130, 13, DaveId, u"hello?"_s)));

    QCOMPARE(userOrder(), (QList<qint64> { DaveId, BobId, CarolId, ErinId }));
    QCOMPARE(value(0, ContactListModel::ConversationIdRole).toLongLong(), qint64(13));
    QCOMPARE(value(0, ContactListModel::LastMessageRole).toString(), u"hello?"_s);
    QCOMPARE(value(0, ContactListModel::LastMessageTimeRole).toDateTime(), serverTime(130));
    QCOMPARE(value(0, ContactListModel::LastMessageIsOwnRole).toBool(), false);
    QCOMPARE(m_model->rowOfConversation(13), 0);

    QList<int> changedRoles;
    for (int i = 0; i < dataChanged.count(); ++i) {
        QCOMPARE(rowOf(dataChanged, i), 2); // all before the move, at Dave's old row
        changedRoles += rolesOf(dataChanged, i);
    }
    QVERIFY(changedRoles.contains(ContactListModel::ConversationIdRole));
    QVERIFY(changedRoles.contains(ContactListModel::LastMessageRole));
    QVERIFY(changedRoles.contains(ContactListModel::LastMessageTimeRole));
    QCOMPARE(moved.count(), 1);
    QCOMPARE(moved.at(0).at(1).toInt(), 2);
    QCOMPARE(moved.at(0).at(4).toInt(), 0);

    // Our answer now finds the conversation.
    QVERIFY(m_model->applyMessage(message(131, 13, OwnUserId, u"hi Dave"_s)));
    QCOMPARE(value(0, ContactListModel::LastMessageIsOwnRole).toBool(), true);
    QCOMPARE(moved.count(), 1);
}

void ContactListModelTest::unknownConversationIsStale_data()
{
    QTest::addColumn<qint64>("conversationId");
    QTest::addColumn<qint64>("senderId");

    // Ours, in a conversation the list does not know (opened on another device).
    QTest::newRow("own message, unknown conversation") << qint64(13) << OwnUserId;
    QTest::newRow("someone not in the list") << qint64(14) << StrangerId;
}

void ContactListModelTest::unknownConversationIsStale()
{
    QFETCH(qint64, conversationId);
    QFETCH(qint64, senderId);
    m_model->setContacts(someContacts(), OwnUserId);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);

    QVERIFY(!m_model->applyMessage(message(140, conversationId, senderId, u"?"_s)));

    QCOMPARE(dataChanged.count(), 0);
    QCOMPARE(moved.count(), 0);
    QCOMPARE(m_model->rowOfConversation(conversationId), -1);
    for (int row = 0; row < 4; ++row)
        QCOMPARE(m_model->contactAt(row), someContacts().at(row));
}

void ContactListModelTest::setConversationId()
{
    m_model->setContacts(someContacts(), OwnUserId);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);

    m_model->setConversationId(DaveId, 13); // we opened the conversation with Dave

    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(rowOf(dataChanged, 0), 2);
    QCOMPARE(rolesOf(dataChanged, 0), QList<int> { ContactListModel::ConversationIdRole });
    QCOMPARE(value(2, ContactListModel::ConversationIdRole).toLongLong(), qint64(13));
    QCOMPARE(m_model->rowOfConversation(13), 2);
    QCOMPARE(moved.count(), 0); // opening is not talking: no reordering

    m_model->setConversationId(DaveId, 13); // the same again
    m_model->setConversationId(StrangerId, 14); // nobody we know
    QCOMPARE(dataChanged.count(), 1);

    // Now our first message to Dave is recognised.
    QVERIFY(m_model->applyMessage(message(140, 13, OwnUserId, u"hi Dave"_s)));
    QCOMPARE(userOrder().first(), DaveId);
    QCOMPARE(value(0, ContactListModel::LastMessageIsOwnRole).toBool(), true);
}

void ContactListModelTest::mostRecentFirst()
{
    m_model->setContacts(someContacts(), OwnUserId);
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);

    QVERIFY(m_model->applyMessage(message(101, 12, ErinId, u"1"_s)));
    QVERIFY(m_model->applyMessage(message(102, 11, OwnUserId, u"2"_s)));
    QVERIFY(m_model->applyMessage(message(103, 12, OwnUserId, u"3"_s)));
    QVERIFY(m_model->applyMessage(message(104, 13, DaveId, u"4"_s)));
    QVERIFY(m_model->applyMessage(message(102, 11, OwnUserId, u"2"_s))); // a late copy

    QCOMPARE(userOrder(), (QList<qint64> { DaveId, ErinId, CarolId, BobId }));
    QCOMPARE(moved.count(), 4);
    QCOMPARE(value(1, ContactListModel::LastMessageRole).toString(), u"3"_s);
    QCOMPARE(value(2, ContactListModel::LastMessageRole).toString(), u"2"_s);
    QCOMPARE(value(3, ContactListModel::LastMessageRole).toString(), u"see you"_s);
}

void ContactListModelTest::lookups()
{
    QCOMPARE(m_model->rowOfUser(BobId), -1);
    QCOMPARE(m_model->rowOfConversation(10), -1);

    m_model->setContacts(someContacts(), OwnUserId);
    QCOMPARE(m_model->rowOfUser(BobId), 0);
    QCOMPARE(m_model->rowOfUser(CarolId), 1);
    QCOMPARE(m_model->rowOfUser(DaveId), 2);
    QCOMPARE(m_model->rowOfUser(ErinId), 3);
    QCOMPARE(m_model->rowOfUser(StrangerId), -1);
    QCOMPARE(m_model->rowOfUser(OwnUserId), -1);
    QCOMPARE(m_model->rowOfConversation(10), 0);
    QCOMPARE(m_model->rowOfConversation(11), 1);
    QCOMPARE(m_model->rowOfConversation(12), 3);
    QCOMPARE(m_model->rowOfConversation(13), -1);
    // Dave's 0 means "none yet", not a conversation.
    QCOMPARE(m_model->rowOfConversation(0), -1);
    QCOMPARE(m_model->contactAt(2).user.username, u"dave"_s);

    QVERIFY(m_model->applyMessage(message(120, 12, ErinId, u"up"_s)));
    QCOMPARE(m_model->rowOfUser(ErinId), 0);
    QCOMPARE(m_model->rowOfConversation(12), 0);
    QCOMPARE(m_model->rowOfUser(BobId), 1);
    QCOMPARE(m_model->rowOfConversation(10), 1);
}

void ContactListModelTest::roleNames()
{
    const QHash<int, QByteArray> names = m_model->roleNames();
    const QList<int> roles = allRoles();
    QCOMPARE(roles.size(), 10);
    QSet<QByteArray> seen;
    for (int role : roles) {
        QVERIFY2(role >= Qt::UserRole + 1, qPrintable(QString::number(role)));
        QVERIFY2(names.contains(role), qPrintable(QString::number(role)));
        QVERIFY(!names.value(role).isEmpty());
        QVERIFY2(!seen.contains(names.value(role)), names.value(role).constData());
        seen.insert(names.value(role));
    }
    QCOMPARE(names.value(ContactListModel::UsernameRole), QByteArray("username"));
    QCOMPARE(names.value(ContactListModel::LastMessageIsOwnRole), QByteArray("lastMessageIsOwn"));
    QCOMPARE(names.value(ContactListModel::UnreadCountRole), QByteArray("unreadCount"));
    QCOMPARE(names.value(ContactListModel::TypingRole), QByteArray("typing"));
}

void ContactListModelTest::contactsBringAwareness()
{
    QList<Contact> contacts = someContacts();
    contacts[0].unread = 3;
    contacts[0].online = true;
    contacts[3].unread = 1;
    contacts[3].lastSeenAt = serverTime(5);
    QSignalSpy total(m_model.get(), &ContactListModel::totalUnreadChanged);

    m_model->setContacts(contacts, OwnUserId);

    QCOMPARE(m_model->totalUnread(), 4);
    QCOMPARE(total.count(), 1);
    QCOMPARE(total.at(0).at(0).toInt(), 4);
    QCOMPARE(value(0, ContactListModel::UnreadCountRole).toInt(), 3);
    QCOMPARE(value(0, ContactListModel::OnlineRole).toBool(), true);
    QVERIFY(!value(0, ContactListModel::LastSeenRole).toDateTime().isValid());
    QCOMPARE(value(1, ContactListModel::UnreadCountRole).toInt(), 0);
    QCOMPARE(value(3, ContactListModel::UnreadCountRole).toInt(), 1);
    QCOMPARE(value(3, ContactListModel::OnlineRole).toBool(), false);
    QCOMPARE(value(3, ContactListModel::LastSeenRole).toDateTime(), serverTime(5));
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(value(row, ContactListModel::TypingRole).toBool(), false);

    // Signed out: nothing unread.
    m_model->setContacts({}, OwnUserId);
    QCOMPARE(m_model->totalUnread(), 0);
    QCOMPARE(total.count(), 2);
}

void ContactListModelTest::setUnreadUpdatesTotal()
{
    m_model->setContacts(someContacts(), OwnUserId);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy total(m_model.get(), &ContactListModel::totalUnreadChanged);

    m_model->setUnread(BobId, 2);
    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(rowOf(dataChanged, 0), m_model->rowOfUser(BobId));
    QCOMPARE(rowOf(dataChanged, 0, 1), m_model->rowOfUser(BobId));
    QCOMPARE(rolesOf(dataChanged, 0), QList<int> { ContactListModel::UnreadCountRole });
    QCOMPARE(value(m_model->rowOfUser(BobId), ContactListModel::UnreadCountRole).toInt(), 2);
    QCOMPARE(m_model->totalUnread(), 2);
    QCOMPARE(total.count(), 1);

    m_model->setUnread(ErinId, 5);
    QCOMPARE(m_model->totalUnread(), 7);
    QCOMPARE(total.last().at(0).toInt(), 7);

    // The same count again: no news.
    m_model->setUnread(ErinId, 5);
    QCOMPARE(dataChanged.count(), 2);
    QCOMPARE(total.count(), 2);

    // An unknown user changes nothing.
    m_model->setUnread(StrangerId, 4);
    QCOMPARE(dataChanged.count(), 2);
    QCOMPARE(m_model->totalUnread(), 7);

    m_model->setUnread(BobId, 0);
    m_model->setUnread(ErinId, 0);
    QCOMPARE(m_model->totalUnread(), 0);
    QCOMPARE(total.last().at(0).toInt(), 0);
    // A new message moves the contact but keeps its count.
    m_model->setUnread(ErinId, 1);
    QVERIFY(m_model->applyMessage(message(200, 12, ErinId, u"again"_s)));
    QCOMPARE(m_model->rowOfUser(ErinId), 0);
    QCOMPARE(value(0, ContactListModel::UnreadCountRole).toInt(), 1);
}

void ContactListModelTest::setPresence()
{
    m_model->setContacts(someContacts(), OwnUserId);
    const int row = m_model->rowOfUser(CarolId);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->setPresence(CarolId, true, {});
    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(rowOf(dataChanged, 0), row);
    const QList<int> roles = rolesOf(dataChanged, 0);
    QVERIFY(roles.contains(ContactListModel::OnlineRole));
    QCOMPARE(value(row, ContactListModel::OnlineRole).toBool(), true);
    QVERIFY(!value(row, ContactListModel::LastSeenRole).toDateTime().isValid());

    m_model->setPresence(CarolId, true, {});
    QCOMPARE(dataChanged.count(), 1);

    m_model->setPresence(CarolId, false, serverTime(42));
    QCOMPARE(dataChanged.count(), 2);
    QVERIFY(rolesOf(dataChanged, 1).contains(ContactListModel::LastSeenRole));
    QCOMPARE(value(row, ContactListModel::OnlineRole).toBool(), false);
    QCOMPARE(value(row, ContactListModel::LastSeenRole).toDateTime(), serverTime(42));

    // Stopped sharing: offline, never seen.
    m_model->setPresence(CarolId, false, {});
    QCOMPARE(dataChanged.count(), 3);
    QVERIFY(!value(row, ContactListModel::LastSeenRole).toDateTime().isValid());

    m_model->setPresence(StrangerId, true, {});
    QCOMPARE(dataChanged.count(), 3);
}

void ContactListModelTest::typingSurvivesRefetch()
{
    m_model->setContacts(someContacts(), OwnUserId);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->setTyping(DaveId, true);
    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(rowOf(dataChanged, 0), m_model->rowOfUser(DaveId));
    QCOMPARE(rolesOf(dataChanged, 0), QList<int> { ContactListModel::TypingRole });
    QVERIFY(m_model->isTyping(DaveId));
    QCOMPARE(value(m_model->rowOfUser(DaveId), ContactListModel::TypingRole).toBool(), true);
    QCOMPARE(value(m_model->rowOfUser(BobId), ContactListModel::TypingRole).toBool(), false);

    m_model->setTyping(DaveId, true);
    QCOMPARE(dataChanged.count(), 1);

    // A fresh list (after `ready`) does not know who types: the indicator stays.
    m_model->setContacts(someContacts(), OwnUserId);
    QCOMPARE(value(m_model->rowOfUser(DaveId), ContactListModel::TypingRole).toBool(), true);

    m_model->setTyping(DaveId, false);
    QCOMPARE(dataChanged.count(), 2);
    QCOMPARE(value(m_model->rowOfUser(DaveId), ContactListModel::TypingRole).toBool(), false);
    QVERIFY(!m_model->isTyping(DaveId));
}

QTEST_GUILESS_MAIN(ContactListModelTest)
#include "tst_contactlistmodel.moc"
