#pragma once

#include <server/store/store.h>
#include <shared/result.h>
#include <shared/wiretypes.h>

#include <QList>

#include <optional>

#include <functional>
#include <optional>

namespace chat::server {

//! What a (re)connecting client is owed before it goes live: the messages (and changes
//! of messages) it missed after its cursor (the highest message id it has), or a resync when
//! replaying is not possible or not worth it. The caller must already receive live messages
//! (attached to the hub, in the same event-loop turn), so nothing falls between replay and live.
class ResumeService
{
public:
    struct Options
    {
        int maxReplayMessages; //!< Further behind than this, a client must resync.
    };

    struct Resume
    {
        QList<Store::TimelineItem> replay; //!< Oldest first; sent before `ready`.
        qint64 cursor = 0; //!< The cursor the client has once it took the replay.
        bool resync = false; //!< The client must refetch instead (nothing is replayed).
    };

    //! The highest id whose publication is done, when some committed ids may still be on
    //! their way to the hub (MessageWriter::announcedUpTo); none when all are.
    using AnnouncedUpTo = std::function<std::optional<qint64>()>;

    ResumeService(const Store &store, const Options &options, AnnouncedUpTo announcedUpTo = {});

    //! `after` is the client's cursor; none for a client that starts fresh.
    [[nodiscard]] Result<Resume> resume(qint64 userId, std::optional<qint64> after) const;

private:
    const Store &m_store;
    Options m_options;
    AnnouncedUpTo m_announcedUpTo;
};

} // namespace chat::server
