#pragma once

#include <QMainWindow>
#include <QUrl>

#include <functional>

class QLabel;
class QLineEdit;
class QListView;
class QMenu;
class QSplitter;
class QStackedWidget;

namespace chat::client {
class ClientContext;
}

namespace chat::host {
class LocalServerHost;
}

namespace chat::ui {

class ConversationView;
class HostingStatus;
class ServerTrustGuard;
class MemberPanel;
class NewGroupDialog;
class PrivacyDialog;
class SessionsDialog;
class SearchPanel;
class Sidebar;
class SignInDialog;

//! The chat window: the Sidebar on the left (conversations, most recent first, a filter
//! field that narrows them and finds people), or in its place the SearchPanel while the
//! messages are searched (Ctrl+F in the open conversation, Ctrl+Shift+F everywhere; Esc
//! goes back; a hit opens its conversation at that message), the open conversation in the middle, a
//! group's MemberPanel on the right when asked for, the connection state,
//! the messages waiting to be sent (and the hosted server, if any) in the status bar, and
//! the number of unread messages in the title ("Chat — alice (3)").
//!
//! Read receipts: the client is told the conversation is visible
//! (OpenConversation::setVisible) only while one shows, the window is the active one and
//! not minimised, and the application is active; so messages count as read only when the
//! user can see them.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(
        client::ClientContext &context, host::LocalServerHost &host, QWidget *parent = nullptr);
    ~MainWindow() override;

    //! Shows the sign-in dialog (window-modal), prefilled with what is given.
    SignInDialog *promptSignIn(const QUrl &server = {}, const QString &username = {});
    //! At start: signs in again with the session kept from the last run (for `server` and
    //! `username`, when given), else asks with the dialog; then calls `asked` with the
    //! dialog, or nullptr when the kept session was resumed.
    void signInAtStart(const QUrl &server, const QString &username,
        const std::function<void(SignInDialog *)> &asked = {});
    //! Opens the conversation with this title (a person's name) once the list has it.
    void openConversationWhenListed(const QString &title);

    [[nodiscard]] Sidebar *sidebar() const { return m_sidebar; }
    [[nodiscard]] QListView *conversationList() const;
    //! The filter field above the list.
    [[nodiscard]] QLineEdit *searchField() const;
    [[nodiscard]] ConversationView *conversation() const { return m_conversation; }
    [[nodiscard]] SearchPanel *searchPanel() const { return m_search; }
    //! Shows the message search in place of the sidebar: in conversation `conversationId`
    //! (0: everywhere), for `text` (empty: what its field holds).
    void showSearch(qint64 conversationId, const QString &text = {});
    //! Back to the sidebar; the search is forgotten.
    void closeSearch();
    [[nodiscard]] bool isSearchShown() const;
    [[nodiscard]] SignInDialog *signInDialog() const { return m_signIn; }
    //! Asks about and warns of servers' certificates (see TlsTrust).
    [[nodiscard]] ServerTrustGuard *trustGuard() const { return m_trustGuard; }
    //! Chat ▸ Privacy…: shows the dialog (created on first use) and returns it.
    PrivacyDialog *showPrivacyDialog();
    [[nodiscard]] PrivacyDialog *privacyDialog() const { return m_privacy; }
    SessionsDialog *showSessionsDialog();
    //! Chat ▸ New Group…: shows the dialog (a new one each time) and returns it.
    NewGroupDialog *showNewGroupDialog();
    [[nodiscard]] MemberPanel *memberPanel() const { return m_memberPanel; }
    //! Shows or hides the open group's member panel (Conversation ▸ Group Info).
    void setMemberPanelShown(bool shown);
    //! Adds `menu` to the Chat menu, after Privacy… (app/desktop's notification and tray
    //! settings); the caller keeps it.
    void addSettingsMenu(QMenu *menu);
    //! Whether the user can see the open conversation (what the client was last told).
    [[nodiscard]] bool isConversationVisible() const { return m_conversationVisible; }
    //! The status bar's part about the hosted server.
    [[nodiscard]] HostingStatus *hostingStatus() const { return m_hosting; }
    //! Chat ▸ Quit: quits, after asking when others are connected to the server this
    //! window hosts; false when the user chose to stay.
    bool quit();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void createMenus();
    void updateConversationVisible();
    void updateStatus();
    //! Shrinks and moves the window to lie within its screen's available area.
    void fitOnScreen();
    void updateTitle();
    void updateSignInOutAction();
    void hostServer();
    void syncSelection();
    void updateConversationActions();
    //! Opens the conversation of a row of the list (a proxy index).
    void openListed(const QModelIndex &index);

    client::ClientContext &m_context;
    host::LocalServerHost &m_host;
    QSplitter *m_splitter;
    //! The left column: the sidebar, or the search in its place.
    QStackedWidget *m_left;
    Sidebar *m_sidebar;
    SearchPanel *m_search;
    ConversationView *m_conversation;
    MemberPanel *m_memberPanel;
    QLabel *m_connection;
    HostingStatus *m_hosting;
    SignInDialog *m_signIn = nullptr;
    ServerTrustGuard *m_trustGuard = nullptr;
    PrivacyDialog *m_privacy = nullptr;
    SessionsDialog *m_sessions = nullptr;
    QMenu *m_chatMenu = nullptr;
    QAction *m_signInOutAction = nullptr;
    QAction *m_privacyAction = nullptr;
    QAction *m_sessionsAction = nullptr;
    QAction *m_newGroupAction = nullptr;
    QAction *m_groupInfoAction = nullptr;
    QAction *m_muteAction = nullptr;
    QAction *m_leaveAction = nullptr;
    QString m_titleToOpen;
    bool m_conversationVisible = false;
    //! Signed in at least once: Cancel in the sign-in dialog no longer closes the window.
    bool m_wasSignedIn = false;
    //! The user agreed to stop the hosted server: closing does not ask again.
    bool m_stopConfirmed = false;
};

} // namespace chat::ui
