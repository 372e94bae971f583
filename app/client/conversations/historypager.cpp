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
    m_api.history(conversationId, std::nullopt, PageSize,
        whileAlive<HistoryPage>(this, [this, conversationId, load](Result<HistoryPage> page) {
            if (m_messages.conversationId() != conversationId)
                return; // The user moved on meanwhile.
            if (!page) {
                Q_EMIT notice(tr("Could not load messages: %1").arg(page.error().message));
                return;
            }
            const auto newestShown = m_messages.newestStoredId();
            // After a long absence the newest page may not reach what is shown: rather than
            // show a gap, start over from the newest page (older pages load on scroll).
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

void HistoryPager::showNewest()
{
    const qint64 conversationId = m_messages.conversationId();
    if (!m_messages.hasNewer() || m_fetchingNewest || conversationId == 0)
        return;
    m_fetchingNewest = true;
    m_api.history(conversationId, std::nullopt, PageSize,
        whileAlive<HistoryPage>(this, [this, conversationId](Result<HistoryPage> page) {
            m_fetchingNewest = false;
            if (m_messages.conversationId() != conversationId || !m_messages.hasNewer())
                return;
            if (!page) {
                Q_EMIT notice(tr("Could not load messages: %1").arg(page.error().message));
                return;
            }
            m_messages.resetToNewestPage(page->messages, page->hasMore);
        }));
}

} // namespace chat::client
