// Presence on its own, with a real Store and LocalHub and recording peers instead of
// sockets, flushed by hand (the coalescing delay is an hour): changes go only to online
// people who share a conversation with the user, a drop-and-return within the delay says
// nothing, who hides presence causes no frame, and last-seen times are written together,
// once per flush, however many users went offline.
#include <server/hub/localhub.h>
#include <server/services/presence.h>
#include <server/store/store.h>
#include <shared/jsoncodec.h>
#include <support/resultcheck.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace chat;
using namespace chat::server;

namespace {

//! A peer that keeps what it is sent.
class RecordingPeer final : public Peer
{
public:
    explicit RecordingPeer(qint64 userId)
        : m_userId(userId)
    { }
    [[nodiscard]] qint64 userId() const override { return m_userId; }
    [[nodiscard]] QByteArray sessionId() const override { return QByteArray::number(m_userId); }
    void deliver(const QString &frame) override
    {
        frames.append(QJsonDocument::fromJson(frame.toUtf8()).object());
    }
    void revoke() override { }

    //! The presence frames about `userId`, as (online) flags.
    [[nodiscard]] QList<bool> presenceOf(qint64 userId) const
    {
        QList<bool> states;
        for (const QJsonObject &frame : frames) {
            if (frame[u"type"_s] == u"presence"_s && frame[u"userId"_s].toInteger() == userId)
                states.append(frame[u"online"_s].toBool());
        }
        return states;
    }

    QList<QJsonObject> frames;

private:
    qint64 m_userId;
};

} // namespace

class tst_Presence : public QObject
{
    Q_OBJECT

    QTemporaryDir m_directory;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<LocalHub> m_hub;
    std::unique_ptr<Presence> m_presence;
    qint64 m_alice = 0;
    qint64 m_bob = 0;
    qint64 m_stranger = 0;

private Q_SLOTS:
    void init()
    {
        m_store = std::make_unique<Store>();
        VERIFY_OK(m_store->open(m_directory.filePath(
            u"presence-%1.sqlite3"_s.arg(QString::fromLatin1(QTest::currentTestFunction())))));
        const auto alice = m_store->createUser(u"alice"_s, "x");
        const auto bob = m_store->createUser(u"bob"_s, "x");
        const auto stranger = m_store->createUser(u"stranger"_s, "x");
        VERIFY_OK(alice);
        VERIFY_OK(bob);
        VERIFY_OK(stranger);
        m_alice = alice->id;
        m_bob = bob->id;
        m_stranger = stranger->id;
        VERIFY_OK(m_store->openDirectConversation(m_alice, m_bob));
        m_hub = std::make_unique<LocalHub>();
        m_presence = std::make_unique<Presence>(*m_store, *m_hub, 1h);
    }

    void cleanup()
    {
        m_presence.reset();
        m_hub.reset();
        m_store.reset();
    }

    void onlyPeopleWhoShareAConversationAreTold()
    {
        RecordingPeer bob(m_bob);
        RecordingPeer stranger(m_stranger);
        m_hub->attach(&bob);
        m_hub->attach(&stranger);
        m_presence->flush();
        RecordingPeer alice(m_alice);
        m_hub->attach(&alice);
        m_presence->flush();
        QCOMPARE(bob.presenceOf(m_alice), QList<bool> { true });
        QVERIFY(stranger.presenceOf(m_alice).isEmpty());
        m_hub->detach(&alice);
        m_presence->flush();
        QCOMPARE(bob.presenceOf(m_alice), (QList<bool> { true, false }));
        QVERIFY(stranger.presenceOf(m_alice).isEmpty());
        m_hub->detach(&bob);
        m_hub->detach(&stranger);
    }

