#pragma once

#include <client/models/conversationlistmodel.h>
#include <shared/result.h>

#include <QObject>

#include <functional>

namespace chat::client {

class ChatSession;

//! Keeps the conversation list current: fetches it (GET /contacts) when asked, one fetch
//! at a time with one more after it when asked meanwhile, applies every stored message
//! to it (a message from a conversation it does not know makes it fetch again), and
//! opens the direct conversation with a person who has none yet.
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
    //! Finds or creates the direct conversation with `peerId`; `done` gets its id, or 0
    //! when it could not be opened (notice() says why).
    void openDirect(qint64 peerId, std::function<void(qint64 conversationId)> done);
    //! Signed out: the list empties, and no fetch result on its way will fill it.
    void reset();

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
