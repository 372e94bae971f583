#include "resumeservice.h"

#include <server/store/store.h>

namespace chat::server {

namespace {

//! The position of a replayed entry: a message's id, or the id of the row that
//! records a change of one.
qint64 timelineId(const Store::TimelineItem &item)
{
    if (const auto *message = std::get_if<Message>(&item))
        return message->id;
    return std::get<MessageUpdate>(item).position;
}

} // namespace

ResumeService::ResumeService(
    const Store &store, const Options &options, AnnouncedUpTo announcedUpTo)
    : m_store(store)
    , m_options(options)
    , m_announcedUpTo(std::move(announcedUpTo))
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
    // The seam: a socket is attached to the hub before this runs, so whatever is
    // published from now on reaches it. A batch committed on the writer thread but not yet
    // published would come both ways; it is left to the live path, and the cursor stops
    // below it (a client that drops before it arrives resumes from there).
    const std::optional<qint64> bound = m_announcedUpTo ? m_announcedUpTo() : std::nullopt;
    const qint64 latestAnnounced = bound ? std::min(latest.value(), *bound) : latest.value();
    Resume resume { .replay = {}, .cursor = latestAnnounced, .resync = false };
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
    for (const Store::TimelineItem &item : std::as_const(missed.value())) {
        if (!bound || timelineId(item) <= *bound)
            resume.replay.append(item);
    }
    resume.cursor = std::max(*after, latestAnnounced);
    return resume;
}

} // namespace chat::server
