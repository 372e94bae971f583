#include "clientinstance.h"

#include <shared/jsoncodec.h>
#include <shared/protocol.h>
#include <support/restclient.h>
#include <support/timeouts.h>

#include <QSignalSpy>
#include <QTest>

#include <algorithm>

namespace chat::test {

using namespace Qt::StringLiterals;
using client::ConversationListModel;
using client::DeliveryState;
using client::MessageListModel;
using client::ReceiptMark;

ClientInstance::ClientInstance(
    const QString &name, const Session &restSession, const QString &profileDirectory)
    : label(name)
    , rest(restSession)
{
    start(profileDirectory.isEmpty() ? ownProfile.path() : profileDirectory);
}

void ClientInstance::start(const QString &profileDirectory)
{
    session = std::make_unique<client::ChatSession>();
    client = std::make_unique<client::ClientContext>(*session);
    client->setProfileDirectory(profileDirectory);
    for (QAbstractItemModel *model : { static_cast<QAbstractItemModel *>(client->messages()),
             static_cast<QAbstractItemModel *>(client->conversations()),
             static_cast<QAbstractItemModel *>(client->sortedConversations()),
             static_cast<QAbstractItemModel *>(client->openConversation().members()),
             static_cast<QAbstractItemModel *>(client->search().results()) }) {
        testers.push_back(std::make_unique<QAbstractItemModelTester>(
            model, QAbstractItemModelTester::FailureReportingMode::QtTest));
    }
}

ClientInstance::~ClientInstance()
{
    // The testers watch the client's models: they go first.
    testers.clear();
    client.reset();
    session.reset();
}

void ClientInstance::restart()
{
    const QString profile = session->profileDirectory();
    testers.clear();
    client.reset(); // quitting: what it keeps on disk is written now
    session.reset();
    start(profile);
}

void ClientInstance::signIn(const QUrl &server, const QString &password)
{
    QSignalSpy failed(session.get(), &client::ChatSession::signInFailed);
    session->signIn(server, rest.user.username, password);
    QTRY_VERIFY_WITH_TIMEOUT(isOnline() || !failed.isEmpty(), Timeout);
    QVERIFY2(failed.isEmpty(), qPrintable(label));
    // Live, and the list fetched after `ready` is in.
    QTRY_VERIFY_WITH_TIMEOUT(!client->conversationList().isFetching(), Timeout);
}

void ClientInstance::awaitConversationWith(qint64 peerId)
{
    QTRY_VERIFY_WITH_TIMEOUT(conversations()->rowOfPeer(peerId) >= 0, Timeout);
}

int ClientInstance::shownRowOfPeer(qint64 peerId) const
{
    const int row = conversations()->rowOfPeer(peerId);
    return row < 0 ? -1 : shown()->mapFromSource(conversations()->index(row)).row();
}

bool ClientInstance::isOnline() const
{
    return session->isSignedIn()
        && session->connectionState() == client::ChatSession::ConnectionState::Online;
}

QVariant ClientInstance::contactData(qint64 peerId, int role) const
{
    const int row = conversations()->rowOfPeer(peerId);
    return row < 0 ? QVariant() : conversations()->index(row).data(role);
}

int ClientInstance::unread(qint64 peerId) const
{
    return contactData(peerId, ConversationListModel::UnreadCountRole).toInt();
}

bool ClientInstance::typing(qint64 peerId) const
{
    return contactData(peerId, ConversationListModel::TypingRole).toBool();
}

bool ClientInstance::online(qint64 peerId) const
{
    return contactData(peerId, ConversationListModel::OnlineRole).toBool();
}

int ClientInstance::rowOfBody(const QString &body) const
{
    for (int row = 0; row < messages()->rowCount(); ++row) {
        if (messages()->index(row).data(MessageListModel::BodyRole).toString() == body)
            return row;
    }
    return -1;
}

ReceiptMark ClientInstance::receiptOf(const QString &body) const
{
    const int row = rowOfBody(body);
    return row < 0
        ? ReceiptMark::None
        : messages()->index(row).data(MessageListModel::ReceiptRole).value<ReceiptMark>();
}

bool ClientInstance::isSent(const QString &body) const
{
    const int row = rowOfBody(body);
    return row >= 0
        && messages()->index(row).data(MessageListModel::DeliveryStateRole).value<DeliveryState>()
        == DeliveryState::Sent;
}

QList<Message> serverHistory(RestClient &rest, const Session &member, qint64 conversationId)
{
    const HttpReply reply = rest.get(u"/conversations/%1/messages?limit=%2"_s.arg(conversationId)
                                         .arg(protocol::limits::MaxPageSize),
        member.token);
    [&] {
        QCOMPARE(reply.status, 200);
    }();
    auto page = json::decodeHistoryPage(reply.json);
    [&] {
        QVERIFY(page.ok());
    }();
    if (!page)
        return {};
    [&] {
        QVERIFY(!page->hasMore);
    }();
    QList<Message> messages = page->messages;
    std::reverse(messages.begin(), messages.end());
    return messages;
}

QList<qint64> allServerIds(RestClient &rest, const Session &member, qint64 conversationId)
{
    QList<qint64> ids;
    std::optional<qint64> before;
    for (;;) {
        QString path = u"/conversations/%1/messages?limit=%2"_s.arg(conversationId)
                           .arg(protocol::limits::MaxPageSize);
        if (before)
            path += u"&before=%1"_s.arg(*before);
        const HttpReply reply = rest.get(path, member.token);
        if (reply.status != 200)
            return {};
        const auto page = json::decodeHistoryPage(reply.json);
        if (!page)
            return {};
        for (const Message &message : page->messages)
            ids.prepend(message.id);
        if (!page->hasMore || page->messages.isEmpty())
            return ids;
        before = page->messages.last().id;
    }
}

} // namespace chat::test
