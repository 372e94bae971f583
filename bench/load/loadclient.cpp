#include "loadclient.h"

#include <shared/frames.h>

#include <QNetworkRequest>
#include <QUrlQuery>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace chat::bench {

namespace {

//! The string value after `key` (e.g. `"clientId":"`), up to its closing quote.
QStringView stringAfter(QStringView text, QStringView key)
{
    const qsizetype at = text.indexOf(key);
    if (at < 0)
        return {};
    const qsizetype start = at + key.size();
    const qsizetype end = text.indexOf(u'"', start);
    return end < 0 ? QStringView() : text.sliced(start, end - start);
}

//! The integer after `key` (e.g. `"id":`) where a digit follows it, else 0.
qint64 integerAfter(QStringView text, QStringView key)
{
    qsizetype at = text.indexOf(key);
    while (at >= 0) {
        qsizetype position = at + key.size();
        qint64 value = 0;
        bool any = false;
        while (position < text.size() && text[position].isDigit()) {
            value = value * 10 + text[position].digitValue();
            any = true;
            ++position;
        }
        if (any)
            return value;
        at = text.indexOf(key, at + 1);
    }
    return 0;
}

FrameKind kindNamed(QStringView type)
{
    if (type == u"message")
        return FrameKind::Message;
    if (type == u"ack")
        return FrameKind::Ack;
    if (type == u"ready")
        return FrameKind::Ready;
    if (type == u"pong")
        return FrameKind::Pong;
    if (type == u"error")
        return FrameKind::Error;
    return FrameKind::Other;
}

} // namespace

FrameFields scanFrame(QStringView text)
{
    FrameFields fields;
    fields.kind = kindNamed(stringAfter(text, u"\"type\":\""));
    if (fields.kind == FrameKind::Ack || fields.kind == FrameKind::Message) {
        fields.clientId = stringAfter(text, u"\"clientId\":\"");
        fields.messageId = integerAfter(text, u"\"id\":");
    } else if (fields.kind == FrameKind::Ready) {
        fields.position = integerAfter(text, u"\"position\":");
    }
    return fields;
}

Result<FrameFields> decodeFrame(const QString &text)
{
    auto frame = frames::decodeServerFrame(text);
    if (!frame)
        return frame.error();
    FrameFields fields;
    if (const auto *ack = std::get_if<frames::Ack>(&frame.value())) {
        fields.kind = FrameKind::Ack;
        fields.messageId = ack->message.id;
    } else if (const auto *event = std::get_if<frames::MessageEvent>(&frame.value())) {
        fields.kind = FrameKind::Message;
        fields.messageId = event->message.id;
    } else if (const auto *ready = std::get_if<frames::Ready>(&frame.value())) {
        fields.kind = FrameKind::Ready;
        fields.position = ready->cursor;
    } else if (std::holds_alternative<frames::Pong>(frame.value())) {
        fields.kind = FrameKind::Pong;
    } else if (std::holds_alternative<frames::ErrorFrame>(frame.value())) {
        fields.kind = FrameKind::Error;
    }
    return fields;
}

LoadClient::LoadClient(
    int index, BenchUser user, const QElapsedTimer &clock, bool strict, const Handlers &handlers)
    : m_index(index)
    , m_user(std::move(user))
    , m_clock(clock)
    , m_strict(strict)
    , m_handlers(handlers)
{ }

LoadClient::~LoadClient()
{
    // ~QWebSocket emits disconnected(): nothing of ours may run then.
    if (m_socket)
        m_socket->disconnect();
}

void LoadClient::open(const QUrl &server, bool resume)
{
    if (m_socket) {
        // Later: this may run in a handler its signals called.
        m_socket->disconnect();
        m_socket.release()->deleteLater();
    }
    m_socket = std::make_unique<QWebSocket>();
    m_ready = false;
    m_closing = false;
    QObject::connect(m_socket.get(), &QWebSocket::textMessageReceived, m_socket.get(),
        [this](const QString &text) { onText(text); });
    // stateChanged, not disconnected: a connection that never opened (refused, reset
    // during the handshake) ends without disconnected().
    QObject::connect(m_socket.get(), &QWebSocket::stateChanged, m_socket.get(),
        [this](QAbstractSocket::SocketState state) {
            if (state == QAbstractSocket::UnconnectedState)
                onClosed();
        });
    QUrl url = server;
    url.setScheme(server.scheme() == u"https"_s ? u"wss"_s : u"ws"_s);
    url.setPath(u"/api/v1/ws"_s);
    if (resume)
        url.setQuery(u"after=%1"_s.arg(m_cursor));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_user.token.toLatin1());
    m_socket->open(request);
}

void LoadClient::send(const QString &text)
{
    m_socket->sendTextMessage(text);
}

void LoadClient::close()
{
    m_closing = true;
    if (m_socket)
        m_socket->close();
}

bool LoadClient::isConnected() const
{
    return m_socket && m_socket->state() != QAbstractSocket::UnconnectedState;
}

void LoadClient::onText(const QString &text)
{
    const qint64 arrived = m_clock.nsecsElapsed();
    if (m_closing)
        return;
    FrameFields fields = scanFrame(text);
    if (m_strict) {
        auto decoded = decodeFrame(text);
        if (!decoded || decoded->kind != fields.kind || decoded->messageId != fields.messageId
            || decoded->position != fields.position) {
            m_problem = u"user %1: a frame the protocol's codec reads otherwise (%2): %3"_s.arg(
                m_user.username, decoded ? u"fields differ"_s : decoded.error().message,
                text.left(300));
            fields.kind = FrameKind::Error;
        }
    }
    if (fields.kind == FrameKind::Message || fields.kind == FrameKind::Ack)
        m_cursor = std::max(m_cursor, fields.messageId);
    else if (fields.kind == FrameKind::Ready) {
        m_cursor = std::max(m_cursor, fields.position);
        m_ready = true;
    } else if (fields.kind == FrameKind::Error && m_problem.isEmpty()) {
        m_problem = u"user %1 got an error frame: %2"_s.arg(m_user.username, text.left(300));
    }
    m_handlers.frame(*this, fields, text, arrived);
}

void LoadClient::onClosed()
{
    if (m_closing) {
        m_handlers.ended();
        return;
    }
    m_problem = u"user %1's socket closed: %2 %3 %4"_s.arg(m_user.username)
                    .arg(m_socket->closeCode())
                    .arg(m_socket->closeReason(), m_socket->errorString());
    m_ready = false;
    m_handlers.closed(*this);
}

} // namespace chat::bench
