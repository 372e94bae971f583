// Message search (GET /search, protocol §5.23) on a real server over REST: case and
// accents ignored, every word must occur and the last may be a prefix, ranking, snippets
// with the matched words marked, CJK text, paging without gaps or repeats, restriction to
// a conversation or a sender, nothing from a conversation the caller is not in (or from
// after they left one), system entries never found, and hostile queries answered with a
// clear error or nothing, never a 500. (The ranking window and the store's own search on
// both engines: tst_storesearch.)
#include <shared/searchcodec.h>
#include <support/restclient.h>
#include <support/serverfixture.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

class tst_Search : public QObject
{
    Q_OBJECT

private:
    ServerFixture m_fixture;
    QList<Session> m_users; //!< alice, bob, carol, dave
    qint64 m_direct = 0; //!< alice and bob

    const Session &alice() const { return m_users.at(0); }
    const Session &bob() const { return m_users.at(1); }
    const Session &carol() const { return m_users.at(2); }
    const Session &dave() const { return m_users.at(3); }

    void send(const Session &from, qint64 conversationId, const QString &body)
    {
        static int sent = 0;
        const HttpReply reply = m_fixture.rest().sendMessage(
            from.token, conversationId, u"search-%1"_s.arg(++sent), body);
        QCOMPARE(reply.status, 201);
    }

    HttpReply searchAs(const Session &who, const QString &text, const QUrlQuery &more = {})
    {
        QUrlQuery query = more;
        query.addQueryItem(u"q"_s, QString::fromLatin1(QUrl::toPercentEncoding(text)));
        return m_fixture.rest().get(u"/search?"_s + query.toString(QUrl::FullyEncoded), who.token);
    }

    //! The bodies found, in the order given; a QTest check that the answer is a page.
    QStringList bodiesFound(const Session &who, const QString &text, const QUrlQuery &more = {})
    {
        const HttpReply reply = searchAs(who, text, more);
        [&] {
            QCOMPARE(reply.status, 200);
        }();
        const auto page = json::decodeSearchPage(reply.json);
        [&] {
            QVERIFY2(page.ok(), qPrintable(reply.json.isEmpty() ? u"no body"_s : u"bad page"_s));
        }();
        QStringList bodies;
        if (page)
            for (const SearchHit &hit : page->hits)
                bodies.append(hit.message.body);
        return bodies;
    }

    qint64 createGroup(const Session &owner, const QList<qint64> &memberIds)
    {
        QJsonArray members;
        for (const qint64 id : memberIds)
            members.append(id);
        const HttpReply reply = m_fixture.rest().post(u"/groups"_s,
            { { u"clientId"_s, u"search-group"_s }, { u"title"_s, u"Budget"_s },
                { u"memberIds"_s, members } },
            owner.token);
        return reply.status == 201 ? reply.json[u"conversation"_s][u"id"_s].toInteger() : 0;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        m_users = m_fixture.signUp({ u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s });
        QCOMPARE(m_users.size(), 4);
        m_direct = m_fixture.rest().openConversation(alice().token, u"bob"_s);
        QVERIFY(m_direct > 0);
        send(alice(), m_direct, u"Café crème at noon"_s);
        send(bob(), m_direct, u"the cafeteria is closed"_s);
        send(alice(), m_direct, u"Meet at the CAFE tomorrow"_s);
        send(bob(), m_direct, u"café and croissants, then café again"_s);
        send(bob(), m_direct, u"nothing to see here"_s);
        send(alice(), m_direct, u"東京で会いましょう"_s);
    }

    void cleanup() { m_fixture.stop(); }

    void caseAndAccentsAreIgnoredAndTheLastWordIsAPrefix()
    {
        const QStringList found = bodiesFound(alice(), u"CAFÉ"_s);
        QCOMPARE(found.size(), 4);
        QVERIFY(found.contains(u"the cafeteria is closed"_s)); // the prefix
        QVERIFY(!found.contains(u"nothing to see here"_s));
        // Two occurrences in a short text rank first.
        QCOMPARE(found.first(), u"café and croissants, then café again"_s);
        // Every word must occur; only the last is a prefix.
        QCOMPARE(bodiesFound(alice(), u"cafe noo"_s), QStringList { u"Café crème at noon"_s });
        QCOMPARE(bodiesFound(alice(), u"caf noon"_s), QStringList());
        // The other member finds the same.
        QCOMPARE(bodiesFound(bob(), u"crème"_s), QStringList { u"Café crème at noon"_s });
    }

