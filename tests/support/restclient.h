#pragma once

#include <shared/wiretypes.h>

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSslCertificate>
#include <QUrl>

namespace chat::test {

//! The password the fixtures sign users up and in with.
inline QString defaultPassword()
{
    return QStringLiteral("violet-kettle-42");
}

//! One finished HTTP exchange.
struct HttpReply
{
    int status = 0; //!< 0 when no answer came.
    QByteArray body;
    QJsonObject json; //!< The body parsed as an object (empty when it is not one).
    QList<QPair<QByteArray, QByteArray>> headers;

    [[nodiscard]] QByteArray header(const QByteArray &name) const;
    //! error.code of an error body, or an empty string.
    [[nodiscard]] QString errorCode() const;
};

//! Two signed-up users, alice and bob, with their conversation opened.
struct Pair
{
    Session alice;
    Session bob;
    qint64 conversationId = 0;
};

//! A blocking REST client for tests: each call runs the event loop until the reply
//! arrives (or a timeout), with a real QNetworkAccessManager.
class RestClient
{
public:
    explicit RestClient(const QUrl &serverUrl);
    //! Accept `certificate` (a test server's self-signed one) for https.
    void trustCertificate(const QSslCertificate &certificate);

    //! `path` is below /api/v1 ("/login", "/conversations?limit=5").
    HttpReply request(const QByteArray &method, const QString &path, const QByteArray &body = {},
        const QString &token = {});
    //! The same for a path of the server's own, outside /api/v1 ("/healthz").
    HttpReply requestAtRoot(const QByteArray &method, const QString &path);
    HttpReply get(const QString &path, const QString &token = {});
    HttpReply post(const QString &path, const QJsonObject &body, const QString &token = {});

    //! Registers and logs in; returns the session (empty token on failure).
    Session signUp(const QString &username, const QString &password = defaultPassword());
    //! Signs up alice and bob and opens their conversation.
    Pair signUpPair();
    //! Opens the direct conversation; returns its id (0 on failure).
    qint64 openConversation(const QString &token, const QString &username);
    //! Sends over REST; returns the reply.
    HttpReply sendMessage(
        const QString &token, qint64 conversationId, const QString &clientId, const QString &body);

private:
    HttpReply send(const QByteArray &method, const QString &absolutePath, const QByteArray &body,
        const QString &token);

    QUrl m_base;
    QNetworkAccessManager m_network;
};

} // namespace chat::test
