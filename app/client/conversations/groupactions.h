#pragma once

#include <shared/result.h>
#include <shared/wiretypes.h>

#include <QObject>

#include <functional>

namespace chat::client {

class ChatSession;
class ConversationListController;

//! What a user does to a group: create one, rename it, add and remove people, change a
//! role, leave. Each asks the server and reports the verdict to `done`, whose error text
//! is for the user. The list and the member panel need nothing from here: the server's
//! `conversation` frames and timeline entries bring every change to every instance,
//! this one included. Only a new group is fetched into the list at once, so the window
//! can open it before the frame arrives.
class GroupActions : public QObject
{
    Q_OBJECT
public:
    template<typename T> using Answer = std::function<void(Result<T>)>;

    //! `session` and `list` must outlive the actions.
    GroupActions(ChatSession &session, ConversationListController &list, QObject *parent = nullptr);

    //! Creates a group with the user as its owner; `done` gets its id once it is listed.
    void create(const QString &title, const QString &topic, const QList<qint64> &memberIds,
        Answer<qint64> done);
    void rename(qint64 conversationId, const QString &title, const QString &topic,
        Answer<Conversation> done);
    void addMembers(qint64 conversationId, const QList<qint64> &userIds, Answer<Conversation> done);
    void removeMember(qint64 conversationId, qint64 userId, Answer<Conversation> done);
    void setRole(qint64 conversationId, qint64 userId, MemberRole role, Answer<Conversation> done);
    void leave(qint64 conversationId, Answer<qint64> done);

private:
    ChatSession &m_session;
    ConversationListController &m_list;
};

} // namespace chat::client
