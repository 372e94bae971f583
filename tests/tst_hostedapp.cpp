// The real `chat` binary hosting its embedded server (chat --host), offscreen: other
// clients can sign up on it and talk through it.
#include <client/clientcontext.h>
#include <client/models/messagelistmodel.h>
#include <client/network/chatsession.h>
#include <support/timeouts.h>

#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace { }

class TestHostedApp : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QProcess m_app;
    QByteArray m_log;

    //! Starts `chat` with the arguments; returns the hosted server's URL (empty on failure).
    QUrl startApp(const QStringList &arguments)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        environment.insert(u"HOME"_s, m_home.path());
        environment.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u"config"_s));
        environment.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
        environment.remove(u"CHAT_PASSWORD"_s);
        m_app.setProcessEnvironment(environment);
        connect(&m_app, &QProcess::readyReadStandardError, this,
            [this] { m_log += m_app.readAllStandardError(); });
        m_app.start(QStringLiteral(CHAT_APP_PATH), arguments);
        if (!m_app.waitForStarted())
            return {};
        static const QRegularExpression hosting(u"hosting a chat server at (\\S+)"_s);
        QRegularExpressionMatch match;
        (void)QTest::qWaitFor(
            [&] {
                match = hosting.match(QString::fromUtf8(m_log));
                return match.hasMatch() || m_app.state() == QProcess::NotRunning;
            },
            Timeout);
        return match.hasMatch() ? QUrl(match.captured(1)) : QUrl();
    }

private Q_SLOTS:
    void cleanup()
    {
        if (m_app.state() != QProcess::NotRunning) {
            m_app.kill();
            m_app.waitForFinished();
        }
        m_log.clear();
    }

    void hostedServerAcceptsOtherClients()
    {
        const QUrl url = startApp({ u"--host"_s, u"--listen"_s, u"127.0.0.1"_s, u"--port"_s, u"0"_s,
            u"--db"_s, m_home.filePath(u"hosted.sqlite3"_s) });
        QVERIFY2(url.isValid() && url.port() > 0, m_log.constData());

        client::ChatSession alice;
        client::ChatSession bob;
        client::ClientContext aliceClient(alice);
        client::ClientContext bobClient(bob);
        aliceClient.setProfileDirectory(m_home.filePath(u"accounts"_s));
        bobClient.setProfileDirectory(m_home.filePath(u"accounts"_s));
        alice.signIn(
            url, u"alice"_s, u"violet-kettle-42"_s, client::ChatSession::SignInMode::Register);
        bob.signIn(url, u"bob"_s, u"violet-kettle-42"_s, client::ChatSession::SignInMode::Register);
        QTRY_COMPARE_WITH_TIMEOUT(
            alice.connectionState(), client::ChatSession::ConnectionState::Online, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(
            bob.connectionState(), client::ChatSession::ConnectionState::Online, Timeout);

        aliceClient.openConversation().openDirect(bob.user());
        QTRY_VERIFY_WITH_TIMEOUT(aliceClient.openConversation().conversationId() != 0, Timeout);
        bobClient.openConversation().openDirect(alice.user());
        QTRY_VERIFY_WITH_TIMEOUT(bobClient.openConversation().conversationId() != 0, Timeout);

        QVERIFY(!aliceClient.openConversation().send(u"through the hosted server"_s).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(bobClient.messages()->rowCount(), 1, Timeout);
        QCOMPARE(bobClient.messages()->index(0).data(client::MessageListModel::BodyRole).toString(),
            u"through the hosted server"_s);
        QVERIFY(m_app.state() == QProcess::Running);
        // The icon is compiled in: no warning that the resource is missing.
        QVERIFY2(!m_log.contains(":/icons/chat.svg"), m_log.constData());
    }

    void helpAndVersionNeedNoDisplay_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("expected");
        QTest::newRow("help") << u"--help"_s << u"--host"_s;
        QTest::newRow("version") << u"--version"_s << u"chat "_s;
    }

    void helpAndVersionNeedNoDisplay()
    {
        QFETCH(QString, option);
        QFETCH(QString, expected);
        // No display at all and the default platform (xcb): a QApplication would abort.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(u"DISPLAY"_s);
        environment.remove(u"WAYLAND_DISPLAY"_s);
        environment.remove(u"QT_QPA_PLATFORM"_s);
        QProcess app;
        app.setProcessEnvironment(environment);
        app.start(QStringLiteral(CHAT_APP_PATH), { option });
        QVERIFY(app.waitForFinished(Timeout));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        const QString out = QString::fromUtf8(app.readAllStandardOutput());
        QVERIFY2(out.contains(expected), qPrintable(out));
    }

    void takenPortIsReported()
    {
        QTcpServer occupier;
        QVERIFY(occupier.listen(QHostAddress::LocalHost));
        startApp({ u"--host"_s, u"--listen"_s, u"127.0.0.1"_s, u"--port"_s,
            QString::number(occupier.serverPort()), u"--db"_s,
            m_home.filePath(u"taken.sqlite3"_s) });
        QVERIFY(m_app.state() == QProcess::NotRunning || m_app.waitForFinished(Timeout));
        QCOMPARE(m_app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_app.exitCode(), 1);
        m_log += m_app.readAllStandardError();
        QVERIFY2(m_log.contains("Cannot host the chat server"), m_log.constData());
    }
};

QTEST_GUILESS_MAIN(TestHostedApp)
#include "tst_hostedapp.moc"
