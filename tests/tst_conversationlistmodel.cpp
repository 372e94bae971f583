// Unit tests of ConversationListModel (the user's conversations, keyed by id) and of
// ConversationListProxy (the sidebar's order and search): a new message updates its
// conversation in place and the proxy brings it to the top, a late copy changes nothing,
// a conversation is learned from the other side's first message, and the search field
// narrows the list by title. Every test runs on a fresh model and proxy, each watched by
// QAbstractItemModelTester.
#include <client/models/conversationlistmodel.h>
#include <client/models/conversationlistproxy.h>
#include <support/modelrows.h>
#include <support/samplemessages.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using chat::client::ConversationListModel;

namespace {

// OwnUserId (1) and BobId (2) come from samplemessages.h.
constexpr qint64 CarolId = 3;
constexpr qint64 DaveId = 4;
constexpr qint64 ErinId = 5;
constexpr qint64 StrangerId = 6;

Message message(qint64 id, qint64 conversationId, qint64 senderId, const QString &body)
{
    return storedMessage(id, senderId, u"client-%1"_s.arg(id), body, conversationId);
}

client::ConversationSummary conversation(qint64 userId, const QString &name, qint64 conversationId,
    std::optional<Message> lastMessage = std::nullopt)
{
    return client::ConversationSummary { .id = conversationId,
        .title = name,
        .peer = User { userId, name },
        .lastMessage = std::move(lastMessage) };
}

//! In the order of the source model: Bob (10), Carol (11, our message last), Dave (13,
//! opened, nothing said yet), Erin (12). Shown by activity: Bob, Carol, Erin, then Dave.
QList<client::ConversationSummary> someConversations()
{
    return {
        conversation(BobId, u"bob"_s, 10, message(100, 10, BobId, u"see you"_s)),
        conversation(CarolId, u"carol"_s, 11, message(90, 11, OwnUserId, u"thanks"_s)),
        conversation(DaveId, u"dave"_s, 13),
        conversation(ErinId, u"erin"_s, 12, message(80, 12, ErinId, u"hi"_s)),
    };
}

} // namespace

class ConversationListModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void setConversationsResets();
    void setConversationsRoles_data();
    void setConversationsRoles();
    void setConversationsReplaces();
    void applyMessageSortsToTop_data();
    void applyMessageSortsToTop();
    void topRowStaysOnTop();
    void olderMessageChangesNothing_data();
    void olderMessageChangesNothing();
    void learnsConversationFromTheirMessage();
    void unknownConversationIsStale_data();
    void unknownConversationIsStale();
    void upsertAddsAndReplaces();
    void systemLastMessage();
    void mutedIsLeftOutOfTheTotal();
    void mostRecentFirst();
    void lookups();
    void roleNames();
    void searchFiltersByTitle();

    // Awareness: unread counts, presence, typing
    void conversationsBringAwareness();
    void setUnreadUpdatesTotal();
    void setPresence();
    void typingSurvivesRefetch();
    // The user's drafts, from DraftKeeper
    void draftSurvivesRefetch();

private:
    [[nodiscard]] QVariant value(int row, int role) const
    {
        return m_model->data(m_model->index(row, 0), role);
    }
    //! The other members in the order of the source model's rows.
    [[nodiscard]] QList<qint64> sourceOrder() const
    {
        QList<qint64> result;
        for (int row = 0; row < m_model->rowCount(); ++row)
            result.append(value(row, ConversationListModel::PeerIdRole).toLongLong());
        return result;
    }
    //! The other members in the order the sidebar shows them.
    [[nodiscard]] QList<qint64> shownOrder() const
    {
        QList<qint64> result;
        for (int row = 0; row < m_proxy->rowCount(); ++row)
            result.append(
                m_proxy->index(row, 0).data(ConversationListModel::PeerIdRole).toLongLong());
        return result;
    }
    //! The list is what setConversations(someConversations()) made it: no change was
    //! reported, and every row is as it was. A QTest check.
    void verifyUnchanged(const QSignalSpy &dataChanged, const QSignalSpy &layoutChanged) const
    {
        QCOMPARE(dataChanged.count(), 0);
        QCOMPARE(layoutChanged.count(), 0);
        for (int row = 0; row < 4; ++row)
            QCOMPARE(m_model->at(row), someConversations().at(row));
    }
    //! A role of the row the sidebar shows first.
    [[nodiscard]] QVariant shownFirst(int role) const { return m_proxy->index(0, 0).data(role); }

    std::unique_ptr<ConversationListModel> m_model;
    std::unique_ptr<client::ConversationListProxy> m_proxy;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
};

