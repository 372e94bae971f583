#include "appinstance.h"

#include <support/timeouts.h>
#include <ui/conversationview.h>

#include <QApplication>
#include <QLabel>
#include <QListView>
#include <QStandardPaths>
#include <QTest>

namespace chat::test {

using namespace Qt::StringLiterals;
using client::ConversationListModel;

AppInstance::AppInstance(const QString &name, const Session &restSession)
    : ClientInstance(name, restSession)
    , host(std::make_unique<host::LocalServerHost>())
    , window(std::make_unique<ui::MainWindow>(*client, *host))
{ }

AppInstance::~AppInstance()
{
    window.reset();
    host.reset();
}

bool AppInstance::show()
{
    if (!ownProfile.isValid())
        return false;
    window->show();
    return QTest::qWaitForWindowExposed(window.get());
}

bool AppInstance::signInAndWait(const QUrl &server, int conversations)
{
    session->signIn(server, rest.user.username, defaultPassword());
    return QTest::qWaitFor(
        [this, conversations] {
            return isOnline() && this->conversations()->rowCount() == conversations;
        },
        Timeout);
}

bool AppInstance::openByClick(const QString &title)
{
    QListView *list = window->conversationList();
    const QModelIndex row = contact(title);
    if (!row.isValid())
        return false;
    const QModelIndex shownRow = shown()->mapFromSource(row);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(shownRow).center());
    const qint64 peerId = row.data(ConversationListModel::PeerIdRole).toLongLong();
    return QTest::qWaitFor(
        [this, peerId] {
            return client->openConversation().peerId() == peerId
                && client->openConversation().conversationId() != 0;
        },
        Timeout);
}

QString AppInstance::subtitle() const
{
    return conversation()->subtitleLabel()->text();
}

QModelIndex AppInstance::contact(const QString &title) const
{
    for (int row = 0; row < conversations()->rowCount(); ++row) {
        if (conversations()->at(row).title == title)
            return conversations()->index(row);
    }
    return {};
}

int AppInstance::unreadFrom(const QString &title) const
{
    return contact(title).data(ConversationListModel::UnreadCountRole).toInt();
}

void useTestSettings(const QString &applicationName)
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(u"chat-tests"_s);
    QApplication::setApplicationName(applicationName);
}

} // namespace chat::test
