#include "appinstance.h"

#include <support/timeouts.h>
#include <ui/conversationview.h>
#include <ui/sidebar.h>
#include <ui/translations.h>

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QStandardPaths>
#include <QTest>

#include <utility>

namespace chat::test {

using namespace Qt::StringLiterals;
using client::ConversationListModel;

AppInstance::AppInstance(
    const QString &name, const Session &restSession, const QString &profileDirectory)
    : ClientInstance(name, restSession, profileDirectory)
    , host(std::make_unique<host::LocalServerHost>())
    , window(std::make_unique<ui::MainWindow>(*client, *host))
{ }

AppInstance::~AppInstance()
{
    window.reset();
    host.reset();
}

bool activate(QWidget *window)
{
    window->activateWindow();
    return QTest::qWaitForWindowActive(window, Timeout);
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
            return isOnline() && !client->conversationList().isFetching()
                && this->conversations()->rowCount() == conversations;
        },
        Timeout);
}

bool AppInstance::openByClick(const QString &title)
{
    QListView *list = window->conversationList();
    const QModelIndex row = contact(title);
    if (!row.isValid())
        return openPersonByClick(title);
    const QModelIndex shownRow = shown()->mapFromSource(row);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(shownRow).center());
    const qint64 conversationId = row.data(ConversationListModel::ConversationIdRole).toLongLong();
    return QTest::qWaitFor(
        [this, conversationId] {
            return client->openConversation().conversationId() == conversationId;
        },
        Timeout);
}

bool AppInstance::openPersonByClick(const QString &name)
{
    ui::Sidebar *sidebar = window->sidebar();
    sidebar->filterField()->clear();
    QTest::keyClicks(sidebar->filterField(), name);
    QListView *people = sidebar->peopleList();
    QModelIndex found;
    const bool listed = QTest::qWaitFor(
        [&] {
            if (!people->isVisible())
                return false;
            for (int row = 0; row < people->model()->rowCount(); ++row) {
                const QModelIndex index = people->model()->index(row, 0);
                if (index.data(Qt::DisplayRole).toString() == name) {
                    found = index;
                    return true;
                }
            }
            return false;
        },
        Timeout);
    if (!listed)
        return false;
    const qint64 userId = found.data(client::PeopleDirectory::UserIdRole).toLongLong();
    people->scrollTo(found);
    QTest::mouseClick(people->viewport(), Qt::LeftButton, {}, people->visualRect(found).center());
    return QTest::qWaitFor(
        [this, userId] {
            return client->openConversation().peerId() == userId
                && client->openConversation().conversationId() != 0
                && client->conversations()->rowOf(client->openConversation().conversationId()) >= 0;
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
    // As main.cpp does: "3 members", not "3 member(s)".
    static bool translated = false;
    if (!std::exchange(translated, true))
        ui::installTranslations(*QCoreApplication::instance());
}

} // namespace chat::test
