#include "sessiontouches.h"

#include <server/logging.h>
#include <server/store/store.h>

namespace chat::server {

SessionTouches::SessionTouches(Store &store, std::chrono::milliseconds interval)
    : m_store(store)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(interval);
    // m_timer as the context: nothing fires once this object is gone.
    QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { (void)flush(); });
}

SessionTouches::~SessionTouches()
{
    if (auto flushed = flush(); !flushed)
        qCWarning(lcAuth) << "dropping" << m_pending.size() << "session uses at shutdown";
}

void SessionTouches::record(const QByteArray &tokenHash, const QDateTime &when)
{
    QDateTime &latest = m_pending[tokenHash];
    if (!latest.isValid() || latest < when)
        latest = when;
    if (!m_timer.isActive())
        m_timer.start();
}

QDateTime SessionTouches::lastUse(const QByteArray &tokenHash, const QDateTime &stored) const
{
    const auto pending = m_pending.constFind(tokenHash);
    if (pending == m_pending.cend() || *pending < stored)
        return stored;
    return *pending;
}

void SessionTouches::forget(const QByteArray &tokenHash)
{
    m_pending.remove(tokenHash);
}

Status SessionTouches::flush()
{
    m_timer.stop();
    if (m_pending.isEmpty())
        return Done {};
    QList<Store::SessionTouch> touches;
    touches.reserve(m_pending.size());
    for (auto touch = m_pending.cbegin(); touch != m_pending.cend(); ++touch)
        touches.append(Store::SessionTouch { touch.key(), touch.value() });
    auto written = m_store.touchSessions(touches);
    if (!written) {
        // Kept, not dropped: the uses are still true, there is at most one entry per
        // session in use, and a database that refuses writes now (locked past the busy
        // timeout, a full disk) may take them an interval later. Logged once in a while,
        // since it would otherwise repeat every interval.
        if (int suppressed = 0; m_failureLog.allow(suppressed)) {
            qCWarning(lcAuth).nospace()
                << "could not record the use of " << m_pending.size()
                << " sessions (kept for the next try; " << suppressed
                << " more failures not logged): " << written.error().message;
        }
        m_timer.start();
        return written.error();
    }
    ++m_writes;
    m_pending.clear();
    return Done {};
}

} // namespace chat::server
