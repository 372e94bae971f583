#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTcpSocket>
#include <QUrl>

namespace chat::test {

//! One HTTP/1.1 request on a QTcpSocket of its own, answered asynchronously: for tests
//! that need many requests in flight at once (QNetworkAccessManager sends at most six per
//! host at a time), custom headers, or to hang up before the answer.
class RawHttpExchange : public QObject
{
    Q_OBJECT
public:
    explicit RawHttpExchange(QObject *parent = nullptr);

    //! Connects to `server` and sends `method path` with `body` (JSON) and `headers`.
    void start(const QUrl &server, const QByteArray &method, const QByteArray &path,
        const QByteArray &body = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    //! Hangs up without waiting for the answer.
    void abort() { m_socket.abort(); }

    [[nodiscard]] bool isDone() const { return m_done; }
    [[nodiscard]] int status() const { return m_status; }
    [[nodiscard]] QByteArray header(const QByteArray &name) const;
    [[nodiscard]] QByteArray body() const { return m_body; }
    //! error.code of a JSON error body.
    [[nodiscard]] QString errorCode() const;
    //! Milliseconds from start() to the whole answer.
    [[nodiscard]] qint64 elapsedMs() const { return m_elapsedMs; }

Q_SIGNALS:
    void finished();

private:
    void onReadyRead();

    QTcpSocket m_socket;
    QByteArray m_received;
    QElapsedTimer m_timer;
    bool m_done = false;
    int m_status = 0;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
    qint64 m_elapsedMs = -1;
};

} // namespace chat::test
