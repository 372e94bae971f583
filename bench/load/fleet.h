#pragma once

#include "loadclient.h"
#include "percentiles.h"
#include "waiter.h"

#include <QElapsedTimer>
#include <QUrl>

#include <memory>
#include <vector>

namespace chat::bench {

//! What every scenario runs against: the server, the signed-up users, the clock that
//! times every frame, and where a failure is written.
struct RunContext
{
    QUrl server;
    QString label; //!< What the server is ("chatd", "relay"), copied into the JSON.
    qint64 serverPid = 0; //!< For /proc; 0: CPU and memory are not read.
    bool strict = false; //!< Decode every frame with the protocol's codec too.
    QList<BenchUser> users;
    Waiter waiter;
    QElapsedTimer clock;
    QString error;

    //! Notes the first failure and ends every wait.
    void fail(const QString &why)
    {
        if (error.isEmpty())
            error = why;
        waiter.failed = true;
        waiter.poke();
    }
};

//! The sockets of the first `count` users, with what every scenario needs of them: open
//! them all, wait for their `ready`, settle (a ping round trip on each), close them.
//! Frames other than pong and error go to the scenario's onFrame (ready once counted); an error
//! frame or a socket that closes unasked fails the run unless the scenario set onClosed.
class Fleet
{
public:
    Fleet(RunContext &context, int count);
    ~Fleet();

    std::function<void(LoadClient &, const FrameFields &, const QString &, qint64)> onFrame;
    std::function<void(LoadClient &)> onClosed;

    void openAll(bool resume);
    [[nodiscard]] bool waitAllReady(int timeoutMs);
    //! A ping round trip on every socket: what the server sent before is delivered.
    [[nodiscard]] bool settle(int timeoutMs);
    //! Closes every socket and waits (a while) for them to go.
    void closeAll();

    [[nodiscard]] std::vector<std::unique_ptr<LoadClient>> &clients() { return m_clients; }
    [[nodiscard]] int readyCount() const { return m_ready; }
    //! When each client's latest `ready` came (ns on the context's clock), or -1.
    [[nodiscard]] const std::vector<qint64> &readyAt() const { return m_readyAt; }
    void resetReady();
    //! How long after `fromNs` every client's latest `ready` came.
    struct ReadyTimes
    {
        Percentiles ms; //!< Over the clients.
        double lastSeconds = 0; //!< Until the last one: the whole storm.
    };
    [[nodiscard]] ReadyTimes readySince(qint64 fromNs) const;

private:
    RunContext &m_context;
    LoadClient::Handlers m_handlers;
    std::vector<std::unique_ptr<LoadClient>> m_clients;
    std::vector<qint64> m_readyAt;
    int m_ready = 0;
    int m_pongs = 0;
};

} // namespace chat::bench