    void dropAndReturnWithinTheDelaySaysNothing()
    {
        RecordingPeer bob(m_bob);
        m_hub->attach(&bob);
        RecordingPeer alice(m_alice);
        m_hub->attach(&alice);
        m_presence->flush();
        QCOMPARE(bob.presenceOf(m_alice), QList<bool> { true });
        // A socket drops and another comes back before the flush: she never went away.
        m_hub->detach(&alice);
        RecordingPeer aliceAgain(m_alice);
        m_hub->attach(&aliceAgain);
        m_presence->flush();
        QCOMPARE(bob.presenceOf(m_alice), QList<bool> { true });
        // Many changes between two flushes are one frame, as they ended.
        m_hub->detach(&aliceAgain);
        m_hub->attach(&alice);
        m_hub->detach(&alice);
        m_presence->flush();
        QCOMPARE(bob.presenceOf(m_alice), (QList<bool> { true, false }));
        m_hub->detach(&bob);
    }

    void hiddenPresenceCausesNoFrame()
    {
        VERIFY_OK(m_store->saveSettings(m_alice, Settings { .sharePresence = false }));
        RecordingPeer bob(m_bob);
        m_hub->attach(&bob);
        RecordingPeer alice(m_alice);
        m_hub->attach(&alice);
        m_presence->flush();
        QVERIFY(bob.presenceOf(m_alice).isEmpty());
        // ...and she sees no one's either.
        QVERIFY(alice.presenceOf(m_bob).isEmpty());
        // Announcing after a change of sharing tells the others she is offline.
        m_presence->announce(m_alice);
        m_presence->flush();
        QCOMPARE(bob.presenceOf(m_alice), QList<bool> { false });
        m_hub->detach(&alice);
        m_hub->detach(&bob);
    }

    void aStormOfDisconnectsIsOneWrite()
    {
        RecordingPeer bob(m_bob);
        m_hub->attach(&bob);
        QList<qint64> users { m_alice };
        for (int i = 0; i < 50; ++i) {
            const auto user = m_store->createUser(u"storm%1"_s.arg(i), "x");
            VERIFY_OK(user);
            users.append(user->id);
        }
        std::vector<std::unique_ptr<RecordingPeer>> peers;
        for (const qint64 user : std::as_const(users)) {
            peers.push_back(std::make_unique<RecordingPeer>(user));
            m_hub->attach(peers.back().get());
        }
        m_presence->flush();
        const qint64 writesBefore = m_presence->lastSeenWrites();
        const QDateTime before = QDateTime::currentDateTimeUtc();
        for (const auto &peer : peers)
            m_hub->detach(peer.get());
        QCOMPARE(m_presence->unrecordedLastSeen(), users.size());
        // Not written yet, but already what the presence of each says.
        const auto stored = m_store->lastSeen(m_alice);
        VERIFY_OK(stored);
        QVERIFY(!stored.value().has_value());
        const std::optional<QDateTime> inMemory = m_presence->stateOf(m_alice).lastSeenAt;
        QVERIFY(inMemory && *inMemory >= before);

        m_presence->flush();
        QCOMPARE(m_presence->lastSeenWrites(), writesBefore + 1);
        QCOMPARE(m_presence->unrecordedLastSeen(), 0);
        for (const qint64 user : std::as_const(users)) {
            const auto seen = m_store->lastSeen(user);
            VERIFY_OK(seen);
            QVERIFY(seen.value() && *seen.value() >= before);
        }
        // The frame bob got says what the store now holds.
        QCOMPARE(bob.presenceOf(m_alice), (QList<bool> { true, false }));
        QCOMPARE(bob.frames.constLast()[u"lastSeenAt"_s].toString(),
            json::encodeTime(*m_store->lastSeen(m_alice).value()));
        m_hub->detach(&bob);
    }

    void lastSeenIsRecordedAtShutdown()
    {
        RecordingPeer alice(m_alice);
        m_hub->attach(&alice);
        m_hub->detach(&alice);
        QCOMPARE(m_presence->unrecordedLastSeen(), 1);
        m_presence.reset(); // no flush: the server is going away
        const auto seen = m_store->lastSeen(m_alice);
        VERIFY_OK(seen);
        QVERIFY(seen.value().has_value());
    }
};

QTEST_GUILESS_MAIN(tst_Presence)
#include "tst_presence.moc"
