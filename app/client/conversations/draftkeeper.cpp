#include "draftkeeper.h"

#include <client/clientlogging.h>
#include <client/storage/localstore.h>

namespace chat::client {

DraftKeeper::DraftKeeper(QObject *parent)
    : QObject(parent)
{
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(std::chrono::seconds(1));
    connect(&m_saveTimer, &QTimer::timeout, this, &DraftKeeper::flush);
}

DraftKeeper::~DraftKeeper()
{
    flush();
}

void DraftKeeper::setSaveDelay(std::chrono::milliseconds delay)
{
    m_saveTimer.setInterval(delay);
}

std::chrono::milliseconds DraftKeeper::saveDelay() const
{
    return m_saveTimer.intervalAsDuration();
}

Status DraftKeeper::attach(LocalStore *store)
{
    flush();
    m_unsaved.clear();
    m_failing = false;
    const QHash<qint64, QString> forgotten = std::exchange(m_drafts, {});
    for (auto it = forgotten.cbegin(); it != forgotten.cend(); ++it)
        Q_EMIT draftChanged(it.key(), QString());
    m_store = store;
    if (!m_store)
        return Done {};
    auto stored = m_store->drafts();
    if (!stored)
        return stored.error();
    for (const Draft &draft : std::as_const(stored.value())) {
        m_drafts.insert(draft.conversationId, draft.text);
        Q_EMIT draftChanged(draft.conversationId, draft.text);
    }
    return Done {};
}

QString DraftKeeper::draft(qint64 conversationId) const
{
    return m_drafts.value(conversationId);
}

void DraftKeeper::setDraft(qint64 conversationId, const QString &text)
{
    if (conversationId == 0 || text == m_drafts.value(conversationId))
        return;
    if (text.isEmpty())
        m_drafts.remove(conversationId);
    else
        m_drafts.insert(conversationId, text);
    m_unsaved.insert(conversationId);
    // Not restarted by each keystroke: steady typing is still written once per delay.
    if (m_store && !m_saveTimer.isActive())
        m_saveTimer.start();
    Q_EMIT draftChanged(conversationId, text);
}

void DraftKeeper::clear(qint64 conversationId)
{
    setDraft(conversationId, QString());
    flush();
}

void DraftKeeper::flush()
{
    m_saveTimer.stop();
    if (!m_store) {
        m_unsaved.clear(); // nowhere to write: memory is all there is
        return;
    }
    Status written = Done {};
    for (auto it = m_unsaved.begin(); it != m_unsaved.end();) {
        if (auto saved = m_store->saveDraft(*it, m_drafts.value(*it)); !saved) {
            written = saved;
            ++it;
            continue;
        }
        it = m_unsaved.erase(it);
    }
    if (written) {
        m_failing = false;
        return;
    }
    qCWarning(lcStorage) << "cannot save a draft:" << written.error().message;
    if (!std::exchange(m_failing, true))
        Q_EMIT notice(tr("Drafts could not be saved: %1").arg(written.error().message));
}

} // namespace chat::client