void ConversationListModelTest::init()
{
    m_model = std::make_unique<ConversationListModel>();
    m_proxy = std::make_unique<client::ConversationListProxy>();
    m_proxy->setSourceModel(m_model.get());
    for (QAbstractItemModel *model : { static_cast<QAbstractItemModel *>(m_model.get()),
             static_cast<QAbstractItemModel *>(m_proxy.get()) }) {
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
            model, QAbstractItemModelTester::FailureReportingMode::QtTest));
    }
}

void ConversationListModelTest::cleanup()
{
    m_testers.clear();
    m_proxy.reset();
    m_model.reset();
}

void ConversationListModelTest::setConversationsResets()
{
    QCOMPARE(m_model->rowCount(), 0);
    QSignalSpy aboutToReset(m_model.get(), &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

    m_model->setConversations(someConversations(), OwnUserId);

    QCOMPARE(aboutToReset.count(), 1);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(m_model->rowCount(), 4);
    QCOMPARE(sourceOrder(), (QList<qint64> { BobId, CarolId, DaveId, ErinId }));
    QCOMPARE(shownOrder(), (QList<qint64> { BobId, CarolId, ErinId, DaveId }));
    for (int row = 0; row < 4; ++row)
        QCOMPARE(m_model->at(row), someConversations().at(row));
}

void ConversationListModelTest::setConversationsRoles_data()
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
    QTest::newRow("nothing said yet")
        << 2 << DaveId << u"dave"_s << qint64(13) << QString() << QDateTime() << false;
    QTest::newRow("oldest") << 3 << ErinId << u"erin"_s << qint64(12) << u"hi"_s << serverTime(80)
                            << false;
}

void ConversationListModelTest::setConversationsRoles()
{
    QFETCH(int, row);
    QFETCH(qint64, userId);
    QFETCH(QString, username);
    QFETCH(qint64, conversationId);
    QFETCH(QString, lastMessage);
    QFETCH(QDateTime, lastMessageTime);
    QFETCH(bool, lastMessageIsOwn);

    m_model->setConversations(someConversations(), OwnUserId);

    QCOMPARE(value(row, ConversationListModel::PeerIdRole).toLongLong(), userId);
    QCOMPARE(value(row, ConversationListModel::TitleRole).toString(), username);
    QCOMPARE(value(row, Qt::DisplayRole).toString(), username);
    QCOMPARE(value(row, ConversationListModel::ConversationIdRole).toLongLong(), conversationId);
    QCOMPARE(value(row, ConversationListModel::LastMessageRole).toString(), lastMessage);
    QCOMPARE(value(row, ConversationListModel::LastMessageTimeRole).toDateTime(), lastMessageTime);
    QCOMPARE(value(row, ConversationListModel::LastMessageIsOwnRole).toBool(), lastMessageIsOwn);
    QCOMPARE(value(row, ConversationListModel::LastActivityRole).toLongLong(),
        lastMessageTime.isValid() ? serverTime(0).secsTo(lastMessageTime) : 0);
}

void ConversationListModelTest::setConversationsReplaces()
{
    m_model->setConversations(someConversations(), OwnUserId);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

    // Signed in as Carol now: the list is hers, and "ours" means hers.
    m_model->setConversations(
        { conversation(OwnUserId, u"alice"_s, 11, message(90, 11, OwnUserId, u"thanks"_s)),
            conversation(BobId, u"bob"_s, 0) },
        CarolId);

    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(sourceOrder(), (QList<qint64> { OwnUserId, BobId }));
    QCOMPARE(shownOrder(), (QList<qint64> { OwnUserId, BobId }));
    QCOMPARE(value(0, ConversationListModel::LastMessageIsOwnRole).toBool(), false);
    QCOMPARE(m_model->rowOfPeer(ErinId), -1);

    m_model->setConversations({}, OwnUserId);
    QCOMPARE(reset.count(), 2);
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_proxy->rowCount(), 0);
}

