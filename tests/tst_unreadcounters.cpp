// Unread counts by subtraction of ordinals (schema step 8) against a recount: the old
// row-by-row queries (support/unreadrecount.h) are the oracle. Random sends by several
// members (alone, in batches as the group commit writes them, retried, rolled back),
// random read positions, edits, deletions and reactions, system entries, members added,
// removed, leaving and coming back; after every step every user's conversation list (v2)
// and contact list (v1) must say exactly what the recount says. Two stores on one file
// (as a writer thread with its own connection would be) keep the ordinals in one sequence.
#include <server/store/store.h>
#include <support/resultcheck.h>
#include <support/storefixture.h>
#include <support/unreadrecount.h>

#include <QRandomGenerator>
#include <QTest>

#include <array>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;
using server::Store;

namespace {

//! Where the store and the recount disagree about one user, or empty.
QString disagreements(Store &store, const UnreadRecount &recount, qint64 userId)
{
    QString found;
    auto expected = recount.conversations(userId);
    if (!expected)
        return u"recount: "_s + expected.error().message;
    // Each conversation alone (a direct one someone else opened, with nothing in it, is
    // only listed once it has a message)...
    for (auto it = expected->cbegin(); it != expected->cend(); ++it) {
        const auto entry = store.conversationEntries(userId, it.key());
        if (!entry || entry->size() != 1) {
            found += u"user %1: no entry for conversation %2; "_s.arg(userId).arg(it.key());
        } else if (entry->constFirst().unread != it.value()) {
            found += u"user %1, conversation %2: unread %3, recounted %4; "_s.arg(userId)
                         .arg(it.key())
                         .arg(entry->constFirst().unread)
                         .arg(it.value());
        }
    }
    // ...and the whole list, as GET /conversations reads it.
    const auto list = store.conversationEntries(userId);
    if (!list)
        return u"list: "_s + list.error().message;
    for (const ConversationEntry &entry : list.value()) {
        if (entry.unread != expected->value(entry.id, -1)) {
            found += u"user %1, list entry %2: unread %3, recounted %4; "_s.arg(userId)
                         .arg(entry.id)
                         .arg(entry.unread)
                         .arg(expected->value(entry.id, -1));
        }
    }
    // GET /contacts: every other user, with or without a direct conversation.
    const auto contacts = recount.contacts(userId);
    const auto states = store.contactStates(userId);
    if (!contacts || !states)
        return u"contacts: could not read"_s;
    if (contacts->size() != states->size())
        found += u"user %1: %2 contacts, recounted %3; "_s.arg(userId)
                     .arg(states->size())
                     .arg(contacts->size());
    for (auto it = contacts->cbegin(); it != contacts->cend(); ++it) {
        if (states->value(it.key()).unread != it.value()) {
            found += u"user %1, contact %2: unread %3, recounted %4; "_s.arg(userId)
                         .arg(it.key())
                         .arg(states->value(it.key()).unread)
                         .arg(it.value());
        }
    }
    return found;
}

//! The random life of a few conversations, one step at a time.
class RandomWorld
{
public:
    RandomWorld(Store &store, quint32 seed)
        : m_store(store)
        , m_random(seed)
    { }

    Status populate(const QList<User> &users)
    {
        for (const User &user : users)
            m_users.append(user.id);
        for (const auto &[a, b] :
            { std::pair { 0, 1 }, std::pair { 0, 2 }, std::pair { 1, 2 }, std::pair { 3, 4 } }) {
            auto direct = m_store.openDirectConversation(m_users.at(a), m_users.at(b));
            if (!direct)
                return direct.error();
            m_conversations.append(direct->conversation.id);
        }
        for (const auto &[owner, others] :
            { std::pair { 0, QList<qint64> { m_users.at(1), m_users.at(2) } },
                std::pair { 3, QList<qint64> { m_users.at(0), m_users.at(4) } } }) {
            auto group = m_store.createGroup(m_users.at(owner),
                u"group-%1"_s.arg(m_conversations.size()), u"Group"_s, {}, others);
            if (!group)
                return group.error();
            m_conversations.append(group->conversationId);
            m_groups.append(group->conversationId);
        }
        return Done {};
    }

