#include "signindialog.h"

#include <client/network/chatsession.h>
#include <shared/protocol.h>
#include <ui/statuscolours.h>

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace chat::ui {

using namespace Qt::StringLiterals;

SignInDialog::SignInDialog(client::ChatSession &session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_server(new QLineEdit(this))
    , m_username(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_signIn(new QPushButton(tr("Sign In"), this))
    , m_register(new QPushButton(tr("Create Account"), this))
{
    setWindowTitle(tr("Sign In"));
    m_server->setPlaceholderText(u"http://127.0.0.1:%1"_s.arg(protocol::DefaultPort));
    m_password->setEchoMode(QLineEdit::Password);
    m_error->setWordWrap(true);
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, errorColour(errorPalette));
    m_error->setPalette(errorPalette);
    m_error->hide();

    const QSettings remembered;
    m_server->setText(remembered.value(u"signIn/server"_s).toString());
    m_username->setText(remembered.value(u"signIn/username"_s).toString());

    auto *intro = new QLabel(tr("Sign in to a chat server, or create an account on it."), this);
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&Username:"), m_username);
    form->addRow(tr("&Password:"), m_password);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_signIn, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_register, QDialogButtonBox::ActionRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    m_signIn->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(380);

    connect(m_signIn, &QPushButton::clicked, this, [this] { submit(false); });
    connect(m_register, &QPushButton::clicked, this, [this] { submit(true); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *field : { m_server, m_username, m_password })
        connect(field, &QLineEdit::textChanged, this, &SignInDialog::updateButtons);

    connect(&m_session, &client::ChatSession::signedInChanged, this, [this] {
        if (!m_busy || !m_session.isSignedIn())
            return;
        setBusy(false);
        QSettings settings;
        settings.setValue(u"signIn/server"_s, m_server->text().trimmed());
        settings.setValue(u"signIn/username"_s, m_username->text().trimmed());
        m_password->clear();
        accept();
    });
    connect(&m_session, &client::ChatSession::signInFailed, this, [this](const Error &error) {
        if (!m_busy)
            return;
        setBusy(false);
        showError(error);
    });
    updateButtons();
}

void SignInDialog::setServerUrl(const QUrl &url)
{
    m_server->setText(url.toString());
}

void SignInDialog::setUsername(const QString &username)
{
    m_username->setText(username);
}

void SignInDialog::setPassword(const QString &password)
{
    m_password->setText(password);
}

void SignInDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    for (QLineEdit *field : { m_server, m_username, m_password }) {
        if (field->text().isEmpty()) {
            field->setFocus();
            return;
        }
    }
    m_signIn->setFocus();
}

QString SignInDialog::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void SignInDialog::updateButtons()
{
    const bool complete = !m_server->text().trimmed().isEmpty()
        && !m_username->text().trimmed().isEmpty() && !m_password->text().isEmpty();
    m_signIn->setEnabled(complete && !m_busy);
    m_register->setEnabled(complete && !m_busy);
}

void SignInDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QLineEdit *field : { m_server, m_username, m_password })
        field->setEnabled(!busy);
    updateButtons();
    if (busy)
        m_error->hide();
}

void SignInDialog::showError(const Error &error)
{
    QString text = error.message;
    if (error.code == ErrorCode::InvalidCredentials)
        text = tr("Wrong username or password.");
    else if (error.code == ErrorCode::UsernameTaken)
        text = tr("That username is taken. Sign in instead, or pick another.");
    else if (error.code == ErrorCode::WeakPassword)
        text = tr("That password is too common or too easy to guess. Choose a longer one: a "
                  "few unrelated words work well.");
    else if (error.code == ErrorCode::RateLimited)
        text = tr("Too many attempts for now: %1").arg(error.message);
    else if (error.code == ErrorCode::NetworkError)
        text = tr("Cannot reach the server. Check the address and that it is running.");
    showMessage(text);
}

void SignInDialog::showMessage(const QString &text)
{
    m_error->setText(text);
    m_error->show();
    m_password->setFocus();
}

void SignInDialog::submit(bool registerFirst)
{
    const QUrl url = QUrl::fromUserInput(m_server->text().trimmed());
    if (!url.isValid() || url.host().isEmpty()) {
        showError(Error { ErrorCode::InvalidField, tr("That server address is not valid.") });
        return;
    }
    setBusy(true);
    m_registerFirst = registerFirst;
    m_session.signIn(url, m_username->text().trimmed(), m_password->text(),
        registerFirst ? client::ChatSession::SignInMode::Register
                      : client::ChatSession::SignInMode::LogIn);
}

} // namespace chat::ui
