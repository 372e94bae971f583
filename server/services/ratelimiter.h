#pragma once

#include <QHash>
#include <QString>

#include <chrono>
#include <functional>

namespace chat::server {

//! Token buckets keyed by a string (a user, an address): each key may spend `burst`
//! tokens at once and regains `perSecond` tokens a second. Memory stays bounded: full
//! buckets carry no information and are dropped when the table grows.
class RateLimiter
{
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    RateLimiter(double burst, double perSecond, Clock clock = std::chrono::steady_clock::now);

    //! Spends one token of `key`; false (and nothing spent) when none is left.
    [[nodiscard]] bool tryAcquire(const QString &key);
    //! Whole seconds until `key` has a token again (at least 1).
    [[nodiscard]] int retryAfterSeconds(const QString &key) const;

private:
    struct Bucket
    {
        double tokens = 0;
        std::chrono::steady_clock::time_point updated;
    };
    void refill(Bucket &bucket, std::chrono::steady_clock::time_point now) const;
    void pruneIfLarge(std::chrono::steady_clock::time_point now);

    double m_burst;
    double m_perSecond;
    Clock m_clock;
    QHash<QString, Bucket> m_buckets;
};

} // namespace chat::server