    //! One random step; its name, for a failure message.
    Result<QString> step()
    {
        const int dice = int(m_random.bounded(100));
        if (dice < 35)
            return sendOne();
        if (dice < 45)
            return batch();
        if (dice < 50)
            return retry();
        if (dice < 70)
            return read();
        if (dice < 78)
            return change();
        if (dice < 84)
            return groupEntry();
        if (dice < 92)
            return endOne();
        return addSome();
    }

    //! What the last step stored for good (a rolled-back batch stored nothing).
    void settle()
    {
        m_sent += m_pending;
        m_pending.clear();
    }

    [[nodiscard]] const QList<qint64> &users() const { return m_users; }
    [[nodiscard]] int texts() const { return int(m_sent.size()); }

private:
    struct Sent
    {
        qint64 conversationId;
        qint64 senderId;
        QString clientId;
        qint64 id;
    };

    qint64 pick(const QList<qint64> &from) { return from.at(int(m_random.bounded(from.size()))); }

    Result<QString> sendOne()
    {
        auto sent = send(pick(m_conversations));
        if (!sent)
            return sent.error();
        return u"send"_s;
    }

    Result<bool> send(qint64 conversationId)
    {
        auto members = m_store.memberIds(conversationId);
        if (!members)
            return members.error();
        if (members->isEmpty())
            return false;
        const qint64 sender = pick(members.value());
        // Now and then a reply to an earlier text of the conversation.
        std::optional<qint64> replyTo;
        if (!m_sent.isEmpty() && m_random.bounded(5) == 0) {
            const Sent &earlier = m_sent.at(int(m_random.bounded(m_sent.size())));
            if (earlier.conversationId == conversationId)
                replyTo = earlier.id;
        }
        const QString clientId = u"c-%1"_s.arg(++m_clientIds);
        auto stored = m_store.insertMessage(conversationId, sender, clientId, u"hello"_s, replyTo);
        if (!stored)
            return stored.error();
        m_pending.append(Sent { conversationId, sender, clientId, stored->message.id });
        return true;
    }

    //! Several sends in one transaction, as the group commit writes them; sometimes the
    //! transaction is rolled back instead, and its texts never existed.
    Result<QString> batch()
    {
        if (auto begun = m_store.beginTransaction(); !begun)
            return begun.error();
        const int count = 2 + int(m_random.bounded(5));
        for (int i = 0; i < count; ++i) {
            if (auto sent = send(pick(m_conversations)); !sent) {
                m_store.rollbackTransaction();
                return sent.error();
            }
        }
        if (m_random.bounded(5) == 0) {
            m_store.rollbackTransaction();
            m_pending.clear();
            return u"batch rolled back"_s;
        }
        if (auto committed = m_store.commitTransaction(); !committed)
            return committed.error();
        return u"batch of %1"_s.arg(count);
    }

    //! An earlier send again: nothing new is stored.
    Result<QString> retry()
    {
        if (m_sent.isEmpty())
            return u"nothing to retry"_s;
        const Sent &again = m_sent.at(int(m_random.bounded(m_sent.size())));
        auto stored
            = m_store.insertMessage(again.conversationId, again.senderId, again.clientId, u"x"_s);
        if (!stored)
            return stored.error();
        if (stored->created)
            return Error { ErrorCode::Internal, u"a retry created a row"_s };
        return u"retry"_s;
    }

