#pragma once

#include <shared/jsoncodec.h>

#include <QHash>
#include <QObject>
#include <QSet>

#include <chrono>
#include <functional>

namespace chat::client {

class Outbox;

//! Sends the outbox: per conversation in the order written, one message in flight at a
//! time, so the server stores them in that order whatever the network does. The next
//! message of a conversation goes when the previous one was acknowledged or refused.
//! A message that did not get through (network) waits for the connection to come back
//! and is sent again with its client id; a refused one turns Failed and lets the next
//! go; a temporary refusal (rate limit, server error) is retried after a pause.
//! It only decides what to send when; ChatClient tells it what happened.
class OutboxSender : public QObject
{
    Q_OBJECT
public:
    using SendFunction = std::function<void(const json::SendRequest &request)>;

    OutboxSender(Outbox &outbox, SendFunction send, QObject *parent = nullptr);

    //! How long a conversation waits after a temporary refusal before trying again.
    void setRetryPause(std::chrono::milliseconds pause) { m_retryPause = pause; }

    //! Sends the next message of every conversation that has none in flight.
    void pump();
    //! The connection is (back) up: what waited for it goes now. Going down only
    //! stops new attempts after a failure; sends in flight report their own outcome.
    void setOnline(bool online);
    //! The server has the message (ack, reply or echo): its conversation moves on.
    //! Call after removing it from the outbox.
    void acknowledged(const QString &clientId);
    //! The server refused it for good (it is Failed now): its conversation moves on.
    void refused(const QString &clientId);
    //! It did not get through: it stays first in line and goes again once online.
    void undelivered(const QString &clientId);
    //! The server asked us to come back later (rate limited, internal error).
    void deferred(const QString &clientId);
    //! Forgets everything in flight (signed out).
    void reset();

    [[nodiscard]] bool isInFlight(const QString &clientId) const;
    [[nodiscard]] qsizetype inFlightCount() const { return m_inFlight.size(); }

private:
    //! Clears the conversation whose message `clientId` is in flight; returns its id or 0.
    qint64 release(const QString &clientId);

    Outbox &m_outbox;
    SendFunction m_send;
    std::chrono::milliseconds m_retryPause = std::chrono::seconds(2);
    //! Conversation id → client id of its message on the way.
    QHash<qint64, QString> m_inFlight;
    //! Conversations whose first message waits for the connection or a pause.
    QSet<qint64> m_waitingForNetwork;
    QSet<qint64> m_pausing;
    bool m_online = false;
    //! Bumped by reset(), so a pause that ends after it changes nothing.
    quint64 m_generation = 0;
};

} // namespace chat::client
