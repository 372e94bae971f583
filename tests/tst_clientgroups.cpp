// Groups through the client stack (ClientContext over a real server and real sockets):
// a group created on one instance appears live on every instance of every member, its
// messages reach exactly the current members, membership changes show as system entries,
// a removed member's group goes inactive and stays silent, two typers are named, and a
// client that followed all of it live ends in the state of one that signs in fresh.
#include <client/conversations/groupactions.h>
#include <client/models/memberlistmodel.h>
#include <support/clientworldtest.h>
#include <support/modelrows.h>

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class TestClientGroups : public ClientWorldTest
{
    Q_OBJECT

private:
    using Row = ConversationListModel::Role;
    using MessageRole = client::MessageRowsModel::Role;

    //! `role` of the conversation `conversationId` in `instance`'s list; invalid when it
    //! is not listed.
    static QVariant listed(const Instance &instance, qint64 conversationId, int role)
    {
        const int row = instance.conversations()->rowOf(conversationId);
        return row < 0 ? QVariant() : contactData(instance.conversations(), row, role);
    }

    //! Creates a group through `creator`'s GroupActions and returns its id once the
    //! creator's list has it (0 when that failed; the test has failed then).
    qint64 createGroup(Instance &creator, const QString &title, const QList<qint64> &memberIds)
    {
        std::optional<Result<qint64>> answer;
        creator.client->groups().create(
            title, {}, memberIds, [&answer](Result<qint64> result) { answer = result; });
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), Timeout);
        }();
        if (QTest::currentTestFailed())
            return 0;
        [&] {
            QVERIFY2(answer->ok(), qPrintable(failure(*answer)));
        }();
        if (QTest::currentTestFailed())
            return 0;
        return answer->value();
    }

    struct Trio
    {
        Instance *alice = nullptr;
        Instance *bob = nullptr;
        Instance *carol = nullptr;
        qint64 groupId = 0; //!< 0 when a step failed (the test has failed then).
    };
    //! alice, bob and carol signed in, in a group `title` that alice created, open on all
    //! three.
    Trio startTrio(const QString &title)
    {
        startWithUsers();
        Instance *a = QTest::currentTestFailed() ? nullptr : addSignedIn(u"A"_s, m_alice);
        Instance *b = a ? addSignedIn(u"B"_s, m_bob) : nullptr;
        Instance *c = b ? addSignedIn(u"C"_s, m_carol) : nullptr;
        const qint64 id = c ? createGroup(*a, title, { m_bob.user.id, m_carol.user.id }) : 0;
        if (id == 0)
            return {};
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(listed(*c, id, Row::ActiveRole).toBool(), Timeout);
        }();
        for (Instance *instance : { a, b, c }) {
            if (!QTest::currentTestFailed())
                openGroup(*instance, id);
        }
        if (QTest::currentTestFailed())
            return {};
        return Trio { a, b, c, id };
    }

    //! Opens the conversation in `instance` and waits until it shows the server's history.
    void openGroup(Instance &instance, qint64 conversationId)
    {
        QSignalSpy ready(&instance.client->openConversation(), &client::OpenConversation::ready);
        instance.client->openConversation().open(conversationId);
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty(), Timeout);
        QCOMPARE(instance.messages()->conversationId(), conversationId);
        QTRY_COMPARE_WITH_TIMEOUT(instance.messages()->rowCount(),
            int(serverHistory(instance.rest, conversationId).size()), Timeout);
    }

    //! The bodies the open conversation of `instance` shows, oldest first.
    static QStringList bodies(const Instance &instance)
    {
        QStringList result;
        const auto *model = instance.messages();
        for (int row = 0; row < model->rowCount(); ++row)
            result.append(model->index(row).data(MessageRole::BodyRole).toString());
        return result;
    }

    //! A QTest check: waits until `instance` shows `body` in its open conversation.
    static void awaitBody(const Instance &instance, const QString &body)
    {
        QTRY_VERIFY2_WITH_TIMEOUT(instance.rowOfBody(body) >= 0,
            qPrintable(instance.label + u" lacks "_s + body), Timeout);
    }

    //! Why `result` failed; empty when it did not (QVERIFY2 evaluates its message always).
    template<typename T> static QString failure(const Result<T> &result)
    {
        return result ? QString() : result.error().message;
    }

    template<typename T> static void expectSuccess(const std::optional<Result<T>> &answer)
    {
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), Timeout);
        QVERIFY2(answer->ok(), qPrintable(failure(*answer)));
    }

