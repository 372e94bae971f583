#pragma once

#include <client/clientcontext.h>
#include <client/network/chatsession.h>
#include <shared/wiretypes.h>

#include <QAbstractItemModelTester>
#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace chat::test {

//! One client as the window would have it: a session, a ClientContext over it, its own
//! profile directory (outbox and position, as another machine has), and a
//! QAbstractItemModelTester on each of its models.
struct ClientInstance
{
    //! `profileDirectory` empty: a temporary one owned by the instance. Give a path to
    //! keep the profile across instances (an app restart).
    explicit ClientInstance(
        const QString &label = {}, const Session &rest = {}, const QString &profileDirectory = {});
    ~ClientInstance();

    QString label;
    Session rest; //!< The same user's own REST session, for checks against the server.
    QTemporaryDir ownProfile;
    std::unique_ptr<client::ChatSession> session;
    std::unique_ptr<client::ClientContext> client;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;

    [[nodiscard]] client::MessageListModel *messages() const { return client->messages(); }
    [[nodiscard]] client::ConversationListModel *conversations() const
    {
        return client->conversations();
    }
    //! The conversations as the sidebar shows them: most recent activity first.
    [[nodiscard]] client::ConversationListProxy *shown() const
    {
        return client->sortedConversations();
    }
    //! Where the sidebar shows the conversation with `peerId` (0 is the top), or -1.
    [[nodiscard]] int shownRowOfPeer(qint64 peerId) const;
    [[nodiscard]] qint64 userId() const { return session->user().id; }
    [[nodiscard]] bool isOnline() const;
};

} // namespace chat::test
