#pragma once

#include <QMainWindow>
#include <QUrl>

class QLabel;
class QListView;
class QSplitter;

namespace chat::client {
class ChatClient;
}

namespace chat::ui {

class ConversationView;
class LocalServerHost;
class PrivacyDialog;
class SignInDialog;

//! The chat window: contacts on the left, the conversation on the right, the
//! connection state (and the hosted server, if any) in the status bar, and the number of
//! unread messages in the title ("Chat — alice (3)").
//!
//! Read receipts: the client is told the conversation is visible
//! (ChatClient::setConversationVisible) only while one shows, the window is the active
//! one and not minimised, and the application is active; so messages count as read only
//! when the user can see them.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(client::ChatClient &client, LocalServerHost &host, QWidget *parent = nullptr);
    ~MainWindow() override;

    //! Shows the sign-in dialog (window-modal), prefilled with what is given.
    SignInDialog *promptSignIn(const QUrl &server = {}, const QString &username = {});
    //! Opens a contact by name once the contact list has it.
    void openContactWhenListed(const QString &username);

    [[nodiscard]] QListView *contactList() const { return m_contacts; }
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

    client::ChatClient &m_client;
    LocalServerHost &m_host;
    QSplitter *m_splitter;
    QListView *m_contacts;
    ConversationView *m_conversation;
    QLabel *m_connection;
    QLabel *m_hosting;
    SignInDialog *m_signIn = nullptr;
    PrivacyDialog *m_privacy = nullptr;
    QAction *m_privacyAction = nullptr;
    QString m_contactToOpen;
    bool m_conversationVisible = false;
};

} // namespace chat::ui
