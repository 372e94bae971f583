#include "historypager.h"

#include <client/models/messagelistmodel.h>
#include <client/network/apiclient.h>

namespace chat::client {

HistoryPager::HistoryPager(ApiClient &api, MessageListModel &messages, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_messages(messages)
{
    connect(&m_messages, &MessageListModel::olderPageRequested, this, &HistoryPager::fetchOlder);
}

void HistoryPager::loadNewest(Load load)
{
    const qint64 conversationId = m_messages.conversationId();
    if (conversationId == 0)
        return;
    if (load == Load::CatchUp && m_messages.hasNewer())
        return; // The window shows older pages; the newest loads when the user is back.
    if (load == Load::Open)
        m_jumpingTo = 0; // another conversation: a jump in the last one is over
    const quint64 window = load == Load::Open ? replacingWindow() : m_window;
    m_api.history(conversationId, std::nullopt, PageSize,
        whileAlive<HistoryPage>(
            this, [this, conversationId, load, window](Result<HistoryPage> page) {
                if (m_messages.conversationId() != conversationId || m_window != window)
                    return; // The user moved on meanwhile, or jumped elsewhere.
                if (!page) {
                    Q_EMIT notice(tr("Could not load messages: %1").arg(page.error().message));
                    return;
                }
                const auto newestShown = m_messages.newestStoredId();
                // After a long absence the newest page may not reach what is shown: rather
                // than show a gap, start over from the newest page (older pages load on
                // scroll).
                const bool leavesGap = load == Load::CatchUp && page->hasMore && newestShown
                    && !page->messages.isEmpty() && page->messages.last().id > *newestShown;
                if (leavesGap) {
                    m_messages.reset(conversationId, m_messages.ownUserId());
                    Q_EMIT windowRestarted(conversationId);
                }
                m_messages.applyStored(page->messages);
                if (load == Load::Open || leavesGap)
                    m_messages.setHasOlder(page->hasMore);
            }));
}

void HistoryPager::fetchOlder()
{
    const auto oldest = m_messages.oldestId();
    const qint64 conversationId = m_messages.conversationId();
    if (m_fetchingOlder)
        return; // The page on its way ends the model's fetch too.
    if (!m_messages.hasOlder() || !oldest || conversationId == 0) {
        m_messages.olderPageFailed(); // nothing to fetch: let fetchMore() ask again later
        return;
    }
    m_fetchingOlder = true;
    m_api.history(conversationId, oldest, PageSize,
        whileAlive<HistoryPage>(this, [this, conversationId, oldest](Result<HistoryPage> page) {
            m_fetchingOlder = false;
            // Another conversation, or the window was replaced meanwhile (the newest page
            // again): a page before the old cursor would leave a gap.
            if (m_messages.conversationId() != conversationId || m_messages.oldestId() != oldest) {
                // A fetch asked for meanwhile was held back by this one: it goes now.
                const bool wanted = m_messages.isFetchingOlder();
                m_messages.olderPageFailed();
                if (wanted)
                    fetchOlder();
                return;
            }
            if (!page) {
                m_messages.olderPageFailed();
                Q_EMIT notice(tr("Could not load older messages: %1").arg(page.error().message));
                return;
            }
            m_messages.prependOlderPage(page->messages, page->hasMore);
        }));
}

void HistoryPager::fetchNewer()
{
    const auto newest = m_messages.newestStoredId();
    const qint64 conversationId = m_messages.conversationId();
    if (m_fetchingNewer || !m_messages.hasNewer() || !newest || conversationId == 0)
        return;
    m_fetchingNewer = true;
    // "Around" the newest row is how the protocol pages forward (§5.8).
    m_api.historyAround(conversationId, *newest, NewerPageLimit,
        whileAlive<HistoryPage>(
            this, [this, conversationId, newest, window = m_window](Result<HistoryPage> page) {
                m_fetchingNewer = false;
                // Another conversation or window, or the newest page came meanwhile.
                if (m_messages.conversationId() != conversationId || m_window != window
                    || m_messages.newestStoredId() != newest || !m_messages.hasNewer())
                    return;
                if (!page) {
                    if (page.error().code == ErrorCode::NotFound)
                        showNewest(); // that message is gone: start again from the newest
                    else
                        Q_EMIT notice(
                            tr("Could not load newer messages: %1").arg(page.error().message));
                    return;
                }
                m_messages.appendNewerPage(page->messages, page->hasNewer.value_or(false));
            }));
}

void HistoryPager::showNewest()
{
    const qint64 conversationId = m_messages.conversationId();
    // At the newest already, unless a jump is on its way: the user wants the newest now.
    if (m_fetchingNewest || conversationId == 0 || (!m_messages.hasNewer() && m_jumpingTo == 0))
        return;
    m_jumpingTo = 0;
    m_fetchingNewest = true;
    m_api.history(conversationId, std::nullopt, PageSize,
        whileAlive<HistoryPage>(
            this, [this, conversationId, window = replacingWindow()](Result<HistoryPage> page) {
                m_fetchingNewest = false;
                if (m_messages.conversationId() != conversationId || m_window != window)
                    return;
                if (!page) {
                    Q_EMIT notice(tr("Could not load messages: %1").arg(page.error().message));
                    return;
                }
                m_messages.resetToNewestPage(page->messages, page->hasMore);
            }));
}

void HistoryPager::loadAround(qint64 messageId)
{
    const qint64 conversationId = m_messages.conversationId();
    if (conversationId == 0)
        return;
    m_jumpingTo = messageId; // so that writing meanwhile goes to the newest page instead
    m_api.historyAround(conversationId, messageId, PageSize,
        whileAlive<HistoryPage>(
            this, [this, conversationId, window = replacingWindow()](Result<HistoryPage> page) {
                if (m_messages.conversationId() != conversationId || m_window != window)
                    return; // The user moved on, or jumped elsewhere.
                m_jumpingTo = 0;
                if (!page) {
                    // A read position need not be a message of the conversation (§5.10).
                    loadNewest(Load::Open);
                    return;
                }
                m_messages.resetToPage(
                    page->messages, page->hasMore, page->hasNewer.value_or(false));
            }));
}

int HistoryPager::jumpTo(qint64 messageId)
{
    const qint64 conversationId = m_messages.conversationId();
    if (conversationId == 0 || messageId <= 0) {
        Q_EMIT jumpFailed(messageId, tr("No conversation is open."));
        return -1;
    }
    if (const int row = m_messages.rowOfId(messageId); row >= 0) {
        if (m_jumpingTo != 0 || m_fetchingNewest) {
            replacingWindow(); // an earlier jump or the newest page would move away from it
            m_jumpingTo = 0;
        }
        Q_EMIT jumpedTo(messageId);
        return row;
    }
    m_jumpingTo = messageId;
    m_api.historyAround(conversationId, messageId, PageSize,
        whileAlive<HistoryPage>(this,
            [this, conversationId, messageId, window = replacingWindow()](
                Result<HistoryPage> page) {
                if (m_messages.conversationId() != conversationId || m_window != window)
                    return; // The user moved on, or jumped again.
                m_jumpingTo = 0;
                if (!page) {
                    failJump(messageId,
                        page.error().code == ErrorCode::NotFound
                            ? tr("That message is no longer in the conversation.")
                            : tr("Could not load the message: %1").arg(page.error().message));
                    return;
                }
                m_messages.resetToPage(
                    page->messages, page->hasMore, page->hasNewer.value_or(false));
                if (m_messages.rowOfId(messageId) >= 0)
                    Q_EMIT jumpedTo(messageId);
                else
                    failJump(messageId, tr("That message is no longer in the conversation."));
            }));
    return -1;
}

void HistoryPager::failJump(qint64 messageId, const QString &reason)
{
    Q_EMIT notice(reason);
    Q_EMIT jumpFailed(messageId, reason);
    // A conversation opened for the jump shows nothing yet: its newest page, then.
    if (!m_messages.newestStoredId())
        loadNewest(Load::Open);
}

} // namespace chat::client
