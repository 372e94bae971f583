#include "messagelistmodel.h"

#include <QSet>

#include <algorithm>

namespace chat::client {

namespace {

bool byId(const Message &a, const Message &b)
{
    return a.id < b.id;
}

} // namespace

MessageListModel::MessageListModel(QObject *parent)
    : MessageRowsModel(parent)
{ }

bool MessageListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && conversationId() != 0 && m_hasOlder && !m_fetchingOlder && m_atTop;
}

void MessageListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetchingOlder = true;
    Q_EMIT olderPageRequested();
}

void MessageListModel::setHasOlder(bool hasOlder)
{
    setWindowStartsConversation(!hasOlder);
    if (m_hasOlder == hasOlder)
        return;
    m_hasOlder = hasOlder;
    Q_EMIT hasOlderChanged();
}

void MessageListModel::setHasNewer(bool hasNewer)
{
    if (!hasNewer)
        m_windowEndId = 0;
    if (m_hasNewer == hasNewer)
        return;
    m_hasNewer = hasNewer;
    Q_EMIT hasNewerChanged();
}

bool MessageListModel::isBeyondWindow(qint64 id) const
{
    return m_hasNewer && id > m_windowEndId;
}

void MessageListModel::reset(qint64 conversationId, qint64 ownUserId)
{
    m_fetchingOlder = false;
    m_held.clear();
    resetRows(conversationId, ownUserId);
    setHasNewer(false);
    setHasOlder(false);
}

void MessageListModel::prependOlderPage(const QList<Message> &messages, bool hasMore)
{
    applyStored(messages);
    // Cleared only now, so that nothing asks again while the page goes in; and the top
    // no longer shows (rows went in above) until the view says it does again.
    m_fetchingOlder = false;
    m_atTop = false;
    setHasOlder(hasMore);
    trimNewest();
}

void MessageListModel::olderPageFailed()
{
    m_fetchingOlder = false;
}

void MessageListModel::trimNewest()
{
    const int stored = storedRowCount();
    if (stored <= m_maximumStoredRows)
        return;
    // The user is reading older pages: the newest rows are furthest from what they see.
    dropRows(m_maximumStoredRows, stored - m_maximumStoredRows);
    m_windowEndId = rowAt(m_maximumStoredRows - 1).message.id;
    if (!m_hasNewer) {
        m_hasNewer = true;
        Q_EMIT hasNewerChanged();
    }
}

void MessageListModel::trimOldest()
{
    const int excess = storedRowCount() - m_maximumStoredRows;
    if (excess <= 0 || m_atTop)
        return;
    dropRows(0, excess);
    setHasOlder(true);
}

QList<Message> MessageListModel::storedInOrder(const QList<Message> &messages) const
{
    QList<Message> sorted;
    for (const Message &message : messages) {
        if (message.conversationId == conversationId() && message.id > 0)
            sorted.append(message);
    }
    std::sort(sorted.begin(), sorted.end(), byId);
    sorted.erase(std::unique(sorted.begin(), sorted.end(),
                     [](const Message &a, const Message &b) { return a.id == b.id; }),
        sorted.end());
    return sorted;
}

void MessageListModel::hold(const Message &message)
{
    m_held.insert(message.id, message);
    while (m_held.size() > m_maximumStoredRows)
        m_held.erase(m_held.begin());
}

QList<Message> MessageListModel::takeHeldAfter(qint64 id)
{
    QList<Message> newer;
    for (auto held = m_held.upperBound(id); held != m_held.end(); ++held)
        newer.append(held.value());
    m_held.clear();
    return newer;
}

