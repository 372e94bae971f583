// Group conversations on a real server with real sockets: creating a group, renaming it,
// adding, removing and leaving members, roles and ownership, and the rules around them:
// fan-out to exactly the current members on all their instances, membership changes as
// timeline entries (live, in history, replayed), what a removed member keeps and stops
// getting, group read receipts, several typers, and each authorization rule.
#include <shared/protocol.h>
#include <support/restclient.h>
#include <support/serverfixture.h>
#include <support/timeouts.h>
#include <support/wsclient.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

QByteArray body(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonArray ids(std::initializer_list<qint64> values)
{
    QJsonArray array;
    for (const qint64 value : values)
        array.append(value);
    return array;
}

//! The `event` of every system entry among `frames` (message frames), in order.
QStringList eventTypes(const QList<QJsonObject> &frames)
{
    QStringList types;
    for (const QJsonObject &frame : frames) {
        const QJsonObject message = frame[u"message"_s].toObject();
        if (message[u"kind"_s].toString() == u"system")
            types.append(message[u"event"_s][u"type"_s].toString());
    }
    return types;
}

QStringList bodiesOf(const QJsonArray &messages)
{
    QStringList bodies;
    for (const QJsonValue &message : messages)
        bodies.prepend(message[u"body"_s].toString()); // pages are newest first
    return bodies;
}

} // namespace

class tst_Groups : public QObject
{
    Q_OBJECT

private:
    ServerFixture m_fixture;
    QList<Session> m_users; // alice, bob, carol, dave
    std::vector<std::unique_ptr<WsClient>> m_sockets;

    const Session &alice() const { return m_users.at(0); }
    const Session &bob() const { return m_users.at(1); }
    const Session &carol() const { return m_users.at(2); }
    const Session &dave() const { return m_users.at(3); }

    void start(const TestServer::Tweak &tweak = {})
    {
        QVERIFY2(m_fixture.start(tweak), qPrintable(m_fixture.error()));
        m_users = m_fixture.signUp({ u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s });
        QVERIFY2(m_users.size() == 4, qPrintable(m_fixture.error()));
    }

    WsClient *connect(const Session &session)
    {
        auto socket = std::make_unique<WsClient>();
        if (!socket->connectAndAuthenticate(m_fixture.webSocketUrl(), session.token))
            return nullptr;
        m_sockets.push_back(std::move(socket));
        return m_sockets.back().get();
    }

    HttpReply createGroup(const Session &owner, const QString &title,
        std::initializer_list<qint64> members, const QString &clientId = {})
    {
        static int counter = 0;
        return m_fixture.rest().post(u"/groups"_s,
            { { u"clientId"_s, clientId.isEmpty() ? u"g-%1"_s.arg(++counter) : clientId },
                { u"title"_s, title }, { u"memberIds"_s, ids(members) } },
            owner.token);
    }

    qint64 groupOf(const Session &owner, std::initializer_list<qint64> members)
    {
        const HttpReply reply = createGroup(owner, u"Team"_s, members);
        return reply.status == 201 ? reply.json[u"conversation"_s][u"id"_s].toInteger() : 0;
    }

    HttpReply call(const QByteArray &method, const QString &path, const Session &who,
        const QJsonObject &json = {})
    {
        return m_fixture.rest().request(
            method, path, json.isEmpty() ? QByteArray() : body(json), who.token);
    }

    HttpReply send(const Session &from, qint64 conversationId, const QString &text)
    {
        static int counter = 0;
        return m_fixture.rest().sendMessage(
            from.token, conversationId, u"m-%1"_s.arg(++counter), text);
    }

    QStringList history(const Session &who, qint64 conversationId)
    {
        const HttpReply reply = m_fixture.rest().get(
            u"/conversations/%1/messages?limit=200"_s.arg(conversationId), who.token);
        return reply.status == 200 ? bodiesOf(reply.json[u"messages"_s].toArray())
                                   : QStringList { u"HTTP %1"_s.arg(reply.status) };
    }