private Q_SLOTS:
    void groupAppearsLiveOnEveryInstanceOfEveryMember()
    {
        startWithUsers();
        Instance *a1 = addSignedIn(u"A1"_s, m_alice);
        Instance *a2 = a1 ? addSignedIn(u"A2"_s, m_alice) : nullptr;
        Instance *b = a2 ? addSignedIn(u"B"_s, m_bob) : nullptr;
        Instance *c = b ? addSignedIn(u"C"_s, m_carol) : nullptr;
        QVERIFY(c);

        const qint64 id = createGroup(*a1, u"Design"_s, { m_bob.user.id });
        QVERIFY(id > 0);
        for (const Instance *instance : { a1, a2, b }) {
            QTRY_COMPARE_WITH_TIMEOUT(
                listed(*instance, id, Row::TitleRole).toString(), u"Design"_s, Timeout);
            QVERIFY(listed(*instance, id, Row::IsGroupRole).toBool());
            QCOMPARE(listed(*instance, id, Row::MemberCountRole).toInt(), 2);
            QVERIFY(listed(*instance, id, Row::ActiveRole).toBool());
        }

        // Carol is added later: the group appears in her list live too, no new sign-in.
        std::optional<Result<Conversation>> added;
        a1->client->groups().addMembers(
            id, { m_carol.user.id }, [&added](Result<Conversation> result) { added = result; });
        expectSuccess(added);
        QTRY_COMPARE_WITH_TIMEOUT(listed(*c, id, Row::TitleRole).toString(), u"Design"_s, Timeout);
        for (const Instance *instance : { a1, a2, b, c })
            QTRY_COMPARE_WITH_TIMEOUT(
                listed(*instance, id, Row::MemberCountRole).toInt(), 3, Timeout);
        // Being added is no unread message.
        QCOMPARE(listed(*c, id, Row::UnreadCountRole).toInt(), 0);
    }

    void messagesReachExactlyTheCurrentMembers()
    {
        const auto [a, b, c, id] = startTrio(u"Trio"_s);
        QVERIFY(id > 0);

        sendAndAwait(*b, u"hello from bob"_s);
        // Others see bob's name on his message; his own instance does not need it.
        const int row = a->rowOfBody(u"hello from bob"_s);
        QCOMPARE(a->messages()->index(row).data(MessageRole::SenderNameRole).toString(), u"bob"_s);
        QVERIFY(a->messages()->index(row).data(MessageRole::ShowSenderRole).toBool());
        QVERIFY(!b->messages()
                     ->index(b->rowOfBody(u"hello from bob"_s))
                     .data(MessageRole::ShowSenderRole)
                     .toBool());
        QCOMPARE(listed(*a, id, Row::LastSenderRole).toString(), u"bob"_s);

        // Alice removes carol: everyone sees the system line; carol's group goes inactive.
        std::optional<Result<Conversation>> removed;
        a->client->groups().removeMember(
            id, m_carol.user.id, [&removed](Result<Conversation> result) { removed = result; });
        expectSuccess(removed);
        awaitBody(*b, u"alice removed carol"_s);
        QVERIFY(b->messages()
                    ->index(b->rowOfBody(u"alice removed carol"_s))
                    .data(MessageRole::IsSystemRole)
                    .toBool());
        awaitBody(*c, u"alice removed carol"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!listed(*c, id, Row::ActiveRole).toBool(), Timeout);
        QCOMPARE(listed(*b, id, Row::MemberCountRole).toInt(), 2);

        // What is said after her removal reaches bob, and never carol. A message from bob
        // to carol's direct conversation afterwards is the barrier: her socket delivers in
        // order, so once she has that, she would have had the group message.
        a->client->openConversation().send(u"after carol left"_s);
        awaitBody(*b, u"after carol left"_s);
        Instance *barrier = addSignedIn(u"B2"_s, m_bob);
        QVERIFY(barrier);
        open(*barrier, m_carol.user.id);
        open(*c, m_bob.user.id);
        barrier->client->openConversation().send(u"barrier"_s);
        awaitBody(*c, u"barrier"_s);
        openGroup(*c, id);
        QVERIFY(!QTest::currentTestFailed());
        QVERIFY(!bodies(*c).contains(u"after carol left"_s));
        QVERIFY(bodies(*c).contains(u"hello from bob"_s)); // she keeps what came before
        QVERIFY(!listed(*c, id, Row::ActiveRole).toBool());
    }

    void leavingAndRenamingShowInTheTimeline()
    {
        startWithUsers();
        Instance *a = addSignedIn(u"A"_s, m_alice);
        Instance *b = a ? addSignedIn(u"B"_s, m_bob) : nullptr;
        QVERIFY(b);
        const qint64 id = createGroup(*a, u"Plans"_s, { m_bob.user.id, m_carol.user.id });
        QVERIFY(id > 0);
        QTRY_VERIFY_WITH_TIMEOUT(listed(*b, id, Row::ActiveRole).toBool(), Timeout);
        openGroup(*a, id);
        QVERIFY(!QTest::currentTestFailed());

        std::optional<Result<Conversation>> renamed;
        b->client->groups().rename(id, u"Bigger plans"_s, u"what next"_s,
            [&renamed](Result<Conversation> result) { renamed = result; });
        // Bob is a member, not an admin: renaming is the admins' (§5.15).
        QTRY_VERIFY_WITH_TIMEOUT(renamed.has_value(), Timeout);
        QVERIFY(!renamed->ok());
        QVERIFY(!renamed->error().message.isEmpty());

        renamed.reset();
        a->client->groups().rename(id, u"Bigger plans"_s, u"what next"_s,
            [&renamed](Result<Conversation> result) { renamed = result; });
        expectSuccess(renamed);
        QTRY_COMPARE_WITH_TIMEOUT(
            listed(*b, id, Row::TitleRole).toString(), u"Bigger plans"_s, Timeout);

        std::optional<Result<qint64>> left;
        b->client->groups().leave(id, [&left](Result<qint64> result) { left = result; });
        expectSuccess(left);
        awaitBody(*a, u"bob left"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!listed(*b, id, Row::ActiveRole).toBool(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(listed(*a, id, Row::MemberCountRole).toInt(), 2, Timeout);
        const QStringList shown = bodies(*a);
        QVERIFY2(shown.contains(u"alice renamed the group to \u201cBigger plans\u201d"_s),
            qPrintable(shown.join(u" | "_s)));
        QVERIFY(shown.indexOf(u"bob left"_s) > 0);
    }

    void twoTypersAreBothNamed()
    {
        const auto [a, b, c, id] = startTrio(u"Chatter"_s);
        QVERIFY(id > 0);

        b->client->openConversation().userTyped();
        QTRY_COMPARE_WITH_TIMEOUT(
            a->client->openConversation().typingNames(), QStringList { u"bob"_s }, Timeout);
        c->client->openConversation().userTyped();
        QTRY_COMPARE_WITH_TIMEOUT(a->client->openConversation().typingNames().size(), 2, Timeout);
        QStringList names = a->client->openConversation().typingNames();
        names.sort();
        QCOMPARE(names, (QStringList { u"bob"_s, u"carol"_s }));
        QVERIFY(listed(*a, id, Row::TypingRole).toBool());
        // A typer never sees themselves.
        QTRY_COMPARE_WITH_TIMEOUT(
            b->client->openConversation().typingNames(), QStringList { u"carol"_s }, Timeout);
    }

    void membersModelFollowsTheGroup()
    {
        startWithUsers();
        Instance *a = addSignedIn(u"A"_s, m_alice);
        QVERIFY(a);
        const qint64 id = createGroup(*a, u"Roles"_s, { m_bob.user.id });
        QVERIFY(id > 0);
        openGroup(*a, id);
        QVERIFY(!QTest::currentTestFailed());
        client::MemberListModel *members = a->client->openConversation().members();
        QTRY_COMPARE_WITH_TIMEOUT(members->rowCount(), 2, Timeout);

        std::optional<Result<Conversation>> answer;
        a->client->groups().setRole(id, m_bob.user.id, MemberRole::Admin,
            [&answer](Result<Conversation> result) { answer = result; });
        expectSuccess(answer);
        const auto roleOf = [members](qint64 userId) {
            for (int row = 0; row < members->rowCount(); ++row) {
                const QModelIndex index = members->index(row);
                if (index.data(client::MemberListModel::UserIdRole).toLongLong() == userId)
                    return MemberRole(index.data(client::MemberListModel::MemberRoleRole).toInt());
            }
            return MemberRole::Member;
        };
        QTRY_COMPARE_WITH_TIMEOUT(roleOf(m_bob.user.id), MemberRole::Admin, Timeout);
        QCOMPARE(roleOf(m_alice.user.id), MemberRole::Owner);

        answer.reset();
        a->client->groups().addMembers(
            id, { m_carol.user.id }, [&answer](Result<Conversation> result) { answer = result; });
        expectSuccess(answer);
        QTRY_COMPARE_WITH_TIMEOUT(members->rowCount(), 3, Timeout);
    }

    void clientThatFollowedGroupsLiveEqualsAFreshOne()
    {
        startWithUsers();
        Instance *live = addSignedIn(u"alice live"_s, m_alice);
        Instance *b = live ? addSignedIn(u"B"_s, m_bob) : nullptr;
        Instance *c = b ? addSignedIn(u"C"_s, m_carol) : nullptr;
        QVERIFY(c);

        // Bob creates two groups with alice; one gains carol, is renamed, loses bob.
        const qint64 first = createGroup(*b, u"First"_s, { m_alice.user.id });
        const qint64 second = createGroup(*b, u"Second"_s, { m_alice.user.id, m_carol.user.id });
        QVERIFY(first > 0 && second > 0);
        openGroup(*b, first);
        QVERIFY(!QTest::currentTestFailed());
        b->client->openConversation().send(u"in first"_s);
        std::optional<Result<Conversation>> answer;
        b->client->groups().addMembers(first, { m_carol.user.id },
            [&answer](Result<Conversation> result) { answer = result; });
        expectSuccess(answer);
        answer.reset();
        b->client->groups().rename(first, u"First, renamed"_s, u"topic"_s,
            [&answer](Result<Conversation> result) { answer = result; });
        expectSuccess(answer);
        openGroup(*c, second);
        QVERIFY(!QTest::currentTestFailed());
        c->client->openConversation().send(u"carol in second"_s);
        std::optional<Result<qint64>> left;
        b->client->groups().leave(first, [&left](Result<qint64> result) { left = result; });
        expectSuccess(left);
        // And alice is removed from the second by its owner.
        answer.reset();
        b->client->groups().removeMember(
            second, m_alice.user.id, [&answer](Result<Conversation> result) { answer = result; });
        expectSuccess(answer);

        QTRY_VERIFY_WITH_TIMEOUT(!listed(*live, second, Row::ActiveRole).toBool(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(
            listed(*live, first, Row::TitleRole).toString(), u"First, renamed"_s, Timeout);
        openGroup(*live, first);
        QVERIFY(!QTest::currentTestFailed());
        awaitBody(*live, u"bob left"_s);

        Instance *fresh = addSignedIn(u"alice fresh"_s, m_alice);
        QVERIFY(fresh);
        openGroup(*fresh, first);
        QVERIFY(!QTest::currentTestFailed());
        const QList<int> transient { ConversationListModel::TypingRole,
            ConversationListModel::OnlineRole, ConversationListModel::LastSeenRole };
        QTRY_COMPARE_WITH_TIMEOUT(dump<ConversationListModel>(fresh->shown(), transient),
            dump<ConversationListModel>(live->shown(), transient), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(dump<client::MessageListModel>(fresh->messages()),
            dump<client::MessageListModel>(live->messages()), Timeout);
        QCOMPARE(fresh->client->totalUnread(), live->client->totalUnread());
        QVERIFY(bodies(*live).contains(u"in first"_s));
    }
};

QTEST_GUILESS_MAIN(TestClientGroups)
#include "tst_clientgroups.moc"