void MessageListModel::resetToPage(const QList<Message> &messages, bool hasOlder, bool hasNewer)
{
    QList<Message> sorted = storedInOrder(messages);
    hasNewer = hasNewer && !sorted.isEmpty();
    // At the newest: live messages that overtook the page on its way go in after it. (Held
    // ones older than its newest are in it, or older than the window: they come by paging.)
    if (!hasNewer)
        sorted += takeHeldAfter(sorted.isEmpty() ? 0 : sorted.constLast().id);
    if (sorted.size() > m_maximumStoredRows) {
        sorted.remove(0, sorted.size() - m_maximumStoredRows);
        hasOlder = true;
    }
    // Our local rows stay after the stored ones, unless the page holds their stored copy.
    QSet<QString> storedOwn;
    for (const Message &message : std::as_const(sorted)) {
        if (message.senderId == ownUserId())
            storedOwn.insert(message.clientId);
    }
    QList<Row> rows;
    rows.reserve(sorted.size() + rowCount() - storedRowCount());
    for (const Message &message : std::as_const(sorted))
        rows.append(Row { message, DeliveryState::Sent, {} });
    for (int row = storedRowCount(); row < rowCount(); ++row) {
        if (!storedOwn.contains(rowAt(row).message.clientId))
            rows.append(rowAt(row));
    }
    m_fetchingOlder = false;
    replaceRows(std::move(rows));
    if (hasNewer) {
        m_windowEndId = sorted.constLast().id;
        m_held.removeIf(
            [this](HeldMessages::iterator held) { return held.key() <= m_windowEndId; });
        if (!m_hasNewer) {
            m_hasNewer = true;
            Q_EMIT hasNewerChanged();
        }
    } else {
        setHasNewer(false);
    }
    setHasOlder(hasOlder);
}

void MessageListModel::appendNewerPage(const QList<Message> &messages, bool hasNewer)
{
    QList<Message> page = storedInOrder(messages);
    if (m_hasNewer) {
        const qint64 pageEnd
            = std::max(page.isEmpty() ? 0 : page.constLast().id, newestStoredId().value_or(0));
        if (hasNewer)
            m_held.removeIf(
                [pageEnd](HeldMessages::iterator held) { return held.key() <= pageEnd; });
        else
            page += takeHeldAfter(pageEnd); // what overtook this last page on its way
        // Everything here lies within the window now (set before anything goes in).
        m_windowEndId
            = std::max({ m_windowEndId, pageEnd, page.isEmpty() ? 0 : page.constLast().id });
    }
    const qint64 newest = newestStoredId().value_or(0);
    const bool reconcilesLocalRows
        = std::any_of(page.cbegin(), page.cend(), [this](const Message &message) {
              return message.senderId == ownUserId() && rowOfClientId(message.clientId) >= 0;
          });
    if (reconcilesLocalRows) {
        for (const Message &message : std::as_const(page))
            applyStored(message);
    } else {
        // The usual case: one insertion after the stored rows, not fifty.
        QList<Row> rows;
        for (const Message &message : std::as_const(page)) {
            if (message.id > newest)
                rows.append(Row { message, DeliveryState::Sent, {} });
            else
                applyStored(message); // here already, normally
        }
        insertRowsAt(storedRowCount(), rows);
        trimOldest();
    }
    if (!hasNewer)
        setHasNewer(false);
}

void MessageListModel::addLocal(const QString &clientId, const QString &body,
    const QDateTime &writtenAt, DeliveryState state, const QString &error, qint64 replyTo)
{
    if (rowOfClientId(clientId) >= 0)
        return;
    Message message;
    message.conversationId = conversationId();
    message.senderId = ownUserId();
    message.clientId = clientId;
    message.body = body;
    message.createdAt = writtenAt;
    if (replyTo > 0) {
        // As the server will quote it; a message outside the window shows as a bare quote
        // until the server's copy comes.
        const int quoted = rowOfId(replyTo);
        message.replyTo = quoted >= 0 ? messagestate::previewOf(shownMessage(quoted))
                                      : ReplyPreview { .id = replyTo };
    }
    insertRow(rowCount(), Row { message, state, error });
}

void MessageListModel::applyUpdate(const MessageUpdate &update)
{
    const Message &changed = update.message;
    if (changed.conversationId != conversationId() || changed.id <= 0)
        return;
    if (const int row = rowOfId(changed.id); row >= 0)
        takeRowState(row, changed, update.position);
    else if (auto held = m_held.find(changed.id); held != m_held.end())
        messagestate::takeState(held.value(), changed);
    refreshQuotesOf(changed);
}

