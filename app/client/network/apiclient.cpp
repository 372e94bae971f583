#include "apiclient.h"

#include <client/clientlogging.h>
#include <client/network/tlstrust.h>
#include <shared/protocol.h>
#include <shared/validation.h>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSysInfo>
#include <QUrlQuery>

namespace chat::client {

using namespace Qt::StringLiterals;

namespace {
constexpr int RequestTimeoutMs = 30'000;

} // namespace

Result<QJsonObject> objectField(const QJsonObject &object, const QString &name)
{
    const QJsonValue value = object.value(name);
    if (!value.isObject())
        return Error { ErrorCode::InvalidField, u"'%1' is missing"_s.arg(name), name };
    return value.toObject();
}

QByteArray ApiClient::userAgent()
{
    // What the user's list of sessions shows for this one (GET /sessions): which app, on
    // which machine.
    static const QByteArray agent
        = u"Chat/%1 (%2; %3)"_s
              .arg(QCoreApplication::applicationVersion().isEmpty()
                      ? u"dev"_s
                      : QCoreApplication::applicationVersion(),
                  QSysInfo::prettyProductName(), QSysInfo::machineHostName())
              .toUtf8();
    return agent;
}

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
{
    m_network.setTransferTimeout(RequestTimeoutMs);
    // Called before the handshake goes on: ignoring here is the only way to accept a
    // certificate the system does not trust (a pinned self-signed one).
    connect(&m_network, &QNetworkAccessManager::sslErrors, this,
        [this](QNetworkReply *reply, const QList<QSslError> &errors) {
            if (!m_trust)
                return;
            QSslCertificate presented = reply->sslConfiguration().peerCertificate();
            if (presented.isNull())
                presented = TlsTrust::certificateOf(errors);
            if (m_trust->acceptDespiteErrors(TlsTrust::hostPort(reply->url()), errors, presented))
                reply->ignoreSslErrors(errors);
        });
}

Result<QJsonObject> ApiClient::readReply(QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status == 0 && reply->error() == QNetworkReply::SslHandshakeFailedError) {
        return Error { ErrorCode::NetworkError,
            u"the server's certificate is not trusted: %1"_s.arg(reply->errorString()) };
    }
    if (status == 0) {
        return Error { ErrorCode::NetworkError,
            u"cannot reach the server: %1"_s.arg(reply->errorString()) };
    }
    if (status == 204)
        return QJsonObject();
    auto json = parseJsonObject(body, 64 * 1024 * 1024);
    if (status >= 400) {
        if (json) {
            if (auto error = Error::fromJson(json.value().value(u"error"_s).toObject()))
                return *error;
        }
        return Error { ErrorCode::ProtocolViolation,
            u"the server answered HTTP %1 without an error body"_s.arg(status) };
    }
    if (!json) {
        return Error { ErrorCode::ProtocolViolation,
            u"the server's answer is not JSON: %1"_s.arg(json.error().message) };
    }
    return json;
}

void ApiClient::call(
    const QByteArray &method, const QString &path, const QJsonObject &body, JsonCallback done)
{
    QUrl url = m_serverUrl;
    const qsizetype queryStart = path.indexOf(u'?');
    url.setPath(QString::fromLatin1(protocol::ApiPrefix) + path.left(queryStart));
    if (queryStart >= 0)
        url.setQuery(path.mid(queryStart + 1));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
    const QByteArray payload
        = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);

    QNetworkReply *reply = m_network.sendCustomRequest(request, method, payload);
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        done(readReply(reply));
    });
}

void ApiClient::registerAccount(const json::Credentials &credentials, Callback<User> done)
{
    call("POST", u"/register"_s, json::encode(credentials),
        decodedAs<User>(std::move(done), [](const QJsonObject &object) -> Result<User> {
            auto user = objectField(object, u"user"_s);
            if (!user)
                return user.error();
            return json::decodeUser(user.value());
        }));
}

void ApiClient::logIn(const json::Credentials &credentials, Callback<Session> done)
{
    call("POST", u"/login"_s, json::encode(credentials),
        decodedAs<Session>(std::move(done), json::decodeSession));
}

void ApiClient::logOut(Callback<Done> done)
{
    call("POST", u"/logout"_s, {}, [done = std::move(done)](Result<QJsonObject> reply) {
        if (!reply)
            done(reply.error());
        else
            done(Done {});
    });
}

void ApiClient::contacts(Callback<QList<Contact>> done)
{
    call("GET", u"/contacts"_s, {},
        decodedAs<QList<Contact>>(std::move(done), json::decodeContactList));
}

void ApiClient::openConversation(const QString &username, Callback<Conversation> done)
{
    call("POST", u"/conversations"_s, json::encode(json::OpenConversationRequest { username }),
        decodedAs<Conversation>(
            std::move(done), [](const QJsonObject &object) -> Result<Conversation> {
                auto conversation = objectField(object, u"conversation"_s);
                if (!conversation)
                    return conversation.error();
                return json::decodeConversation(conversation.value());
            }));
}

void ApiClient::history(
    qint64 conversationId, std::optional<qint64> beforeId, int limit, Callback<HistoryPage> done)
{
    QUrlQuery query;
    query.addQueryItem(u"limit"_s, QString::number(limit));
    if (beforeId)
        query.addQueryItem(u"before"_s, QString::number(*beforeId));
    historyPage(conversationId, query, std::move(done));
}

void ApiClient::historyAround(
    qint64 conversationId, qint64 messageId, int limit, Callback<HistoryPage> done)
{
    QUrlQuery query;
    query.addQueryItem(u"limit"_s, QString::number(limit));
    query.addQueryItem(u"around"_s, QString::number(messageId));
    historyPage(conversationId, query, std::move(done));
}

void ApiClient::historyPage(
    qint64 conversationId, const QUrlQuery &query, Callback<HistoryPage> done)
{
    call("GET", u"/conversations/%1/messages?%2"_s.arg(conversationId).arg(query.toString()), {},
        decodedAs<HistoryPage>(std::move(done), json::decodeHistoryPage));
}

void ApiClient::sendMessage(const json::SendRequest &request, Callback<SendOutcome> done)
{
    call("POST", u"/conversations/%1/messages"_s.arg(request.conversationId),
        json::encode(request, false),
        decodedAs<SendOutcome>(
            std::move(done), [](const QJsonObject &object) -> Result<SendOutcome> {
                auto message = objectField(object, u"message"_s);
                if (!message)
                    return message.error();
                auto decoded = json::decodeMessage(message.value());
                if (!decoded)
                    return decoded.error();
                return SendOutcome { decoded.value(), object.value(u"duplicate"_s).toBool() };
            }));
}

void ApiClient::markRead(qint64 conversationId, qint64 upTo, Callback<Done> done)
{
    call("POST", u"/conversations/%1/read"_s.arg(conversationId),
        json::encode(json::ReadRequest { .upTo = upTo }),
        [done = std::move(done)](Result<QJsonObject> reply) {
            if (!reply)
                done(reply.error());
            else
                done(Done {});
        });
}

void ApiClient::settings(Callback<Settings> done)
{
    call("GET", u"/settings"_s, {}, decodedAs<Settings>(std::move(done), json::decodeSettings));
}

void ApiClient::updateSettings(const json::SettingsUpdate &update, Callback<Settings> done)
{
    call("PUT", u"/settings"_s, json::encode(update),
        decodedAs<Settings>(std::move(done), json::decodeSettings));
}

} // namespace chat::client
