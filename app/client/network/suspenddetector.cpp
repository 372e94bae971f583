#include "suspenddetector.h"

#include <QDateTime>

#include <algorithm>

namespace chat::client {

using namespace std::chrono_literals;

SuspendDetector::SuspendDetector(QObject *parent)
    : QObject(parent)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_timer.setInterval(5s);
    connect(&m_timer, &QTimer::timeout, this, &SuspendDetector::check);
}

void SuspendDetector::setInterval(std::chrono::milliseconds interval)
{
    m_timer.setInterval(interval);
}

void SuspendDetector::setClock(Clock clock)
{
    m_clock = std::move(clock);
    m_lastWall = m_clock();
}

void SuspendDetector::start()
{
    m_lastWall = m_clock();
    m_monotonic.start();
    m_timer.start();
}

void SuspendDetector::stop()
{
    m_timer.stop();
}

void SuspendDetector::check()
{
    const qint64 wall = m_clock();
    const qint64 monotonic = m_monotonic.isValid() ? m_monotonic.restart() : 0;
    // The longer of the two: the wall clock sees a suspend, the monotonic one a process
    // that was stopped or starved. (A wall clock set backwards gives a negative gap.)
    const qint64 elapsed = std::max(wall - m_lastWall, monotonic);
    m_lastWall = wall;
    const qint64 late = elapsed - m_timer.intervalAsDuration().count();
    if (late > m_tolerance.count())
        Q_EMIT resumed(std::chrono::milliseconds(late));
}

} // namespace chat::client
