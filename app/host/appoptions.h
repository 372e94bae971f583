#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>
#include <variant>

namespace chat::host {

//! What the `chat` command line asks for.
struct AppOptions
{
    bool host = false; //!< Start the embedded server.
    bool hostTls = false; //!< Serve it over TLS with the app's self-signed certificate.
    QHostAddress listenAddress = QHostAddress(QHostAddress::Any);
    quint16 port = 0; //!< Embedded server port (set by parseAppArguments).
    QString databasePath; //!< Embedded server database; empty: the default.
    QUrl serverUrl; //!< Server to sign in to; empty: the last one, or the hosted one.
    QString username; //!< Prefill (and with CHAT_PASSWORD set, sign in at once).
    bool registerAccount = false; //!< With automatic sign-in: create the account first.
    QString openConversation; //!< Open the conversation with this person once signed in.
    QString profile; //!< Separate settings (window, last server) for a second window.
};

struct AppUsageResult
{
    QString text;
    int exitCode = 0;
};

//! Parses the arguments; usage text and an exit code when the app should not start.
[[nodiscard]] std::variant<AppOptions, AppUsageResult> parseAppArguments(
    const QStringList &arguments);

} // namespace chat::host
