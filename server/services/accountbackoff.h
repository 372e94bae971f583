#pragma once

#include <QHash>
#include <QString>

#include <chrono>
#include <functional>

namespace chat::server {

//! Failed sign-ins per account, whatever address they come from: after `freeFailures`
//! failures in a row, each further one doubles a wait (from `base` up to `cap`) before the
//! account's password is checked again. A success ends it; nothing ever locks an account
//! for good, so guessing at a victim's name delays the victim by at most `cap`
//! (OWASP Authentication Cheat Sheet: throttle, do not lock out).
//!
//! Attempts still being checked count too, so a burst from many addresses at once gets
//! no more checks than the free failures allow. Keys are case-folded usernames, known or
//! not (an unknown name must be treated alike, or the refusals would tell which exist).
//! Memory stays bounded: entries whose wait has passed long ago are forgotten, and the
//! table holds at most `maxEntries`.
class AccountBackoff
{
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    using Duration = std::chrono::milliseconds;

    struct Options
    {
        int freeFailures = 5; //!< Failures in a row before any wait.
        Duration base = std::chrono::seconds(2); //!< The first wait; each failure doubles it...
        Duration cap = std::chrono::minutes(5); //!< ...up to this.
        int maxEntries = 100'000;
    };

    explicit AccountBackoff(const Options &options, Clock clock = std::chrono::steady_clock::now);

    struct Verdict
    {
        bool allowed = true;
        Duration retryAfter {}; //!< When refused: how long until a check is possible.
        bool startsWait = false; //!< Set by finish() when this failure began a wait (log it).
    };

    //! Whether `username` may be checked now; when allowed, the attempt is in flight until
    //! finish() (which the caller must then call once).
    [[nodiscard]] Verdict tryBegin(const QString &username);
    //! Ends an attempt begun with tryBegin(): a success forgets the account, a failure
    //! counts (and may start a wait, said in the answer).
    Verdict finish(const QString &username, bool succeeded);

    [[nodiscard]] qsizetype size() const { return m_entries.size(); }

private:
    struct Entry
    {
        int failures = 0;
        int inFlight = 0;
        std::chrono::steady_clock::time_point blockedUntil;
        std::chrono::steady_clock::time_point lastFailure;
    };
    [[nodiscard]] static QString keyOf(const QString &username);
    [[nodiscard]] Duration waitAfter(int failures) const;
    void pruneIfFull(std::chrono::steady_clock::time_point now);

    Options m_options;
    Clock m_clock;
    QHash<QString, Entry> m_entries;
};

} // namespace chat::server
