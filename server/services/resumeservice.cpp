#include "resumeservice.h"

#include <server/store/store.h>

namespace chat::server {

ResumeService::ResumeService(const Store &store, const Options &options)
    : m_store(store)
    , m_options(options)
{ }

Result<ResumeService::Resume> ResumeService::resume(
    qint64 userId, std::optional<qint64> after) const
{
    auto latest = m_store.latestCursor(userId);
    if (!latest)
        return latest.error();
    auto highest = m_store.highestMessageId();
    if (!highest)
        return highest.error();
    Resume resume { .replay = {}, .cursor = latest.value(), .resync = false };
    if (!after)
        return resume;
    if (*after > highest.value()) {
        // A cursor this server never gave out (its database was replaced, say).
        resume.resync = true;
        return resume;
    }
    auto missed = m_store.timelineAfter(userId, *after, m_options.maxReplayMessages + 1);
    if (!missed)
        return missed.error();
    if (missed.value().size() > m_options.maxReplayMessages) {
        resume.resync = true; // Too far behind: refetching pages is cheaper than a flood.
        return resume;
    }
    resume.replay = std::move(missed.value());
    resume.cursor = std::max(*after, latest.value());
    return resume;
}

} // namespace chat::server
