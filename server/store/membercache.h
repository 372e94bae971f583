#pragma once

#include <QHash>
#include <QList>

namespace chat::server {

//! The current members of conversations, as Store::memberIds() reads them, kept so that
//! a send does not query them again (that SELECT was a seventh of a send's cost). Store
//! forgets a conversation's entry at every write to its membership, and everything when
//! a transaction rolls back (an entry read inside it may show what was undone). Bounded:
//! past MaxConversations it starts over.
class MemberCache
{
public:
    static constexpr qsizetype MaxConversations = 10'000;

    //! The members kept for the conversation, or null when it is not kept.
    [[nodiscard]] const QList<qint64> *find(qint64 conversationId) const;
    void insert(qint64 conversationId, const QList<qint64> &members);
    void forget(qint64 conversationId);
    void clear();
    [[nodiscard]] qsizetype size() const { return m_members.size(); }

private:
    QHash<qint64, QList<qint64>> m_members;
};

} // namespace chat::server
