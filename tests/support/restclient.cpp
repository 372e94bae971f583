#include "restclient.h"

#include <shared/jsoncodec.h>

#include <QBuffer>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTest>

namespace chat::test {

using namespace Qt::StringLiterals;

QByteArray HttpReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString HttpReply::errorCode() const
{
    return json.value(u"error"_s).toObject().value(u"code"_s).toString();
}

RestClient::RestClient(const QUrl &serverUrl)
    : m_base(serverUrl)
{ }

void RestClient::trustCertificate(const QSslCertificate &certificate)
{
    QObject::connect(&m_network, &QNetworkAccessManager::sslErrors, &m_network,
        [certificate](QNetworkReply *reply, const QList<QSslError> &errors) {
            const bool ours = reply->sslConfiguration().peerCertificate() == certificate
                || std::any_of(errors.cbegin(), errors.cend(),
                    [&](const QSslError &error) { return error.certificate() == certificate; });
            if (ours)
                reply->ignoreSslErrors(errors);
        });
}

HttpReply RestClient::request(
    const QByteArray &method, const QString &path, const QByteArray &body, const QString &token)
{
    return send(method, u"/api/v1"_s + path, body, token);
}

HttpReply RestClient::requestAtRoot(const QByteArray &method, const QString &path)
{
    return send(method, path, {}, {});
}

HttpReply RestClient::send(const QByteArray &method, const QString &absolutePath,
    const QByteArray &body, const QString &token)
{
    QUrl url = m_base;
    const QString &path = absolutePath;
    const qsizetype queryStart = path.indexOf(u'?');
    url.setPath(path.left(queryStart));
    if (queryStart >= 0)
        url.setQuery(path.mid(queryStart + 1));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());

    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    HttpReply result;
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 20000)) {
        reply->abort();
        reply->deleteLater();
        return result;
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.json = QJsonDocument::fromJson(result.body).object();
    for (const auto &pair : reply->rawHeaderPairs())
        result.headers.append(pair);
    reply->deleteLater();
    return result;
}

HttpReply RestClient::get(const QString &path, const QString &token)
{
    return request("GET", path, {}, token);
}

HttpReply RestClient::post(const QString &path, const QJsonObject &body, const QString &token)
{
    return request("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), token);
}

Session RestClient::signUp(const QString &username, const QString &password)
{
    const QJsonObject credentials { { u"username"_s, username }, { u"password"_s, password } };
    if (post(u"/register"_s, credentials).status != 201)
        return {};
    const HttpReply login = post(u"/login"_s, credentials);
    auto session = json::decodeSession(login.json);
    return session ? session.value() : Session {};
}

Pair RestClient::signUpPair()
{
    Pair pair { signUp(u"alice"_s), signUp(u"bob"_s), 0 };
    pair.conversationId = openConversation(pair.alice.token, u"bob"_s);
    return pair;
}

qint64 RestClient::openConversation(const QString &token, const QString &username)
{
    const HttpReply reply
        = post(u"/conversations"_s, QJsonObject { { u"username"_s, username } }, token);
    return reply.json.value(u"conversation"_s).toObject().value(u"id"_s).toInteger();
}

HttpReply RestClient::sendMessage(
    const QString &token, qint64 conversationId, const QString &clientId, const QString &body)
{
    return post(u"/conversations/%1/messages"_s.arg(conversationId),
        QJsonObject { { u"clientId"_s, clientId }, { u"body"_s, body } }, token);
}

} // namespace chat::test