    void snippetsMarkTheMatchedWords()
    {
        const HttpReply reply = searchAs(alice(), u"creme"_s);
        QCOMPARE(reply.status, 200);
        const auto page = json::decodeSearchPage(reply.json);
        QVERIFY(page.ok());
        QCOMPARE(page->hits.size(), 1);
        const SearchHit &hit = page->hits.first();
        QCOMPARE(hit.message.conversationId, m_direct);
        QCOMPARE(hit.message.senderName, u"alice"_s);
        QString joined;
        QStringList marked;
        for (const SnippetPart &part : hit.snippet) {
            joined += part.text;
            if (part.match)
                marked.append(part.text);
        }
        QCOMPARE(joined, u"Café crème at noon"_s);
        QCOMPARE(marked, QStringList { u"crème"_s }); // as stored, accents and all
        // The wire form: parts, "match" only when true.
        const QJsonArray parts = reply.json[u"hits"_s][0][u"snippet"_s].toArray();
        QCOMPARE(parts.at(0).toObject(), (QJsonObject { { u"text"_s, u"Café "_s } }));
        QCOMPARE(parts.at(1).toObject(),
            (QJsonObject { { u"text"_s, u"crème"_s }, { u"match"_s, true } }));
    }

    void cjkTextIsStoredAndFound()
    {
        QCOMPARE(
            bodiesFound(bob(), u"東京で会いましょう"_s), QStringList { u"東京で会いましょう"_s });
        QCOMPARE(bodiesFound(bob(), u"東京"_s), QStringList { u"東京で会いましょう"_s });
    }

    void pagesHaveNoGapsOrRepeats()
    {
        for (int i = 0; i < 25; ++i)
            send(bob(), m_direct, u"weekly report %1"_s.arg(i));
        QStringList all;
        int offset = 0;
        bool more = true;
        int pages = 0;
        while (more && pages < 10) {
            QUrlQuery query;
            query.addQueryItem(u"limit"_s, u"10"_s);
            query.addQueryItem(u"offset"_s, QString::number(offset));
            const HttpReply reply = searchAs(alice(), u"report"_s, query);
            QCOMPARE(reply.status, 200);
            const auto page = json::decodeSearchPage(reply.json);
            QVERIFY(page.ok());
            QVERIFY(page->hits.size() <= 10);
            for (const SearchHit &hit : page->hits)
                all.append(hit.message.body);
            more = page->hasMore;
            QCOMPARE(page->nextOffset, offset + int(page->hits.size()));
            offset = page->nextOffset;
            ++pages;
        }
        QCOMPARE(pages, 3);
        QCOMPARE(all.size(), 25);
        QCOMPARE(QSet<QString>(all.begin(), all.end()).size(), 25);
    }

    void restrictedToAConversationOrASender()
    {
        const qint64 group = createGroup(alice(), { bob().user.id, carol().user.id });
        QVERIFY(group > 0);
        send(carol(), group, u"café budget for the offsite"_s);
        QCOMPARE(bodiesFound(alice(), u"cafe"_s).size(), 5);
        QUrlQuery inGroup;
        inGroup.addQueryItem(u"conversationId"_s, QString::number(group));
        QCOMPARE(bodiesFound(alice(), u"cafe"_s, inGroup),
            QStringList { u"café budget for the offsite"_s });
        QUrlQuery byBob;
        byBob.addQueryItem(u"senderId"_s, QString::number(bob().user.id));
        const QStringList bobs = bodiesFound(alice(), u"cafe"_s, byBob);
        QCOMPARE(bobs.size(), 2);
        QVERIFY(bobs.contains(u"the cafeteria is closed"_s));
    }

    void nothingFromOutsideOrAfterLeaving()
    {
        // Dave is in no conversation: nothing, and a conversation of others is 404.
        QCOMPARE(bodiesFound(dave(), u"cafe"_s), QStringList());
        QUrlQuery theirs;
        theirs.addQueryItem(u"conversationId"_s, QString::number(m_direct));
        const HttpReply refused = searchAs(dave(), u"cafe"_s, theirs);
        QCOMPARE(refused.status, 404);
        QCOMPARE(refused.errorCode(), u"not_found"_s);

        // Carol is removed from a group: she finds what she saw, nothing after.
        const qint64 group = createGroup(alice(), { bob().user.id, carol().user.id });
        QVERIFY(group > 0);
        send(bob(), group, u"budget draft"_s);
        QCOMPARE(m_fixture.rest()
                     .request("DELETE",
                         u"/conversations/%1/members/%2"_s.arg(group).arg(carol().user.id), {},
                         alice().token)
                     .status,
            200);
        send(bob(), group, u"budget final"_s);
        QCOMPARE(bodiesFound(carol(), u"budget"_s), QStringList { u"budget draft"_s });
        QCOMPARE(bodiesFound(alice(), u"budget"_s).size(), 2);
        // System entries are no text: "alice removed carol" is not found.
        QCOMPARE(bodiesFound(alice(), u"removed"_s), QStringList());
        QCOMPARE(bodiesFound(alice(), u"created"_s), QStringList());
    }