    QJsonObject entryOf(const Session &who, qint64 conversationId)
    {
        const HttpReply reply
            = m_fixture.rest().get(u"/conversations/%1"_s.arg(conversationId), who.token);
        return reply.json[u"entry"_s].toObject();
    }

private Q_SLOTS:
    void init() { start(); }
    void cleanup()
    {
        m_sockets.clear();
        m_fixture.stop();
    }

    void createFansOutToEveryInstanceOfEveryMember()
    {
        WsClient *alice = connect(this->alice());
        WsClient *bob1 = connect(bob());
        WsClient *bob2 = connect(bob());
        WsClient *carol = connect(this->carol());
        WsClient *dave = connect(this->dave());
        QVERIFY(alice && bob1 && bob2 && carol && dave);

        const HttpReply created = createGroup(
            this->alice(), u"  Release 42  "_s, { bob().user.id, this->carol().user.id });
        QCOMPARE(created.status, 201);
        const QJsonObject conversation = created.json[u"conversation"_s].toObject();
        const qint64 id = conversation[u"id"_s].toInteger();
        QCOMPARE(conversation[u"kind"_s].toString(), u"group"_s);
        QCOMPARE(conversation[u"title"_s].toString(), u"Release 42"_s); // trimmed
        const QJsonArray members = conversation[u"members"_s].toArray();
        QCOMPARE(members.size(), 3);
        QCOMPARE(members.at(0)[u"username"_s].toString(), u"alice"_s);
        QCOMPARE(members.at(0)[u"role"_s].toString(), u"owner"_s);
        QCOMPARE(members.at(1)[u"role"_s].toString(), u"member"_s);

        // Every instance of every member: the entry in the timeline, and the new
        // conversation in the list, live, with no new sign-in.
        for (WsClient *member : { alice, bob1, bob2, carol }) {
            QVERIFY(member->waitForFrames(u"conversation"_s, 1, Timeout));
            QVERIFY(member->waitForFrames(u"message"_s, 1, Timeout));
            const QJsonObject entry
                = member->frames(u"conversation"_s).constFirst()[u"conversation"_s].toObject();
            QCOMPARE(entry[u"id"_s].toInteger(), id);
            QCOMPARE(entry[u"title"_s].toString(), u"Release 42"_s);
            QCOMPARE(entry[u"memberCount"_s].toInt(), 3);
            QCOMPARE(eventTypes(member->frames(u"message"_s)), QStringList { u"created"_s });
        }
        const QJsonObject event = bob1->frames(u"message"_s).constFirst()[u"message"_s].toObject();
        QCOMPARE(event[u"senderId"_s].toInteger(), this->alice().user.id);
        // A version 1 client shows it as a message with this text.
        QCOMPARE(event[u"body"_s].toString(), u"alice created the group \u201cRelease 42\u201d"_s);
        QCOMPARE(event[u"event"_s][u"userIds"_s].toArray(),
            ids({ bob().user.id, this->carol().user.id }));
        QCOMPARE(entryOf(bob(), id)[u"role"_s].toString(), u"member"_s);
        QCOMPARE(entryOf(this->alice(), id)[u"role"_s].toString(), u"owner"_s);

        // Nobody else hears of it, and cannot see it (not even its title).
        QVERIFY(dave->roundTrip());
        QVERIFY(dave->frames(u"message"_s).isEmpty());
        QVERIFY(dave->frames(u"conversation"_s).isEmpty());
        const HttpReply outsider
            = m_fixture.rest().get(u"/conversations/%1"_s.arg(id), this->dave().token);
        QCOMPARE(outsider.status, 404);
        QVERIFY(!outsider.body.contains("Release"));

        // A message goes to exactly the members, on all their instances.
        QCOMPARE(send(bob(), id, u"hello team"_s).status, 201);
        for (WsClient *member : { alice, bob2, carol })
            QVERIFY(member->waitForFrames(u"message"_s, 2, Timeout));
        QVERIFY(dave->roundTrip());
        QVERIFY(dave->frames(u"message"_s).isEmpty());
    }

