// The store's cache of current members (server/store/membercache.h), as a send reads them:
// with the cache warm before each change, every kind of membership change shows at once
// (a new direct conversation, a new group, members added, removed, leaving, coming back),
// a change that fails and rolls back leaves the members as they were, and the cache
// starts over past its bound without losing correctness.
#include <server/store/membercache.h>
#include <server/store/store.h>
#include <support/resultcheck.h>
#include <support/storefixture.h>

#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class tst_StoreMembers : public StoreTest
{
    Q_OBJECT

private Q_SLOTS:
    void everyChangeShowsAtOnce();
    void aFailedChangeLeavesTheMembers();
    void theCacheIsBounded();

private:
    //! memberIds() twice: the second answer comes from the cache, and must agree.
    QList<qint64> members(qint64 conversationId);
};

QList<qint64> tst_StoreMembers::members(qint64 conversationId)
{
    const auto first = m_fixture.store().memberIds(conversationId);
    const auto second = m_fixture.store().memberIds(conversationId);
    if (!first || !second || first.value() != second.value())
        return { -1 };
    return first.value();
}

void tst_StoreMembers::everyChangeShowsAtOnce()
{
    const auto users = m_fixture.addUsers({ u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s });
    VERIFY_OK(users);
    const qint64 alice = users->at(0).id, bob = users->at(1).id, carol = users->at(2).id,
                 dave = users->at(3).id;
    server::Store &store = m_fixture.store();

    const auto direct = store.openDirectConversation(alice, bob);
    VERIFY_OK(direct);
    QCOMPARE(members(direct->conversation.id), (QList<qint64> { alice, bob }));

    const auto group = store.createGroup(alice, u"g-1"_s, u"Lunch"_s, {}, { bob });
    VERIFY_OK(group);
    const qint64 id = group->conversationId;
    QCOMPARE(members(id), (QList<qint64> { alice, bob }));

    VERIFY_OK(store.addMembers(id, alice, { carol, dave }));
    QCOMPARE(members(id), (QList<qint64> { alice, bob, carol, dave }));

    VERIFY_OK(store.endMembership(id, alice, carol, std::nullopt)); // removed
    QCOMPARE(members(id), (QList<qint64> { alice, bob, dave }));

    VERIFY_OK(store.endMembership(id, dave, dave, std::nullopt)); // left
    QCOMPARE(members(id), (QList<qint64> { alice, bob }));

    VERIFY_OK(store.addMembers(id, bob, { carol })); // back again
    QCOMPARE(members(id), (QList<qint64> { alice, bob, carol }));

    VERIFY_OK(store.endMembership(id, alice, alice, bob)); // the owner leaves, bob inherits
    QCOMPARE(members(id), (QList<qint64> { bob, carol }));

    // A second store on the same database (no cache of its own yet) agrees with the first.
    server::Store other;
    VERIFY_OK(m_fixture.openOnSameDatabase(other));
    const auto fresh = other.memberIds(id);
    VERIFY_OK(fresh);
    QCOMPARE(fresh.value(), members(id));

    // Closed, the store answers from neither the file nor its cache.
    store.close();
    QVERIFY(!store.memberIds(id));
}

void tst_StoreMembers::aFailedChangeLeavesTheMembers()
{
    const auto users = m_fixture.addUsers({ u"alice"_s, u"bob"_s, u"carol"_s });
    VERIFY_OK(users);
    const qint64 alice = users->at(0).id, bob = users->at(1).id, carol = users->at(2).id;
    server::Store &store = m_fixture.store();
    const auto group = store.createGroup(alice, u"g-1"_s, u"Lunch"_s, {}, { bob });
    VERIFY_OK(group);
    const qint64 id = group->conversationId;
    QCOMPARE(members(id), (QList<qint64> { alice, bob }));

    // carol is inserted, then a user that does not exist fails the insert after her: the
    // whole change rolls back, carol included.
    QVERIFY(!store.addMembers(id, alice, { carol, 999'999 }));
    QCOMPARE(members(id), (QList<qint64> { alice, bob }));

    // A transaction rolled back around a read leaves the members readable and changeable.
    VERIFY_OK(store.beginTransaction());
    QCOMPARE(members(id), (QList<qint64> { alice, bob }));
    store.rollbackTransaction();
    VERIFY_OK(store.addMembers(id, alice, { carol }));
    QCOMPARE(members(id), (QList<qint64> { alice, bob, carol }));
}

void tst_StoreMembers::theCacheIsBounded()
{
    server::MemberCache cache;
    for (qint64 id = 1; id <= server::MemberCache::MaxConversations + 10; ++id) {
        cache.insert(id, { id, id + 1 });
        QVERIFY(cache.size() <= server::MemberCache::MaxConversations);
    }
    const QList<qint64> *kept = cache.find(server::MemberCache::MaxConversations + 10);
    QVERIFY(kept);
    QCOMPARE(*kept,
        (QList<qint64> { server::MemberCache::MaxConversations + 10,
            server::MemberCache::MaxConversations + 11 }));
    cache.forget(server::MemberCache::MaxConversations + 10);
    QVERIFY(!cache.find(server::MemberCache::MaxConversations + 10));
}

QTEST_GUILESS_MAIN(tst_StoreMembers)
#include "tst_storemembers.moc"
