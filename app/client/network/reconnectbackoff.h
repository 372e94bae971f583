#pragma once

#include <chrono>

namespace chat::client {

//! Exponential backoff with full jitter: the n-th retry waits a random time in
//! [0, min(cap, base * 2^n)], so many clients dropped at once do not return in lockstep.
class ReconnectBackoff
{
public:
    explicit ReconnectBackoff(std::chrono::milliseconds base = std::chrono::seconds(1),
        std::chrono::milliseconds cap = std::chrono::seconds(30));

    //! The delay before the next attempt; each call doubles the ceiling up to the cap.
    [[nodiscard]] std::chrono::milliseconds next();
    //! The ceiling the next call draws below (for tests and the status line).
    [[nodiscard]] std::chrono::milliseconds ceiling() const;
    void reset() { m_attempt = 0; }

private:
    std::chrono::milliseconds m_base;
    std::chrono::milliseconds m_cap;
    int m_attempt = 0;
};

} // namespace chat::client
