#include "fleet.h"

using namespace Qt::StringLiterals;

namespace chat::bench {

Fleet::Fleet(RunContext &context, int count)
    : m_context(context)
    , m_readyAt(size_t(count), -1)
{
    m_handlers.frame = [this](LoadClient &client, const FrameFields &fields, const QString &text,
                           qint64 arrived) {
        switch (fields.kind) {
        case FrameKind::Ready:
            if (m_readyAt[size_t(client.index())] < 0) {
                m_readyAt[size_t(client.index())] = arrived;
                ++m_ready;
            }
            if (onFrame)
                onFrame(client, fields, text, arrived);
            break;
        case FrameKind::Pong:
            ++m_pongs;
            break;
        case FrameKind::Error:
            m_context.fail(client.problem());
            break;
        default:
            if (onFrame)
                onFrame(client, fields, text, arrived);
        }
        m_context.waiter.poke();
    };
    m_handlers.closed = [this](LoadClient &client) {
        if (onClosed)
            onClosed(client);
        else
            m_context.fail(client.problem());
        m_context.waiter.poke();
    };
    m_handlers.ended = [this] {
        m_context.waiter.poke();
    };
    m_clients.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        m_clients.push_back(std::make_unique<LoadClient>(
            i, m_context.users[i], m_context.clock, m_context.strict, m_handlers));
    }
}

Fleet::~Fleet()
{
    closeAll();
}

void Fleet::openAll(bool resume)
{
    for (auto &client : m_clients)
        client->open(m_context.server, resume);
}

void Fleet::resetReady()
{
    std::fill(m_readyAt.begin(), m_readyAt.end(), -1);
    m_ready = 0;
}

Fleet::ReadyTimes Fleet::readySince(qint64 fromNs) const
{
    std::vector<double> ms;
    ms.reserve(m_readyAt.size());
    for (qint64 at : m_readyAt)
        ms.push_back(double(at - fromNs) / 1e6);
    ReadyTimes times;
    times.ms = percentilesOf(ms);
    times.lastSeconds = times.ms.max / 1000;
    return times;
}

bool Fleet::waitAllReady(int timeoutMs)
{
    const int total = int(m_clients.size());
    if (m_context.waiter.wait([this, total] { return m_ready == total; }, timeoutMs))
        return true;
    m_context.fail(u"%1 of %2 sockets ready"_s.arg(m_ready).arg(total));
    return false;
}

bool Fleet::settle(int timeoutMs)
{
    m_pongs = 0;
    for (auto &client : m_clients)
        client->send(u"{\"type\":\"ping\",\"id\":\"settle\"}"_s);
    const int total = int(m_clients.size());
    if (m_context.waiter.wait([this, total] { return m_pongs == total; }, timeoutMs))
        return true;
    m_context.fail(u"%1 of %2 pongs"_s.arg(m_pongs).arg(total));
    return false;
}

void Fleet::closeAll()
{
    onClosed = [](LoadClient &) {
    };
    for (auto &client : m_clients)
        client->close();
    const bool wasFailed = m_context.waiter.failed;
    m_context.waiter.failed = false; // a failed run still closes its sockets
    (void)m_context.waiter.wait(
        [this] {
            return std::none_of(m_clients.begin(), m_clients.end(),
                [](const auto &client) { return client->isConnected(); });
        },
        10000);
    m_context.waiter.failed = wasFailed;
}

} // namespace chat::bench
