#pragma once

#include <ui/trustprompt.h>

#include <QObject>
#include <QPointer>

#include <functional>

namespace chat::client {
class TlsTrust;
}

namespace chat::ui {

//! The window's side of TlsTrust: shows the TrustPrompt when a server is met for the first
//! time with a certificate the system does not trust, pins it when the user says yes and
//! then calls `retry` (sign in again, or reconnect); and shows the modal warning when a
//! pinned server's certificate changed. One prompt at a time, window-modal on `window`.
class ServerTrustGuard : public QObject
{
    Q_OBJECT
public:
    //! `trust` must outlive the guard.
    ServerTrustGuard(client::TlsTrust &trust, QWidget *window, std::function<void()> retry);

    //! The prompt on screen, or null.
    [[nodiscard]] TrustPrompt *prompt() const { return m_prompt; }

private:
    void ask(const QString &hostPort, const QSslCertificate &certificate, const QString &reason);

    client::TlsTrust &m_trust;
    QWidget *m_window;
    std::function<void()> m_retry;
    QPointer<TrustPrompt> m_prompt;
};

} // namespace chat::ui
