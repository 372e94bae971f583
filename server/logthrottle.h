#pragma once

#include <QElapsedTimer>

#include <chrono>

namespace chat::server {

//! Keeps a warning that a peer can provoke at will (a refused origin, a socket over its
//! cap) from flooding the log: at most one line per interval, and that line says how
//! many were left out before it. Every refusal is counted in the metrics regardless.
class LogThrottle
{
public:
    explicit LogThrottle(std::chrono::milliseconds interval = std::chrono::seconds(10));

    //! Whether to write the line now. When true, `suppressed` is how many calls since the
    //! last line were refused.
    [[nodiscard]] bool allow(int &suppressed);

private:
    std::chrono::milliseconds m_interval;
    QElapsedTimer m_sinceLine;
    int m_skipped = 0;
};

} // namespace chat::server
