#pragma once

#include <QObject>

namespace chat::client {

class ChatSession;
class ConversationListController;
class ConversationListModel;
class OpenConversation;

//! Reopens, after a sign-in, the conversation that was open when the account was last
//! used, as a messenger started in the morning shows where the user left off.
//!
//! The open conversation is written to the account's LocalStore each time it changes;
//! after a sign-in, the first list fetch that fills the list opens it again, unless
//! something else was opened meanwhile (a conversation named on the command line, a
//! click) or it is no longer listed (the user left the group).
class LastConversation : public QObject
{
    Q_OBJECT
public:
    //! Everything given must outlive this object.
    LastConversation(ChatSession &session, ConversationListModel &list,
        ConversationListController &listController, OpenConversation &open,
        QObject *parent = nullptr);

private:
    void remember();
    void reopen(bool listApplied);

    ChatSession &m_session;
    ConversationListModel &m_list;
    OpenConversation &m_open;
    //! What the store held at sign-in, until it is reopened or given up on; 0: nothing.
    qint64 m_toReopen = 0;
};

} // namespace chat::client
