#pragma once

#include <QHash>
#include <QHostAddress>

#include <memory>

namespace chat::server {

//! Counts the connections open per remote address and in total, and says whether one
//! more may open. A connection holds a Ticket for its life; the ticket gives its place
//! back when dropped, even after the limiter's owner is gone (the counts are shared), so
//! a socket that outlives the listener (a WebSocket) needs no care.
class ConnectionLimiter
{
public:
    enum class Verdict { Accepted, TooManyFromAddress, TooManyInTotal };

    //! A connection's place; empty when it was refused.
    class Ticket
    {
    public:
        Ticket() = default;
        ~Ticket();
        Ticket(Ticket &&other) noexcept;
        Ticket &operator=(Ticket &&other) noexcept;
        Q_DISABLE_COPY(Ticket)

    private:
        friend class ConnectionLimiter;
        struct Counts;
        std::shared_ptr<Counts> m_counts;
        QHostAddress m_address;
    };

    ConnectionLimiter(int maxPerAddress, int maxInTotal);

    //! A place for a connection from `address`, or why there is none (`ticket` empty).
    Verdict tryAccept(const QHostAddress &address, Ticket &ticket);

    [[nodiscard]] int open() const;
    [[nodiscard]] int openFrom(const QHostAddress &address) const;
    [[nodiscard]] int maxPerAddress() const { return m_maxPerAddress; }
    [[nodiscard]] int maxInTotal() const { return m_maxInTotal; }

    //! The total cap for an open-file limit of `openFiles`: what is left once the
    //! database, the log and the listening socket have their descriptors.
    [[nodiscard]] static int derivedTotal(qint64 openFiles);
    //! This process's soft open-file limit (RLIMIT_NOFILE).
    [[nodiscard]] static qint64 openFileLimit();

private:
    std::shared_ptr<Ticket::Counts> m_counts;
    int m_maxPerAddress;
    int m_maxInTotal;
};

} // namespace chat::server
