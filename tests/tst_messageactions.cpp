// Replies, edits, deletion for everyone and reactions (protocol §5.24–§5.26, §6.3) on a
// real server: over REST and the socket, retries that change nothing, the change sent to
// every instance of every member who sees the message (and to nobody who joined after
// it), replayed on resume without raising unread counts, who may do what, and a deleted
// text gone from the table and the search index.
#include <shared/actioncodec.h>
#include <shared/jsoncodec.h>
#include <support/restclient.h>
#include <support/serverfixture.h>
#include <support/testserver.h>
#include <support/wsclient.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

int Timeout = 20000;

QString freshId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

class tst_MessageActions : public QObject
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

    QString messagePath(qint64 conversationId, qint64 messageId) const
    {
        return u"/conversations/%1/messages/%2"_s.arg(conversationId).arg(messageId);
    }

    //! Sends over REST; the stored message (id 0 when it failed, checked by the caller).
    Message send(const Session &from, qint64 conversationId, const QString &body,
        std::optional<qint64> replyTo = {})
    {
        json::SendRequest request { conversationId, freshId(), body, replyTo };
        const HttpReply reply
            = m_fixture.rest().post(u"/conversations/%1/messages"_s.arg(conversationId),
                json::encode(request, false), from.token);
        auto message = json::decodeMessage(reply.json[u"message"_s].toObject());
        return reply.status == 201 && message ? message.value() : Message {};
    }

    HttpReply edit(const Session &who, qint64 conversationId, qint64 messageId, const QString &body,
        const QString &clientId = freshId())
    {
        const QJsonObject request
            = json::encode(json::EditRequest { {}, clientId, body }, json::RefSource::Path);
        return m_fixture.rest().request("PATCH", messagePath(conversationId, messageId),
            QJsonDocument(request).toJson(), who.token);
    }

    HttpReply remove(const Session &who, qint64 conversationId, qint64 messageId)
    {
        const QJsonObject request
            = json::encode(json::DeleteRequest { {}, freshId() }, json::RefSource::Path);
        return m_fixture.rest().request("DELETE", messagePath(conversationId, messageId),
            QJsonDocument(request).toJson(), who.token);
    }

    HttpReply react(const Session &who, qint64 conversationId, qint64 messageId,
        const QString &emoji, bool removing = false, const QString &clientId = freshId())
    {
        return m_fixture.rest().post(messagePath(conversationId, messageId) + u"/reactions"_s,
            json::encode(
                json::ReactRequest { {}, clientId, emoji, removing }, json::RefSource::Path),
            who.token);
    }

    static MessageUpdate updateOf(const HttpReply &reply)
    {
        auto update = json::decodeMessageUpdate(reply.json[u"update"_s].toObject());
        return update ? update.value() : MessageUpdate {};
    }

    qint64 createGroup(const Session &owner, const QList<qint64> &memberIds)
    {
        QJsonArray members;
        for (const qint64 id : memberIds)
            members.append(id);
        const HttpReply reply = m_fixture.rest().post(u"/groups"_s,
            { { u"clientId"_s, freshId() }, { u"title"_s, u"Release"_s },
                { u"memberIds"_s, members } },
            owner.token);
        return reply.status == 201 ? reply.json[u"conversation"_s][u"id"_s].toInteger() : 0;
    }

    //! The page of history `who` gets, newest first.
    QList<Message> history(const Session &who, qint64 conversationId)
    {
        const HttpReply reply
            = m_fixture.rest().get(u"/conversations/%1/messages"_s.arg(conversationId), who.token);
        auto page = json::decodeHistoryPage(reply.json);
        return page ? page->messages : QList<Message> {};
    }

    static Message findIn(const QList<Message> &messages, qint64 id)
    {
        for (const Message &message : messages) {
            if (message.id == id)
                return message;
        }
        return {};
    }

    //! Runs `sql` on the server's database over a second connection (the server's own is
    //! idle between requests): the first column of the first row of a query, the rows a
    //! change changed, or -1 when it failed.
    qint64 onDisk(const QString &sql)
    {
        const QString connection = u"inspect-%1"_s.arg(quintptr(this));
        qint64 result = -1;
        {
            QSqlDatabase database = m_fixture.server().inspect(connection);
            QSqlQuery query(database);
            if (database.isOpen() && query.exec(sql)) {
                if (!query.isSelect())
                    result = query.numRowsAffected();
                else if (query.next())
                    result = query.value(0).toLongLong();
            }
        }
        QSqlDatabase::removeDatabase(connection);
        return result;
    }

    static QList<MessageUpdate> updatesIn(const WsClient &socket)
    {
        QList<MessageUpdate> updates;
        for (const QJsonObject &frame : socket.frames(u"update"_s)) {
            if (auto update = json::decodeMessageUpdate(frame[u"update"_s].toObject()))
                updates.append(update.value());
        }
        return updates;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
        m_users = m_fixture.signUp({ u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s });
        QCOMPARE(m_users.size(), 4);
        m_direct = m_fixture.rest().openConversation(alice().token, u"bob"_s);
        QVERIFY(m_direct > 0);
    }
    void cleanup() { m_fixture.stop(); }

    void replyShowsTheQuotedSenderAndFirstLine()
    {
        const Message question = send(alice(), m_direct, u"Ship on Friday?\nOr Monday?"_s);
        QVERIFY(question.id > 0);
        const Message answer = send(bob(), m_direct, u"Friday"_s, question.id);
        QVERIFY(answer.id > 0);
        QVERIFY(answer.replyTo);
        QCOMPARE(answer.replyTo->id, question.id);
        QVERIFY(answer.replyTo->available);
        QCOMPARE(answer.replyTo->senderName, u"alice"_s);
        QCOMPARE(answer.replyTo->excerpt, u"Ship on Friday?"_s);
        QCOMPARE(findIn(history(alice(), m_direct), answer.id).replyTo, answer.replyTo);

        // Only a visible message of the same conversation can be quoted.
        const qint64 other = m_fixture.rest().openConversation(alice().token, u"carol"_s);
        const Message elsewhere = send(alice(), other, u"psst"_s);
        json::SendRequest request { m_direct, freshId(), u"re"_s, elsewhere.id };
        HttpReply refused = m_fixture.rest().post(u"/conversations/%1/messages"_s.arg(m_direct),
            json::encode(request, false), bob().token);
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.json[u"error"_s][u"field"_s].toString(), u"replyTo"_s);
        request.replyTo = 999999;
        refused = m_fixture.rest().post(u"/conversations/%1/messages"_s.arg(m_direct),
            json::encode(request, false), bob().token);
        QCOMPARE(refused.errorCode(), u"invalid_field"_s);
    }

    void retriedReplyGetsTheOriginalAfterItsQuoteWasDeleted()
    {
        // The reply was stored but its answer lost; the quote is deleted before the retry.
        const Message question = send(alice(), m_direct, u"Lunch?"_s);
        json::SendRequest request { m_direct, freshId(), u"Yes"_s, question.id };
        const QString path = u"/conversations/%1/messages"_s.arg(m_direct);
        const HttpReply first
            = m_fixture.rest().post(path, json::encode(request, false), bob().token);
        QCOMPARE(first.status, 201);
        QCOMPARE(remove(alice(), m_direct, question.id).status, 201);

        const HttpReply retry
            = m_fixture.rest().post(path, json::encode(request, false), bob().token);
        QCOMPARE(retry.status, 200);
        QCOMPARE(retry.json[u"duplicate"_s].toBool(), true);
        QCOMPARE(retry.json[u"message"_s][u"id"_s], first.json[u"message"_s][u"id"_s]);
        QCOMPARE(retry.json[u"message"_s][u"replyTo"_s][u"deleted"_s].toBool(), true);
        // A new reply to it is refused.
        request.clientId = freshId();
        const HttpReply fresh
            = m_fixture.rest().post(path, json::encode(request, false), bob().token);
        QCOMPARE(fresh.errorCode(), u"invalid_field"_s);
        QCOMPARE(fresh.json[u"error"_s][u"field"_s].toString(), u"replyTo"_s);
    }

    void editOverRestReachesEveryInstanceOnce()
    {
        WsClient bobSocket;
        WsClient aliceOther;
        QVERIFY(bobSocket.connectAndAuthenticate(m_fixture.webSocketUrl(), bob().token));
        QVERIFY(aliceOther.connectAndAuthenticate(m_fixture.webSocketUrl(), alice().token));
        const Message original = send(alice(), m_direct, u"See you at 5"_s);

        const QString clientId = freshId();
        const HttpReply edited = edit(alice(), m_direct, original.id, u"See you at 6"_s, clientId);
        QCOMPARE(edited.status, 201);
        const MessageUpdate update = updateOf(edited);
        QCOMPARE(update.kind, MessageUpdate::Kind::Edited);
        QVERIFY(update.position > original.id);
        QCOMPARE(update.message.body, u"See you at 6"_s);
        QVERIFY(update.message.editedAt);
        QVERIFY(bobSocket.waitForFrames(u"update"_s, 1, Timeout));
        QVERIFY(aliceOther.waitForFrames(u"update"_s, 1, Timeout));
        QCOMPARE(updatesIn(bobSocket).first(), update);

        // The same client id again: the same answer, nothing changed, nothing sent.
        const HttpReply retry = edit(alice(), m_direct, original.id, u"ignored"_s, clientId);
        QCOMPARE(retry.status, 200);
        QCOMPARE(retry.json[u"duplicate"_s].toBool(), true);
        QCOMPARE(updateOf(retry).position, update.position);
        QVERIFY(bobSocket.roundTrip());
        QCOMPARE(bobSocket.frames(u"update"_s).size(), 1);
        const Message stored = findIn(history(bob(), m_direct), original.id);
        QCOMPARE(stored.body, u"See you at 6"_s);
        QCOMPARE(stored.editedAt, update.message.editedAt);
    }

    void changesOverTheSocketAreAcknowledged()
    {
        WsClient aliceSocket;
        WsClient bobSocket;
        QVERIFY(aliceSocket.connectAndAuthenticate(m_fixture.webSocketUrl(), alice().token));
        QVERIFY(bobSocket.connectAndAuthenticate(m_fixture.webSocketUrl(), bob().token));
        const Message original = send(alice(), m_direct, u"typo"_s);

        aliceSocket.sendJson({ { u"type"_s, u"edit"_s }, { u"id"_s, u"e1"_s },
            { u"conversationId"_s, m_direct }, { u"messageId"_s, original.id },
            { u"clientId"_s, freshId() }, { u"body"_s, u"fixed"_s } });
        bobSocket.sendJson({ { u"type"_s, u"react"_s }, { u"id"_s, u"r1"_s },
            { u"conversationId"_s, m_direct }, { u"messageId"_s, original.id },
            { u"clientId"_s, freshId() }, { u"emoji"_s, u"👍"_s } });
        QVERIFY(aliceSocket.waitForFrames(u"ack"_s, 1, Timeout));
        QVERIFY(bobSocket.waitForFrames(u"ack"_s, 1, Timeout));
        const QJsonObject ack = aliceSocket.frames(u"ack"_s).first();
        QCOMPARE(ack[u"id"_s].toString(), u"e1"_s);
        QCOMPARE(ack[u"update"_s][u"message"_s][u"body"_s].toString(), u"fixed"_s);
        // Each gets the other's change as an update, not their own.
        QVERIFY(aliceSocket.waitForFrames(u"update"_s, 1, Timeout));
        QVERIFY(aliceSocket.roundTrip());
        QCOMPARE(updatesIn(aliceSocket).size(), 1);
        QCOMPARE(updatesIn(aliceSocket).first().kind, MessageUpdate::Kind::ReactionAdded);

        // A frame without an id is refused before anything changes.
        bobSocket.sendJson({ { u"type"_s, u"delete"_s }, { u"conversationId"_s, m_direct },
            { u"messageId"_s, original.id }, { u"clientId"_s, freshId() } });
        QVERIFY(bobSocket.waitForFrames(u"error"_s, 1, Timeout));
        QCOMPARE(bobSocket.frames(u"error"_s).first()[u"error"_s][u"field"_s].toString(), u"id"_s);
    }

    void onlyTheSenderEdits()
    {
        const Message original = send(alice(), m_direct, u"mine"_s);
        QCOMPARE(edit(bob(), m_direct, original.id, u"yours"_s).errorCode(), u"forbidden"_s);
        QCOMPARE(edit(carol(), m_direct, original.id, u"hers"_s).errorCode(), u"not_found"_s);
        QCOMPARE(edit(alice(), m_direct, 999999, u"nothing"_s).errorCode(), u"not_found"_s);
        const qint64 group = createGroup(alice(), { bob().user.id });
        const Message created = history(alice(), group).first();
        QVERIFY(created.isSystem());
        QCOMPARE(edit(alice(), group, created.id, u"no"_s).errorCode(), u"forbidden"_s);
        QCOMPARE(remove(alice(), group, created.id).errorCode(), u"forbidden"_s);
        QCOMPARE(findIn(history(alice(), m_direct), original.id).body, u"mine"_s);
    }

    void editWindowRefusesLateEdits()
    {
        // A minute: an edit right after sending is well inside it, however slow the machine.
        QVERIFY2(m_fixture.start([](server::ServerConfig &config) {
            config.actions.editWindow = std::chrono::seconds(60);
        }),
            qPrintable(m_fixture.error()));
        m_users = m_fixture.signUp({ u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s });
        QCOMPARE(m_users.size(), 4);
        m_direct = m_fixture.rest().openConversation(alice().token, u"bob"_s);
        const Message original = send(alice(), m_direct, u"now or never"_s);
        const QString clientId = freshId();
        QCOMPARE(edit(alice(), m_direct, original.id, u"now"_s, clientId).status, 201);

        // Sent a minute and a millisecond ago, as the database says: too late, to the
        // millisecond (not rounded down to whole seconds).
        QCOMPARE(onDisk(u"UPDATE messages SET created_at = created_at - 60001 WHERE id = %1"_s.arg(
                     original.id)),
            1);
        const HttpReply late = edit(alice(), m_direct, original.id, u"never"_s);
        QCOMPARE(late.status, 403);
        QCOMPARE(late.errorCode(), u"forbidden"_s);
        QCOMPARE(late.json[u"error"_s][u"message"_s].toString(),
            u"messages can be edited for 60 s after sending"_s);
        // A retry of the edit made in time is still answered with it; the text stays.
        const HttpReply retry = edit(alice(), m_direct, original.id, u"now"_s, clientId);
        QCOMPARE(retry.status, 200);
        QCOMPARE(updateOf(retry).message.body, u"now"_s);
        // The window is for edits only.
        QCOMPARE(react(bob(), m_direct, original.id, u"👍"_s).status, 201);
        QCOMPARE(remove(alice(), m_direct, original.id).status, 201);
    }

    void deleteErasesTheTextEverywhere()
    {
        const qint64 group = createGroup(alice(), { bob().user.id, carol().user.id });
        const Message secret = send(carol(), group, u"the zebra plan"_s);
        const Message reply = send(bob(), group, u"nice"_s, secret.id);
        QCOMPARE(react(bob(), group, secret.id, u"👍"_s).status, 201);

        // A plain member deletes only their own; the owner any.
        QCOMPARE(remove(bob(), group, secret.id).errorCode(), u"forbidden"_s);
        const HttpReply deleted = remove(alice(), group, secret.id);
        QCOMPARE(deleted.status, 201);
        const MessageUpdate update = updateOf(deleted);
        QCOMPARE(update.kind, MessageUpdate::Kind::Deleted);
        QVERIFY(update.message.deleted);
        QVERIFY(update.message.body.isEmpty());
        QVERIFY(update.message.reactions.isEmpty());

        const QList<Message> page = history(bob(), group);
        QVERIFY(findIn(page, secret.id).deleted);
        QVERIFY(findIn(page, reply.id).replyTo->deleted);
        QVERIFY(findIn(page, reply.id).replyTo->excerpt.isEmpty());
        QCOMPARE(react(bob(), group, secret.id, u"🎉"_s).errorCode(), u"forbidden"_s);
        QCOMPARE(edit(carol(), group, secret.id, u"again"_s).errorCode(), u"forbidden"_s);
        const HttpReply search = m_fixture.rest().get(u"/search?q=zebra"_s, carol().token);
        QCOMPARE(search.json[u"hits"_s].toArray().size(), 0);

        // Erased on disk, not hidden: neither the row nor the full-text index holds it.
        QCOMPARE(onDisk(u"SELECT count(*) FROM messages WHERE body LIKE '%zebra%'"_s), 0);
        const QString indexed = m_fixture.chatServer().config().postgres
            ? u"SELECT count(*) FROM messages "
              u"WHERE search_words @@ to_tsquery('chat_search', 'zebra')"_s
            : u"SELECT count(*) FROM message_search WHERE message_search MATCH 'zebra'"_s;
        QCOMPARE(onDisk(indexed), 0);
    }

    void reactionsCountWhoAndInOrder()
    {
        const Message message = send(alice(), m_direct, u"lunch?"_s);
        QCOMPARE(react(bob(), m_direct, message.id, u"👍"_s).status, 201);
        QCOMPARE(react(alice(), m_direct, message.id, u"🎉"_s).status, 201);
        const HttpReply both = react(alice(), m_direct, message.id, u"👍"_s);
        QCOMPARE(updateOf(both).message.reactions,
            (QList<Reaction> {
                { u"👍"_s, { bob().user.id, alice().user.id } }, { u"🎉"_s, { alice().user.id } } }));
        // Bob's 👍 was the first: now alice's 🎉 came before her 👍.
        const HttpReply removed = react(bob(), m_direct, message.id, u"👍"_s, true);
        QCOMPARE(removed.status, 201);
        QCOMPARE(updateOf(removed).kind, MessageUpdate::Kind::ReactionRemoved);
        QCOMPARE(findIn(history(bob(), m_direct), message.id).reactions,
            (QList<Reaction> { { u"🎉"_s, { alice().user.id } }, { u"👍"_s, { alice().user.id } } }));

        // Outsiders cannot react; words are not emoji; twenty different ones per person.
        QCOMPARE(react(carol(), m_direct, message.id, u"👍"_s).errorCode(), u"not_found"_s);
        QCOMPARE(react(bob(), m_direct, message.id, u"like"_s).errorCode(), u"invalid_field"_s);
        for (int i = 0; i < 20; ++i) {
            const QString emoji = QString::fromUcs4(std::array<char32_t, 1> { U'😀' + i }.data(), 1);
            QCOMPARE(react(bob(), m_direct, message.id, emoji).status, 201);
        }
        QCOMPARE(react(bob(), m_direct, message.id, u"🦊"_s).errorCode(), u"limit_exceeded"_s);
    }

    void clientIdNamesOneChange()
    {
        const Message message = send(alice(), m_direct, u"one"_s);
        const QString clientId = freshId();
        QCOMPARE(react(bob(), m_direct, message.id, u"👍"_s, false, clientId).status, 201);
        // Reused for another change, or for a message: refused, nothing changes.
        const HttpReply reused = edit(alice(), m_direct, message.id, u"x"_s, clientId);
        QCOMPARE(reused.status, 201); // alice's ids are hers: no clash with bob's
        QCOMPARE(edit(bob(), m_direct, message.id, u"x"_s, clientId).errorCode(),
            u"invalid_field"_s); // the client id is looked up first
        QCOMPARE(react(bob(), m_direct, message.id, u"🎉"_s, false, clientId).errorCode(),
            u"invalid_field"_s);
        const HttpReply asMessage
            = m_fixture.rest().sendMessage(bob().token, m_direct, clientId, u"hi"_s);
        QCOMPARE(asMessage.errorCode(), u"invalid_field"_s);
        QCOMPARE(findIn(history(bob(), m_direct), message.id).reactions.size(), 1);
    }

    void resumeReplaysChangesWithoutRaisingUnread()
    {
        const Message first = send(alice(), m_direct, u"draft"_s);
        const Message second = send(alice(), m_direct, u"tbd"_s);
        // Bob read everything, then went away at this position.
        QCOMPARE(m_fixture.rest()
                     .post(u"/conversations/%1/read"_s.arg(m_direct), { { u"upTo"_s, second.id } },
                         bob().token)
                     .status,
            204);
        const qint64 away = second.id;

        const MessageUpdate edited = updateOf(edit(alice(), m_direct, first.id, u"final"_s));
        const MessageUpdate reacted = updateOf(react(alice(), m_direct, first.id, u"✅"_s));
        const MessageUpdate deleted = updateOf(remove(alice(), m_direct, second.id));
        QVERIFY(edited.position < reacted.position && reacted.position < deleted.position);

        WsClient bobSocket;
        QVERIFY(bobSocket.connectOnly(m_fixture.webSocketUrl()));
        bobSocket.sendJson(
            { { u"type"_s, u"auth"_s }, { u"token"_s, bob().token }, { u"after"_s, away } });
        QVERIFY(bobSocket.waitForFrames(u"ready"_s, 1, Timeout));
        const QList<MessageUpdate> replayed = updatesIn(bobSocket);
        QCOMPARE(replayed.size(), 3);
        QCOMPARE(replayed.at(0).position, edited.position);
        QCOMPARE(replayed.at(1).position, reacted.position);
        QCOMPARE(replayed.at(2).position, deleted.position);
        // Each says how the message is now.
        QCOMPARE(replayed.at(0).message.body, u"final"_s);
        QVERIFY(replayed.at(2).message.deleted);
        QCOMPARE(bobSocket.frames(u"message"_s).size(), 0);
        QCOMPARE(bobSocket.frames(u"ready"_s).first()[u"position"_s].toInteger(), deleted.position);

        const HttpReply list = m_fixture.rest().get(u"/conversations"_s, bob().token);
        const QJsonArray conversations = list.json[u"conversations"_s].toArray();
        QCOMPARE(conversations.size(), 1);
        QCOMPARE(conversations.first()[u"unread"_s].toInteger(), 0);
        QCOMPARE(conversations.first()[u"lastMessage"_s][u"id"_s].toInteger(), second.id);
        QCOMPARE(conversations.first()[u"lastMessage"_s][u"deleted"_s].toBool(), true);
    }

    void latecomersLearnNothingOfEarlierMessages()
    {
        const qint64 group = createGroup(alice(), { bob().user.id });
        const Message before = send(alice(), group, u"before dave"_s);
        QCOMPARE(m_fixture.rest()
                     .post(u"/conversations/%1/members"_s.arg(group),
                         { { u"userIds"_s, QJsonArray { dave().user.id } } }, alice().token)
                     .status,
            200);
        WsClient daveSocket;
        QVERIFY(daveSocket.connectAndAuthenticate(m_fixture.webSocketUrl(), dave().token));

        // A change of a message dave never saw does not reach him, live or replayed.
        QCOMPARE(react(bob(), group, before.id, u"👀"_s).status, 201);
        QCOMPARE(react(dave(), group, before.id, u"👀"_s).errorCode(), u"not_found"_s);
        // A reply to it reaches him without the quoted text.
        const Message reply = send(bob(), group, u"agreed"_s, before.id);
        QVERIFY(daveSocket.waitForFrames(u"message"_s, 1, Timeout));
        QVERIFY(daveSocket.roundTrip());
        QCOMPARE(daveSocket.frames(u"update"_s).size(), 0);
        auto live
            = json::decodeMessage(daveSocket.frames(u"message"_s).last()[u"message"_s].toObject());
        QVERIFY(live);
        QCOMPARE(live->id, reply.id);
        QVERIFY(live->replyTo && !live->replyTo->available);
        QVERIFY(live->replyTo->excerpt.isEmpty());
        QVERIFY(!findIn(history(dave(), group), reply.id).replyTo->available);
        // Nor does he learn that it was deleted: his quote stays as bare as it was.
        QCOMPARE(remove(alice(), group, before.id).status, 201);
        QVERIFY(findIn(history(bob(), group), reply.id).replyTo->deleted);
        const ReplyPreview bare = *findIn(history(dave(), group), reply.id).replyTo;
        QCOMPARE(bare, (ReplyPreview { .id = before.id, .available = false }));

        WsClient replay;
        QVERIFY(replay.connectOnly(m_fixture.webSocketUrl()));
        replay.sendJson(
            { { u"type"_s, u"auth"_s }, { u"token"_s, dave().token }, { u"after"_s, 0 } });
        QVERIFY(replay.waitForFrames(u"ready"_s, 1, Timeout));
        QCOMPARE(replay.frames(u"update"_s).size(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_MessageActions)
#include "tst_messageactions.moc"