void ConversationListModelTest::applyMessageSortsToTop_data()
{
    QTest::addColumn<qint64>("userId");
    QTest::addColumn<qint64>("senderId");
    QTest::addColumn<QList<qint64>>("order");

    QTest::newRow("their message, last shown conversation")
        << ErinId << ErinId << QList<qint64> { ErinId, BobId, CarolId, DaveId };
    QTest::newRow("our message, last shown conversation")
        << ErinId << OwnUserId << QList<qint64> { ErinId, BobId, CarolId, DaveId };
    QTest::newRow("their message, second row")
        << CarolId << CarolId << QList<qint64> { CarolId, BobId, ErinId, DaveId };
    QTest::newRow("our message, second row")
        << CarolId << OwnUserId << QList<qint64> { CarolId, BobId, ErinId, DaveId };
}

void ConversationListModelTest::applyMessageSortsToTop()
{
    QFETCH(qint64, userId);
    QFETCH(qint64, senderId);
    QFETCH(QList<qint64>, order);
    m_model->setConversations(someConversations(), OwnUserId);
    const int from = m_model->rowOfPeer(userId);
    const qint64 conversationId = m_model->at(from).id;
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy shownRemoved(m_proxy.get(), &QAbstractItemModel::rowsRemoved);

    QVERIFY(m_model->applyMessage(message(120, conversationId, senderId, u"news"_s)));

    // Changed where it is; the source never moves a row (sorting is the proxy's job).
    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(rowOf(dataChanged, 0, 0), from);
    QCOMPARE(rowOf(dataChanged, 0, 1), from);
    const QList<int> roles = rolesOf(dataChanged, 0);
    QVERIFY(roles.contains(ConversationListModel::LastMessageRole));
    QVERIFY(roles.contains(ConversationListModel::LastMessageTimeRole));
    QVERIFY(roles.contains(ConversationListModel::LastMessageIsOwnRole));
    QVERIFY(roles.contains(ConversationListModel::LastActivityRole));
    QVERIFY(!roles.contains(ConversationListModel::TitleRole));
    QVERIFY(!roles.contains(ConversationListModel::ConversationIdRole));
    QCOMPARE(moved.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(m_model->rowOf(conversationId), from);

    // The sidebar shows it first, moved there by a re-sort (no row left the view).
    QCOMPARE(shownOrder(), order);
    QCOMPARE(shownRemoved.count(), 0);
    QCOMPARE(shownFirst(ConversationListModel::LastMessageRole).toString(), u"news"_s);
    QCOMPARE(shownFirst(ConversationListModel::LastMessageTimeRole).toDateTime(), serverTime(120));
    QCOMPARE(
        shownFirst(ConversationListModel::LastMessageIsOwnRole).toBool(), senderId == OwnUserId);
    QCOMPARE(shownFirst(ConversationListModel::ConversationIdRole).toLongLong(), conversationId);
}

void ConversationListModelTest::topRowStaysOnTop()
{
    m_model->setConversations(someConversations(), OwnUserId);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy shownRemoved(m_proxy.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy shownInserted(m_proxy.get(), &QAbstractItemModel::rowsInserted);

    QVERIFY(m_model->applyMessage(message(120, 10, OwnUserId, u"on my way"_s)));

    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(rowOf(dataChanged, 0), 0);
    QVERIFY(rolesOf(dataChanged, 0).contains(ConversationListModel::LastMessageRole));
    QCOMPARE(shownOrder(), (QList<qint64> { BobId, CarolId, ErinId, DaveId }));
    QCOMPARE(shownFirst(ConversationListModel::LastMessageRole).toString(), u"on my way"_s);
    QCOMPARE(shownFirst(ConversationListModel::LastMessageIsOwnRole).toBool(), true);
    // Re-sorting never removes a row from the view (a selection on it would be lost).
    QCOMPARE(shownRemoved.count(), 0);
    QCOMPARE(shownInserted.count(), 0);
}

void ConversationListModelTest::olderMessageChangesNothing_data()
{
    QTest::addColumn<qint64>("conversationId");
    QTest::addColumn<qint64>("id");

    // Bob's shown message is 100, Erin's 80.
    QTest::newRow("older, top row") << qint64(10) << qint64(99);
    QTest::newRow("the same copy again, top row") << qint64(10) << qint64(100);
    QTest::newRow("older, last row") << qint64(12) << qint64(3);
    QTest::newRow("the same copy again, last row") << qint64(12) << qint64(80);
}

void ConversationListModelTest::olderMessageChangesNothing()
{
    QFETCH(qint64, conversationId);
    QFETCH(qint64, id);
    m_model->setConversations(someConversations(), OwnUserId);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy layoutChanged(m_proxy.get(), &QAbstractItemModel::layoutChanged);

    // Known conversation: handled (true), though there is nothing to update.
    QVERIFY(m_model->applyMessage(message(id, conversationId, OwnUserId, u"late"_s)));

    QCOMPARE(shownOrder(), (QList<qint64> { BobId, CarolId, ErinId, DaveId }));
    verifyUnchanged(dataChanged, layoutChanged);
}

void ConversationListModelTest::learnsConversationFromTheirMessage()
{
    m_model->setConversations(someConversations(), OwnUserId);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);

    // Dave writes first in the conversation opened with him (13).
    QVERIFY(m_model->applyMessage(message(130, 13, DaveId, u"hello?"_s)));

    QCOMPARE(shownOrder(), (QList<qint64> { DaveId, BobId, CarolId, ErinId }));
    QCOMPARE(shownFirst(ConversationListModel::ConversationIdRole).toLongLong(), qint64(13));
    QCOMPARE(shownFirst(ConversationListModel::LastMessageRole).toString(), u"hello?"_s);
    QCOMPARE(shownFirst(ConversationListModel::LastMessageTimeRole).toDateTime(), serverTime(130));
    QCOMPARE(shownFirst(ConversationListModel::LastMessageIsOwnRole).toBool(), false);
    QCOMPARE(m_model->rowOf(13), 2);

    QList<int> changedRoles;
    for (int i = 0; i < dataChanged.count(); ++i) {
        QCOMPARE(rowOf(dataChanged, i), 2); // all at Dave's row, which stays where it is
        changedRoles += rolesOf(dataChanged, i);
    }
    QVERIFY(!changedRoles.contains(ConversationListModel::ConversationIdRole));
    QVERIFY(changedRoles.contains(ConversationListModel::LastMessageRole));
    QVERIFY(changedRoles.contains(ConversationListModel::LastMessageTimeRole));
    QCOMPARE(moved.count(), 0);

    // Our answer now finds the conversation.
    QVERIFY(m_model->applyMessage(message(131, 13, OwnUserId, u"hi Dave"_s)));
    QCOMPARE(shownFirst(ConversationListModel::LastMessageIsOwnRole).toBool(), true);
    QCOMPARE(shownOrder().first(), DaveId);
}

void ConversationListModelTest::unknownConversationIsStale_data()
{
    QTest::addColumn<qint64>("conversationId");
    QTest::addColumn<qint64>("senderId");

    // Ours, in a conversation the list does not know (opened on another device).
    QTest::newRow("own message, unknown conversation") << qint64(16) << OwnUserId;
    QTest::newRow("someone not in the list") << qint64(14) << StrangerId;
    // Bob's conversation is 10: a second one with him is not this list's.
    QTest::newRow("known person, another conversation") << qint64(15) << BobId;
}

void ConversationListModelTest::unknownConversationIsStale()
{
    QFETCH(qint64, conversationId);
    QFETCH(qint64, senderId);
    m_model->setConversations(someConversations(), OwnUserId);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy layoutChanged(m_proxy.get(), &QAbstractItemModel::layoutChanged);

    QVERIFY(!m_model->applyMessage(message(140, conversationId, senderId, u"?"_s)));

    QCOMPARE(m_model->rowOf(conversationId), -1);
    verifyUnchanged(dataChanged, layoutChanged);
}

void ConversationListModelTest::upsertAddsAndReplaces()
{
    m_model->setConversations(someConversations(), OwnUserId);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);

    // A group we were added to (a `conversation` frame): a new row, sorted by the proxy.
    client::ConversationSummary team { .id = 20,
        .kind = ConversationKind::Group,
        .title = u"Team"_s,
        .memberCount = 5,
        .lastMessage = message(150, 20, BobId, u"welcome"_s) };
    m_model->upsert(team);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(m_model->rowOf(20), 4);
    QCOMPARE(value(4, ConversationListModel::IsGroupRole).toBool(), true);
    QCOMPARE(value(4, ConversationListModel::MemberCountRole).toInt(), 5);
    QCOMPARE(value(4, ConversationListModel::LastSenderRole).toString(), u"bob"_s);
    QCOMPARE(shownFirst(ConversationListModel::TitleRole).toString(), u"Team"_s);
    QCOMPARE(m_model->rowOfPeer(0), -1); // a group has no peer

    // Renamed: the same row changes; an older last message than shown does not win.
    team.title = u"Launch"_s;
    team.lastMessage = message(140, 20, BobId, u"older"_s);
    m_model->upsert(team);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(rowOf(dataChanged, 0), 4);
    QCOMPARE(value(4, ConversationListModel::TitleRole).toString(), u"Launch"_s);
    QCOMPARE(value(4, ConversationListModel::LastMessageRole).toString(), u"welcome"_s);
}

