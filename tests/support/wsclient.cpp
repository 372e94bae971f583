#include "wsclient.h"

#include <QJsonDocument>
#include <QNetworkRequest>
#include <QTest>
#include <QUrlQuery>

namespace chat::test {

using namespace Qt::StringLiterals;

WsClient::WsClient(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        m_frames.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    connect(&m_socket, &QWebSocket::connected, this, [this] { m_connected = true; });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        m_connected = false;
        m_closeCode = m_socket.closeCode();
    });
}

void WsClient::trustCertificate(const QSslCertificate &certificate)
{
    m_socket.ignoreSslErrors({ QSslError(QSslError::SelfSignedCertificate, certificate) });
}

bool WsClient::connectOnly(const QUrl &url)
{
    m_socket.open(url);
    return QTest::qWaitFor([this] { return m_connected; }, 10000);
}

bool WsClient::connectAndAuthenticate(const QUrl &url, const QString &token, TokenIn where)
{
    QNetworkRequest request(url);
    if (where == TokenIn::Header) {
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    } else if (where == TokenIn::Query) {
        QUrl withToken = url;
        withToken.setQuery(QUrlQuery { { u"access_token"_s, token } });
        request.setUrl(withToken);
    }
    m_socket.open(request);
    if (!QTest::qWaitFor([this] { return m_connected; }, 10000))
        return false;
    if (where == TokenIn::FirstFrame)
        sendJson({ { u"type"_s, u"auth"_s }, { u"token"_s, token } });
    return waitForFrames(u"ready"_s, 1);
}

void WsClient::sendJson(const QJsonObject &frame)
{
    sendText(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
}

void WsClient::sendText(const QString &text)
{
    m_socket.sendTextMessage(text);
}

void WsClient::sendMessage(
    const QString &requestId, qint64 conversationId, const QString &clientId, const QString &body)
{
    sendJson(
        { { u"type"_s, u"send"_s }, { u"id"_s, requestId }, { u"conversationId"_s, conversationId },
            { u"clientId"_s, clientId }, { u"body"_s, body } });
}

bool WsClient::sendBigMessages(qint64 conversationId, int count, int timeoutMs)
{
    const QString body(16000, u'x');
    const qsizetype acked = frames(u"ack"_s).size();
    for (int i = 0; i < count; ++i)
        sendMessage(u"r%1"_s.arg(i), conversationId, u"big-%1"_s.arg(i), body);
    return waitForFrames(u"ack"_s, int(acked) + count, timeoutMs);
}

bool WsClient::waitForFrames(const QString &type, int count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return frames(type).size() >= count; }, timeoutMs);
}

bool WsClient::roundTrip(int timeoutMs)
{
    static int counter = 0;
    const QString id = u"sync-%1"_s.arg(++counter);
    sendJson({ { u"type"_s, u"ping"_s }, { u"id"_s, id } });
    return QTest::qWaitFor(
        [this, &id] {
            const QList<QJsonObject> pongs = frames(u"pong"_s);
            return std::any_of(pongs.begin(), pongs.end(),
                [&id](const QJsonObject &pong) { return pong.value(u"id"_s).toString() == id; });
        },
        timeoutMs);
}

QList<QJsonObject> WsClient::frames(const QString &type) const
{
    QList<QJsonObject> matching;
    for (const QJsonObject &frame : m_frames) {
        if (frame.value(u"type"_s).toString() == type)
            matching.append(frame);
    }
    return matching;
}

bool WsClient::waitForDisconnected(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_closeCode != -1; }, timeoutMs);
}

} // namespace chat::test