    //! A read position moves to any id up to the newest (often back, which changes
    //! nothing); the store does not insist that the id is of this conversation.
    Result<QString> read()
    {
        const qint64 user = pick(m_users);
        const qint64 conversationId = pick(m_conversations);
        auto highest = m_store.highestMessageId();
        if (!highest)
            return highest.error();
        const qint64 upTo = qint64(m_random.bounded(quint64(highest.value() + 1)));
        const auto kind
            = m_random.bounded(4) == 0 ? Store::PositionKind::Delivered : Store::PositionKind::Read;
        if (auto advanced = m_store.advancePosition(kind, user, conversationId, upTo); !advanced)
            return advanced.error();
        return u"user %1 %2 conversation %3 up to %4"_s.arg(user)
            .arg(kind == Store::PositionKind::Read ? u"read"_s : u"delivered"_s)
            .arg(conversationId)
            .arg(upTo);
    }

    //! An edit, deletion or reaction: a row of its own that never counts.
    Result<QString> change()
    {
        if (m_sent.isEmpty())
            return u"nothing to change"_s;
        const Sent &target = m_sent.at(int(m_random.bounded(m_sent.size())));
        using Kind = MessageUpdate::Kind;
        const Kind kind = std::array { Kind::Edited, Kind::Deleted, Kind::ReactionAdded,
            Kind::ReactionRemoved }[m_random.bounded(4)];
        auto members = m_store.memberIds(target.conversationId);
        if (!members)
            return members.error();
        const qint64 user = members->isEmpty() ? target.senderId : pick(members.value());
        auto updated = m_store.applyUpdate(Store::UpdateRequest { .kind = kind,
            .userId = user,
            .messageId = target.id,
            .clientId = u"u-%1"_s.arg(++m_clientIds),
            .body = u"edited"_s,
            .emoji = u"\U0001F44D"_s });
        if (!updated)
            return updated.error();
        return u"change of %1"_s.arg(target.id);
    }

    //! A system entry: a renaming or a new role.
    Result<QString> groupEntry()
    {
        const qint64 group = pick(m_groups);
        auto members = m_store.memberIds(group);
        if (!members)
            return members.error();
        if (members->isEmpty())
            return u"an empty group"_s;
        const qint64 actor = pick(members.value());
        if (m_random.bounded(2) == 0) {
            auto renamed = m_store.renameGroup(
                group, actor, u"Renamed %1"_s.arg(++m_clientIds), std::nullopt);
            if (!renamed)
                return renamed.error();
            return u"rename"_s;
        }
        const qint64 user = pick(members.value());
        const MemberRole role = m_random.bounded(2) ? MemberRole::Admin : MemberRole::Member;
        if (auto set = m_store.setRole(group, actor, user, role); !set)
            return set.error();
        return u"role"_s;
    }

    //! A member leaves or is removed (never the last one).
    Result<QString> endOne()
    {
        const qint64 group = pick(m_groups);
        auto members = m_store.memberIds(group);
        if (!members)
            return members.error();
        if (members->size() < 2)
            return u"too few to end one"_s;
        const qint64 user = pick(members.value());
        const qint64 actor = pick(members.value());
        auto ended = m_store.endMembership(group, actor, user, std::nullopt);
        if (!ended)
            return ended.error();
        return u"%1 ends %2 in %3"_s.arg(actor).arg(user).arg(group);
    }

    //! Newcomers and former members join: from this entry on.
    Result<QString> addSome()
    {
        const qint64 group = pick(m_groups);
        auto members = m_store.memberIds(group);
        if (!members)
            return members.error();
        QList<qint64> outside;
        for (const qint64 user : std::as_const(m_users)) {
            if (!members->contains(user) && m_random.bounded(2) == 0)
                outside.append(user);
        }
        if (outside.isEmpty() || members->isEmpty())
            return u"nobody to add"_s;
        auto added = m_store.addMembers(group, pick(members.value()), outside);
        if (!added)
            return added.error();
        return u"%1 join %2"_s.arg(outside.size()).arg(group);
    }

