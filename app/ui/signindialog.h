#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace chat::client {
class ChatSession;
}
namespace chat {
struct Error;
}

namespace chat::ui {

//! Server address, username and password; signs in or creates the account through the
//! session and closes once signed in. Remembers the last server and username (never
//! the password) in the settings passed to it.
class SignInDialog : public QDialog
{
    Q_OBJECT
public:
    SignInDialog(client::ChatSession &session, QWidget *parent = nullptr);

    void setServerUrl(const QUrl &url);
    void setUsername(const QString &username);
    void setPassword(const QString &password);

    //! Starts signing in (or registering) with what the fields hold.
    void submit(bool registerFirst);
    //! submit() again as last time (after the user trusted the server's certificate).
    void retry() { submit(m_registerFirst); }

    [[nodiscard]] QLineEdit *serverField() const { return m_server; }
    [[nodiscard]] QLineEdit *usernameField() const { return m_username; }
    [[nodiscard]] QLineEdit *passwordField() const { return m_password; }
    [[nodiscard]] QPushButton *signInButton() const { return m_signIn; }
    [[nodiscard]] QPushButton *registerButton() const { return m_register; }
    [[nodiscard]] QString errorText() const;
    //! Shows why the dialog is asking (above the buttons, until the next attempt).
    void showMessage(const QString &text);

protected:
    //! Puts the focus on the first empty field (server, name, password): where typing
    //! starts, also when the dialog comes back after signing out.
    void showEvent(QShowEvent *event) override;

private:
    void setBusy(bool busy);
    void showError(const chat::Error &error);
    void updateButtons();

    client::ChatSession &m_session;
    QLineEdit *m_server;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QLabel *m_error;
    QPushButton *m_signIn;
    QPushButton *m_register;
    bool m_busy = false;
    bool m_registerFirst = false;
};

} // namespace chat::ui
