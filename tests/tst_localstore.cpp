// The client's local store: one SQLite file per server+user holding the outbox (our
// outgoing operations), the resume cursor and the drafts; paths that stay inside the
// profile, the schema and its migrations, and what survives reopening. The queue that
// owns the outbox in memory has tests of its own (tst_outgoingqueue), and so has the
// keeper of the drafts (tst_draftkeeper).

#include <client/storage/localstore.h>
#include <support/fieldsof.h>

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using chat::client::LocalStore;
using chat::client::OutgoingOperation;
using State = chat::client::OutgoingOperation::State;

namespace {

OutgoingOperation outgoing(const QString &clientId, qint64 conversationId, const QString &body)
{
    OutgoingOperation operation = OutgoingOperation::send(conversationId, body);
    operation.clientId = clientId;
    return operation;
}

QStringList clientIdsOf(const QList<OutgoingOperation> &operations)
{
    return chat::test::fieldsOf(operations, &OutgoingOperation::clientId);
}

} // namespace

class TestLocalStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString storePath(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void pathsAreSafeAndSeparatePerServerAndUser()
    {
        const QString profile = m_dir.filePath(u"profile"_s);
        const QString alice
            = LocalStore::pathFor(profile, QUrl(u"http://127.0.0.1:8420"_s), u"alice"_s);
        QCOMPARE(alice, profile + u"/127.0.0.1_8420/alice.sqlite3"_s);
        // Usernames are case-insensitive on the server: one account, one file.
        QCOMPARE(LocalStore::pathFor(profile, QUrl(u"http://127.0.0.1:8420"_s), u"Alice"_s), alice);
        QVERIFY(
            LocalStore::pathFor(profile, QUrl(u"http://127.0.0.1:8421"_s), u"alice"_s) != alice);
        QVERIFY(LocalStore::pathFor(profile, QUrl(u"http://127.0.0.1:8420"_s), u"bob"_s) != alice);
        QCOMPARE(LocalStore::pathFor(profile, QUrl(u"http://example.org"_s), u"bob"_s),
            profile + u"/example.org_80/bob.sqlite3"_s);
        QCOMPARE(LocalStore::pathFor(profile, QUrl(u"http://[::1]:9000"_s), u"bob"_s),
            profile + u"/__1_9000/bob.sqlite3"_s);
        // Nothing a name holds leads out of the profile directory.
        for (const QString &evil : { u"../../etc"_s, u".."_s, u"a/b"_s, u""_s, u"ü"_s }) {
            const QString path = LocalStore::pathFor(profile, QUrl(u"http://127.0.0.1:1"_s), evil);
            QVERIFY2(
                QFileInfo(path).absolutePath() == profile + u"/127.0.0.1_1"_s, qPrintable(path));
            QVERIFY(!QFileInfo(path).fileName().startsWith(u'.'));
        }
    }

    void freshStoreHasSchemaAndSettings()
    {
        LocalStore store;
        const QString path = storePath(u"deep/er/fresh.sqlite3"_s);
        auto opened = store.open(path);
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().message));
        QVERIFY(QFileInfo::exists(path));
        QCOMPARE(store.schemaVersion(), 4);
        QCOMPARE(store.resumeCursor().value(), qint64(0));
        QCOMPARE(store.operations().value().size(), 0);
        QCOMPARE(store.drafts().value().size(), 0);

        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check-fresh"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"PRAGMA journal_mode"_s) && query.next());
        QCOMPARE(query.value(0).toString(), u"wal"_s);
        query.finish();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"check-fresh"_s);
    }

    void everyKindOfOperationSurvivesReopenAsWritten()
    {
        const QString path = storePath(u"kinds.sqlite3"_s);
        const QList<OutgoingOperation> written {
            OutgoingOperation::send(5, u"a reply"_s, 41),
            OutgoingOperation::edit(5, 41, u"new text"_s),
            OutgoingOperation::react(5, 41, u"👍🏽"_s, true),
            OutgoingOperation::react(5, 41, u"❤️"_s, false),
            OutgoingOperation::remove(5, 42),
        };
        {
            LocalStore store;
            QVERIFY(store.open(path).ok());
            for (const OutgoingOperation &operation : written)
                QVERIFY(store.addOperation(operation).ok());
        }
        LocalStore store;
        QVERIFY(store.open(path).ok());
        // Equal field by field: kind, target, reply, emoji, text and time.
        QCOMPARE(store.operations().value(), written);
    }

    void refusesNewerSchema()
    {
        const QString path = storePath(u"newer.sqlite3"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"make-newer"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(u"PRAGMA user_version = 99"_s));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"make-newer"_s);
        LocalStore store;
        QVERIFY(!store.open(path).ok());
        QVERIFY(!store.isOpen());
    }

    void outboxSurvivesReopenWithOrderAndStates()
    {
        const QString path = storePath(u"reopen.sqlite3"_s);
        QList<OutgoingOperation> written;
        {
            LocalStore store;
            QVERIFY(store.open(path).ok());
            for (int i = 0; i < 20; ++i) {
                written.append(outgoing(u"c%1"_s.arg(i), i % 3 + 1, u"body %1 ✓"_s.arg(i)));
                QVERIFY(store.addOperation(written.last()).ok());
            }
            // The same client id twice is refused by the store (the queue never asks).
            QVERIFY(!store.addOperation(written.first()).ok());
            QVERIFY(store
                        .setOperationState(u"c4"_s, State::Failed, u"refused: too long"_s,
                            chat::ErrorCode::InvalidField)
                        .ok());
            QVERIFY(store.removeOperation(u"c7"_s).ok());
            QVERIFY(store.setResumeCursor(4242).ok());
        }
        written.removeAt(7);

        LocalStore store;
        QVERIFY(store.open(path).ok());
        QCOMPARE(store.resumeCursor().value(), qint64(4242));
        const QList<OutgoingOperation> reloaded = store.operations().value();
        // Exactly what was written, in the order it was written.
        QCOMPARE(clientIdsOf(reloaded), clientIdsOf(written));
        for (qsizetype i = 0; i < written.size(); ++i) {
            QCOMPARE(reloaded.at(i).kind, OutgoingOperation::Kind::Send);
            QCOMPARE(reloaded.at(i).conversationId, written.at(i).conversationId);
            QCOMPARE(reloaded.at(i).body, written.at(i).body);
            QCOMPARE(reloaded.at(i).createdAt, written.at(i).createdAt);
        }
        QCOMPARE(reloaded.at(4).clientId, u"c4"_s);
        QCOMPARE(reloaded.at(4).state, State::Failed);
        QCOMPARE(reloaded.at(4).error, u"refused: too long"_s);
        QCOMPARE(reloaded.at(4).errorCode, chat::ErrorCode::InvalidField);
        QVERIFY(reloaded.at(4).isRefusedForGood());
        QCOMPARE(reloaded.at(5).state, State::Queued);

        // Back to waiting (a retry) is saved too; Sending is kept as waiting.
        QVERIFY(store.setOperationState(u"c4"_s, State::Queued, {}).ok());
        QVERIFY(store.setOperationState(u"c5"_s, State::Sending, {}).ok());
        LocalStore again;
        QVERIFY(again.open(path).ok());
        const QList<OutgoingOperation> reread = again.operations().value();
        QCOMPARE(reread.at(4).state, State::Queued);
        QCOMPARE(reread.at(4).error, QString());
        QCOMPARE(reread.at(5).state, State::Queued);
    }

    void versionOneOutboxReadsAsSends()
    {
        // A profile written by the build before operations had kinds: schema version 1.
        const QString path = storePath(u"version1.sqlite3"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"make-v1"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(u"CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                               "client_id TEXT NOT NULL UNIQUE, conversation_id INTEGER NOT NULL, "
                               "body TEXT NOT NULL, written_at INTEGER NOT NULL, state TEXT NOT "
                               "NULL CHECK (state IN ('pending', 'failed')), error TEXT NOT NULL "
                               "DEFAULT '')"_s));
            QVERIFY(query.exec(
                u"CREATE TABLE meta (key TEXT PRIMARY KEY, value NOT NULL) WITHOUT ROWID"_s));
            QVERIFY(query.exec(u"INSERT INTO outbox (client_id, conversation_id, body, "
                               "written_at, state, error) VALUES ('old-1', 7, 'from before', "
                               "1700000000000, 'pending', ''), ('old-2', 7, 'refused', "
                               "1700000000001, 'failed', 'too long')"_s));
            QVERIFY(query.exec(u"INSERT INTO meta (key, value) VALUES ('position', 99)"_s));
            QVERIFY(query.exec(u"PRAGMA user_version = 1"_s));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"make-v1"_s);

        LocalStore store;
        QVERIFY(store.open(path).ok());
        QCOMPARE(store.schemaVersion(), 4);
        QCOMPARE(store.resumeCursor().value(), qint64(99));
        const QList<OutgoingOperation> operations = store.operations().value();
        QCOMPARE(clientIdsOf(operations), (QStringList { u"old-1"_s, u"old-2"_s }));
        QCOMPARE(operations.at(0).kind, OutgoingOperation::Kind::Send);
        QCOMPARE(operations.at(0).body, u"from before"_s);
        QCOMPARE(operations.at(0).state, State::Queued);
        QCOMPARE(operations.at(1).state, State::Failed);
        QCOMPARE(operations.at(1).error, u"too long"_s);
        // Version 3 added the drafts: none yet, and they can be written.
        QCOMPARE(store.drafts().value().size(), 0);
        QVERIFY(store.saveDraft(7, u"after the upgrade"_s).ok());
        QCOMPARE(store.draft(7).value(), u"after the upgrade"_s);
    }

    void draftsSurviveReopen()
    {
        const QString path = storePath(u"drafts.sqlite3"_s);
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        {
            LocalStore store;
            QVERIFY(store.open(path).ok());
            QVERIFY(store.saveDraft(5, u"first"_s).ok());
            QVERIFY(store.saveDraft(3, u"für carol ✓\nzweite Zeile"_s).ok());
            QVERIFY(store.saveDraft(5, u"replaced"_s).ok()); // one row per conversation
            QVERIFY(store.saveDraft(8, u"gone soon"_s).ok());
            QVERIFY(store.saveDraft(8, u""_s).ok()); // empty text: no draft
            QVERIFY(store.saveDraft(9, QString()).ok()); // a null one neither (no NULL row)
            QCOMPARE(store.draft(5).value(), u"replaced"_s);
            QCOMPARE(store.draft(8).value(), QString());
        }
        LocalStore store;
        QVERIFY(store.open(path).ok());
        const QList<chat::client::Draft> drafts = store.drafts().value();
        QCOMPARE(drafts.size(), 2);
        QCOMPARE(drafts.at(0).conversationId, qint64(3));
        QCOMPARE(drafts.at(0).text, u"für carol ✓\nzweite Zeile"_s);
        QCOMPARE(drafts.at(1).conversationId, qint64(5));
        QCOMPARE(drafts.at(1).text, u"replaced"_s);
        for (const chat::client::Draft &draft : drafts) {
            QCOMPARE(draft.updatedAt.timeSpec(), Qt::UTC);
            QVERIFY(draft.updatedAt >= before);
            QVERIFY(draft.updatedAt <= QDateTime::currentDateTimeUtc());
        }
        QCOMPARE(store.draft(8).value(), QString());
        QCOMPARE(store.draft(404).value(), QString());
        // The outbox and cursor are untouched by drafts.
        QCOMPARE(store.operations().value().size(), 0);
        QCOMPARE(store.resumeCursor().value(), qint64(0));

        store.close();
        QVERIFY(!store.saveDraft(5, u"closed"_s).ok());
        QVERIFY(!store.drafts().ok());
    }

    void twoAccountsDoNotShare()
    {
        const QString profile = m_dir.filePath(u"shared-profile"_s);
        const QUrl server(u"http://127.0.0.1:5000"_s);
        LocalStore alice;
        LocalStore bob;
        LocalStore aliceElsewhere;
        QVERIFY(alice.open(LocalStore::pathFor(profile, server, u"alice"_s)).ok());
        QVERIFY(bob.open(LocalStore::pathFor(profile, server, u"bob"_s)).ok());
        QVERIFY(
            aliceElsewhere
                .open(LocalStore::pathFor(profile, QUrl(u"http://127.0.0.1:5001"_s), u"alice"_s))
                .ok());
        QVERIFY(alice.addOperation(outgoing(u"a1"_s, 1, u"from alice"_s)).ok());
        QVERIFY(alice.setResumeCursor(10).ok());
        QVERIFY(bob.addOperation(outgoing(u"b1"_s, 1, u"from bob"_s)).ok());
        QCOMPARE(clientIdsOf(alice.operations().value()), QStringList { u"a1"_s });
        QCOMPARE(clientIdsOf(bob.operations().value()), QStringList { u"b1"_s });
        QCOMPARE(aliceElsewhere.operations().value().size(), 0);
        QCOMPARE(bob.resumeCursor().value(), qint64(0));
        QCOMPARE(aliceElsewhere.resumeCursor().value(), qint64(0));
        QVERIFY(alice.saveDraft(1, u"alice's draft"_s).ok());
        QCOMPARE(bob.draft(1).value(), QString());
        QCOMPARE(aliceElsewhere.drafts().value().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestLocalStore)
#include "tst_localstore.moc"
