#pragma once

#include <shared/jsoncodec.h>
#include <shared/result.h>
#include <shared/wiretypes.h>

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkReply;
class QUrlQuery;

namespace chat::client {

class TlsTrust;

//! The REST half of the protocol: one method per endpoint, each answering through a
//! callback with a decoded value or an Error (the server's, or NetworkError /
//! ProtocolViolation when no valid answer came). Callbacks run in the event loop and
//! are dropped if this object is destroyed first; wrap one in whileAlive() when its
//! owner may go first.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    template<typename T> using Callback = std::function<void(Result<T>)>;

    explicit ApiClient(QObject *parent = nullptr);

    void setServerUrl(const QUrl &url) { m_serverUrl = url; }
    [[nodiscard]] QUrl serverUrl() const { return m_serverUrl; }
    void setToken(const QString &token) { m_token = token; }
    //! Who decides about an https server's certificate the system does not trust; none:
    //! only system-trusted certificates are accepted. `trust` must outlive this client.
    void setTlsTrust(TlsTrust *trust) { m_trust = trust; }
    [[nodiscard]] QString token() const { return m_token; }

    void registerAccount(const json::Credentials &credentials, Callback<User> done);
    void logIn(const json::Credentials &credentials, Callback<Session> done);
    void logOut(Callback<Done> done);
    void contacts(Callback<QList<Contact>> done);
    void openConversation(const QString &username, Callback<Conversation> done);
    void history(qint64 conversationId, std::optional<qint64> beforeId, int limit,
        Callback<HistoryPage> done);
    //! GET /conversations/{id}/messages?around=: the page centred on `messageId` (about half
    //! of `limit` older, the message included, the rest newer), with `hasNewer` set. Also
    //! the way to page towards the newest: around the newest message one has.
    void historyAround(
        qint64 conversationId, qint64 messageId, int limit, Callback<HistoryPage> done);
    struct SendOutcome
    {
        Message message;
        bool duplicate = false;
    };
    void sendMessage(const json::SendRequest &request, Callback<SendOutcome> done);
    //! POST /conversations/{id}/read: our read position moves forward to `upTo`.
    void markRead(qint64 conversationId, qint64 upTo, Callback<Done> done);
    //! GET /settings.
    void settings(Callback<Settings> done);
    //! PUT /settings: answers with all three as they are now.
    void updateSettings(const json::SettingsUpdate &update, Callback<Settings> done);

    //! The User-Agent of every request: "Chat/<version> (<system>; <host name>)".
    [[nodiscard]] static QByteArray userAgent();

    using JsonCallback = std::function<void(Result<QJsonObject>)>;
    //! One request to `path` under the API prefix (with its query, if any) with a JSON body
    //! (none when empty); `done` gets the answer's JSON object or the Error.
    void call(
        const QByteArray &method, const QString &path, const QJsonObject &body, JsonCallback done);

private:
    static Result<QJsonObject> readReply(QNetworkReply *reply);
    void historyPage(qint64 conversationId, const QUrlQuery &query, Callback<HistoryPage> done);

    QNetworkAccessManager m_network;
    QUrl m_serverUrl;
    QString m_token;
    TlsTrust *m_trust = nullptr;
};

//! A JSON answer decoded by `decode` for `done`; an answer that does not decode is a
//! ProtocolViolation (the server broke the contract), not the server's error.
template<typename T, typename Decoder>
[[nodiscard]] ApiClient::JsonCallback decodedAs(ApiClient::Callback<T> done, Decoder decode)
{
    return [done = std::move(done), decode](Result<QJsonObject> reply) {
        using namespace Qt::StringLiterals;
        if (!reply) {
            done(reply.error());
            return;
        }
        Result<T> decoded = decode(reply.value());
        if (!decoded) {
            done(Error { ErrorCode::ProtocolViolation,
                u"unexpected answer from the server: %1"_s.arg(decoded.error().message) });
            return;
        }
        done(std::move(decoded));
    };
}

//! The object field `name` of an answer, or why it is not there.
[[nodiscard]] Result<QJsonObject> objectField(const QJsonObject &object, const QString &name);

//! `done`, run only if `context` still exists when the answer comes (a controller that
//! asked may be gone before the ApiClient that holds the callback).
template<typename T, typename Done>
[[nodiscard]] ApiClient::Callback<T> whileAlive(const QObject *context, Done done)
{
    return [context = QPointer<const QObject>(context), done = std::move(done)](Result<T> result) {
        if (context)
            done(std::move(result));
    };
}

} // namespace chat::client
