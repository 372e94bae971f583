#pragma once

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <functional>

namespace chat::bench {

//! Runs the event loop until a condition holds, checking it whenever something happened
//! (poke(): a frame, a reply, a close), never on a timer, so nothing waits for a tick.
class Waiter
{
public:
    //! True once `done` holds; false after `timeoutMs`, or at once if `failed` is set.
    bool wait(const std::function<bool()> &done, int timeoutMs)
    {
        if (done())
            return true;
        QEventLoop loop;
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        m_wake = [&] {
            if (done() || failed)
                loop.quit();
        };
        if (!failed)
            loop.exec();
        m_wake = nullptr;
        return done() && !failed;
    }
    //! Lets the event loop run for `ms` (a pause between steps, never while measuring).
    static void pause(int ms)
    {
        QEventLoop loop;
        QTimer::singleShot(ms, &loop, &QEventLoop::quit);
        loop.exec();
    }
    void poke()
    {
        if (m_wake)
            m_wake();
    }

    bool failed = false; //!< Set (with a reason elsewhere) to end every wait.

private:
    std::function<void()> m_wake;
};

} // namespace chat::bench
