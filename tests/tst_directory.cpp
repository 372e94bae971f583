// Protocol version 2's lists on a real server: the people directory (prefix search that
// ignores case and accents, paging, the findable setting), the conversation list (direct
// and group conversations, unread counts that leave events out, mute on every instance),
// and presence that goes only to people who share a conversation.
#include <support/restclient.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <support/wsclient.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

QStringList namesOf(const QJsonArray &users)
{
    QStringList names;
    for (const QJsonValue &user : users)
        names.append(user[u"username"_s].toString());
    return names;
}

} // namespace

class tst_Directory : public QObject
{
    Q_OBJECT

private:
    ServerFixture m_fixture;
    QList<Session> m_users;

    HttpReply search(
        const Session &who, const QString &query, int limit = 0, const QString &after = {})
    {
        QUrlQuery parameters;
        parameters.addQueryItem(u"q"_s, QString::fromLatin1(QUrl::toPercentEncoding(query)));
        if (limit > 0)
            parameters.addQueryItem(u"limit"_s, QString::number(limit));
        if (!after.isEmpty())
            parameters.addQueryItem(u"after"_s, after);
        return m_fixture.rest().get(
            u"/users?"_s + parameters.toString(QUrl::FullyEncoded), who.token);
    }

    QJsonArray conversations(const Session &who)
    {
        return m_fixture.rest()
            .get(u"/conversations"_s, who.token)
            .json[u"conversations"_s]
            .toArray();
    }

    qint64 group(const Session &owner, const QList<qint64> &members, const QString &title)
    {
        static int counter = 0;
        QJsonArray ids;
        for (const qint64 id : members)
            ids.append(id);
        const HttpReply reply = m_fixture.rest().post(u"/groups"_s,
            { { u"clientId"_s, u"d-%1"_s.arg(++counter) }, { u"title"_s, title },
                { u"memberIds"_s, ids } },
            owner.token);
        return reply.json[u"conversation"_s][u"id"_s].toInteger();
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        m_users = m_fixture.signUp({ u"alice"_s, u"Alina"_s, u"bob"_s, u"zoe"_s, u"al_bert"_s });
        QVERIFY2(m_users.size() == 5, qPrintable(m_fixture.error()));
    }
    void cleanup() { m_fixture.stop(); }