void ConversationListModelTest::systemLastMessage()
{
    // The group's last entry is a change ("bob added carol"), which the sidebar shows as it
    // is, not as something bob wrote; a message after it is a message again.
    Message added = message(150, 20, BobId, u"bob added carol"_s);
    added.event = SystemEvent { .type = SystemEvent::Type::MembersAdded, .userIds = { CarolId } };
    m_model->setConversations(
        { client::ConversationSummary {
            .id = 20, .kind = ConversationKind::Group, .title = u"Team"_s, .lastMessage = added } },
        OwnUserId);
    QCOMPARE(value(0, ConversationListModel::LastMessageIsSystemRole).toBool(), true);
    QCOMPARE(value(0, ConversationListModel::LastSenderRole).toString(), u"bob"_s);

    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QVERIFY(m_model->applyMessage(message(151, 20, BobId, u"welcome"_s)));
    QCOMPARE(dataChanged.count(), 1);
    QVERIFY(rolesOf(dataChanged, 0).contains(ConversationListModel::LastMessageIsSystemRole));
    QCOMPARE(value(0, ConversationListModel::LastMessageIsSystemRole).toBool(), false);
}

void ConversationListModelTest::mutedIsLeftOutOfTheTotal()
{
    QList<client::ConversationSummary> conversations = someConversations();
    conversations[0].unread = 3;
    conversations[3].unread = 2;
    conversations[3].muted = true;
    m_model->setConversations(conversations, OwnUserId);
    QCOMPARE(m_model->totalUnread(), 3);
    QCOMPARE(value(3, ConversationListModel::MutedRole).toBool(), true);
    QCOMPARE(value(3, ConversationListModel::UnreadCountRole).toInt(), 2);
    QSignalSpy total(m_model.get(), &ConversationListModel::totalUnreadChanged);
    // Unmuted (a `conversation` frame from another device): it counts again.
    conversations[3].muted = false;
    m_model->upsert(conversations[3]);
    QCOMPARE(m_model->totalUnread(), 5);
    QCOMPARE(total.count(), 1);
}

