#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace chat::client {

//! Notices that the machine slept: a repeating timer checks how much wall-clock time
//! passed between two ticks. The monotonic clocks (and so QTimer) stand still while the
//! machine is suspended, the wall clock does not, so a tick that finds far more wall time
//! gone than scheduled means we were asleep, and every socket is suspect. (A process
//! stopped for a long time looks the same, and deserves the same treatment.)
class SuspendDetector : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<qint64()>; //!< Milliseconds of wall-clock time.

    explicit SuspendDetector(QObject *parent = nullptr);

    //! How often to look, and how much later than scheduled counts as a jump.
    void setInterval(std::chrono::milliseconds interval);
    void setTolerance(std::chrono::milliseconds tolerance) { m_tolerance = tolerance; }
    //! Replaces the wall clock (tests).
    void setClock(Clock clock);

    void start();
    void stop();
    //! Looks now, as a tick does (tests call it with a fake clock).
    void check();

Q_SIGNALS:
    //! Time jumped by `gap` more than scheduled: the machine probably woke up.
    void resumed(std::chrono::milliseconds gap);

private:
    QTimer m_timer;
    Clock m_clock;
    QElapsedTimer m_monotonic;
    qint64 m_lastWall = 0;
    std::chrono::milliseconds m_tolerance = std::chrono::seconds(10);
};

} // namespace chat::client
