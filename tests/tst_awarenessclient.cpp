// Awareness in the client library against an in-process server, with several real client
// stacks (ChatSession + ClientContext with their models): delivered and read marks on our own
// messages, unread counts kept in step on two instances of one user, typing indicators
// that expire by themselves, presence, privacy settings, and a convergence check: a client
// that followed a live stream of events ends in the same state as one that signs in fresh
// (drafts aside: they are the device's own), and as itself after an app restart, drafts
// included.
#include <support/clientworldtest.h>
#include <support/modelrows.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace chat;
using namespace chat::test;

class TestAwarenessClient : public ClientWorldTest
{
    Q_OBJECT

private:
    //! Alice and bob, each signed in on an instance so labelled; both null when that
    //! failed.
    std::pair<Instance *, Instance *> startAliceAndBob(const TestServer::Tweak &tweak = {},
        const QString &aliceLabel = u"A"_s, const QString &bobLabel = u"B"_s)
    {
        startWithUsers(tweak);
        Instance *a = QTest::currentTestFailed() ? nullptr : addSignedIn(aliceLabel, m_alice);
        Instance *b = a ? addSignedIn(bobLabel, m_bob) : nullptr;
        return b ? std::pair(a, b) : std::pair<Instance *, Instance *>();
    }

    //! startAliceAndBob(), and each with their conversation open; both null when that
    //! failed.
    std::pair<Instance *, Instance *> startWithConversation(
        const TestServer::Tweak &tweak = {}, const QString &aliceLabel = u"A"_s)
    {
        const auto [a, b] = startAliceAndBob(tweak, aliceLabel);
        if (!b)
            return {};
        open(*a, m_bob.user.id);
        open(*b, m_alice.user.id);
        if (QTest::currentTestFailed())
            return {};
        return { a, b };
    }

