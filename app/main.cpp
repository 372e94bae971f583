// chat: the desktop chat window. Everything lives in chat_ui and chat_client; this
// file reads the command line and wires the objects together.
#include <client/clientcontext.h>
#include <client/network/chatsession.h>
#include <desktop/desktopintegration.h>
#include <host/appoptions.h>
#include <host/localserverhost.h>
#include <ui/mainwindow.h>
#include <ui/signindialog.h>
#include <ui/translations.h>

#include <QApplication>
#include <QMessageBox>
#include <QTextStream>

using namespace Qt::StringLiterals;
using namespace chat;

namespace {

//! The command line as QCoreApplication::arguments() would give it, read before there is
//! an application: --help and --version must work without a display.
QStringList argumentsOf(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    return arguments;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication::setApplicationName(u"chat"_s);
    QApplication::setOrganizationName(u"chat"_s);
    QApplication::setApplicationVersion(QStringLiteral(CHAT_VERSION));
    const auto parsed = host::parseAppArguments(argumentsOf(argc, argv));
    if (const auto *usage = std::get_if<host::AppUsageResult>(&parsed)) {
        QTextStream(usage->exitCode == 0 ? stdout : stderr) << usage->text;
        return usage->exitCode;
    }

    QApplication app(argc, argv);
    // No application display name: the platform would append it to every title ("Chat —
    // bob — Chat"); the window says "Chat — bob" itself.
    QApplication::setWindowIcon(QIcon(u":/icons/chat.svg"_s));
    QApplication::setDesktopFileName(u"chat"_s);
    ui::installTranslations(app);
    const host::AppOptions options = std::get<host::AppOptions>(parsed);
    if (!options.profile.isEmpty()) {
        // A profile is its own settings file: two windows keep their own geometry and user.
        QApplication::setApplicationName(u"chat-"_s + options.profile);
    }

    host::LocalServerHost host;
    QUrl server = options.serverUrl;
    if (options.host) {
        auto started = host.start(options.listenAddress, options.port, options.databasePath,
            options.hostTls ? host::LocalServerHost::Transport::Tls
                            : host::LocalServerHost::Transport::Plain);
        if (!started) {
            const QString message
                = u"Cannot host the chat server: %1"_s.arg(started.error().message);
            QTextStream(stderr) << "chat: " << message << '\n';
            // A box on a platform nobody sees (offscreen, minimal) would only block.
            if (!QGuiApplication::platformName().startsWith(u"offscreen"_s)
                && QGuiApplication::platformName() != u"minimal"_s)
                QMessageBox::critical(nullptr, u"Chat"_s, message);
            return 1;
        }
        QTextStream(stderr) << "chat: hosting a chat server at " << started.value().toString()
                            << '\n';
        if (!host.certificate().isNull()) {
            QTextStream(stderr) << "chat: its certificate's SHA-256 fingerprint is "
                                << client::TlsTrust::fingerprint(host.certificate()) << '\n';
        }
        if (server.isEmpty())
            server = started.value();
    }

    client::ChatSession session;
    // The app trusts the server it hosts itself without asking.
    if (!host.certificate().isNull())
        session.tlsTrust().pin(client::TlsTrust::hostPort(host.localUrl()), host.certificate());
    client::ClientContext context(session);
    ui::MainWindow window(context, host);
    // Notifications, the tray and closing into it (app/desktop).
    desktop::DesktopIntegration desktop(context, window);
    window.addSettingsMenu(desktop.settingsMenu());
    window.show();
    if (!options.openConversation.isEmpty())
        window.openConversationWhenListed(options.openConversation);

    const QString password = qEnvironmentVariable("CHAT_PASSWORD");
    // Credentials given (the demo, scripts) sign in with them; otherwise the session kept
    // from the last run, and only without one the dialog.
    if (!options.username.isEmpty() && !password.isEmpty()) {
        ui::SignInDialog *dialog = window.promptSignIn(server, options.username);
        dialog->setPassword(password);
        if (options.registerAccount) {
            // "Register if needed": an existing account just signs in.
            QObject::connect(
                &session, &client::ChatSession::signInFailed, dialog,
                [dialog](const Error &error) {
                    if (error.code == ErrorCode::UsernameTaken)
                        dialog->submit(false);
                },
                Qt::SingleShotConnection);
        }
        dialog->submit(options.registerAccount);
    } else {
        window.signInAtStart(server, options.username);
    }
    return QApplication::exec();
}
