#pragma once

#include <client/models/conversationlistmodel.h>
#include <shared/result.h>

#include <QObject>

#include <functional>

namespace chat::client {

class ChatSession;

//! Keeps the conversation list current: fetches it (GET /conversations) when asked, one
//! fetch at a time with one more after it when asked meanwhile, applies every stored
//! message to it (a message from a conversation it does not know makes it fetch again)
//! and every `conversation` frame (a group the user was added to appears at once), and
//! finds or opens the direct conversation with a person (from the directory).
class ConversationListController : public QObject
{
    Q_OBJECT
public:
    //! `session` and `model` must outlive the controller.
    ConversationListController(
        ChatSession &session, ConversationListModel &model, QObject *parent = nullptr);

    //! Fetches the list again (coalesced with a fetch on its way).
    void refresh();
    //! A stored message (live, replayed, or the server's copy of ours).
    void applyMessage(const Message &message);
    //! Finds or creates the direct conversation with `peer`; once the list has it, `done`
    //! gets its id, or 0 when it could not be opened (notice() says why).
    void openDirect(const User &peer, std::function<void(qint64 conversationId)> done);
    //! Adds a conversation to the list, or updates it, as the server describes it now.
    void apply(const ConversationEntry &entry);
    //! Fetches one conversation's entry into the list (a group just created).
    void fetch(qint64 conversationId, std::function<void(qint64 conversationId)> done = {});
    //! Mutes or unmutes a conversation on every instance of the user.
    void setMuted(qint64 conversationId, bool muted);
    //! Signed out: the list empties, and no fetch result on its way will fill it.
    void reset();
    //! A fetch of the list is on its way.
    [[nodiscard]] bool isFetching() const { return m_fetching; }

Q_SIGNALS:
    //! A fetch starts / ended (`applied`: its list replaced the model's).
    void fetchStarted();
    void fetchEnded(bool applied);
    //! Something the user should know (a failed fetch).
    void notice(const QString &text);

private:
    ChatSession &m_session;
    ConversationListModel &m_model;
    bool m_fetching = false;
    //! A fetch was asked for during one: one more after it.
    bool m_stale = false;
    //! Bumped by reset(), so an answer to an earlier sign-in is dropped.
    quint64 m_generation = 0;
};

} // namespace chat::client
