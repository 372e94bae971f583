#include "rawhttpexchange.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace chat::test {

using namespace Qt::StringLiterals;

RawHttpExchange::RawHttpExchange(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &RawHttpExchange::onReadyRead);
}

void RawHttpExchange::start(const QUrl &server, const QByteArray &method, const QByteArray &path,
    const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: " + server.host().toLatin1()
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\n";
    for (const auto &[name, value] : headers)
        request += name + ": " + value + "\r\n";
    request += "\r\n" + body;
    m_timer.start();
    m_socket.connectToHost(server.host(), quint16(server.port()));
    m_socket.write(request); // buffered until connected
}

void RawHttpExchange::onReadyRead()
{
    m_received += m_socket.readAll();
    const qsizetype headerEnd = m_received.indexOf("\r\n\r\n");
    if (m_done || headerEnd < 0)
        return;
    const QList<QByteArray> lines = m_received.left(headerEnd).split('\n');
    qsizetype contentLength = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray name = lines[i].left(colon).trimmed();
        const QByteArray value = lines[i].mid(colon + 1).trimmed();
        headers.append({ name, value });
        if (name.compare("content-length", Qt::CaseInsensitive) == 0)
            contentLength = value.toLongLong();
    }
    if (m_received.size() < headerEnd + 4 + contentLength)
        return;
    const QList<QByteArray> statusLine = lines.constFirst().split(' ');
    m_status = statusLine.size() > 1 ? statusLine[1].toInt() : 0;
    m_headers = headers;
    m_body = m_received.mid(headerEnd + 4, contentLength);
    m_elapsedMs = m_timer.elapsed();
    m_done = true;
    Q_EMIT finished();
}

QByteArray RawHttpExchange::header(const QByteArray &name) const
{
    for (const auto &[key, value] : m_headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString RawHttpExchange::errorCode() const
{
    return QJsonDocument::fromJson(m_body)
        .object()
        .value(u"error"_s)
        .toObject()
        .value(u"code"_s)
        .toString();
}

} // namespace chat::test