void ConversationListModelTest::mostRecentFirst()
{
    m_model->setConversations(someConversations(), OwnUserId);
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);

    QVERIFY(m_model->applyMessage(message(101, 12, ErinId, u"1"_s)));
    QVERIFY(m_model->applyMessage(message(102, 11, OwnUserId, u"2"_s)));
    QVERIFY(m_model->applyMessage(message(103, 12, OwnUserId, u"3"_s)));
    QVERIFY(m_model->applyMessage(message(104, 13, DaveId, u"4"_s)));
    QVERIFY(m_model->applyMessage(message(102, 11, OwnUserId, u"2"_s))); // a late copy

    QCOMPARE(shownOrder(), (QList<qint64> { DaveId, ErinId, CarolId, BobId }));
    QCOMPARE(moved.count(), 0);
    QCOMPARE(m_proxy->index(1, 0).data(ConversationListModel::LastMessageRole).toString(), u"3"_s);
    QCOMPARE(m_proxy->index(2, 0).data(ConversationListModel::LastMessageRole).toString(), u"2"_s);
    QCOMPARE(
        m_proxy->index(3, 0).data(ConversationListModel::LastMessageRole).toString(), u"see you"_s);
}

void ConversationListModelTest::lookups()
{
    QCOMPARE(m_model->rowOfPeer(BobId), -1);
    QCOMPARE(m_model->rowOf(10), -1);

    m_model->setConversations(someConversations(), OwnUserId);
    QCOMPARE(m_model->rowOfPeer(BobId), 0);
    QCOMPARE(m_model->rowOfPeer(CarolId), 1);
    QCOMPARE(m_model->rowOfPeer(DaveId), 2);
    QCOMPARE(m_model->rowOfPeer(ErinId), 3);
    QCOMPARE(m_model->rowOfPeer(StrangerId), -1);
    QCOMPARE(m_model->rowOfPeer(OwnUserId), -1);
    QCOMPARE(m_model->rowOf(10), 0);
    QCOMPARE(m_model->rowOf(11), 1);
    QCOMPARE(m_model->rowOf(12), 3);
    QCOMPARE(m_model->rowOf(13), 2);
    QCOMPARE(m_model->rowOf(14), -1);
    // Dave's 0 means "none yet", not a conversation.
    QCOMPARE(m_model->rowOf(0), -1);
    QCOMPARE(m_model->at(2).title, u"dave"_s);

    // Rows are keyed, not ordered: a message changes no lookup.
    QVERIFY(m_model->applyMessage(message(120, 12, ErinId, u"up"_s)));
    QCOMPARE(m_model->rowOfPeer(ErinId), 3);
    QCOMPARE(m_model->rowOf(12), 3);
    QCOMPARE(m_model->rowOfPeer(BobId), 0);
    QCOMPARE(m_model->rowOf(10), 0);
    QCOMPARE(shownOrder().first(), ErinId);
}

