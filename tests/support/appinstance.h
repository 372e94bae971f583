#pragma once

#include <host/localserverhost.h>
#include <support/clientinstance.h>
#include <ui/mainwindow.h>

#include <QModelIndex>

#include <memory>

namespace chat::ui {
class ConversationView;
}

namespace chat::test {

//! One user's running app, as main.cpp builds it: a ClientInstance (session, client over
//! a profile of its own, a model tester on each model), a LocalServerHost, and the
//! MainWindow over them. The window goes first, then the client under it.
struct AppInstance : ClientInstance
{
    //! `profileDirectory`: as ClientInstance's (give the one an earlier instance used to
    //! restart the app on its profile).
    explicit AppInstance(
        const QString &label = {}, const Session &rest = {}, const QString &profileDirectory = {});
    ~AppInstance();

    std::unique_ptr<host::LocalServerHost> host;
    std::unique_ptr<ui::MainWindow> window;

    //! Shows the window; true once it is exposed (and the profile directory exists).
    [[nodiscard]] bool show();
    //! Signs in as rest.user through the session, not the dialog (which has tests of its
    //! own), and waits until live with the list fetched and `conversations` rows in it.
    //! False when that did not happen in time.
    [[nodiscard]] bool signInAndWait(const QUrl &server, int conversations = 0);
    //! Clicks the conversation titled `title` in the sidebar, or, when there is none yet,
    //! types the name into the filter and clicks the person in the people section; true
    //! once the conversation is open.
    [[nodiscard]] bool openByClick(const QString &title);
    //! Types `name` into the sidebar's filter and clicks them among the people found;
    //! true once their conversation is open.
    [[nodiscard]] bool openPersonByClick(const QString &name);

    [[nodiscard]] ui::ConversationView *conversation() const { return window->conversation(); }
    //! The line under the open conversation's title (presence, typing).
    [[nodiscard]] QString subtitle() const;
    //! The row of the conversation titled `title` in the (unsorted) list, or an invalid index.
    [[nodiscard]] QModelIndex contact(const QString &title) const;
    [[nodiscard]] int unreadFrom(const QString &title) const;
    [[nodiscard]] QModelIndex message(int row) const { return messages()->index(row); }
};

//! Makes `window` the active window (and so every other one inactive); false when that
//! did not happen in time.
[[nodiscard]] bool activate(QWidget *window);

//! QSettings and standard paths of the test's own, away from the user's: for
//! initTestCase() of a test that shows the window.
void useTestSettings(const QString &applicationName);

} // namespace chat::test
