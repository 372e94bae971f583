#pragma once

#include <QMainWindow>
#include <QUrl>

class QLabel;
class QLineEdit;
class QListView;
class QSplitter;

namespace chat::client {
class ClientContext;
}

namespace chat::host {
class LocalServerHost;
}

namespace chat::ui {

class ConversationView;
class PrivacyDialog;
class SignInDialog;

//! The chat window: the conversations on the left (most recent first, with a search field
//! that narrows them by name), the open conversation on the right, the connection state,
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
    //! Opens the conversation with this title (a person's name) once the list has it.
    void openConversationWhenListed(const QString &title);

    [[nodiscard]] QListView *conversationList() const { return m_conversations; }
    //! The search field above the list.
    [[nodiscard]] QLineEdit *searchField() const { return m_search; }
    [[nodiscard]] ConversationView *conversation() const { return m_conversation; }
    [[nodiscard]] SignInDialog *signInDialog() const { return m_signIn; }
    //! Chat ▸ Privacy…: shows the dialog (created on first use) and returns it.
    PrivacyDialog *showPrivacyDialog();
    [[nodiscard]] PrivacyDialog *privacyDialog() const { return m_privacy; }
    //! Whether the user can see the open conversation (what the client was last told).
    [[nodiscard]] bool isConversationVisible() const { return m_conversationVisible; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void createMenus();
    void updateConversationVisible();
    void updateStatus();
    void updateTitle();
    void hostServer();
    void syncSelection();
    //! Opens the conversation of a row of the list (a proxy index).
    void openListed(const QModelIndex &index);

    client::ClientContext &m_context;
    host::LocalServerHost &m_host;
    QSplitter *m_splitter;
    QLineEdit *m_search;
    QListView *m_conversations;
    ConversationView *m_conversation;
    QLabel *m_connection;
    QLabel *m_hosting;
    SignInDialog *m_signIn = nullptr;
    PrivacyDialog *m_privacy = nullptr;
    QAction *m_privacyAction = nullptr;
    QString m_titleToOpen;
    bool m_conversationVisible = false;
};

} // namespace chat::ui
