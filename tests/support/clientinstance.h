#pragma once

#include <client/clientcontext.h>
#include <client/network/chatsession.h>
#include <shared/wiretypes.h>
#include <support/restclient.h>

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QUrl>

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

    //! Quits and starts again on the same profile, as an app restart does: a new session
    //! and client, signed out, that reopen the same LocalStore when they sign in. Not for
    //! an AppInstance (its window holds the client that goes).
    void restart();

    //! Signs in as rest.user and waits until live. A QTest check: it fails the running
    //! test, naming the label, when the server refuses (the caller returns when
    //! QTest::currentTestFailed()).
    void signIn(const QUrl &server, const QString &password = defaultPassword());
    //! Waits until the conversation with `peerId` is listed (the list loads once live).
    //! A QTest check, as signIn() is.
    void awaitConversationWith(qint64 peerId);

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

    //! `role` of the conversation with `peerId`; invalid when it is not listed.
    [[nodiscard]] QVariant contactData(qint64 peerId, int role) const;
    [[nodiscard]] int unread(qint64 peerId) const;
    [[nodiscard]] bool typing(qint64 peerId) const;
    [[nodiscard]] bool online(qint64 peerId) const;

    //! The row of the open conversation's message with this body, or -1.
    [[nodiscard]] int rowOfBody(const QString &body) const;
    //! The receipt mark of the message with this body (None when it is not shown).
    [[nodiscard]] client::ReceiptMark receiptOf(const QString &body) const;
    //! The message with this body is shown, stored (Sent).
    [[nodiscard]] bool isSent(const QString &body) const;

private:
    //! A session and a client over it, with a tester on each model.
    void start(const QString &profileDirectory);
};

//! The stored messages of a conversation as the server gives `member` them, oldest first
//! (as a client shows them). A QTest check of the reply: it fails the running test when
//! the server does not answer with one whole page.
QList<Message> serverHistory(RestClient &rest, const Session &member, qint64 conversationId);
//! The ids of every stored message of a conversation, oldest first, read page by page
//! however long it is; empty when a page could not be read.
QList<qint64> allServerIds(RestClient &rest, const Session &member, qint64 conversationId);

} // namespace chat::test
