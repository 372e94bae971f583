#include "readmarker.h"

#include <client/awareness/awarenesstracker.h>
#include <client/models/conversationlistmodel.h>
#include <client/models/messagelistmodel.h>

namespace chat::client {

ReadMarker::ReadMarker(AwarenessTracker &awareness, MessageListModel &messages,
    ConversationListModel &list, QObject *parent)
    : QObject(parent)
    , m_awareness(awareness)
    , m_messages(messages)
    , m_list(list)
{
    // Whatever makes the newest stored message newer (a live message, a page, our own
    // send stored) is read while the conversation is looked at, if seen: checked once
    // per turn.
    m_readCheck.setSingleShot(true);
    connect(&m_readCheck, &QTimer::timeout, this, [this] { markRead(false); });
    const auto changed = [this] {
        followConversation();
        updateUnseen();
        if (m_visible)
            scheduleRead(0);
    };
    connect(&m_messages, &QAbstractItemModel::rowsInserted, this, changed);
    connect(&m_messages, &QAbstractItemModel::rowsRemoved, this, changed);
    connect(&m_messages, &QAbstractItemModel::rowsMoved, this, changed);
    connect(&m_messages, &QAbstractItemModel::modelReset, this, changed);
    connect(&m_messages, &QAbstractItemModel::dataChanged, this, [this] {
        if (m_visible)
            scheduleRead(0);
    });
    connect(&m_messages, &MessageListModel::hasNewerChanged, this, &ReadMarker::updateUnseen);
    // The read position moved (here or on another device) and the count with it.
    connect(&m_list, &QAbstractItemModel::dataChanged, this, &ReadMarker::updateUnseen);
    connect(&m_list, &QAbstractItemModel::modelReset, this, &ReadMarker::updateUnseen);
}

void ReadMarker::followConversation()
{
    if (m_messages.conversationId() == m_conversationId)
        return;
    m_conversationId = m_messages.conversationId();
    m_seenUpTo = 0;
    m_shownUpTo = 0;
    m_atBottom = false;
}

void ReadMarker::followViewport()
{
    m_followsViewport = true;
}

void ReadMarker::setVisible(bool visible)
{
    if (m_visible == visible)
        return;
    m_visible = visible;
    if (visible)
        see(m_followsViewport ? m_shownUpTo : m_messages.newestStoredId().value_or(0));
    markRead(true);
}

void ReadMarker::setShown(qint64 newestShownId, bool atBottom)
{
    followConversation();
    m_shownUpTo = newestShownId;
    m_atBottom = atBottom;
    if (m_visible)
        see(newestShownId);
}

void ReadMarker::see(qint64 id)
{
    followConversation();
    // Never beyond what is stored here: a row shown is in the window.
    id = std::min(id, m_messages.newestStoredId().value_or(0));
    if (id <= m_seenUpTo)
        return;
    m_seenUpTo = id;
    updateUnseen();
    scheduleRead(m_followsViewport ? ScrollReadIntervalMs : 0);
}

void ReadMarker::scheduleRead(int delayMs)
{
    if (m_readCheck.isActive() && m_readCheck.remainingTime() <= delayMs)
        return;
    m_readCheck.start(delayMs);
}

bool ReadMarker::isInView(qint64 conversationId) const
{
    return m_visible && conversationId != 0 && conversationId == m_messages.conversationId()
        && !m_messages.hasNewer() && (!m_followsViewport || m_atBottom);
}

void ReadMarker::markRead(bool force)
{
    followConversation();
    if (!m_visible)
        return;
    if (!m_followsViewport)
        see(m_messages.newestStoredId().value_or(0));
    if (m_seenUpTo > 0)
        m_awareness.markRead(m_messages.conversationId(), m_seenUpTo, force);
}

void ReadMarker::updateUnseen()
{
    followConversation();
    const int row = m_list.rowOf(m_conversationId);
    const qint64 read = std::max(m_seenUpTo, row >= 0 ? m_list.at(row).readUpTo : 0);
    int unseen = 0;
    // From the newest down to what is seen: the rest is all seen or read.
    for (int stored = m_messages.storedRowCount() - 1; stored >= 0; --stored) {
        const QModelIndex index = m_messages.index(stored);
        if (index.data(MessageListModel::IdRole).toLongLong() <= read)
            break;
        unseen += !index.data(MessageListModel::IsOwnRole).toBool()
            && !index.data(MessageListModel::IsSystemRole).toBool();
    }
    // Beyond the window only the server can count: its unread count is the least there is.
    if (m_messages.hasNewer() && row >= 0)
        unseen = std::max(unseen, int(m_list.at(row).unread));
    if (unseen == m_unseen)
        return;
    m_unseen = unseen;
    Q_EMIT unseenCountChanged(unseen);
}

} // namespace chat::client