    void hostileQueriesGetAClearAnswer_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("status");
        QTest::newRow("a lone quote") << u"\""_s << 400;
        QTest::newRow("only punctuation") << u"!!! ??? ..."_s << 400;
        QTest::newRow("empty") << QString() << 400;
        QTest::newRow("FTS5 NEAR") << u"NEAR(cafe noon)"_s << 200;
        QTest::newRow("FTS5 OR and NOT") << u"cafe OR noon NOT closed"_s << 200;
        QTest::newRow("column filter") << u"body:cafe"_s << 200;
        QTest::newRow("quotes and stars") << u"\"caf* \"\" *"_s << 200;
        QTest::newRow("caret and minus") << u"^cafe -noon"_s << 200;
        QTest::newRow("201 characters") << QString(201, u'a') << 400;
        QTest::newRow("17 words") << u"a b c d e f g h i j k l m n o p q"_s << 400;
        QTest::newRow("a NUL") << u"caf\u0000e"_s << 200;
    }

    void hostileQueriesGetAClearAnswer()
    {
        QFETCH(QString, text);
        QFETCH(int, status);
        const HttpReply reply = searchAs(alice(), text);
        QCOMPARE(reply.status, status);
        if (status == 400) {
            QCOMPARE(reply.errorCode(), u"invalid_field"_s);
            QCOMPARE(reply.json[u"error"_s][u"field"_s].toString(), u"q"_s);
        } else {
            QVERIFY(json::decodeSearchPage(reply.json).ok());
        }
    }

    void badParametersAndMethods()
    {
        QUrlQuery deep;
        deep.addQueryItem(u"offset"_s, u"995"_s);
        deep.addQueryItem(u"limit"_s, u"10"_s);
        QCOMPARE(searchAs(alice(), u"cafe"_s, deep).status, 400);
        QUrlQuery negative;
        negative.addQueryItem(u"limit"_s, u"0"_s);
        QCOMPARE(searchAs(alice(), u"cafe"_s, negative).status, 400);
        QUrlQuery notNumber;
        notNumber.addQueryItem(u"conversationId"_s, u"abc"_s);
        QCOMPARE(searchAs(alice(), u"cafe"_s, notNumber).status, 400);
        QCOMPARE(m_fixture.rest().get(u"/search?q=cafe"_s).status, 401);
        QCOMPARE(m_fixture.rest().post(u"/search?q=cafe"_s, {}, alice().token).status, 405);
    }

    void historyAroundAMessage()
    {
        for (int i = 0; i < 30; ++i)
            send(alice(), m_direct, u"line %1"_s.arg(i));
        // Ids by body, from the whole history.
        const HttpReply all = m_fixture.rest().get(
            u"/conversations/%1/messages?limit=200"_s.arg(m_direct), alice().token);
        QCOMPARE(all.status, 200);
        QHash<QString, qint64> ids;
        for (const QJsonValue &message : all.json[u"messages"_s].toArray())
            ids.insert(message[u"body"_s].toString(), message[u"id"_s].toInteger());
        const auto around = [&](const QString &body, int limit, const Session &who) {
            return m_fixture.rest().get(
                u"/conversations/%1/messages?around=%2&limit=%3"_s.arg(m_direct)
                    .arg(ids.value(body))
                    .arg(limit),
                who.token);
        };
        const auto bodies = [](const HttpReply &reply) {
            QStringList result;
            for (const QJsonValue &message : reply.json[u"messages"_s].toArray())
                result.append(message[u"body"_s].toString());
            return result;
        };

        // In the middle: the message, two older, two newer, newest first.
        HttpReply page = around(u"line 10"_s, 5, bob());
        QCOMPARE(page.status, 200);
        QCOMPARE(bodies(page),
            (QStringList { u"line 12"_s, u"line 11"_s, u"line 10"_s, u"line 9"_s, u"line 8"_s }));
        QCOMPARE(page.json[u"hasMore"_s].toBool(), true);
        QCOMPARE(page.json[u"hasNewer"_s].toBool(), true);
        // The newest: nothing newer.
        page = around(u"line 29"_s, 5, bob());
        QCOMPARE(bodies(page), (QStringList { u"line 29"_s, u"line 28"_s, u"line 27"_s }));
        QCOMPARE(page.json[u"hasNewer"_s].toBool(), false);
        // A plain page says nothing of newer messages.
        QVERIFY(!all.json.contains(u"hasNewer"_s));

        // Not a message of this conversation, or both cursors: errors that name `around`.
        const qint64 group = createGroup(alice(), { bob().user.id });
        send(bob(), group, u"elsewhere"_s);
        const HttpReply elsewhere
            = m_fixture.rest().get(u"/conversations/%1/messages?around=%2"_s.arg(m_direct).arg(
                                       ids.value(u"line 0"_s) + 1000),
                alice().token);
        QCOMPARE(elsewhere.status, 404);
        QCOMPARE(elsewhere.json[u"error"_s][u"field"_s].toString(), u"around"_s);
        const HttpReply both = m_fixture.rest().get(
            u"/conversations/%1/messages?around=%2&before=5"_s.arg(m_direct).arg(
                ids.value(u"line 3"_s)),
            alice().token);
        QCOMPARE(both.status, 400);
        QCOMPARE(around(u"line 3"_s, 5, dave()).status, 404); // not a member
    }
};

QTEST_GUILESS_MAIN(tst_Search)
#include "tst_search.moc"
