#pragma once

#include <shared/result.h>

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>

namespace chat::client {

class LocalStore;

//! What the user typed and has not sent, per conversation, so that text typed for one
//! person is never sent to another after a switch, and survives a restart.
//!
//! Kept in memory and written through to the signed-in account's LocalStore. Typing
//! changes the draft on every keystroke, so writes are coalesced: at most one per
//! saveDelay() (a crash loses at most that much typing). flush() writes what is pending
//! at once; it runs when the open conversation changes, when the account is detached
//! (sign-out) and when the keeper goes (quit), so nothing is lost on any of those.
class DraftKeeper : public QObject
{
    Q_OBJECT
public:
    explicit DraftKeeper(QObject *parent = nullptr);
    //! Flushes: the last keystrokes before quitting are written.
    ~DraftKeeper() override;

    //! How long edits gather before they are written (1 s unless set).
    void setSaveDelay(std::chrono::milliseconds delay);
    [[nodiscard]] std::chrono::milliseconds saveDelay() const;

    //! Flushes to the store it had, forgets every draft, then takes what `store` holds
    //! (an account signed in: what the last run left) and writes to it from now on.
    //! nullptr (signed out, or no store could be opened): memory only. An error means
    //! the drafts on disk could not be read. `store` must stay open until the next
    //! attach(), or until the keeper goes.
    [[nodiscard]] Status attach(LocalStore *store);

    //! The conversation's draft; empty when it has none.
    [[nodiscard]] QString draft(qint64 conversationId) const;
    //! Every conversation with a draft.
    [[nodiscard]] QHash<qint64, QString> drafts() const { return m_drafts; }

    //! The user edited the conversation's input (empty: no draft). Written within
    //! saveDelay(). Id 0 (no conversation yet) is ignored.
    void setDraft(qint64 conversationId, const QString &text);
    //! Its message was sent: the draft goes, on disk at once, so that a crash right after
    //! sending does not bring back what was sent.
    void clear(qint64 conversationId);
    //! Writes every pending change now. A change the disk refused stays pending and is
    //! tried again with the next write.
    void flush();

Q_SIGNALS:
    //! A conversation's draft changed in memory (empty: it has none now).
    void draftChanged(qint64 conversationId, const QString &text);
    //! The disk refused a draft (said once until a write succeeds again).
    void notice(const QString &text);

private:
    LocalStore *m_store = nullptr;
    QHash<qint64, QString> m_drafts; //!< Non-empty drafts only.
    QSet<qint64> m_unsaved; //!< Conversations whose draft changed since it was written.
    QTimer m_saveTimer;
    bool m_failing = false; //!< The last write failed (notice() said so).
};

} // namespace chat::client
