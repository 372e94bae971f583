#include "firstunreadfinder.h"

#include <client/models/messagelistmodel.h>

namespace chat::client {

FirstUnreadFinder::FirstUnreadFinder(MessageListModel &messages, QObject *parent)
    : QObject(parent)
    , m_messages(messages)
{
    // Only what brings rows in can bring the message in.
    connect(&m_messages, &QAbstractItemModel::rowsInserted, this, &FirstUnreadFinder::look);
    connect(&m_messages, &QAbstractItemModel::modelReset, this, &FirstUnreadFinder::look);
}

void FirstUnreadFinder::start(qint64 readUpTo, qint64 newestId, int unread)
{
    m_messages.setFirstUnreadId(0);
    m_readUpTo = readUpTo;
    m_newestId = newestId;
    m_unread = unread;
    m_looking = unread > 0 && newestId > readUpTo;
    look();
}

void FirstUnreadFinder::stop()
{
    m_looking = false;
    m_messages.setFirstUnreadId(0);
}

void FirstUnreadFinder::look()
{
    if (!m_looking)
        return;
    const int stored = m_messages.storedRowCount();
    bool readBefore = false; // a row at or before the read position comes first
    qint64 first = 0;
    int unread = 0;
    for (int row = 0; row < stored; ++row) {
        const QModelIndex index = m_messages.index(row);
        const qint64 id = index.data(MessageListModel::IdRole).toLongLong();
        if (id <= m_readUpTo) {
            readBefore = true;
            continue;
        }
        if (id > m_newestId)
            break; // arrived after the opening
        if (index.data(MessageListModel::IsOwnRole).toBool()
            || index.data(MessageListModel::IsSystemRole).toBool())
            continue;
        if (first == 0) {
            first = id;
            if (readBefore)
                break;
        }
        ++unread;
    }
    // Without a read row before it, older unread messages may lie before the window,
    // unless it holds as many as there were.
    if (first == 0 || (!readBefore && unread < m_unread))
        return;
    m_looking = false;
    m_messages.setFirstUnreadId(first);
    Q_EMIT found(first);
}

} // namespace chat::client