void ConversationListModelTest::roleNames()
{
    verifyRoleNames(*m_model, allRoles<ConversationListModel>(), 18,
        { { ConversationListModel::TitleRole, "title" },
            { ConversationListModel::LastMessageIsSystemRole, "lastMessageIsSystem" },
            { ConversationListModel::LastMessageIsOwnRole, "lastMessageIsOwn" },
            { ConversationListModel::UnreadCountRole, "unreadCount" },
            { ConversationListModel::TypingRole, "typing" },
            { ConversationListModel::DraftRole, "draft" } });
}

void ConversationListModelTest::searchFiltersByTitle()
{
    m_model->setConversations(someConversations(), OwnUserId);
    QSignalSpy filterChanged(m_proxy.get(), &client::ConversationListProxy::filterTextChanged);

    // Case-insensitive, anywhere in the title.
    m_proxy->setFilterText(u"R"_s);
    QCOMPARE(shownOrder(), (QList<qint64> { CarolId, ErinId }));
    m_proxy->setFilterText(u"ave"_s);
    QCOMPARE(shownOrder(), QList<qint64> { DaveId });
    m_proxy->setFilterText(u"nobody"_s);
    QCOMPARE(m_proxy->rowCount(), 0);
    QCOMPARE(filterChanged.count(), 3);
    m_proxy->setFilterText(u"nobody"_s); // the same again: no news
    QCOMPARE(filterChanged.count(), 3);

    // A message to a filtered-out conversation keeps it out; clearing brings it back
    // in activity order.
    m_proxy->setFilterText(u"b"_s);
    QVERIFY(m_model->applyMessage(message(120, 12, ErinId, u"news"_s)));
    QCOMPARE(shownOrder(), QList<qint64> { BobId });
    m_proxy->setFilterText({});
    QCOMPARE(m_proxy->filterText(), QString());
    QCOMPARE(shownOrder(), (QList<qint64> { ErinId, BobId, CarolId, DaveId }));
}

