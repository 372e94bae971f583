#include "membercache.h"

namespace chat::server {

const QList<qint64> *MemberCache::find(qint64 conversationId) const
{
    const auto found = m_members.constFind(conversationId);
    return found == m_members.cend() ? nullptr : &found.value();
}

void MemberCache::insert(qint64 conversationId, const QList<qint64> &members)
{
    if (m_members.size() >= MaxConversations)
        m_members.clear(); // cheaper than tracking use; the active ones come back at once
    m_members.insert(conversationId, members);
}

void MemberCache::forget(qint64 conversationId)
{
    m_members.remove(conversationId);
}

void MemberCache::clear()
{
    m_members.clear();
}

} // namespace chat::server
