#pragma once

#include "waiter.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QUrl>

#include <deque>
#include <functional>

namespace chat::bench {

//! POSTs to the server's REST API, at most `concurrency` at once (the rest queued), each
//! retried after the Retry-After of a 429 or the 503 of a full server. A status other than
//! the expected ones ends everything: `error` says which.
class RestCalls
{
public:
    using Done = std::function<void(int status, const QJsonObject &body)>;

    RestCalls(QUrl server, int concurrency, Waiter &waiter);

    //! Queues POST /api/v1<path>; `done` runs with the answer if its status is in `expected`.
    void post(const QString &path, const QJsonObject &body, const QString &token,
        QList<int> expected, Done done);
    //! Runs until every queued call (and those their callbacks queued) is answered.
    [[nodiscard]] bool finish(int timeoutMs);

    QString error;

private:
    struct Call
    {
        QString path;
        QByteArray body;
        QString token;
        QList<int> expected;
        Done done;
    };
    void startNext();
    void start(Call call);

    QUrl m_server;
    int m_concurrency;
    Waiter &m_waiter;
    QNetworkAccessManager m_network;
    std::deque<Call> m_queue;
    int m_running = 0;
    int m_retrying = 0; //!< Calls waiting out a Retry-After.
};

} // namespace chat::bench