void MessageListModel::applyStored(const Message &message)
{
    if (message.conversationId != conversationId() || message.id <= 0)
        return;
    if (const int row = rowOfId(message.id); row >= 0) {
        // A second copy (reply after echo, or the reverse), or a newer page.
        takeRowState(row, message, 0);
        return;
    }

    const int localRow = message.senderId == ownUserId() ? rowOfClientId(message.clientId) : -1;
    if (isBeyondWindow(message.id)) {
        // Newer than the window reaches: inserting it would leave a gap before it. Our own
        // row it stores lies beyond the window now; it shows with the newest page.
        if (localRow >= 0)
            dropRows(localRow, 1);
        hold(message);
        return;
    }
    if (localRow < 0)
        insertRow(sortedRowFor(message.id), Row { message, DeliveryState::Sent, {} });
    else
        storeLocalRow(localRow, message);
    trimOldest();
}

bool MessageListModel::isOlderPage(const QList<Message> &sorted) const
{
    // Only when no message repeats and none is one of our local rows (that one must be
    // reconciled, not added next to it). Into a window without stored rows (the newest
    // page when a conversation opens) it is one insertion too.
    const auto oldest = oldestId();
    return !sorted.isEmpty() && (!oldest || sorted.last().id < *oldest)
        && std::all_of(sorted.cbegin(), sorted.cend(),
            [this](const Message &message) {
                return message.conversationId == conversationId() && message.id > 0
                    && (message.senderId != ownUserId() || rowOfClientId(message.clientId) < 0);
            })
        && std::adjacent_find(sorted.cbegin(), sorted.cend(),
               [](const Message &a, const Message &b) { return a.id == b.id; })
        == sorted.cend();
}

void MessageListModel::applyStored(const QList<Message> &messages)
{
    QList<Message> sorted = messages;
    std::sort(sorted.begin(), sorted.end(), byId);
    if (isOlderPage(sorted)) {
        // A page older than everything shown is one insertion at the top, not hundreds.
        QList<Row> rows;
        rows.reserve(sorted.size());
        for (const Message &message : std::as_const(sorted))
            rows.append(Row { message, DeliveryState::Sent, {} });
        prependRows(rows);
        return;
    }
    for (const Message &message : std::as_const(sorted))
        applyStored(message);
}

void MessageListModel::markFailed(const QString &clientId, const QString &reason)
{
    const int row = rowOfClientId(clientId);
    if (row < 0 || rowAt(row).state == DeliveryState::Sent)
        return; // A late failure never undoes a stored message.
    setState(row, DeliveryState::Failed, reason);
}

void MessageListModel::markPending(const QString &clientId)
{
    const int row = rowOfClientId(clientId);
    if (row < 0 || rowAt(row).state != DeliveryState::Failed)
        return;
    setState(row, DeliveryState::Pending, {});
}

void MessageListModel::removeLocal(const QString &clientId)
{
    const int row = rowOfClientId(clientId);
    if (row < 0 || rowAt(row).state == DeliveryState::Sent)
        return;
    dropRows(row, 1);
}

void MessageListModel::showOperation(const OutgoingOperation &operation)
{
    if (operation.conversationId != conversationId() || conversationId() == 0)
        return;
    if (operation.changesMessage()) {
        addPendingChange(operation);
        return;
    }
    if (rowOfClientId(operation.clientId) >= 0) {
        markPending(operation.clientId); // retried
        return;
    }
    const bool failed = operation.state == OutgoingOperation::State::Failed;
    addLocal(operation.clientId, operation.body, operation.createdAt,
        failed ? DeliveryState::Failed : DeliveryState::Pending, operation.error,
        operation.replyTo);
}

void MessageListModel::showFailure(const OutgoingOperation &operation)
{
    if (operation.conversationId != conversationId())
        return;
    // A refused change shows no more: the message is as the server has it (the user is
    // told why elsewhere). A refused message stays, to retry or discard.
    if (operation.changesMessage())
        dropPendingChange(operation);
    else
        markFailed(operation.clientId, operation.error);
}

void MessageListModel::showStored(const OutgoingOperation &, const Message &message)
{
    applyStored(message);
}

void MessageListModel::showDiscarded(const OutgoingOperation &operation)
{
    if (operation.conversationId != conversationId())
        return;
    if (operation.changesMessage())
        dropPendingChange(operation);
    else
        removeLocal(operation.clientId);
}

void MessageListModel::showApplied(const OutgoingOperation &operation, const MessageUpdate &update)
{
    if (operation.conversationId != conversationId())
        return;
    // The server's state first, then without the pending change: one repaint shows the
    // final state, never the old one in between.
    applyUpdate(update);
    dropPendingChange(operation);
}

} // namespace chat::client
