#pragma once

#include <client/account/sessionscontroller.h>
#include <client/awareness/awarenesstracker.h>
#include <client/awareness/privacysettingscontroller.h>
#include <client/conversations/conversationlistcontroller.h>
#include <client/conversations/draftkeeper.h>
#include <client/conversations/groupactions.h>
#include <client/conversations/lastconversation.h>
#include <client/conversations/openconversation.h>
#include <client/credentials/sessionkeeper.h>
#include <client/models/conversationlistmodel.h>
#include <client/models/conversationlistproxy.h>
#include <client/network/chatsession.h>
#include <client/outgoing/outgoingqueue.h>
#include <client/outgoing/sessiontransport.h>
#include <client/people/peopledirectory.h>
#include <client/people/unlistedpeopleproxy.h>
#include <client/search/messagesearch.h>

#include <QObject>

namespace chat::client {

//! What the window works with, in the role React context plays in a web client: one
//! object that owns the client's parts for a session and wires them together, and no
//! logic of its own beyond that wiring.
//!
//! - outgoing(): every operation the user starts, from the keystroke to the server's
//!   verdict (OutgoingQueue over a SessionTransport);
//! - conversations() / sortedConversations(): the list, and the sidebar's sorted and
//!   filtered view of it, kept current by conversationList();
//! - openConversation(): the conversation on screen, its messages, reading and typing;
//! - drafts(): what the user typed and has not sent, per conversation (on disk with the
//!   account's outbox);
//! - people() / unlistedPeople(): the directory, and the part of it not already in the
//!   list (the sidebar shows it under the conversations);
//! - search(): searching the messages, everywhere or in one conversation (its hits open
//!   the conversation around them through openConversation().jumpToMessage());
//! - groups(): creating and changing groups;
//! - awareness(): unread counts, receipts, typing and presence;
//! - privacy(): the sharing settings;
//! - sessions(): the account's sessions on the server, to sign others out;
//! - sessionKeeper(): the session kept across restarts (signing in at start, forgetting on
//!   sign-out); and the conversation open at the last sign-out or quit, reopened after
//!   the next sign-in (LastConversation).
class ClientContext : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int totalUnread READ totalUnread NOTIFY totalUnreadChanged)
public:
    //! `session` must outlive the context.
    explicit ClientContext(ChatSession &session, QObject *parent = nullptr);

    [[nodiscard]] ChatSession &session() { return m_session; }
    [[nodiscard]] OutgoingQueue &outgoing() { return m_outgoing; }
    //! The queue's way to the server (tests watch its verdicts).
    [[nodiscard]] SessionTransport &transport() { return m_transport; }
    [[nodiscard]] ConversationListModel *conversations() { return &m_conversations; }
    [[nodiscard]] ConversationListProxy *sortedConversations() { return &m_sortedConversations; }
    [[nodiscard]] ConversationListController &conversationList() { return m_conversationList; }
    [[nodiscard]] OpenConversation &openConversation() { return m_open; }
    [[nodiscard]] DraftKeeper &drafts() { return m_drafts; }
    [[nodiscard]] MessageListModel *messages() { return m_open.messages(); }
    [[nodiscard]] PeopleDirectory *people() { return &m_people; }
    [[nodiscard]] UnlistedPeopleProxy *unlistedPeople() { return &m_unlistedPeople; }
    [[nodiscard]] GroupActions &groups() { return m_groups; }
    [[nodiscard]] MessageSearch &search() { return m_search; }
    [[nodiscard]] AwarenessTracker &awareness() { return m_awareness; }
    [[nodiscard]] PrivacySettingsController &privacy() { return m_privacy; }
    [[nodiscard]] SessionsController &sessions() { return m_sessions; }
    [[nodiscard]] SessionKeeper &sessionKeeper() { return m_sessionKeeper; }
    //! Unread messages over all conversations (for the window title or tray).
    [[nodiscard]] int totalUnread() const { return m_conversations.totalUnread(); }

    //! Where the outbox, resume cursor and drafts of each account are kept (the session's
    //! setting; takes effect at the next sign-in).
    void setProfileDirectory(const QString &directory);

Q_SIGNALS:
    //! Something the user should know (a failed fetch, a disk that refused a write); the
    //! UI shows it briefly.
    void notice(const QString &text);
    void totalUnreadChanged(int total);

private:
    void onSignedInChanged();
    void onWentLive(bool caughtUp);
    void onMessageReceived(const Message &message);

    ChatSession &m_session;
    SessionTransport m_transport { m_session };
    OutgoingQueue m_outgoing { m_transport };
    ConversationListModel m_conversations;
    ConversationListProxy m_sortedConversations;
    ConversationListController m_conversationList { m_session, m_conversations };
    AwarenessTracker m_awareness { m_session, m_conversations };
    //! Before m_open, which uses it, and so gone after it; flushes as it goes.
    DraftKeeper m_drafts;
    OpenConversation m_open { m_session, m_outgoing, m_conversations, m_conversationList,
        m_awareness, m_drafts };
    LastConversation m_lastConversation { m_session, m_conversations, m_conversationList, m_open };
    PrivacySettingsController m_privacy { m_session.api() };
    SessionsController m_sessions { m_session.api() };
    PeopleDirectory m_people { m_session };
    UnlistedPeopleProxy m_unlistedPeople { m_conversations };
    GroupActions m_groups { m_session, m_conversationList };
    MessageSearch m_search { m_session, m_conversations };
    SessionKeeper m_sessionKeeper { m_session };
};

} // namespace chat::client
