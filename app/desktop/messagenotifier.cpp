#include "messagenotifier.h"

#include <client/clientcontext.h>
#include <desktop/desktopnotifier.h>
#include <desktop/desktopsettings.h>
#include <desktop/notificationtext.h>

#include <QGuiApplication>
#include <QSet>

#include <utility>

namespace chat::desktop {

using namespace Qt::StringLiterals;
using client::ChatSession;
using client::ConversationListController;
using client::ConversationListModel;

MessageNotifier::MessageNotifier(client::ClientContext &context, DesktopNotifier &notifier,
    const DesktopSettings &settings, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_notifier(notifier)
    , m_settings(settings)
{
    // Connected after the context's own handlers (it was built first): the list has taken
    // each message, and the fetch after `ready` has started, when these run.
    ChatSession &session = context.session();
    connect(&session, &ChatSession::messageReceived, this, &MessageNotifier::onMessageReceived);
    connect(&session, &ChatSession::wentLive, this, &MessageNotifier::onWentLive);
    connect(&session, &ChatSession::signedInChanged, this, &MessageNotifier::onSignedInChanged);
    connect(&context.conversationList(), &ConversationListController::fetchEnded, this,
        &MessageNotifier::onListFetched);

    // Read here, on another instance, or dismissed: the notification has said its piece.
    const ConversationListModel *list = context.conversations();
    connect(list, &QAbstractItemModel::dataChanged, this, &MessageNotifier::closeRead);
    connect(list, &QAbstractItemModel::modelReset, this, &MessageNotifier::closeRead);
    connect(&notifier, &DesktopNotifier::dismissed, this, [this](const QString &key) {
        if (key == catchUpKey())
            m_caughtUpShown = false;
        for (auto it = m_told.begin(); it != m_told.end(); ++it) {
            if (keyOf(it.key()) == key) {
                m_told.erase(it);
                return;
            }
        }
    });
    connect(&notifier, &DesktopNotifier::activated, this, &MessageNotifier::openRequested);
    connect(&settings, &DesktopSettings::doNotDisturbChanged, this, [this](bool on) {
        if (!on)
            return;
        for (auto it = m_told.cbegin(); it != m_told.cend(); ++it)
            m_notifier.close(keyOf(it.key()));
        m_notifier.close(catchUpKey());
        m_told.clear();
        m_caughtUpShown = false;
    });
}

QString MessageNotifier::keyOf(qint64 conversationId)
{
    return u"conversation-%1"_s.arg(conversationId);
}

QString MessageNotifier::catchUpKey()
{
    return u"caught-up"_s;
}

void MessageNotifier::onMessageReceived(const Message &message)
{
    if (message.senderId == m_context.session().user().id)
        return; // Ours, from another instance: the user knows.
    if (m_context.session().connectionState() != ChatSession::ConnectionState::Online) {
        // A replay. Before the first `ready` since signing in, it is older than the
        // sign-in; after it, it waits for the list to say what is still unread.
        if (m_beenLive && isNews(message))
            m_replayed.append(message);
        return;
    }
    if (isOnScreen(message.conversationId)) {
        // The user is looking at it: what its notification said is seen too (before the
        // server's echo of the read position says so).
        if (m_told.remove(message.conversationId))
            m_notifier.close(keyOf(message.conversationId));
        return;
    }
    if (isNews(message))
        tell(message, 1);
}

void MessageNotifier::onWentLive()
{
    m_beenLive = true;
    if (m_replayed.isEmpty())
        return;
    m_awaitingList = true;
    if (!m_context.conversationList().isFetching())
        onListFetched();
}

void MessageNotifier::onListFetched()
{
    if (!m_awaitingList)
        return;
    m_awaitingList = false;
    QList<Message> unread;
    QSet<qint64> conversations;
    for (const Message &message : std::exchange(m_replayed, {})) {
        if (isNews(message) && !isOnScreen(message.conversationId)) {
            unread.append(message);
            conversations.insert(message.conversationId);
        }
    }
    if (conversations.size() == 1)
        tell(unread.constLast(), int(unread.size()));
    else if (conversations.size() > 1)
        tellCatchUp(unread);
}

void MessageNotifier::onSignedInChanged()
{
    if (m_context.session().isSignedIn())
        return;
    for (auto it = m_told.cbegin(); it != m_told.cend(); ++it)
        m_notifier.close(keyOf(it.key()));
    m_notifier.close(catchUpKey());
    m_caughtUpShown = false;
    m_told.clear();
    m_replayed.clear();
    m_beenLive = false;
    m_awaitingList = false;
}

void MessageNotifier::closeRead()
{
    const ConversationListModel *list = m_context.conversations();
    for (auto it = m_told.begin(); it != m_told.end();) {
        const int row = list->rowOf(it.key());
        if (row >= 0 && list->at(row).unread == 0) {
            m_notifier.close(keyOf(it.key()));
            it = m_told.erase(it);
        } else {
            ++it;
        }
    }
    if (m_caughtUpShown && list->totalUnread() == 0) {
        m_notifier.close(catchUpKey());
        m_caughtUpShown = false;
    }
}

bool MessageNotifier::isNews(const Message &message) const
{
    if (m_settings.doNotDisturb() || message.isSystem() || message.deleted)
        return false;
    const ConversationListModel *list = m_context.conversations();
    if (const int row = list->rowOf(message.conversationId); row >= 0) {
        const client::ConversationSummary &conversation = list->at(row);
        if (conversation.muted || message.id <= conversation.readUpTo)
            return false;
    }
    // Told already (a copy of it, delivered twice).
    return message.id > m_told.value(message.conversationId).newestId;
}

bool MessageNotifier::isOnScreen(qint64 conversationId) const
{
    const client::OpenConversation &open = m_context.openConversation();
    return open.conversationId() == conversationId && open.isVisible();
}

void MessageNotifier::tell(const Message &newest, int messages)
{
    Told &told = m_told[newest.conversationId];
    told.count += messages;
    told.newestId = std::max(told.newestId, newest.id);
    const ConversationListModel *list = m_context.conversations();
    const int row = list->rowOf(newest.conversationId);
    const QString group = row >= 0 && list->at(row).isGroup() ? list->at(row).title : QString();
    m_notifier.show({ .key = keyOf(newest.conversationId),
        .title = notificationTitle(newest.senderName, group),
        .body = notificationBody(told.count, firstLine(newest.body), m_settings.hideMessageText()),
        .conversationId = newest.conversationId });
}

void MessageNotifier::tellCatchUp(const QList<Message> &messages)
{
    QSet<qint64> conversations;
    for (const Message &message : messages)
        conversations.insert(message.conversationId);
    m_caughtUpShown = true;
    m_notifier.show({ .key = catchUpKey(),
        .title = QGuiApplication::applicationDisplayName(),
        .body = catchUpBody(int(messages.size()), int(conversations.size())),
        .conversationId = messages.constLast().conversationId });
}

} // namespace chat::desktop
