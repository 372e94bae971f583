// DraftKeeper over a real LocalStore: what the user typed and has not sent, per
// conversation, kept in memory and written to disk coalesced, flushed on demand and on
// destruction, and read back by a keeper attached to the reopened store. The store's
// drafts table on its own is in tst_localstore.
#include <client/conversations/draftkeeper.h>
#include <client/storage/localstore.h>
#include <support/resultcheck.h>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using chat::client::DraftKeeper;
using chat::client::LocalStore;

namespace {

//! A delay no test waits for: only flush() (or the keeper going) writes.
constexpr auto Never = std::chrono::hours(1);

//! conversation id → text, as the store has them on disk.
QHash<qint64, QString> onDisk(const LocalStore &store)
{
    QHash<qint64, QString> drafts;
    const auto stored = store.drafts();
    if (!stored)
        return { { -1, stored.error().message } };
    for (const chat::client::Draft &draft : stored.value())
        drafts.insert(draft.conversationId, draft.text);
    return drafts;
}

} // namespace

class TestDraftKeeper : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;

    QString storePath() const { return m_dir->filePath(u"alice.sqlite3"_s); }

    //! A keeper on the test's store that writes only when flushed.
    std::unique_ptr<DraftKeeper> attachedKeeper()
    {
        auto keeper = std::make_unique<DraftKeeper>();
        keeper->setSaveDelay(Never);
        const auto attached = keeper->attach(m_store.get());
        if (!attached)
            qWarning() << "attach failed:" << attached.error().message;
        return keeper;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_store = std::make_unique<LocalStore>();
        VERIFY_OK(m_store->open(storePath()));
    }

    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    void draftsSurviveReopeningTheStore()
    {
        {
            auto keeper = attachedKeeper();
            keeper->setDraft(4, u"for bob"_s);
            keeper->setDraft(9, u"for carol ✓\nsecond line"_s);
            keeper->setDraft(4, u"for bob, edited"_s);
            keeper->flush();
        }
        m_store->close();
        VERIFY_OK(m_store->open(storePath()));

        const QHash<qint64, QString> expected { { 4, u"for bob, edited"_s },
            { 9, u"for carol ✓\nsecond line"_s } };
        QCOMPARE(onDisk(*m_store), expected);
        DraftKeeper reopened;
        QSignalSpy changed(&reopened, &DraftKeeper::draftChanged);
        VERIFY_OK(reopened.attach(m_store.get()));
        QCOMPARE(reopened.drafts(), expected);
        QCOMPARE(reopened.draft(4), u"for bob, edited"_s);
        QCOMPARE(reopened.draft(5), QString());
        // The list learns of each draft it loaded.
        QCOMPARE(changed.size(), 2);
    }

    void editsAreCoalescedUntilTheDelay()
    {
        auto keeper = attachedKeeper();
        keeper->setDraft(4, u"h"_s);
        keeper->setDraft(4, u"he"_s);
        keeper->setDraft(4, u"hel"_s);
        QCOMPARE(keeper->draft(4), u"hel"_s); // memory at once
        QVERIFY(onDisk(*m_store).isEmpty()); // disk not yet
        keeper->flush();
        QCOMPARE(onDisk(*m_store).value(4), u"hel"_s);

        // Without flush(), the delay writes it.
        keeper->setSaveDelay(20ms);
        keeper->setDraft(4, u"hello"_s);
        QCOMPARE(onDisk(*m_store).value(4), u"hel"_s);
        QTRY_COMPARE(onDisk(*m_store).value(4), u"hello"_s);
    }

    void destructionWritesWhatIsPending()
    {
        {
            auto keeper = attachedKeeper();
            keeper->setDraft(4, u"typed just before quitting"_s);
            QVERIFY(onDisk(*m_store).isEmpty());
        }
        QCOMPARE(onDisk(*m_store).value(4), u"typed just before quitting"_s);
    }

    void clearRemovesFromDiskAtOnce()
    {
        auto keeper = attachedKeeper();
        keeper->setDraft(4, u"for bob"_s);
        keeper->setDraft(9, u"for carol"_s);
        keeper->flush();
        QSignalSpy changed(keeper.get(), &DraftKeeper::draftChanged);

        keeper->clear(4); // sent: no flush needed
        QCOMPARE(onDisk(*m_store), (QHash<qint64, QString> { { 9, u"for carol"_s } }));
        QCOMPARE(keeper->draft(4), QString());
        QCOMPARE(keeper->draft(9), u"for carol"_s);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toLongLong(), 4);
        QCOMPARE(changed.at(0).at(1).toString(), QString());

        // Cleared after the input was emptied (as sending does): still gone from disk.
        keeper->setDraft(9, QString());
        keeper->clear(9);
        QVERIFY(onDisk(*m_store).isEmpty());
    }

    void emptyTextRemovesTheDraft()
    {
        auto keeper = attachedKeeper();
        keeper->setDraft(4, u"for bob"_s);
        keeper->flush();
        QSignalSpy changed(keeper.get(), &DraftKeeper::draftChanged);
        keeper->setDraft(4, u""_s);
        QCOMPARE(changed.size(), 1);
        QVERIFY(keeper->drafts().isEmpty());
        keeper->setDraft(4, QString()); // nothing more to say
        QCOMPARE(changed.size(), 1);
        keeper->flush();
        QVERIFY(onDisk(*m_store).isEmpty());
    }

    void conversationZeroIsIgnored()
    {
        auto keeper = attachedKeeper();
        QSignalSpy changed(keeper.get(), &DraftKeeper::draftChanged);
        keeper->setDraft(0, u"for nobody yet"_s);
        keeper->flush();
        QCOMPARE(changed.size(), 0);
        QVERIFY(keeper->drafts().isEmpty());
        QCOMPARE(keeper->draft(0), QString());
        QVERIFY(onDisk(*m_store).isEmpty());
    }

    void attachingAnotherAccountSwitchesDrafts()
    {
        LocalStore bobStore;
        VERIFY_OK(bobStore.open(m_dir->filePath(u"bob.sqlite3"_s)));
        VERIFY_OK(bobStore.saveDraft(4, u"bob's own"_s));

        auto keeper = attachedKeeper();
        keeper->setDraft(4, u"alice's"_s);
        QSignalSpy changed(keeper.get(), &DraftKeeper::draftChanged);
        // Signing in as bob: alice's last keystrokes are written to her store first.
        VERIFY_OK(keeper->attach(&bobStore));
        QCOMPARE(onDisk(*m_store).value(4), u"alice's"_s);
        QCOMPARE(keeper->draft(4), u"bob's own"_s);
        QCOMPARE(changed.size(), 2); // alice's gone, bob's in
        QCOMPARE(changed.at(1).at(1).toString(), u"bob's own"_s);

        keeper->setDraft(4, u"bob's, edited"_s);
        // Signed out: written, then forgotten in memory; each store keeps its own.
        VERIFY_OK(keeper->attach(nullptr));
        QVERIFY(keeper->drafts().isEmpty());
        QCOMPARE(onDisk(bobStore).value(4), u"bob's, edited"_s);
        QCOMPARE(onDisk(*m_store).value(4), u"alice's"_s);

        // Memory only while no store is attached: nothing is written anywhere.
        keeper->setDraft(4, u"nowhere"_s);
        QCOMPARE(keeper->draft(4), u"nowhere"_s);
        keeper->flush();
        VERIFY_OK(keeper->attach(m_store.get()));
        QCOMPARE(keeper->draft(4), u"alice's"_s);
        QCOMPARE(onDisk(bobStore).value(4), u"bob's, edited"_s);
    }

    void storeErrorGivesNoticeOnceAndRetries()
    {
        auto keeper = attachedKeeper();
        QSignalSpy notice(keeper.get(), &DraftKeeper::notice);
        m_store->close(); // every write fails now
        keeper->setDraft(4, u"kept in memory"_s);
        keeper->flush();
        QCOMPARE(notice.size(), 1);
        QVERIFY(notice.at(0).at(0).toString().contains(u"not open"_s));
        QCOMPARE(keeper->draft(4), u"kept in memory"_s);
        keeper->setDraft(9, u"another"_s);
        keeper->flush();
        QCOMPARE(notice.size(), 1); // said once until a write succeeds

        // The disk is back: what it refused is written with the next flush.
        VERIFY_OK(m_store->open(storePath()));
        keeper->flush();
        QCOMPARE(onDisk(*m_store),
            (QHash<qint64, QString> { { 4, u"kept in memory"_s }, { 9, u"another"_s } }));
        QCOMPARE(notice.size(), 1);

        // A store that cannot be read is an error from attach().
        m_store->close();
        DraftKeeper other;
        const auto attached = other.attach(m_store.get());
        QVERIFY(!attached.ok());
    }
};

QTEST_GUILESS_MAIN(TestDraftKeeper)
#include "tst_draftkeeper.moc"
