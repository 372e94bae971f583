#include "ratelimiter.h"

#include <cmath>

namespace chat::server {

namespace {
constexpr qsizetype PruneThreshold = 10'000;
}

RateLimiter::RateLimiter(double burst, double perSecond, Clock clock)
    : m_burst(burst)
    , m_perSecond(perSecond)
    , m_clock(std::move(clock))
{ }

void RateLimiter::refill(Bucket &bucket, std::chrono::steady_clock::time_point now) const
{
    const std::chrono::duration<double> elapsed = now - bucket.updated;
    bucket.tokens = std::min(m_burst, bucket.tokens + elapsed.count() * m_perSecond);
    bucket.updated = now;
}

bool RateLimiter::tryAcquire(const QString &key)
{
    const auto now = m_clock();
    pruneIfLarge(now);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket { m_burst, now });
    refill(*it, now);
    if (it->tokens < 1.0)
        return false;
    it->tokens -= 1.0;
    return true;
}

int RateLimiter::retryAfterSeconds(const QString &key) const
{
    const auto it = m_buckets.constFind(key);
    if (it == m_buckets.cend() || m_perSecond <= 0)
        return 1;
    Bucket bucket = *it;
    refill(bucket, m_clock());
    const double missing = std::max(0.0, 1.0 - bucket.tokens);
    return std::max(1, int(std::ceil(missing / m_perSecond)));
}

void RateLimiter::pruneIfLarge(std::chrono::steady_clock::time_point now)
{
    if (m_buckets.size() < PruneThreshold)
        return;
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        refill(*it, now);
        it = it->tokens >= m_burst ? m_buckets.erase(it) : std::next(it);
    }
}

} // namespace chat::server