    void retriedCreateReturnsTheSameGroup()
    {
        const HttpReply first = createGroup(alice(), u"Once"_s, { bob().user.id }, u"create-1"_s);
        QCOMPARE(first.status, 201);
        const HttpReply again = createGroup(alice(), u"Once"_s, { bob().user.id }, u"create-1"_s);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json[u"conversation"_s][u"id"_s], first.json[u"conversation"_s][u"id"_s]);
        const HttpReply list = m_fixture.rest().get(u"/conversations"_s, alice().token);
        QCOMPARE(list.json[u"conversations"_s].toArray().size(), 1);
        QCOMPARE(history(bob(), first.json[u"conversation"_s][u"id"_s].toInteger()).size(), 1);
    }

    void addedMemberSeesTheGroupLiveAndHistoryFromJoining()
    {
        const qint64 id = groupOf(alice(), { bob().user.id });
        QVERIFY(id);
        QCOMPARE(send(alice(), id, u"before carol"_s).status, 201);
        WsClient *carol1 = connect(carol());
        WsClient *carol2 = connect(carol());
        QVERIFY(carol1 && carol2);

        const HttpReply added = call("POST", u"/conversations/%1/members"_s.arg(id), alice(),
            { { u"userIds"_s, ids({ carol().user.id }) } });
        QCOMPARE(added.status, 200);
        QCOMPARE(added.json[u"conversation"_s][u"members"_s].toArray().size(), 3);
        for (WsClient *instance : { carol1, carol2 }) {
            QVERIFY(instance->waitForFrames(u"conversation"_s, 1, Timeout));
            QVERIFY(instance->waitForFrames(u"message"_s, 1, Timeout));
            QCOMPARE(eventTypes(instance->frames(u"message"_s)), QStringList { u"added"_s });
        }
        QCOMPARE(send(bob(), id, u"welcome"_s).status, 201);
        QVERIFY(carol1->waitForFrames(u"message"_s, 2, Timeout));

        // History from the entry that added her: nothing said before.
        const QStringList seen = history(carol(), id);
        QCOMPARE(seen, (QStringList { u"alice added carol"_s, u"welcome"_s }));
        QVERIFY(history(bob(), id).contains(u"before carol"_s));
        // Adding someone twice changes nothing.
        QCOMPARE(call("POST", u"/conversations/%1/members"_s.arg(id), alice(),
                     { { u"userIds"_s, ids({ carol().user.id }) } })
                     .status,
            200);
        QCOMPARE(history(bob(), id).size(), 4);
    }

    void removedMemberGetsNothingNewAndKeepsHistoryUpToRemoval()
    {
        const qint64 id = groupOf(alice(), { bob().user.id, carol().user.id });
        QVERIFY(id);
        QCOMPARE(send(carol(), id, u"carol was here"_s).status, 201);
        WsClient *carol = connect(this->carol());
        QVERIFY(carol);

        QCOMPARE(call("DELETE",
                     u"/conversations/%1/members/%2"_s.arg(id).arg(this->carol().user.id), alice())
                     .status,
            200);
        // The removal is the last thing she gets of it.
        QVERIFY(carol->waitForFrames(u"message"_s, 1, Timeout));
        QCOMPARE(eventTypes(carol->frames(u"message"_s)), QStringList { u"removed"_s });
        QVERIFY(carol->waitForFrames(u"conversation"_s, 1, Timeout));
        QCOMPARE(
            carol->frames(u"conversation"_s).constLast()[u"conversation"_s][u"active"_s].toBool(),
            false);
        QCOMPARE(send(bob(), id, u"after carol"_s).status, 201);
        QVERIFY(carol->roundTrip());
        QCOMPARE(carol->frames(u"message"_s).size(), 1);

        // She keeps the history up to her removal, and cannot write or look further.
        QCOMPARE(history(this->carol(), id),
            (QStringList { u"alice created the group \u201cTeam\u201d"_s, u"carol was here"_s,
                u"alice removed carol"_s }));
        QCOMPARE(send(this->carol(), id, u"still here?"_s).status, 404);
        QCOMPARE(m_fixture.rest()
                     .get(u"/conversations/%1/members"_s.arg(id), this->carol().token)
                     .status,
            404);
        QCOMPARE(entryOf(this->carol(), id)[u"active"_s].toBool(), false);
        QCOMPARE(entryOf(this->carol(), id)[u"lastMessage"_s][u"body"_s].toString(),
            u"alice removed carol"_s);
        // Who is in it now is no longer hers to know, by any route.
        QCOMPARE(entryOf(this->carol(), id)[u"memberCount"_s].toInt(), 0);
        const HttpReply single
            = m_fixture.rest().get(u"/conversations/%1"_s.arg(id), this->carol().token);
        QCOMPARE(single.status, 200);
        QCOMPARE(single.json[u"entry"_s][u"active"_s].toBool(), false);
        QVERIFY(single.json[u"conversation"_s][u"members"_s].toArray().isEmpty());
        QCOMPARE(single.json[u"conversation"_s][u"title"_s].toString(), u"Team"_s);

        // A reconnect replays nothing past her removal.
        WsClient resumed;
        QUrl url = m_fixture.webSocketUrl();
        url.setQuery(u"after=1"_s);
        QVERIFY(resumed.connectAndAuthenticate(url, this->carol().token));
        for (const QJsonObject &frame : resumed.frames(u"message"_s))
            QVERIFY(frame[u"message"_s][u"body"_s].toString() != u"after carol"_s);
    }

    void ownerLeavingHandsTheGroupOver_data()
    {
        QTest::addColumn<bool>("withAdmin");
        QTest::newRow("the oldest admin inherits") << true;
        QTest::newRow("no admin: the longest-standing member inherits") << false;
    }

    void ownerLeavingHandsTheGroupOver()
    {
        QFETCH(bool, withAdmin);
        const qint64 id = groupOf(alice(), { bob().user.id, carol().user.id, dave().user.id });
        QVERIFY(id);
        if (withAdmin) {
            QCOMPARE(call("PUT", u"/conversations/%1/members/%2"_s.arg(id).arg(carol().user.id),
                         alice(), { { u"role"_s, u"admin"_s } })
                         .status,
                200);
        }
        QCOMPARE(call("POST", u"/conversations/%1/leave"_s.arg(id), alice()).status, 204);
        const HttpReply after = m_fixture.rest().get(u"/conversations/%1"_s.arg(id), bob().token);
        const QJsonArray members = after.json[u"conversation"_s][u"members"_s].toArray();
        QCOMPARE(members.size(), 3);
        QCOMPARE(members.at(0)[u"role"_s].toString(), u"owner"_s);
        QCOMPARE(members.at(0)[u"id"_s].toInteger(), withAdmin ? carol().user.id : bob().user.id);
        QCOMPARE(history(bob(), id).constLast(), u"alice left"_s);
        QCOMPARE(entryOf(alice(), id)[u"active"_s].toBool(), false);
    }

    void ownerHandsOverExplicitly()
    {
        const qint64 id = groupOf(alice(), { bob().user.id });
        QVERIFY(id);
        const HttpReply handed
            = call("PUT", u"/conversations/%1/members/%2"_s.arg(id).arg(bob().user.id), alice(),
                { { u"role"_s, u"owner"_s } });
        QCOMPARE(handed.status, 200);
        const QJsonArray members = handed.json[u"conversation"_s][u"members"_s].toArray();
        QCOMPARE(members.at(0)[u"username"_s].toString(), u"bob"_s);
        QCOMPARE(members.at(0)[u"role"_s].toString(), u"owner"_s);
        QCOMPARE(members.at(1)[u"role"_s].toString(), u"admin"_s);
        QCOMPARE(history(alice(), id).constLast(), u"alice made bob the owner"_s);
        // Alice is an admin now: changing roles is the owner's.
        QCOMPARE(call("PUT", u"/conversations/%1/members/%2"_s.arg(id).arg(bob().user.id), alice(),
                     { { u"role"_s, u"member"_s } })
                     .status,
            403);
    }

    void renameAndTopic()
    {
        const qint64 id = groupOf(alice(), { bob().user.id });
        QVERIFY(id);
        WsClient *bob = connect(this->bob());
        QVERIFY(bob);
        const HttpReply renamed = call("PATCH", u"/conversations/%1"_s.arg(id), alice(),
            { { u"title"_s, u"Launch"_s }, { u"topic"_s, u"Friday, 10:00"_s } });
        QCOMPARE(renamed.status, 200);
        QCOMPARE(renamed.json[u"conversation"_s][u"title"_s].toString(), u"Launch"_s);
        QCOMPARE(renamed.json[u"conversation"_s][u"topic"_s].toString(), u"Friday, 10:00"_s);
        QVERIFY(bob->waitForFrames(u"conversation"_s, 1, Timeout));
        QCOMPARE(
            bob->frames(u"conversation"_s).constLast()[u"conversation"_s][u"title"_s].toString(),
            u"Launch"_s);
        QCOMPARE(history(this->bob(), id).constLast(),
            u"alice renamed the group to \u201cLaunch\u201d"_s);
        // The same title again is no change, and no entry.
        QCOMPARE(
            call("PATCH", u"/conversations/%1"_s.arg(id), alice(), { { u"title"_s, u"Launch"_s } })
                .status,
            200);
        QCOMPARE(history(this->bob(), id).size(), 2);
    }

    void badGroupInput_data()
    {
        QTest::addColumn<QJsonObject>("request");
        QTest::addColumn<QString>("field");
        QTest::newRow("empty title") << QJsonObject { { u"clientId"_s, u"x1"_s },
            { u"title"_s, u"   "_s }, { u"memberIds"_s, QJsonArray {} } }
                                     << u"title"_s;
        QTest::newRow("title over 100 characters") << QJsonObject { { u"clientId"_s, u"x2"_s },
            { u"title"_s, QString(101, u'a') }, { u"memberIds"_s, QJsonArray {} } }
                                                   << u"title"_s;
        QTest::newRow("control character in the title") << QJsonObject { { u"clientId"_s, u"x3"_s },
            { u"title"_s, u"a\u0007b"_s }, { u"memberIds"_s, QJsonArray {} } }
                                                        << u"title"_s;
        QTest::newRow("member id not a number") << QJsonObject { { u"clientId"_s, u"x4"_s },
            { u"title"_s, u"ok"_s }, { u"memberIds"_s, QJsonArray { u"2"_s } } }
                                                << u"memberIds"_s;
        QTest::newRow("unknown member") << QJsonObject { { u"clientId"_s, u"x5"_s },
            { u"title"_s, u"ok"_s }, { u"memberIds"_s, QJsonArray { 9999 } } }
                                        << u"memberIds"_s;
        QTest::newRow("no client id")
            << QJsonObject { { u"title"_s, u"ok"_s }, { u"memberIds"_s, QJsonArray {} } }
            << u"clientId"_s;
    }

    void badGroupInput()
    {
        QFETCH(QJsonObject, request);
        QFETCH(QString, field);
        const HttpReply reply = m_fixture.rest().post(u"/groups"_s, request, alice().token);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), u"invalid_field"_s);
        QCOMPARE(reply.json[u"error"_s][u"field"_s].toString(), field);
        QCOMPARE(m_fixture.rest()
                     .get(u"/conversations"_s, alice().token)
                     .json[u"conversations"_s]
                     .toArray()
                     .size(),
            0);
    }

    void memberLimit()
    {
        start([](server::ServerConfig &config) { config.memberLimit = 3; });
        const HttpReply tooMany
            = createGroup(alice(), u"Crowd"_s, { bob().user.id, carol().user.id, dave().user.id });
        QCOMPARE(tooMany.status, 409);
        QCOMPARE(tooMany.errorCode(), u"limit_exceeded"_s);
        const qint64 id = groupOf(alice(), { bob().user.id, carol().user.id });
        QVERIFY(id);
        const HttpReply more = call("POST", u"/conversations/%1/members"_s.arg(id), alice(),
            { { u"userIds"_s, ids({ dave().user.id }) } });
        QCOMPARE(more.status, 409);
        QCOMPARE(more.errorCode(), u"limit_exceeded"_s);
    }

    // Who may do what: an outsider and a former member learn nothing (404), a member
    // asking for an admin's or the owner's right gets 403.
    void authorization_data()
    {
        QTest::addColumn<QString>("who");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonObject>("json");
        QTest::addColumn<int>("status");

        const QJsonObject rename { { u"title"_s, u"Mine now"_s } };
        const QJsonObject add { { u"userIds"_s, QJsonArray { 4 } } };
        const QJsonObject admin { { u"role"_s, u"admin"_s } };
        for (const QString &who : { u"outsider"_s, u"former"_s }) {
            const QByteArray tag = who.toUtf8();
            QTest::addRow("%s reads the group", tag.constData())
                << who << QByteArray("GET") << u"/conversations/G/members"_s << QJsonObject()
                << 404;
            QTest::addRow("%s renames", tag.constData())
                << who << QByteArray("PATCH") << u"/conversations/G"_s << rename << 404;
            QTest::addRow("%s adds", tag.constData())
                << who << QByteArray("POST") << u"/conversations/G/members"_s << add << 404;
            QTest::addRow("%s removes", tag.constData())
                << who << QByteArray("DELETE") << u"/conversations/G/members/2"_s << QJsonObject()
                << 404;
            QTest::addRow("%s sets a role", tag.constData())
                << who << QByteArray("PUT") << u"/conversations/G/members/2"_s << admin << 404;
            QTest::addRow("%s leaves", tag.constData())
                << who << QByteArray("POST") << u"/conversations/G/leave"_s << QJsonObject() << 404;
            QTest::addRow("%s asks who read", tag.constData())
                << who << QByteArray("GET") << u"/conversations/G/messages/M/receipts"_s
                << QJsonObject() << 404;
            QTest::addRow("%s writes", tag.constData())
                << who << QByteArray("POST") << u"/conversations/G/messages"_s
                << QJsonObject { { u"clientId"_s, u"w1"_s }, { u"body"_s, u"hi"_s } } << 404;
        }
        QTest::addRow("member renames")
            << u"member"_s << QByteArray("PATCH") << u"/conversations/G"_s << rename << 403;
        QTest::addRow("member adds")
            << u"member"_s << QByteArray("POST") << u"/conversations/G/members"_s << add << 403;
        QTest::addRow("member removes") << u"member"_s << QByteArray("DELETE")
                                        << u"/conversations/G/members/1"_s << QJsonObject() << 403;
        QTest::addRow("member sets a role")
            << u"member"_s << QByteArray("PUT") << u"/conversations/G/members/2"_s << admin << 403;
        QTest::addRow("admin removes the owner")
            << u"admin"_s << QByteArray("DELETE") << u"/conversations/G/members/1"_s
            << QJsonObject() << 403;
        QTest::addRow("admin sets a role")
            << u"admin"_s << QByteArray("PUT") << u"/conversations/G/members/2"_s << admin << 403;
    }

    void authorization()
    {
        QFETCH(QString, who);
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QJsonObject, json);
        QFETCH(int, status);
        // alice (1) owns it; bob (2) is a member; carol (3) an admin, or removed.
        const qint64 id = groupOf(alice(), { bob().user.id, carol().user.id });
        QVERIFY(id);
        const HttpReply message = send(alice(), id, u"secret plans"_s);
        QCOMPARE(message.status, 201);
        const qint64 messageId = message.json[u"message"_s][u"id"_s].toInteger();
        Session asker = dave();
        if (who == u"member")
            asker = bob();
        if (who == u"admin" || who == u"former") {
            QCOMPARE(
                call(who == u"admin" ? "PUT" : "DELETE",
                    u"/conversations/%1/members/%2"_s.arg(id).arg(carol().user.id), alice(),
                    who == u"admin" ? QJsonObject { { u"role"_s, u"admin"_s } } : QJsonObject())
                    .status,
                200);
            asker = carol();
        }
        const qsizetype before = history(alice(), id).size();
        path.replace(u"/G"_s, u"/%1"_s.arg(id)).replace(u"/M/"_s, u"/%1/"_s.arg(messageId));
        const HttpReply reply = call(method, path, asker, json);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.errorCode(), status == 404 ? u"not_found"_s : u"forbidden"_s);
        // Nothing leaks, and nothing changed.
        QVERIFY(!reply.body.contains("Team"));
        QVERIFY(!reply.body.contains("secret"));
        QCOMPARE(history(alice(), id).size(), before);
    }

    void groupReadReceipts()
    {
        const qint64 id = groupOf(alice(), { bob().user.id, carol().user.id, dave().user.id });
        QVERIFY(id);
        const HttpReply sent = send(alice(), id, u"did you all read this?"_s);
        const qint64 messageId = sent.json[u"message"_s][u"id"_s].toInteger();
        WsClient *alice = connect(this->alice());
        QVERIFY(alice);
        for (const Session &reader : { bob(), carol() }) {
            QCOMPARE(m_fixture.rest()
                         .post(u"/conversations/%1/read"_s.arg(id), { { u"upTo"_s, messageId } },
                             reader.token)
                         .status,
                204);
        }
        // The sender hears of each read, and can list who read it.
        QVERIFY(alice->waitForFrames(u"receipt"_s, 2, Timeout));
        const HttpReply receipts = m_fixture.rest().get(
            u"/conversations/%1/messages/%2/receipts"_s.arg(id).arg(messageId),
            this->alice().token);
        QCOMPARE(receipts.status, 200);
        QStringList readers;
        for (const QJsonValue &user : receipts.json[u"readBy"_s].toArray())
            readers.append(user[u"username"_s].toString());
        QCOMPARE(readers, (QStringList { u"bob"_s, u"carol"_s }));
        QCOMPARE(receipts.json[u"deliveredTo"_s].toArray().size(), 0);
        // Each member's positions are in the member list.
        const HttpReply members
            = m_fixture.rest().get(u"/conversations/%1/members"_s.arg(id), this->alice().token);
        QCOMPARE(members.status, 200);
        int readCount = 0;
        for (const QJsonValue &member : members.json[u"members"_s].toArray())
            readCount += member[u"readUpTo"_s].toInteger() >= messageId ? 1 : 0;
        QCOMPARE(readCount, 2);
        // An id from elsewhere is not found.
        QCOMPARE(m_fixture.rest()
                     .get(u"/conversations/%1/messages/%2/receipts"_s.arg(id).arg(messageId + 999),
                         this->alice().token)
                     .status,
            404);
    }

    void twoMembersTyping()
    {
        const qint64 id = groupOf(alice(), { bob().user.id, carol().user.id });
        QVERIFY(id);
        WsClient *alice = connect(this->alice());
        WsClient *bob = connect(this->bob());
        WsClient *carol = connect(this->carol());
        QVERIFY(alice && bob && carol);
        for (WsClient *typist : { bob, carol })
            typist->sendJson({ { u"type"_s, u"typing"_s }, { u"conversationId"_s, id } });
        QVERIFY(alice->waitForFrames(u"typing"_s, 2, Timeout));
        QList<qint64> typers;
        for (const QJsonObject &frame : alice->frames(u"typing"_s))
            typers.append(frame[u"userId"_s].toInteger());
        std::sort(typers.begin(), typers.end());
        QCOMPARE(typers, (QList<qint64> { this->bob().user.id, this->carol().user.id }));
    }

    void eventsAreReplayedOnResume()
    {
        const qint64 id = groupOf(alice(), { bob().user.id });
        QVERIFY(id);
        WsClient first;
        QVERIFY(first.connectAndAuthenticate(m_fixture.webSocketUrl(), bob().token));
        const qint64 cursor = first.frames(u"ready"_s).constFirst()[u"position"_s].toInteger();
        first.socket().close();
        QCOMPARE(call("POST", u"/conversations/%1/members"_s.arg(id), alice(),
                     { { u"userIds"_s, ids({ carol().user.id }) } })
                     .status,
            200);
        QCOMPARE(call("PATCH", u"/conversations/%1"_s.arg(id), alice(), { { u"title"_s, u"B"_s } })
                     .status,
            200);
        WsClient resumed;
        QUrl url = m_fixture.webSocketUrl();
        url.setQuery(u"after=%1"_s.arg(cursor));
        QVERIFY(resumed.connectAndAuthenticate(url, bob().token));
        QCOMPARE(
            eventTypes(resumed.frames(u"message"_s)), (QStringList { u"added"_s, u"renamed"_s }));
    }
};

QTEST_GUILESS_MAIN(tst_Groups)
#include "tst_groups.moc"