void ConversationListModelTest::conversationsBringAwareness()
{
    QList<client::ConversationSummary> conversations = someConversations();
    conversations[0].unread = 3;
    conversations[0].peerOnline = true;
    conversations[3].unread = 1;
    conversations[3].peerLastSeen = serverTime(5);
    QSignalSpy total(m_model.get(), &ConversationListModel::totalUnreadChanged);

    m_model->setConversations(conversations, OwnUserId);

    QCOMPARE(m_model->totalUnread(), 4);
    QCOMPARE(total.count(), 1);
    QCOMPARE(total.at(0).at(0).toInt(), 4);
    QCOMPARE(value(0, ConversationListModel::UnreadCountRole).toInt(), 3);
    QCOMPARE(value(0, ConversationListModel::OnlineRole).toBool(), true);
    QVERIFY(!value(0, ConversationListModel::LastSeenRole).toDateTime().isValid());
    QCOMPARE(value(1, ConversationListModel::UnreadCountRole).toInt(), 0);
    QCOMPARE(value(3, ConversationListModel::UnreadCountRole).toInt(), 1);
    QCOMPARE(value(3, ConversationListModel::OnlineRole).toBool(), false);
    QCOMPARE(value(3, ConversationListModel::LastSeenRole).toDateTime(), serverTime(5));
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(value(row, ConversationListModel::TypingRole).toBool(), false);

    // Signed out: nothing unread.
    m_model->setConversations({}, OwnUserId);
    QCOMPARE(m_model->totalUnread(), 0);
    QCOMPARE(total.count(), 2);
}

void ConversationListModelTest::setUnreadUpdatesTotal()
{
    m_model->setConversations(someConversations(), OwnUserId);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy total(m_model.get(), &ConversationListModel::totalUnreadChanged);

    m_model->setUnread(10, 2); // Bob's
    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(rowOf(dataChanged, 0), m_model->rowOfPeer(BobId));
    QCOMPARE(rowOf(dataChanged, 0, 1), m_model->rowOfPeer(BobId));
    QCOMPARE(rolesOf(dataChanged, 0), QList<int> { ConversationListModel::UnreadCountRole });
    QCOMPARE(value(m_model->rowOfPeer(BobId), ConversationListModel::UnreadCountRole).toInt(), 2);
    QCOMPARE(m_model->totalUnread(), 2);
    QCOMPARE(total.count(), 1);

    m_model->setUnread(12, 5); // Erin's
    QCOMPARE(m_model->totalUnread(), 7);
    QCOMPARE(total.last().at(0).toInt(), 7);

    // The same count again: no news.
    m_model->setUnread(12, 5);
    QCOMPARE(dataChanged.count(), 2);
    QCOMPARE(total.count(), 2);

    // An unknown conversation changes nothing.
    m_model->setUnread(14, 4);
    QCOMPARE(dataChanged.count(), 2);
    QCOMPARE(m_model->totalUnread(), 7);

    m_model->setUnread(10, 0);
    m_model->setUnread(12, 0);
    QCOMPARE(m_model->totalUnread(), 0);
    QCOMPARE(total.last().at(0).toInt(), 0);
    // A new message brings the conversation to the top but keeps its count.
    m_model->setUnread(12, 1);
    QVERIFY(m_model->applyMessage(message(200, 12, ErinId, u"again"_s)));
    QCOMPARE(shownOrder().first(), ErinId);
    QCOMPARE(shownFirst(ConversationListModel::UnreadCountRole).toInt(), 1);
}

