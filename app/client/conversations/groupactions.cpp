#include "groupactions.h"

#include <client/conversations/conversationlistcontroller.h>
#include <client/network/chatsession.h>
#include <client/network/conversationsapi.h>

#include <QUuid>

namespace chat::client {

GroupActions::GroupActions(ChatSession &session, ConversationListController &list, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_list(list)
{ }

void GroupActions::create(
    const QString &title, const QString &topic, const QList<qint64> &memberIds, Answer<qint64> done)
{
    json::CreateGroupRequest request;
    // One id per press of Create: a retry of this request cannot make a second group.
    request.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    request.title = title.trimmed();
    request.topic = topic.trimmed();
    request.memberIds = memberIds;
    ConversationsApi(m_session.api())
        .createGroup(request,
            whileAlive<Conversation>(
                this, [this, done = std::move(done)](Result<Conversation> created) {
                    if (!created) {
                        done(created.error());
                        return;
                    }
                    const qint64 id = created->id;
                    m_list.fetch(id, [id, done](qint64 listed) {
                        if (listed == 0)
                            done(Error { ErrorCode::Internal,
                                tr("The group was created but could not be listed yet.") });
                        else
                            done(id);
                    });
                }));
}

void GroupActions::rename(
    qint64 conversationId, const QString &title, const QString &topic, Answer<Conversation> done)
{
    json::UpdateGroupRequest request;
    request.title = title.trimmed();
    request.topic = topic.trimmed();
    ConversationsApi(m_session.api())
        .updateGroup(conversationId, request, whileAlive<Conversation>(this, std::move(done)));
}

void GroupActions::addMembers(
    qint64 conversationId, const QList<qint64> &userIds, Answer<Conversation> done)
{
    ConversationsApi(m_session.api())
        .addMembers(conversationId, userIds, whileAlive<Conversation>(this, std::move(done)));
}

void GroupActions::removeMember(qint64 conversationId, qint64 userId, Answer<Conversation> done)
{
    ConversationsApi(m_session.api())
        .removeMember(conversationId, userId, whileAlive<Conversation>(this, std::move(done)));
}

void GroupActions::setRole(
    qint64 conversationId, qint64 userId, MemberRole role, Answer<Conversation> done)
{
    ConversationsApi(m_session.api())
        .setRole(conversationId, userId, role, whileAlive<Conversation>(this, std::move(done)));
}

void GroupActions::leave(qint64 conversationId, Answer<qint64> done)
{
    ConversationsApi(m_session.api())
        .leave(conversationId,
            whileAlive<chat::Done>(
                this, [conversationId, done = std::move(done)](Result<chat::Done> left) {
                    if (!left)
                        done(left.error());
                    else
                        done(conversationId);
                }));
}

} // namespace chat::client