    void searchByPrefix_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("prefix, any case") << u"AL"_s << QStringList { u"al_bert"_s, u"Alina"_s };
        QTest::newRow("accents ignored") << u"Zoë"_s << QStringList { u"zoe"_s };
        QTest::newRow("'_' is a letter, not a wildcard")
            << u"al_"_s << QStringList { u"al_bert"_s };
        QTest::newRow("'%' matches nothing") << u"%"_s << QStringList {};
        QTest::newRow("not the searcher") << u"alice"_s << QStringList {};
        QTest::newRow("everyone else")
            << u""_s << QStringList { u"al_bert"_s, u"Alina"_s, u"bob"_s, u"zoe"_s };
        QTest::newRow("a name nobody has") << u"ü"_s << QStringList {};
    }

    void searchByPrefix()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        const HttpReply reply = search(m_users.at(0), query);
        QCOMPARE(reply.status, 200);
        QCOMPARE(namesOf(reply.json[u"users"_s].toArray()), expected);
        QCOMPARE(reply.json[u"hasMore"_s].toBool(), false);
    }

    void searchPages()
    {
        // Four others, two at a time, by name.
        const HttpReply first = search(m_users.at(0), {}, 2);
        QCOMPARE(
            namesOf(first.json[u"users"_s].toArray()), (QStringList { u"al_bert"_s, u"Alina"_s }));
        QCOMPARE(first.json[u"hasMore"_s].toBool(), true);
        const HttpReply second = search(m_users.at(0), {}, 2, u"Alina"_s);
        QCOMPARE(namesOf(second.json[u"users"_s].toArray()), (QStringList { u"bob"_s, u"zoe"_s }));
        QCOMPARE(second.json[u"hasMore"_s].toBool(), false);
        // Bad paging input is refused clearly.
        QCOMPARE(m_fixture.rest().get(u"/users?limit=-1"_s, m_users.at(0).token).status, 400);
        QCOMPARE(m_fixture.rest().get(u"/users?limit=ten"_s, m_users.at(0).token).status, 400);
        QCOMPARE(search(m_users.at(0), QString(65, u'a')).status, 400);
    }

    void notFindableUnlessSharingAConversation()
    {
        const Session &alice = m_users.at(0);
        const Session &bob = m_users.at(2);
        const Session &zoe = m_users.at(3);
        QCOMPARE(m_fixture.rest()
                     .request("PUT", u"/settings"_s, QByteArray(R"({"findable":false})"), zoe.token)
                     .status,
            200);
        QCOMPARE(namesOf(search(alice, u"z"_s).json[u"users"_s].toArray()), QStringList {});
        // Who already shares a conversation with her still finds her.
        QVERIFY(m_fixture.rest().openConversation(bob.token, u"zoe"_s) > 0);
        QCOMPARE(namesOf(search(bob, u"z"_s).json[u"users"_s].toArray()), QStringList { u"zoe"_s });
    }

    void someoneWhoSignsUpIsFoundAtOnce()
    {
        QCOMPARE(
            namesOf(search(m_users.at(0), u"new"_s).json[u"users"_s].toArray()), QStringList {});
        QCOMPARE(m_fixture.signUp({ u"newcomer"_s }).size(), 1);
        QCOMPARE(namesOf(search(m_users.at(0), u"new"_s).json[u"users"_s].toArray()),
            QStringList { u"newcomer"_s });
    }

    void conversationListHasDirectAndGroups()
    {
        const Session &alice = m_users.at(0);
        const Session &bob = m_users.at(2);
        const qint64 direct = m_fixture.rest().openConversation(alice.token, u"bob"_s);
        QVERIFY(direct > 0);
        // Opening is no news to bob until something is said.
        QCOMPARE(conversations(bob).size(), 0);
        QCOMPARE(conversations(alice).size(), 1);
        // Unless he opens it too: asked for by id, it is his.
        const HttpReply opened
            = m_fixture.rest().get(u"/conversations/%1"_s.arg(direct), bob.token);
        QCOMPARE(opened.status, 200);
        QCOMPARE(opened.json[u"entry"_s][u"peer"_s][u"username"_s].toString(), u"alice"_s);
        QCOMPARE(opened.json[u"conversation"_s][u"members"_s].toArray().size(), 2);
        QCOMPARE(
            m_fixture.rest().sendMessage(alice.token, direct, u"c1"_s, u"hi bob"_s).status, 201);
        const qint64 team = group(alice, { bob.user.id }, u"Team"_s);
        QVERIFY(team > 0);
        QCOMPARE(
            m_fixture.rest().sendMessage(alice.token, team, u"c2"_s, u"hi team"_s).status, 201);

        const QJsonArray list = conversations(bob);
        QCOMPARE(list.size(), 2);
        // Newest activity first; unread counts leave the group's creation entry out.
        QCOMPARE(list.at(0)[u"id"_s].toInteger(), team);
        QCOMPARE(list.at(0)[u"kind"_s].toString(), u"group"_s);
        QCOMPARE(list.at(0)[u"title"_s].toString(), u"Team"_s);
        QCOMPARE(list.at(0)[u"memberCount"_s].toInt(), 2);
        QCOMPARE(list.at(0)[u"unread"_s].toInteger(), 1);
        QCOMPARE(list.at(0)[u"lastMessage"_s][u"body"_s].toString(), u"hi team"_s);
        QVERIFY(list.at(0)[u"peer"_s].isNull());
        QCOMPARE(list.at(1)[u"id"_s].toInteger(), direct);
        QCOMPARE(list.at(1)[u"kind"_s].toString(), u"direct"_s);
        QCOMPARE(list.at(1)[u"peer"_s][u"username"_s].toString(), u"alice"_s);
        QCOMPARE(list.at(1)[u"unread"_s].toInteger(), 1);
        // The version 1 list still works, with every other user.
        const HttpReply contacts = m_fixture.rest().get(u"/contacts"_s, bob.token);
        QCOMPARE(contacts.status, 200);
        QCOMPARE(contacts.json[u"contacts"_s].toArray().size(), 4);
    }

    void muteOnEveryInstance()
    {
        const Session &alice = m_users.at(0);
        const Session &bob = m_users.at(2);
        const qint64 team = group(alice, { bob.user.id }, u"Team"_s);
        QVERIFY(team > 0);
        WsClient bob1;
        WsClient bob2;
        QVERIFY(bob1.connectAndAuthenticate(m_fixture.webSocketUrl(), bob.token));
        QVERIFY(bob2.connectAndAuthenticate(m_fixture.webSocketUrl(), bob.token));
        const HttpReply muted = m_fixture.rest().request("PUT",
            u"/conversations/%1/settings"_s.arg(team), QByteArray(R"({"muted":true})"), bob.token);
        QCOMPARE(muted.status, 200);
        QCOMPARE(muted.json[u"entry"_s][u"muted"_s].toBool(), true);
        for (WsClient *instance : { &bob1, &bob2 }) {
            QVERIFY(instance->waitForFrames(u"conversation"_s, 1, Timeout));
            QCOMPARE(instance->frames(u"conversation"_s)
                         .constLast()[u"conversation"_s][u"muted"_s]
                         .toBool(),
                true);
        }
        QCOMPARE(conversations(bob).at(0)[u"muted"_s].toBool(), true);
        // Only for bob.
        QCOMPARE(conversations(alice).at(0)[u"muted"_s].toBool(), false);
        QCOMPARE(m_fixture.rest()
                     .request("PUT", u"/conversations/%1/settings"_s.arg(team),
                         QByteArray(R"({"muted":"yes"})"), bob.token)
                     .status,
            400);
    }

    void presenceOnlyBetweenPeopleWhoShareAConversation()
    {
        const Session &alice = m_users.at(0);
        const Session &bob = m_users.at(2);
        const Session &zoe = m_users.at(3);
        QVERIFY(group(alice, { bob.user.id }, u"Pair"_s) > 0);
        WsClient bobSocket;
        WsClient zoeSocket;
        QVERIFY(bobSocket.connectAndAuthenticate(m_fixture.webSocketUrl(), bob.token));
        QVERIFY(zoeSocket.connectAndAuthenticate(m_fixture.webSocketUrl(), zoe.token));
        WsClient aliceSocket;
        QVERIFY(aliceSocket.connectAndAuthenticate(m_fixture.webSocketUrl(), alice.token));
        const auto aboutAlice = [&alice](const WsClient &client) {
            QList<QJsonObject> found;
            for (const QJsonObject &frame : client.frames(u"presence"_s)) {
                if (frame[u"userId"_s].toInteger() == alice.user.id)
                    found.append(frame);
            }
            return found;
        };
        QTRY_COMPARE_WITH_TIMEOUT(aboutAlice(bobSocket).size(), 1, Timeout);
        QVERIFY(aboutAlice(bobSocket).constFirst()[u"online"_s].toBool());
        // Zoe shares nothing with her: she is never told (the flush that told bob is over).
        QVERIFY(zoeSocket.roundTrip());
        QVERIFY(aboutAlice(zoeSocket).isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_Directory)
#include "tst_directory.moc"