void ConversationListModelTest::setPresence()
{
    m_model->setConversations(someConversations(), OwnUserId);
    const int row = m_model->rowOfPeer(CarolId);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->setPresence(CarolId, true, {});
    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(rowOf(dataChanged, 0), row);
    const QList<int> roles = rolesOf(dataChanged, 0);
    QVERIFY(roles.contains(ConversationListModel::OnlineRole));
    QCOMPARE(value(row, ConversationListModel::OnlineRole).toBool(), true);
    QVERIFY(!value(row, ConversationListModel::LastSeenRole).toDateTime().isValid());

    m_model->setPresence(CarolId, true, {});
    QCOMPARE(dataChanged.count(), 1);

    m_model->setPresence(CarolId, false, serverTime(42));
    QCOMPARE(dataChanged.count(), 2);
    QVERIFY(rolesOf(dataChanged, 1).contains(ConversationListModel::LastSeenRole));
    QCOMPARE(value(row, ConversationListModel::OnlineRole).toBool(), false);
    QCOMPARE(value(row, ConversationListModel::LastSeenRole).toDateTime(), serverTime(42));

    // Stopped sharing: offline, never seen.
    m_model->setPresence(CarolId, false, {});
    QCOMPARE(dataChanged.count(), 3);
    QVERIFY(!value(row, ConversationListModel::LastSeenRole).toDateTime().isValid());

    m_model->setPresence(StrangerId, true, {});
    QCOMPARE(dataChanged.count(), 3);
}

void ConversationListModelTest::typingSurvivesRefetch()
{
    m_model->setConversations(someConversations(), OwnUserId);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->setTyping(13, DaveId, true);
    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(rowOf(dataChanged, 0), m_model->rowOfPeer(DaveId));
    QCOMPARE(rolesOf(dataChanged, 0), QList<int> { ConversationListModel::TypingRole });
    QCOMPARE(m_model->typers(13), QList<qint64> { DaveId });
    QCOMPARE(value(m_model->rowOfPeer(DaveId), ConversationListModel::TypingRole).toBool(), true);
    QCOMPARE(value(m_model->rowOfPeer(BobId), ConversationListModel::TypingRole).toBool(), false);

    m_model->setTyping(13, DaveId, true);
    QCOMPARE(dataChanged.count(), 1);

    // A fresh list (after `ready`) does not know who types: the indicator stays.
    m_model->setConversations(someConversations(), OwnUserId);
    QCOMPARE(value(m_model->rowOfPeer(DaveId), ConversationListModel::TypingRole).toBool(), true);

    m_model->setTyping(13, DaveId, false);
    QCOMPARE(dataChanged.count(), 2);
    QCOMPARE(value(m_model->rowOfPeer(DaveId), ConversationListModel::TypingRole).toBool(), false);
    QVERIFY(m_model->typers(13).isEmpty());
}

void ConversationListModelTest::draftSurvivesRefetch()
{
    // A draft may arrive before the list does (loaded at sign-in): it shows once listed.
    m_model->setDraft(11, u"for carol"_s);
    m_model->setConversations(someConversations(), OwnUserId);
    const int carol = m_model->rowOfPeer(CarolId);
    QCOMPARE(value(carol, ConversationListModel::DraftRole).toString(), u"for carol"_s);
    QCOMPARE(
        value(m_model->rowOfPeer(BobId), ConversationListModel::DraftRole).toString(), QString());
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->setDraft(11, u"for carol, more"_s);
    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(rowOf(dataChanged, 0), carol);
    QCOMPARE(rolesOf(dataChanged, 0), QList<int> { ConversationListModel::DraftRole });
    m_model->setDraft(11, u"for carol, more"_s); // the same: no news
    QCOMPARE(dataChanged.count(), 1);

    // A fresh list knows nothing of drafts: they are ours, and stay.
    m_model->setConversations(someConversations(), OwnUserId);
    QCOMPARE(value(carol, ConversationListModel::DraftRole).toString(), u"for carol, more"_s);

    m_model->setDraft(11, QString());
    QCOMPARE(dataChanged.count(), 2);
    QCOMPARE(value(carol, ConversationListModel::DraftRole).toString(), QString());
}

QTEST_GUILESS_MAIN(ConversationListModelTest)
#include "tst_conversationlistmodel.moc"