    Store &m_store;
    QRandomGenerator m_random;
    QList<qint64> m_users;
    QList<qint64> m_conversations;
    QList<qint64> m_groups;
    QList<Sent> m_sent;
    QList<Sent> m_pending;
    int m_clientIds = 0;
};

} // namespace

class tst_UnreadCounters : public StoreTest
{
    Q_OBJECT

private Q_SLOTS:
    void whatCountsAsUnread();
    void matchesARecountAfterEveryStep_data();
    void matchesARecountAfterEveryStep();
    void twoConnectionsShareTheOrdinals();
};

void tst_UnreadCounters::whatCountsAsUnread()
{
    const auto users = m_fixture.addUsers({ u"alice"_s, u"bob"_s, u"carol"_s });
    VERIFY_OK(users);
    const qint64 alice = users->at(0).id, bob = users->at(1).id, carol = users->at(2).id;
    Store &store = m_fixture.store();
    const auto group = store.createGroup(alice, u"g-1"_s, u"Lunch"_s, {}, { bob });
    VERIFY_OK(group);
    const qint64 id = group->conversationId;
    const auto unread = [&](qint64 user) -> qint64 {
        const auto entry = store.conversationEntries(user, id);
        return entry && entry->size() == 1 ? entry->constFirst().unread : -1;
    };

    // Own texts never count; the creation's system entry counts for nobody.
    QList<qint64> ids;
    for (const auto &[sender, text] : { std::pair { alice, u"a1"_s }, std::pair { alice, u"a2"_s },
             std::pair { bob, u"b1"_s }, std::pair { alice, u"a3"_s } }) {
        const auto stored = store.insertMessage(id, sender, text, text);
        VERIFY_OK(stored);
        ids.append(stored->message.id);
    }
    QCOMPARE(unread(alice), 1);
    QCOMPARE(unread(bob), 3);

    // Neither a system entry nor a change of a message counts, and a deleted text still
    // does (its row stays, emptied).
    VERIFY_OK(store.renameGroup(id, alice, u"Dinner"_s, std::nullopt));
    VERIFY_OK(store.applyUpdate(Store::UpdateRequest { .kind = MessageUpdate::Kind::Deleted,
        .userId = alice,
        .messageId = ids.at(0),
        .clientId = u"d-1"_s }));
    VERIFY_OK(store.applyUpdate(Store::UpdateRequest { .kind = MessageUpdate::Kind::ReactionAdded,
        .userId = bob,
        .messageId = ids.at(1),
        .clientId = u"r-1"_s,
        .emoji = u"\U0001F44D"_s }));
    QCOMPARE(unread(alice), 1);
    QCOMPARE(unread(bob), 3);

    // Reading moves the count; a position moved back changes nothing.
    VERIFY_OK(store.advancePosition(Store::PositionKind::Read, bob, id, ids.at(1)));
    QCOMPARE(unread(bob), 1);
    VERIFY_OK(store.advancePosition(Store::PositionKind::Read, bob, id, ids.at(0)));
    QCOMPARE(unread(bob), 1);

    // A newcomer sees from the entry that added them: nothing before it is unread.
    VERIFY_OK(store.addMembers(id, alice, { carol }));
    QCOMPARE(unread(carol), 0);
    const auto toCarol = store.insertMessage(id, bob, u"b2"_s, u"b2"_s);
    VERIFY_OK(toCarol);
    QCOMPARE(unread(carol), 1);
    QCOMPARE(unread(alice), 2);

    // Removed, carol keeps what she had unread up to her removal, and nothing after counts.
    VERIFY_OK(store.endMembership(id, alice, carol, std::nullopt));
    const auto afterCarol = store.insertMessage(id, bob, u"b3"_s, u"b3"_s);
    VERIFY_OK(afterCarol);
    QCOMPARE(unread(carol), 1);
    QCOMPARE(unread(alice), 3);
    // A read position past her removal: nothing in her range is unread.
    VERIFY_OK(store.advancePosition(Store::PositionKind::Read, carol, id, afterCarol->message.id));
    QCOMPARE(unread(carol), 0);

    // Back again, with a fresh range: the texts of her absence never count.
    VERIFY_OK(store.addMembers(id, bob, { carol }));
    QCOMPARE(unread(carol), 0);
    VERIFY_OK(store.insertMessage(id, alice, u"a4"_s, u"a4"_s));
    QCOMPARE(unread(carol), 1);

    Inspector inspector(m_fixture);
    QVERIFY(inspector.isOpen());
    const UnreadRecount recount(inspector.database());
    for (const qint64 user : { alice, bob, carol }) {
        const QString wrong = disagreements(store, recount, user);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
}

void tst_UnreadCounters::matchesARecountAfterEveryStep_data()
{
    QTest::addColumn<quint32>("seed");
    for (const quint32 seed : { 1u, 2u, 3u, 4u })
        QTest::addRow("seed %u", seed) << seed;
}

void tst_UnreadCounters::matchesARecountAfterEveryStep()
{
    QFETCH(quint32, seed);
    const auto users
        = m_fixture.addUsers({ u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s, u"erin"_s });
    VERIFY_OK(users);
    Store &store = m_fixture.store();
    RandomWorld world(store, seed);
    VERIFY_OK(world.populate(users.value()));
    Inspector inspector(m_fixture);
    QVERIFY(inspector.isOpen());
    const UnreadRecount recount(inspector.database());

    qint64 mostUnread = 0;
    for (int i = 0; i < 400; ++i) {
        const auto step = world.step();
        VERIFY_OK(step);
        world.settle();
        for (const qint64 user : world.users()) {
            const QString wrong = disagreements(store, recount, user);
            QVERIFY2(
                wrong.isEmpty(), qPrintable(u"step %1 (%2): %3"_s.arg(i).arg(step.value(), wrong)));
            const auto counts = recount.conversations(user);
            VERIFY_OK(counts);
            for (const qint64 count : counts.value())
                mostUnread = std::max(mostUnread, count);
        }
    }
    // The walk did reach counts worth comparing.
    QVERIFY2(world.texts() > 100, qPrintable(QString::number(world.texts())));
    QVERIFY2(mostUnread >= 10, qPrintable(QString::number(mostUnread)));
}

void tst_UnreadCounters::twoConnectionsShareTheOrdinals()
{
    // A second Store on the same database, as a writer thread (or another chatd node) with
    // its own connection would be: the ordinals are read and written in SQL, so the two
    // never number alike.
    const auto pair = m_fixture.addPair();
    VERIFY_OK(pair);
    Store &first = m_fixture.store();
    Store second;
    VERIFY_OK(m_fixture.openOnSameDatabase(second));
    for (int i = 0; i < 20; ++i) {
        Store &store = i % 3 == 0 ? second : first;
        const qint64 sender = i % 2 == 0 ? pair->alice.id : pair->bob.id;
        VERIFY_OK(store.insertMessage(pair->conversationId, sender, u"c-%1"_s.arg(i), u"hi"_s));
    }
    Inspector inspector(m_fixture);
    QVERIFY(inspector.isOpen());
    const QVariantList ordinals = inspector.column(
        u"SELECT text_ordinal FROM messages WHERE action IS NULL AND event IS NULL ORDER BY id"_s);
    QCOMPARE(ordinals.size(), 20);
    for (int i = 0; i < ordinals.size(); ++i)
        QCOMPARE(ordinals.at(i).toLongLong(), i + 1);
    const UnreadRecount recount(inspector.database());
    for (Store *store : { &first, &second }) {
        for (const qint64 user : { pair->alice.id, pair->bob.id }) {
            const QString wrong = disagreements(*store, recount, user);
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        }
    }
    QCOMPARE(first.contactStates(pair->alice.id)->value(pair->bob.id).unread, 10);
}

QTEST_GUILESS_MAIN(tst_UnreadCounters)
#include "tst_unreadcounters.moc"
