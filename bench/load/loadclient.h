#pragma once

#include "userpool.h"

#include <QElapsedTimer>
#include <QString>
#include <QStringView>
#include <QUrl>

#include <functional>
#include <memory>

class QWebSocket;

namespace chat::bench {

//! The server frames a scenario tells apart; anything else (presence, receipts) is Other.
enum class FrameKind { Ready, Ack, Message, Pong, Error, Other };

//! The fields the hot path needs, read from the frame's text without parsing all of it:
//! the load generator shares two cores with the server, and a full parse of every frame
//! would cost the server CPU it measures. In strict mode every frame is also decoded with
//! the protocol's own codec (frames::decodeServerFrame) and must agree.
struct FrameFields
{
    FrameKind kind = FrameKind::Other;
    QStringView clientId; //!< Ack and Message: the message's clientId.
    qint64 messageId = 0; //!< Ack and Message: the message's id.
    qint64 position = 0; //!< Ready: the resume cursor.
};
//! Reads `text` as above. The server's JSON is compact and escapes every quote inside a
//! string, so `"type":"` can only be a key; in a text message's ack or message frame no
//! nested object has a `type` (its event is null) and the message's id is the only
//! numeric `id`. A frame it cannot read this way is Other.
[[nodiscard]] FrameFields scanFrame(QStringView text);
//! The same fields from the protocol's codec; an error if the frame does not decode.
[[nodiscard]] Result<FrameFields> decodeFrame(const QString &text);

//! One simulated user's WebSocket: authenticates with the token on the upgrade request
//! (and its cursor, when resuming), keeps its cursor from what arrives, and hands every
//! frame to the scenario with its arrival time.
class LoadClient
{
public:
    struct Handlers
    {
        //! A frame, with the time it arrived on the scenario's clock (ns).
        std::function<void(LoadClient &, const FrameFields &, const QString &, qint64)> frame;
        //! The socket closed or failed to open (not after close() of ours).
        std::function<void(LoadClient &)> closed;
        //! The socket closed after close() of ours.
        std::function<void()> ended;
    };

    LoadClient(int index, BenchUser user, const QElapsedTimer &clock, bool strict,
        const Handlers &handlers);
    ~LoadClient();
    LoadClient(const LoadClient &) = delete;
    LoadClient &operator=(const LoadClient &) = delete;

    //! Opens the socket at `server`'s /api/v1/ws; `resume` passes the cursor (?after=).
    void open(const QUrl &server, bool resume);
    void send(const QString &text);
    //! Closes with 1000 and stops reporting.
    void close();
    [[nodiscard]] bool isConnected() const;

    [[nodiscard]] int index() const { return m_index; }
    [[nodiscard]] const BenchUser &user() const { return m_user; }
    [[nodiscard]] qint64 cursor() const { return m_cursor; }
    //! Authenticated since the last open(): `ready` arrived.
    [[nodiscard]] bool isReady() const { return m_ready; }
    //! Why the socket closed, or the frame that failed strict decoding.
    [[nodiscard]] const QString &problem() const { return m_problem; }

private:
    void onText(const QString &text);
    void onClosed();

    int m_index;
    BenchUser m_user;
    const QElapsedTimer &m_clock;
    bool m_strict;
    const Handlers &m_handlers;
    std::unique_ptr<QWebSocket> m_socket;
    qint64 m_cursor = 0;
    bool m_ready = false;
    bool m_closing = false;
    QString m_problem;
};

} // namespace chat::bench