    //! Sends from `from` to its open conversation and waits until it is stored there.
    void send(Instance &from, const QString &body)
    {
        QVERIFY(!from.client->openConversation().send(body).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(from.isSent(body), Timeout);
    }

    //! Waits until `instance` shows the message with this body, stored.
    void awaitMessage(Instance &instance, const QString &body)
    {
        QTRY_VERIFY_WITH_TIMEOUT(instance.isSent(body), Timeout);
    }

private Q_SLOTS:
    void deliveredThenRead()
    {
        const auto [a, b] = startWithConversation();
        QVERIFY(a);
        QVERIFY(b);

        // Bob's client receives it (not looking): delivered, not read.
        send(*a, u"one"_s);
        QTRY_COMPARE_WITH_TIMEOUT(a->receiptOf(u"one"_s), ReceiptMark::Delivered, Timeout);
        QCOMPARE(a->messages()
                     ->index(a->rowOfBody(u"one"_s))
                     .data(client::MessageListModel::DeliveryStateRole)
                     .value<DeliveryState>(),
            DeliveryState::Sent);
        QCOMPARE(b->unread(m_alice.user.id), 1);

        // Bob looks at the conversation: read.
        b->client->openConversation().setVisible(true);
        QTRY_COMPARE_WITH_TIMEOUT(a->receiptOf(u"one"_s), ReceiptMark::Read, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(b->unread(m_alice.user.id), 0, Timeout);
        // While he looks, what comes is read as it arrives; Bob's own rows carry no marks
        // from his own reading.
        send(*a, u"two"_s);
        QTRY_COMPARE_WITH_TIMEOUT(a->receiptOf(u"two"_s), ReceiptMark::Read, Timeout);
        QCOMPARE(b->unread(m_alice.user.id), 0);
        QCOMPARE(b->receiptOf(u"one"_s), ReceiptMark::None);

        // Bob's answer: delivered to alice's client, then read once she looks.
        send(*b, u"three"_s);
        QTRY_COMPARE_WITH_TIMEOUT(b->receiptOf(u"three"_s), ReceiptMark::Delivered, Timeout);
        a->client->openConversation().setVisible(true);
        QTRY_COMPARE_WITH_TIMEOUT(b->receiptOf(u"three"_s), ReceiptMark::Read, Timeout);
        // Alice's marks stay as they were.
        QCOMPARE(a->receiptOf(u"one"_s), ReceiptMark::Read);

        // Reopened, the marks come from the contact list.
        a->client->openConversation().openDirect(m_carol.user);
        open(*a, m_bob.user.id);
        QTRY_COMPARE_WITH_TIMEOUT(a->receiptOf(u"two"_s), ReceiptMark::Read, Timeout);
    }

    void unreadOnTwoInstances()
    {
        const auto [a, b1] = startAliceAndBob({}, u"A"_s, u"B1"_s);
        QVERIFY(a);
        QVERIFY(b1);
        Instance *b2 = addSignedIn(u"B2"_s, m_bob);
        QVERIFY(b2);
        QSignalSpy total(b2->client.get(), &client::ClientContext::totalUnreadChanged);
        open(*a, m_bob.user.id);

        // Nobody of bob's looks: unread on both of his instances.
        send(*a, u"one"_s);
        for (Instance *b : { b1, b2 }) {
            QTRY_COMPARE_WITH_TIMEOUT(b->unread(m_alice.user.id), 1, Timeout);
            QCOMPARE(b->client->totalUnread(), 1);
        }
        QVERIFY(!total.isEmpty());
        QCOMPARE(total.last().at(0).toInt(), 1);
        send(*a, u"two"_s);
        for (Instance *b : { b1, b2 })
            QTRY_COMPARE_WITH_TIMEOUT(b->unread(m_alice.user.id), 2, Timeout);
        // Alice's own messages are never unread for her.
        QCOMPARE(a->unread(m_bob.user.id), 0);
        QCOMPARE(a->client->totalUnread(), 0);

        // Open but not looked at (background window): still unread.
        open(*b1, m_alice.user.id);
        QCOMPARE(b1->unread(m_alice.user.id), 2);
        // Bob reads on B1: the count clears on both.
        b1->client->openConversation().setVisible(true);
        for (Instance *b : { b1, b2 }) {
            QTRY_COMPARE_WITH_TIMEOUT(b->unread(m_alice.user.id), 0, Timeout);
            QCOMPARE(b->client->totalUnread(), 0);
        }
        QCOMPARE(total.last().at(0).toInt(), 0);

        // Bob writes from B1: unread for alice, never for bob's other instance.
        send(*b1, u"from bob"_s);
        QTRY_COMPARE_WITH_TIMEOUT(a->unread(m_bob.user.id), 1, Timeout); // alice does not look
        QTRY_COMPARE_WITH_TIMEOUT(
            b2->contactData(m_alice.user.id, ConversationListModel::LastMessageRole).toString(),
            u"from bob"_s, Timeout);
        QCOMPARE(b2->unread(m_alice.user.id), 0);
        QCOMPARE(b2->client->totalUnread(), 0);

        // While B1 looks, a new message is read at once there, and so cleared on B2 too.
        send(*a, u"three"_s);
        QTRY_COMPARE_WITH_TIMEOUT(a->receiptOf(u"three"_s), ReceiptMark::Read, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(b2->unread(m_alice.user.id), 0, Timeout);
        QCOMPARE(b1->unread(m_alice.user.id), 0);
        // Once B1 looks away, the next one counts again.
        b1->client->openConversation().setVisible(false);
        send(*a, u"four"_s);
        for (Instance *b : { b1, b2 })
            QTRY_COMPARE_WITH_TIMEOUT(b->unread(m_alice.user.id), 1, Timeout);
    }

    void typingShowsAndEndsWithTheMessage()
    {
        const auto [a, b] = startWithConversation();
        QVERIFY(a);
        QVERIFY(b);
        QSignalSpy typingChanged(
            &b->client->openConversation(), &client::OpenConversation::otherIsTypingChanged);

        a->client->openConversation().userTyped();
        QTRY_VERIFY_WITH_TIMEOUT(b->typing(m_alice.user.id), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(b->client->openConversation().otherIsTyping(), Timeout);
        QCOMPARE(typingChanged.count(), 1);
        QCOMPARE(typingChanged.at(0).at(0).toBool(), true);
        // Never shown to the one who types.
        QVERIFY(!a->typing(m_bob.user.id));
        QVERIFY(!a->client->openConversation().otherIsTyping());

        // Her message ends it at once (well before the 5 s expiry).
        QElapsedTimer clock;
        clock.start();
        send(*a, u"done typing"_s);
        awaitMessage(*b, u"done typing"_s);
        QVERIFY(!b->typing(m_alice.user.id));
        QVERIFY(!b->client->openConversation().otherIsTyping());
        QCOMPARE(typingChanged.count(), 2);
        QCOMPARE(typingChanged.at(1).at(0).toBool(), false);
        QVERIFY(clock.elapsed() < 5000);

        // Another conversation open: the contact row shows it, the pane does not.
        b->client->openConversation().openDirect(m_carol.user);
        QTRY_COMPARE_WITH_TIMEOUT(b->client->openConversation().peerId(), m_carol.user.id, Timeout);
        Instance *c = addSignedIn(u"C"_s, m_carol);
        QVERIFY(c);
        open(*c, m_bob.user.id);
        c->client->openConversation().userTyped();
        QTRY_VERIFY_WITH_TIMEOUT(b->typing(m_carol.user.id), Timeout);
        QVERIFY(b->client->openConversation().otherIsTyping());
        b->client->openConversation().openDirect(m_alice.user);
        QVERIFY(!b->client->openConversation().otherIsTyping());
        QVERIFY(b->typing(m_carol.user.id));

        // The connection drops: nobody types any more.
        b->session->liveConnection().reconnectNow();
        QTRY_VERIFY_WITH_TIMEOUT(!b->typing(m_carol.user.id), Timeout);
    }

    void typingExpiresByItself()
    {
        const auto [a, b] = startWithConversation([](server::ServerConfig &config) {
            config.awareness.typingExpiry = 1500ms;
            config.awareness.typingInterval = 0ms;
        });
        QVERIFY(a);
        QVERIFY(b);
        QSignalSpy typingChanged(
            &b->client->openConversation(), &client::OpenConversation::otherIsTypingChanged);

        a->client->openConversation().userTyped();
        // Throttled: more keystrokes within 3 s send nothing more.
        a->client->openConversation().userTyped();
        a->client->openConversation().userTyped();
        QTRY_VERIFY_WITH_TIMEOUT(b->client->openConversation().otherIsTyping(), Timeout);
        QVERIFY(b->typing(m_alice.user.id));
        QElapsedTimer clock;
        clock.start();
        // Nothing more comes: it ends by itself after expiresInMs.
        QTRY_VERIFY_WITH_TIMEOUT(!b->client->openConversation().otherIsTyping(), Timeout);
        QVERIFY(!b->typing(m_alice.user.id));
        QVERIFY2(clock.elapsed() >= 1000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(typingChanged.count(), 2);
    }

    void deliveredAfterReplay()
    {
        const auto [a, b] = startAliceAndBob();
        QVERIFY(a);
        QVERIFY(b);
        open(*a, m_bob.user.id);
        send(*a, u"before"_s);
        QTRY_COMPARE_WITH_TIMEOUT(a->receiptOf(u"before"_s), ReceiptMark::Delivered, Timeout);

        // Bob's client is offline while alice writes: sent, not delivered.
        b->session->liveConnection().stop();
        QTRY_VERIFY_WITH_TIMEOUT(!b->isOnline(), Timeout);
        send(*a, u"while away 1"_s);
        send(*a, u"while away 2"_s);
        QCOMPARE(a->receiptOf(u"while away 2"_s), ReceiptMark::None);

        // Back: the replay delivers both, confirmed once live with one `delivered`.
        b->session->liveConnection().start(m_fixture.url(), b->session->api().token());
        QTRY_VERIFY_WITH_TIMEOUT(b->isOnline(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(a->receiptOf(u"while away 2"_s), ReceiptMark::Delivered, Timeout);
        QCOMPARE(a->receiptOf(u"while away 1"_s), ReceiptMark::Delivered);
        QTRY_COMPARE_WITH_TIMEOUT(b->unread(m_alice.user.id), 3, Timeout);
    }

    void presence()
    {
        startWithUsers();
        // Presence goes only between people who share a conversation (one with a message
        // in it, so it is in bob's list too).
        const qint64 conversation = m_fixture.rest().openConversation(m_alice.token, u"bob"_s);
        QVERIFY(conversation > 0);
        QCOMPARE(
            m_fixture.rest().sendMessage(m_alice.token, conversation, u"p-1"_s, u"hi"_s).status,
            201);
        Instance *a = addSignedIn(u"A"_s, m_alice);
        QVERIFY(a);
        QVERIFY(!a->online(m_bob.user.id));
        Instance *b1 = addSignedIn(u"B1"_s, m_bob);
        QVERIFY(b1);
        Instance *b2 = addSignedIn(u"B2"_s, m_bob);
        QVERIFY(b2);
        QTRY_VERIFY_WITH_TIMEOUT(a->online(m_bob.user.id), Timeout);
        QVERIFY(!a->contactData(m_bob.user.id, ConversationListModel::LastSeenRole)
                     .toDateTime()
                     .isValid());
        // Bob's instances see alice online too (she was before they came).
        QVERIFY(b1->online(m_alice.user.id));

        // One of bob's instances goes: he is still online.
        b1->session->signOut();
        // The other goes too: offline, last seen now.
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-5);
        b2->session->signOut();
        QTRY_VERIFY_WITH_TIMEOUT(!a->online(m_bob.user.id), Timeout);
        const QDateTime lastSeen
            = a->contactData(m_bob.user.id, ConversationListModel::LastSeenRole).toDateTime();
        QVERIFY(lastSeen.isValid());
        QVERIFY(lastSeen >= before);
        QVERIFY(lastSeen <= QDateTime::currentDateTimeUtc().addSecs(5));

        // Back: online again.
        signIn(*b1);
        QTRY_VERIFY_WITH_TIMEOUT(a->online(m_bob.user.id), Timeout);
    }

    // Without the socket nobody's presence is known: "online" does not stay on screen
    // as a guess, and comes back with the list fetched after reconnecting.
    void presenceUnknownWhileOffline()
    {
        startWithUsers();
        const qint64 conversation = m_fixture.rest().openConversation(m_alice.token, u"bob"_s);
        QVERIFY(conversation > 0);
        QCOMPARE(
            m_fixture.rest().sendMessage(m_alice.token, conversation, u"u-1"_s, u"hi"_s).status,
            201);
        Instance *a = addSignedIn(u"A"_s, m_alice);
        QVERIFY(a);
        Instance *b = addSignedIn(u"B"_s, m_bob);
        QVERIFY(b);
        QTRY_VERIFY_WITH_TIMEOUT(a->online(m_bob.user.id), Timeout);

        // Alice's connection drops (her network); bob stays connected all along.
        client::LiveConnection &live = a->session->liveConnection();
        live.stop();
        QVERIFY(!a->isOnline());
        QVERIFY(!a->online(m_bob.user.id));
        QVERIFY(!a->contactData(m_bob.user.id, ConversationListModel::LastSeenRole)
                     .toDateTime()
                     .isValid()); // unknown, not "last seen" at some guessed time

        live.start(m_fixture.url(), a->session->token());
        QTRY_VERIFY_WITH_TIMEOUT(a->isOnline(), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(a->online(m_bob.user.id), Timeout);
    }

    void privacyReceiptsOff()
    {
        const auto [a, b] = startWithConversation();
        QVERIFY(a);
        QVERIFY(b);
        // With receipts shared, bob reading shows on alice's message.
        b->client->openConversation().setVisible(true);
        send(*a, u"seen"_s);
        QTRY_COMPARE_WITH_TIMEOUT(a->receiptOf(u"seen"_s), ReceiptMark::Read, Timeout);

        QSignalSpy loaded(&a->client->privacy(), &client::PrivacySettingsController::loaded);
        a->client->privacy().load();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, Timeout);
        QCOMPARE(loaded.at(0).at(0).value<client::PrivacySettings>(), client::PrivacySettings {});

        // Alice stops sharing receipts: she sees none any more, not even the old ones.
        QSignalSpy saved(&a->client->privacy(), &client::PrivacySettingsController::saved);
        a->client->privacy().save(client::PrivacySettings {
            .shareTyping = true, .shareReceipts = false, .sharePresence = true });
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, Timeout);
        QCOMPARE(saved.at(0).at(0).value<client::PrivacySettings>().shareReceipts, false);
        QTRY_COMPARE_WITH_TIMEOUT(a->receiptOf(u"seen"_s), ReceiptMark::None, Timeout);
        a->client->privacy().load();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, Timeout);
        QCOMPARE(loaded.at(1).at(0).value<client::PrivacySettings>().shareReceipts, false);

        // Bob reads her next message: no mark for her.
        send(*a, u"unseen"_s);
        awaitMessage(*b, u"unseen"_s);
        const qint64 unseenId = b->messages()
                                    ->index(b->rowOfBody(u"unseen"_s))
                                    .data(client::MessageListModel::IdRole)
                                    .toLongLong();
        // Once bob's instance hears his read position passed it, the server has handled the
        // read (and sent alice a receipt if it were to)...
        QTRY_VERIFY_WITH_TIMEOUT(
            b->conversations()->at(b->conversations()->rowOfPeer(m_alice.user.id)).readUpTo
                >= unseenId,
            Timeout);
        // ...and anything sent to her socket before this ack came before it.
        send(*a, u"barrier a"_s);
        QCOMPARE(a->receiptOf(u"unseen"_s), ReceiptMark::None);
        QCOMPARE(a->receiptOf(u"seen"_s), ReceiptMark::None);

        // And bob sees none from her: she reads his message, nothing shows for him.
        a->client->openConversation().setVisible(true);
        send(*b, u"from bob"_s);
        awaitMessage(*a, u"from bob"_s);
        QTRY_COMPARE_WITH_TIMEOUT(a->unread(m_bob.user.id), 0, Timeout);
        // A read by alice moved her position (her own instances hear of it)...
        QTRY_VERIFY_WITH_TIMEOUT(
            a->conversations()->at(a->conversations()->rowOfPeer(m_bob.user.id)).readUpTo
                >= a->messages()->newestStoredId().value_or(0),
            Timeout);
        send(*b, u"barrier b"_s);
        QCOMPARE(b->receiptOf(u"from bob"_s), ReceiptMark::None);
        QCOMPARE(b->receiptOf(u"barrier b"_s), ReceiptMark::None);

        // Shared again: the marks are back, from the contact list.
        a->client->privacy().save(client::PrivacySettings {});
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 2, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(a->receiptOf(u"unseen"_s), ReceiptMark::Read, Timeout);
    }

    void freshClientConverges()
    {
        const auto [live, b] = startWithConversation({}, u"alice live"_s);
        QVERIFY(live);
        QVERIFY(b);

        // A stream of events while alice's live client watches (not looking).
        send(*b, u"b1"_s);
        send(*b, u"b2"_s);
        awaitMessage(*live, u"b2"_s);
        live->client->openConversation().setVisible(true); // she reads b1, b2
        QTRY_COMPARE_WITH_TIMEOUT(b->receiptOf(u"b2"_s), ReceiptMark::Read, Timeout);
        live->client->openConversation().setVisible(false);
        send(*live, u"a1"_s);
        send(*live, u"a2"_s);
        QTRY_COMPARE_WITH_TIMEOUT(live->receiptOf(u"a2"_s), ReceiptMark::Delivered, Timeout);
        b->client->openConversation().setVisible(true); // bob reads a1, a2
        QTRY_COMPARE_WITH_TIMEOUT(live->receiptOf(u"a2"_s), ReceiptMark::Read, Timeout);
        b->client->openConversation().setVisible(false);
        send(*live, u"a3"_s); // delivered, not read
        QTRY_COMPARE_WITH_TIMEOUT(live->receiptOf(u"a3"_s), ReceiptMark::Delivered, Timeout);
        send(*b, u"b3"_s);
        send(*b, u"b4"_s); // two unread from bob
        Instance *c = addSignedIn(u"C"_s, m_carol); // carol comes online...
        QVERIFY(c);
        open(*c, m_alice.user.id);
        send(*c, u"c1"_s); // ...writes (a conversation alice's client did not know)...
        QTRY_COMPARE_WITH_TIMEOUT(live->unread(m_carol.user.id), 1, Timeout);
        // ...so they share a conversation now, and alice sees her online.
        QTRY_VERIFY_WITH_TIMEOUT(live->online(m_carol.user.id), Timeout);
        c->session->signOut(); // ...and goes.
        QTRY_VERIFY_WITH_TIMEOUT(!live->online(m_carol.user.id), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(live->unread(m_bob.user.id), 2, Timeout);
        QCOMPARE(live->client->totalUnread(), 3);

        // Alice leaves half a sentence to bob unsent.
        live->client->openConversation().setDraft(u"half a thought"_s);

        // A client of alice that signs in now, with nothing local.
        Instance *fresh = addSignedIn(u"alice fresh"_s, m_alice);
        QVERIFY(fresh);
        open(*fresh, m_bob.user.id);
        const QList<int> typing { ConversationListModel::TypingRole };
        // Where the "New messages" line goes is each opening's own (what was unread then).
        const QList<int> firstUnread { client::MessageListModel::FirstUnreadRole };
        QTRY_COMPARE_WITH_TIMEOUT(dump<client::MessageListModel>(fresh->messages(), firstUnread),
            dump<client::MessageListModel>(live->messages(), firstUnread), Timeout);
        // As the sidebar shows them: the same rows in the same order. Drafts are the
        // device's own (its LocalStore), not the account's: another one has none.
        const QList<int> typingAndDrafts { ConversationListModel::TypingRole,
            ConversationListModel::DraftRole };
        QTRY_COMPARE_WITH_TIMEOUT(dump<ConversationListModel>(fresh->shown(), typingAndDrafts),
            dump<ConversationListModel>(live->shown(), typingAndDrafts), Timeout);
        QCOMPARE(fresh->contactData(m_bob.user.id, ConversationListModel::DraftRole).toString(),
            QString());
        QCOMPARE(fresh->client->totalUnread(), live->client->totalUnread());
        QCOMPARE(live->messages()->rowCount(), 7);
        QCOMPARE(live->receiptOf(u"a1"_s), ReceiptMark::Read);
        QCOMPARE(live->receiptOf(u"a3"_s), ReceiptMark::Delivered);
        QCOMPARE(live->receiptOf(u"b1"_s), ReceiptMark::None);

        // The live client's app restarts on its profile (the LocalStore reopened): the
        // same list as before it quit, role by role, its draft included.
        const QStringList beforeQuitting = dump<ConversationListModel>(live->shown(), typing);
        live->restart();
        signIn(*live);
        QTRY_COMPARE_WITH_TIMEOUT(
            dump<ConversationListModel>(live->shown(), typing), beforeQuitting, Timeout);
        QCOMPARE(live->contactData(m_bob.user.id, ConversationListModel::DraftRole).toString(),
            u"half a thought"_s);
        // The conversation open when it quit opens again by itself, with its draft.
        const qint64 withBob
            = live->contactData(m_bob.user.id, ConversationListModel::ConversationIdRole)
                  .toLongLong();
        QVERIFY(withBob != 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            live->client->openConversation().conversationId(), withBob, Timeout);
        QCOMPARE(live->client->openConversation().draft(), u"half a thought"_s);
    }
};

QTEST_GUILESS_MAIN(TestAwarenessClient)
#include "tst_awarenessclient.moc"
