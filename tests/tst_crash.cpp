// Crash safety, end to end: a client sends 500 messages as fast as its outbox allows
// while chatd is killed with SIGKILL three times, at progress points drawn from a seed
// (CHAT_STRESS_SEED), and restarted on the same database. At the end every message is
// stored exactly once, in send order, the receiver's list equals the sender's, and the
// database passes PRAGMA integrity_check.
#include <client/clientcontext.h>
#include <client/models/messagelistmodel.h>
#include <client/network/chatsession.h>
#include <server/store/store.h>
#include <support/restclient.h>

#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;

namespace {
constexpr int MessageCount = 500;
constexpr int Kills = 3;
constexpr int Timeout = 120000;

//! chatd as a child process on a fixed database, restartable on the same port.
class Daemon
{
public:
    explicit Daemon(const QString &databasePath)
        : m_databasePath(databasePath)
    { }
    ~Daemon() { kill(); }

    bool start()
    {
        m_process = std::make_unique<QProcess>();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(u"QT_LOGGING_RULES"_s);
        m_process->setProcessEnvironment(environment);
        m_process->setProcessChannelMode(QProcess::SeparateChannels);
        m_process->start(QStringLiteral(CHATD_PATH),
            { u"--port"_s, QString::number(m_port), u"--db"_s, m_databasePath });
        static const QRegularExpression listening(u"listening on http://[^:]+:(\\d+)"_s);
        QByteArray log;
        const bool up = QTest::qWaitFor(
            [&] {
                log += m_process->readAllStandardError();
                return listening.match(QString::fromUtf8(log)).hasMatch()
                    || m_process->state() == QProcess::NotRunning;
            },
            Timeout);
        const auto match = listening.match(QString::fromUtf8(log));
        if (!up || !match.hasMatch()) {
            qWarning("chatd did not start: %s", log.constData());
            return false;
        }
        m_port = quint16(match.captured(1).toUInt());
        return true;
    }

    void kill()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->kill(); // SIGKILL: no chance to flush or close anything
            m_process->waitForFinished();
        }
    }

    bool terminate()
    {
        m_process->terminate();
        return m_process->waitForFinished(Timeout) && m_process->exitCode() == 0;
    }

    [[nodiscard]] QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_port)); }

private:
    QString m_databasePath;
    quint16 m_port = 0; // 0 the first time; the same port after that
    std::unique_ptr<QProcess> m_process;
};

struct Device
{
    client::ChatSession session;
    client::ClientContext client { session };
};

QList<QPair<qint64, QString>> rowsOf(const client::MessageListModel *model)
{
    QList<QPair<qint64, QString>> rows;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row);
        rows.append({ index.data(client::MessageListModel::IdRole).toLongLong(),
            index.data(client::MessageListModel::BodyRole).toString() });
    }
    return rows;
}
} // namespace

class TestCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyAcknowledgedMessageSurvivesKills()
    {
        const quint32 seed = qEnvironmentVariableIntValue("CHAT_STRESS_SEED");
        QRandomGenerator random(seed);
        qInfo("seed %u", seed);

        QTemporaryDir directory;
        const QString databasePath = directory.filePath(u"chatd.sqlite3"_s);
        Daemon daemon(databasePath);
        QVERIFY(daemon.start());
        {
            test::RestClient rest(daemon.url());
            QVERIFY(!rest.signUp(u"alice"_s).token.isEmpty());
            QVERIFY(!rest.signUp(u"bob"_s).token.isEmpty());
        }

        Device alice;
        Device bob;
        alice.client.setProfileDirectory(directory.filePath(u"alice-profile"_s));
        bob.client.setProfileDirectory(directory.filePath(u"bob-profile"_s));
        alice.session.signIn(daemon.url(), u"alice"_s, u"violet-kettle-42"_s);
        bob.session.signIn(daemon.url(), u"bob"_s, u"violet-kettle-42"_s);
        QTRY_COMPARE_WITH_TIMEOUT(
            alice.session.connectionState(), client::ChatSession::ConnectionState::Online, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(
            bob.session.connectionState(), client::ChatSession::ConnectionState::Online, Timeout);
        alice.client.openConversation().openDirect(bob.session.user());
        QTRY_VERIFY_WITH_TIMEOUT(alice.client.openConversation().conversationId() != 0, Timeout);
        bob.client.openConversation().openDirect(alice.session.user());
        QTRY_VERIFY_WITH_TIMEOUT(bob.client.openConversation().conversationId() != 0, Timeout);

        // The kill points: how many messages remain unacknowledged when each kill happens.
        QList<int> killWhenWaiting;
        for (int i = 0; i < Kills; ++i)
            killWhenWaiting.append(int(random.bounded(20, MessageCount - 20)));
        std::sort(killWhenWaiting.begin(), killWhenWaiting.end(), std::greater<>());

        for (int i = 0; i < MessageCount; ++i)
            QVERIFY(!alice.client.openConversation()
                         .send(u"message %1"_s.arg(i, 3, 10, QLatin1Char('0')))
                         .isEmpty());

        for (int waiting : std::as_const(killWhenWaiting)) {
            QTRY_VERIFY_WITH_TIMEOUT(alice.client.outgoing().waitingCount() <= waiting, Timeout);
            qInfo("killing chatd with %d messages waiting", alice.client.outgoing().waitingCount());
            QVERIFY(alice.client.outgoing().waitingCount() > 0); // mid-stream, not after the fact
            daemon.kill();
            QVERIFY(daemon.start());
        }
        QTRY_COMPARE_WITH_TIMEOUT(alice.client.outgoing().waitingCount(), 0, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(bob.client.messages()->rowCount(), MessageCount, Timeout);

        // Exactly once, in send order, on the server...
        test::RestClient rest(daemon.url());
        const QString token
            = rest.post(u"/login"_s,
                      { { u"username"_s, u"bob"_s }, { u"password"_s, u"violet-kettle-42"_s } })
                  .json[u"token"_s]
                  .toString();
        QStringList stored;
        QString cursor;
        for (bool more = true; more;) {
            const auto page = rest.get(u"/conversations/%1/messages?limit=200%2"_s
                                           .arg(bob.client.openConversation().conversationId())
                                           .arg(cursor),
                token);
            QCOMPARE(page.status, 200);
            const QJsonArray messages = page.json[u"messages"_s].toArray();
            for (const QJsonValue &message : messages)
                stored.prepend(message[u"body"_s].toString());
            more = page.json[u"hasMore"_s].toBool();
            if (!messages.isEmpty())
                cursor = u"&before=%1"_s.arg(messages.last()[u"id"_s].toInteger());
        }
        QCOMPARE(stored.size(), MessageCount);
        for (int i = 0; i < MessageCount; ++i)
            QCOMPARE(stored[i], u"message %1"_s.arg(i, 3, 10, QLatin1Char('0')));

        // ...and the same list, Sent, on both ends.
        QTRY_VERIFY_WITH_TIMEOUT(
            rowsOf(alice.client.messages()) == rowsOf(bob.client.messages()), Timeout);
        for (int row = 0; row < MessageCount; ++row) {
            QCOMPARE(alice.client.messages()
                         ->index(row)
                         .data(client::MessageListModel::DeliveryStateRole)
                         .value<client::DeliveryState>(),
                client::DeliveryState::Sent);
        }

        QVERIFY(daemon.terminate());
        server::Store store;
        QVERIFY(store.open(databasePath).ok());
        QCOMPARE(store.integrityCheck().value(), u"ok"_s);
    }
};

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
