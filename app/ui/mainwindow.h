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
class SignInDialog;

//! The chat window: contacts on the left, the conversation on the right, the
//! connection state (and the hosted server, if any) in the status bar.
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

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
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
    QString m_contactToOpen;
};

} // namespace chat::ui
