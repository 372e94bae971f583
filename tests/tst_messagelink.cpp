// Links to a message (client::MessageLink): made from the server's URL, read back only
// when they name the same server, and nothing else taken for one.
#include <client/conversations/messagelink.h>

#include <QTest>

using namespace Qt::StringLiterals;
using chat::client::MessageLink;

class TestMessageLink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripsOnTheSameServer()
    {
        const QUrl server(u"http://192.168.1.20:8420"_s);
        const MessageLink link { 12, 345 };
        const QUrl url = link.toUrl(server);
        QCOMPARE(url.toString(), u"chat://192.168.1.20:8420/conversations/12/messages/345"_s);
        QCOMPARE(MessageLink::fromUrl(url, server), link);
        // Pasted as text and parsed again, with the host in another case.
        QCOMPARE(
            MessageLink::fromUrl(QUrl(u"chat://192.168.1.20:8420/conversations/12/messages/345"_s),
                QUrl(u"http://192.168.1.20:8420/"_s)),
            link);
        const QUrl tls(u"https://chat.example.org"_s);
        QCOMPARE(link.toUrl(tls).toString(),
            u"chats://chat.example.org:443/conversations/12/messages/345"_s);
        QCOMPARE(MessageLink::fromUrl(
                     QUrl(u"chats://CHAT.example.org:443/conversations/12/messages/345"_s), tls),
            link);
    }

    void refusesWhatIsNotALinkToThisServer_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("another server") << u"chat://10.0.0.1:8420/conversations/12/messages/345"_s;
        QTest::newRow("another port")
            << u"chat://192.168.1.20:9000/conversations/12/messages/345"_s;
        QTest::newRow("web link") << u"http://192.168.1.20:8420/conversations/12/messages/345"_s;
        QTest::newRow("tls scheme for plain server")
            << u"chats://192.168.1.20:8420/conversations/12/messages/345"_s;
        QTest::newRow("no message") << u"chat://192.168.1.20:8420/conversations/12"_s;
        QTest::newRow("zero id") << u"chat://192.168.1.20:8420/conversations/0/messages/345"_s;
        QTest::newRow("negative") << u"chat://192.168.1.20:8420/conversations/-1/messages/345"_s;
        QTest::newRow("not a number") << u"chat://192.168.1.20:8420/conversations/x/messages/345"_s;
        QTest::newRow("too long")
            << u"chat://192.168.1.20:8420/conversations/1/messages/1234567890123456789"_s;
        QTest::newRow("extra path") << u"chat://192.168.1.20:8420/conversations/1/messages/2/x"_s;
        QTest::newRow("query") << u"chat://192.168.1.20:8420/conversations/1/messages/2?a=b"_s;
        QTest::newRow("empty") << QString();
    }

    void refusesWhatIsNotALinkToThisServer()
    {
        QFETCH(QString, url);
        QVERIFY(!MessageLink::fromUrl(QUrl(url), QUrl(u"http://192.168.1.20:8420"_s)));
    }
};

QTEST_GUILESS_MAIN(TestMessageLink)
#include "tst_messagelink.moc"
