#include "restcalls.h"

#include <QJsonDocument>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace chat::bench {

RestCalls::RestCalls(QUrl server, int concurrency, Waiter &waiter)
    : m_server(std::move(server))
    , m_concurrency(concurrency)
    , m_waiter(waiter)
{ }

void RestCalls::post(const QString &path, const QJsonObject &body, const QString &token,
    QList<int> expected, Done done)
{
    m_queue.push_back({ path, QJsonDocument(body).toJson(QJsonDocument::Compact), token,
        std::move(expected), std::move(done) });
    startNext();
}

void RestCalls::startNext()
{
    while (m_running < m_concurrency && !m_queue.empty() && !m_waiter.failed) {
        Call call = std::move(m_queue.front());
        m_queue.pop_front();
        start(std::move(call));
    }
}

void RestCalls::start(Call call)
{
    QUrl url = m_server;
    url.setPath(u"/api/v1"_s + call.path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (!call.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + call.token.toLatin1());
    QNetworkReply *reply = m_network.post(request, call.body);
    ++m_running;
    QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply, call]() mutable {
        reply->deleteLater();
        --m_running;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray answer = reply->readAll();
        if (status == 429 || status == 503) {
            // The server asks to wait (sign-in throttle, password-check queue, caps).
            const int seconds = std::max(1, reply->rawHeader("Retry-After").toInt());
            ++m_retrying;
            QTimer::singleShot(seconds * 1000, [this, call = std::move(call)]() mutable {
                --m_retrying;
                m_queue.push_back(std::move(call));
                startNext();
                m_waiter.poke();
            });
        } else if (!call.expected.contains(status)) {
            error = u"POST %1: status %2 %3 %4"_s.arg(call.path).arg(status).arg(
                reply->errorString(), QString::fromUtf8(answer.left(300)));
            m_waiter.failed = true;
        } else {
            call.done(status, QJsonDocument::fromJson(answer).object());
        }
        startNext();
        m_waiter.poke();
    });
}

bool RestCalls::finish(int timeoutMs)
{
    return m_waiter.wait(
        [this] { return m_running == 0 && m_retrying == 0 && m_queue.empty(); }, timeoutMs);
}

} // namespace chat::bench
